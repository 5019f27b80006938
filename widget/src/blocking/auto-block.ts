/**
 * Holds back known trackers that other code inserts after the widget loaded.
 * Primary guard: scripts made with `document.createElement('script')` (or `createElementNS`) get `src`, `type` and the
 * `setAttribute*`/`removeAttribute`/`toggleAttribute` methods watched on the instance, so a tracker URL turns the script
 * into `type="text/plain"` before it is inserted (the browser then never fetches it), and it stays so. Scripts in markup
 * parsed by `Range.createContextualFragment` (which run once inserted) are held in the fragment. Second guard: a
 * MutationObserver for scripts/iframes inserted as markup, which also swaps tracker iframes for placeholders; it comes
 * after insertion, so a script written with `document.write` has run by then. Held-back scripts are released by
 * releaseScripts once their category is allowed.
 */
import { matchTracker } from './known-trackers.js';
import type { IsAllowed } from './release-scripts.js';

export interface AutoBlockOptions {
  isAllowed: IsAllowed;
  categoryOf(serviceId: string, fallback: string): string;
  onIframe(frame: HTMLIFrameElement): void;
  /** A tracker let through because its category is allowed: a later withdrawal must know it ran (and reload). */
  onRun(category: string, service: string): void;
  signal?: AbortSignal;
}

export function installAutoBlock(o: AutoBlockOptions): void {
  /** Marks the script as held back when its URL is a tracker that is not allowed yet. */
  const hold = (script: HTMLScriptElement, url: string): boolean => {
    if (script.getAttribute('data-block-cookies') == 'true') return false; // etracker cookie-less mode may run
    const hit = matchTracker(url);
    if (!hit) return false;
    const category = o.categoryOf(hit[0], hit[1]);
    if (o.isAllowed(category, hit[0])) return o.onRun(category, hit[0]), false;
    script.setAttribute('type', 'text/plain');
    script.setAttribute('data-consent', category);
    script.setAttribute('data-service', hit[0]);
    return true;
  };

  const proto = HTMLScriptElement.prototype;
  const src = Object.getOwnPropertyDescriptor(proto, 'src');
  const type = Object.getOwnPropertyDescriptor(proto, 'type');
  /** Watches every way a new script's src (or, while held, its type) can be set before it is inserted. */
  const guard = <T>(element: T): T => {
    if (!(element instanceof HTMLScriptElement) || !src?.set || !type?.set) return element;
    const script = element;
    let held = false;
    /** Whether setting attribute `name` to `value` may go ahead. */
    const check = (name: string, value: unknown): boolean => {
      const lower = name.toLowerCase();
      if (lower == 'src') held = hold(script, String(value)) || held;
      return !(lower == 'type' && held);
    };
    Object.defineProperties(script, {
      src: {
        configurable: true,
        get: () => src.get!.call(script),
        set: (value: string) => {
          check('src', value);
          src.set!.call(script, value);
        },
      },
      // While held, a later `script.type = 'text/javascript'` must not undo the hold.
      type: {
        configurable: true,
        get: () => type.get!.call(script),
        set: (value: string) => check('type', value) && type.set!.call(script, value),
      },
    });
    const { setAttribute, setAttributeNS, setAttributeNode, removeAttribute, toggleAttribute } = script;
    script.setAttribute = (name, value) => check(name, value) && setAttribute.call(script, name, value);
    script.setAttributeNS = (ns, name, value) => check(name, value) && setAttributeNS.call(script, ns, name, value);
    script.setAttributeNode = script.setAttributeNodeNS = (attr) => (check(attr.name, attr.value) ? setAttributeNode.call(script, attr) : null);
    // Removing `type` would make a held script an ordinary one again.
    script.removeAttribute = (name) => check(name, '') && removeAttribute.call(script, name);
    script.toggleAttribute = (name, force) => (check(name, '') ? toggleAttribute.call(script, name, force) : true);
    return element;
  };
  const create = document.createElement;
  const createNS = document.createElementNS;
  document.createElement = function (this: Document, tag: string, options?: ElementCreationOptions) {
    return guard(create.call(this, tag, options));
  } as typeof document.createElement;
  document.createElementNS = function (this: Document, ns: string | null, tag: string, options?: ElementCreationOptions) {
    return guard(createNS.call(this, ns, tag, options));
  } as typeof document.createElementNS;
  // Markup made into nodes this way runs its scripts once inserted (unlike innerHTML's): they are held before that.
  const fragment = Range.prototype.createContextualFragment;
  Range.prototype.createContextualFragment = function (this: Range, markup: string) {
    const nodes = fragment.call(this, markup);
    for (const script of nodes.querySelectorAll('script')) hold(script, script.src);
    return nodes;
  };

  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node instanceof HTMLScriptElement && node.src && node.type != 'text/plain') {
          if (hold(node, node.src)) node.replaceWith(node.cloneNode(true));
        } else if (node instanceof HTMLIFrameElement) {
          const hit = node.src && matchTracker(node.src);
          // A tracker frame is marked like the page's own: onIframe unloads it while refused (and again on withdrawal).
          if (hit && !node.dataset.consent) {
            node.dataset.consent = o.categoryOf(hit[0], hit[1]);
            node.dataset.service = hit[0];
            node.dataset.src = node.src;
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
    document.createElementNS = createNS;
    Range.prototype.createContextualFragment = fragment;
  });
}
