/** `iframe[data-consent][data-src]`: loads once allowed; until then a placeholder with an "Allow" button stands in. */
import type { IsAllowed } from './release-scripts.js';

export interface PlaceholderTexts {
  text: string;
  allow: string;
  /** The site's services, to name the blocked one by its display name. */
  services: Array<{ id: string; name: string }> | undefined;
}

export function syncIframe(
  frame: HTMLIFrameElement,
  isAllowed: IsAllowed,
  texts: PlaceholderTexts,
  allow: (category: string, service?: string) => void,
): void {
  const { consent, service, src } = frame.dataset;
  if (!consent || !src) return;
  const placeholder = frame.previousElementSibling?.hasAttribute('data-cg-placeholder') ? (frame.previousElementSibling as HTMLElement) : null;
  if (isAllowed(consent, service)) {
    placeholder?.remove();
    frame.hidden = false;
    if (frame.getAttribute('src') != src) frame.src = src;
    return;
  }
  if (placeholder) return;
  const name = texts.services?.find((s) => s.id == service)?.name || service || consent;
  const box = document.createElement('div');
  box.setAttribute('data-cg-placeholder', '');
  box.setAttribute('role', 'group');
  // Named after the service, so each "Allow" button says in its context what it allows.
  box.setAttribute('aria-label', name);
  box.style.cssText = `box-sizing:border-box;display:flex;flex-direction:column;gap:.5em;align-items:center;justify-content:center;padding:1em;border:1px solid #767676;background:#f4f4f4;color:#1a1a1a;font:inherit;width:${frame.width ? frame.width + 'px' : '100%'};min-height:${frame.height || 150}px`;
  const label = document.createElement('p');
  label.textContent = texts.text.replace('{service}', name);
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = texts.allow;
  button.onclick = () => allow(consent, service);
  box.append(label, button);
  frame.hidden = true;
  frame.before(box);
}
