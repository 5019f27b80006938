/**
 * Runs marked scripts (`script[type=text/plain][data-consent]`) once their category/service is allowed: in document
 * order, one after another (an external script's load/error event starts the next), with every other attribute kept.
 */
export type IsAllowed = (category: string, service?: string) => boolean;

const SELECTOR = 'script[type="text/plain"][data-consent]';
let queue: Promise<void> = Promise.resolve();

export function releaseScripts(isAllowed: IsAllowed, onRun: (category: string, service?: string) => void): Promise<void> {
  for (const blocked of document.querySelectorAll<HTMLScriptElement>(SELECTOR)) {
    const { consent, service, cgQueued } = blocked.dataset;
    if (cgQueued || !isAllowed(consent!, service)) continue;
    blocked.dataset.cgQueued = '';
    queue = queue.then(() => run(blocked, onRun));
  }
  return queue;
}

function run(blocked: HTMLScriptElement, onRun: (category: string, service?: string) => void): Promise<void> {
  return new Promise((resolve) => {
    const script = document.createElement('script');
    for (const { name, value } of blocked.attributes) {
      if (name != 'type' && name != 'data-cg-queued') script.setAttribute(name, value);
    }
    // `data-type` restores a non-default type such as "module".
    if (blocked.dataset.type) script.type = blocked.dataset.type;
    script.text = blocked.text;
    // Under a CSP header the browser hides a parsed script's nonce attribute (it reads ""): only the property keeps it.
    script.nonce = blocked.nonce;
    onRun(blocked.dataset.consent!, blocked.dataset.service);
    // Order comes from waiting for load/error, so the script is async (never a blocking fetch).
    if (script.src) {
      script.async = true;
      // The held element hears its load/error: page code that made it waits for them (`s.onload = init`), and an
      // onload attribute (copied, but replaced on the copy by this handler) runs there.
      script.onload = script.onerror = (event) => resolve(void blocked.dispatchEvent(new Event((event as Event).type)));
    }
    blocked.replaceWith(script);
    if (!script.src) resolve();
  });
}
