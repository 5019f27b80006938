/** Keeps Tab/Shift+Tab inside the dialog while it is modal (the dialog lives in a shadow root). */
const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), a[href], summary, [tabindex]:not([tabindex="-1"])';

export function focusables(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => !el.closest('details:not([open]) > :not(summary)'));
}

export function trapTab(event: KeyboardEvent, root: HTMLElement): void {
  if (event.key != 'Tab') return;
  const items = focusables(root);
  if (!items.length) return;
  const active = (root.getRootNode() as ShadowRoot).activeElement;
  const first = items[0]!;
  const last = items[items.length - 1]!;
  if (event.shiftKey && (active == first || !root.contains(active))) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active == last || !root.contains(active))) {
    event.preventDefault();
    first.focus();
  }
}
