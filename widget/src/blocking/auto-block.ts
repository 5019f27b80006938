/**
 * Holds back known trackers that other code inserts after the widget loaded.
 * Primary guard: every script's `src` and `type` properties and the `setAttribute*`/`removeAttribute`/`toggleAttribute`
 * methods are watched on the prototypes, so a tracker URL turns a script into `type="text/plain"` before it is inserted
 * (the browser then never fetches it), and it stays so. Scripts in markup parsed by `Range.createContextualFragment`
 * (which run once inserted) are held in the fragment. Second guard: a MutationObserver for scripts/iframes inserted as
 * markup, which also swaps tracker iframes for placeholders; it comes after insertion, so a script written with
 * `document.write` has run by then. Held-back scripts are released by releaseScripts once their category is allowed.
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

type Method = (this: unknown, ...args: any[]) => any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** setAttribute and its kin: each can give a script its `src` or take its held `type` away. */
const ATTRIBUTE_METHODS = ['setAttribute', 'setAttributeNS', 'setAttributeNode', 'setAttributeNodeNS', 'removeAttribute', 'toggleAttribute'];

export function installAutoBlock(o: AutoBlockOptions): void {
  const el = Element.prototype;
  const setAttribute = el.setAttribute;
  /** Marks the script as held back when its URL is a tracker that is not allowed yet. */
  const hold = (script: HTMLScriptElement, url: string): boolean => {
    if (script.getAttribute('data-block-cookies') == 'true') return false; // etracker cookie-less mode may run
    const hit = matchTracker(url);
    if (!hit) return false;
    const category = o.categoryOf(hit[0], hit[1]);
    if (o.isAllowed(category, hit[0])) return o.onRun(category, hit[0]), false;
    // The unwatched method: these sets must not come back through check().
    setAttribute.call(script, 'type', 'text/plain');
    setAttribute.call(script, 'data-consent', category);
    setAttribute.call(script, 'data-service', hit[0]);
    return true;
  };
  /**
   * Whether setting (or removing) attribute `name` of `target` may go ahead. A tracker `src` holds the script first;
   * while its src is a tracker not allowed yet, its `type` stays text/plain.
   */
  const check = (target: unknown, name: string, value?: unknown): boolean => {
    if (!(target instanceof HTMLScriptElement)) return true;
    const lower = String(name).toLowerCase();
    if (lower == 'src') hold(target, String(value));
    return lower != 'type' || !hold(target, target.src);
  };
  /** Holds the tracker scripts in `nodes` (and `nodes` itself) that are not held yet: they run once inserted. */
  const holdIn = (nodes: Node) => {
    for (const script of [nodes, ...((nodes as ParentNode).querySelectorAll?.('script') || [])]) {
      if (script instanceof HTMLScriptElement && script.type != 'text/plain') hold(script, script.src);
    }
  };

  const patched: Array<[Record<string, Method>, string, Method]> = [];
  /** Replaces `target[name]` with `make(original)`, put back on abort. */
  const patch = (target: object, name: string, make: (original: Method) => Method) => {
    const methods = target as Record<string, Method>;
    patched.push([methods, name, methods[name]!]);
    methods[name] = make(methods[name]!);
  };
  // Watched on the prototypes, so every script is covered however it was made and however its src is set: by
  // property or any attribute method, also called through the prototype. The browser fetches nothing for a held script.
  const proto = HTMLScriptElement.prototype;
  const properties = (['src', 'type'] as const).map((name) => [name, Object.getOwnPropertyDescriptor(proto, name)] as const);
  for (const [name, d] of properties) {
    if (d?.set) {
      Object.defineProperty(proto, name, {
        ...d,
        set(this: HTMLScriptElement, value: string) {
          if (check(this, name, value)) d.set!.call(this, value);
        },
      });
    }
  }
  ATTRIBUTE_METHODS.forEach((name, i) =>
    patch(el, name, (original) => function (...args) {
      // (name, value?), but setAttributeNS(ns, name, value) and setAttributeNode*(attr).
      const [attr, value] = i == 1 ? args.slice(1) : args[0]?.name ? [args[0].name, args[0].value] : args;
      return check(this, attr, value) ? original.apply(this, args) : null;
    }),
  );
  // Markup made into nodes this way runs its scripts once inserted (unlike innerHTML's), and so do copies of scripts
  // (a template's content, a script of the page cloned): they are held before that.
  for (const [target, name] of [[Range.prototype, 'createContextualFragment'], [Node.prototype, 'cloneNode'], [Document.prototype, 'importNode']] as const) {
    patch(target, name, (original) => function (...args) {
      const nodes = original.apply(this, args) as Node;
      holdIn(nodes);
      return nodes;
    });
  }

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
    for (const [name, d] of properties) if (d) Object.defineProperty(proto, name, d);
    for (const [target, name, original] of patched) target[name] = original;
  });
}
