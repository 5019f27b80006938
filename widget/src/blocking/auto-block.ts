/**
 * Holds back known trackers that other code inserts after the widget loaded.
 * Primary guard: scripts made with `document.createElement('script')` get `src`/`setAttribute('src')`/`type` watched on
 * the instance, so a tracker URL turns the script into `type="text/plain"` before it is inserted (the browser then never
 * fetches it). Second guard: a MutationObserver for scripts/iframes inserted as markup, which also swaps tracker iframes
 * for placeholders. Held-back scripts are released by releaseScripts once their category is allowed.
 */
import { matchTracker } from './known-trackers.js';
import type { IsAllowed } from './release-scripts.js';

export interface AutoBlockOptions {
  isAllowed: IsAllowed;
  categoryOf(serviceId: string, fallback: string): string;
  onIframe(frame: HTMLIFrameElement): void;
  signal?: AbortSignal;
}

export function installAutoBlock(o: AutoBlockOptions): void {
  /** Marks the script as held back when its URL is a tracker that is not allowed yet. */
  const hold = (script: HTMLScriptElement, url: string): boolean => {
    if (script.getAttribute('data-block-cookies') == 'true') return false; // etracker cookie-less mode may run
    const hit = matchTracker(url);
    if (!hit) return false;
    const category = o.categoryOf(hit[0], hit[1]);
    if (o.isAllowed(category, hit[0])) return false;
    script.setAttribute('type', 'text/plain');
    script.setAttribute('data-consent', category);
    script.setAttribute('data-service', hit[0]);
    return true;
  };

  const proto = HTMLScriptElement.prototype;
  const src = Object.getOwnPropertyDescriptor(proto, 'src');
  const type = Object.getOwnPropertyDescriptor(proto, 'type');
  const create = document.createElement;
  document.createElement = function (this: Document, tag: string, options?: ElementCreationOptions) {
    const element = create.call(this, tag, options);
    if (element instanceof HTMLScriptElement && src?.set && type?.set) {
      const script = element;
      let held = false;
      const setAttribute = script.setAttribute;
      Object.defineProperties(script, {
        src: {
          configurable: true,
          get: () => src.get!.call(script),
          set: (value: string) => {
            held = hold(script, String(value)) || held;
            src.set!.call(script, value);
          },
        },
        // While held, a later `script.type = 'text/javascript'` must not undo the hold.
        type: {
          configurable: true,
          get: () => type.get!.call(script),
          set: (value: string) => {
            if (!held) type.set!.call(script, value);
          },
        },
      });
      script.setAttribute = (name: string, value: string) => {
        const lower = name.toLowerCase();
        if (lower == 'src') held = hold(script, String(value)) || held;
        if (lower == 'type' && held) return;
        setAttribute.call(script, name, value);
      };
    }
    return element;
  } as typeof document.createElement;

  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of Array.from(record.addedNodes)) {
        if (node instanceof HTMLScriptElement && node.src && node.type != 'text/plain') {
          if (hold(node, node.src)) node.replaceWith(node.cloneNode(true));
        } else if (node instanceof HTMLIFrameElement) {
          const hit = node.src && matchTracker(node.src);
          if (hit && !node.dataset.consent) {
            const category = o.categoryOf(hit[0], hit[1]);
            if (!o.isAllowed(category, hit[0])) {
              node.dataset.consent = category;
              node.dataset.service = hit[0];
              node.dataset.src = node.src;
              node.removeAttribute('src');
            }
          }
          if (node.dataset.consent) o.onIframe(node);
        }
      }
    }
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
  o.signal?.addEventListener('abort', () => {
    observer.disconnect();
    document.createElement = create;
  });
}
