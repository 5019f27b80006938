/**
 * The placeholder with an "Allow" button that stands in for a blocked `iframe[data-consent][data-src]`. The loader
 * (runtime.ts) reveals the frame once it is allowed.
 */
import type { BannerTexts } from '@consentgate/shared/i18n';
import type { ConsentChoice, ServiceConfig } from '@consentgate/shared/schemas';
import type { IsAllowed } from './release-scripts.js';

export function syncIframe(
  frame: HTMLIFrameElement,
  texts: BannerTexts,
  /** The site's services: to name the blocked one, and to know whether it can be allowed by itself. */
  services: ServiceConfig[] | undefined,
  isAllowed: IsAllowed,
  /** The choice that counts now: "Allow" adds to it. */
  choice: () => ConsentChoice | null,
  /** Records a custom choice with these decisions. */
  allow: (categories: Record<string, boolean>, services: Record<string, boolean>) => void,
): void {
  const { consent, service, src } = frame.dataset;
  if (!consent || !src) return;
  // Allowed meanwhile (the loader then revealed the frame: it syncs every frame on each change), or already standing in.
  if (isAllowed(consent, service) || frame.previousElementSibling?.hasAttribute('data-cg-placeholder')) return;
  const known = services?.find((s) => s.id == service);
  // An undeclared embed's title says what it is better than an id does (an iframe should have one anyway).
  const name = known?.name || frame.title || service || consent;
  const box = document.createElement('div');
  box.setAttribute('data-cg-placeholder', '');
  box.setAttribute('role', 'group');
  // Named after the service, so each "Allow" button says in its context what it allows.
  box.setAttribute('aria-label', name);
  box.style.cssText = `box-sizing:border-box;display:flex;flex-direction:column;gap:.5em;align-items:center;justify-content:center;padding:1em;border:1px solid #767676;background:#f4f4f4;color:#1a1a1a;font:inherit;width:${frame.width ? frame.width + 'px' : '100%'};min-height:${frame.height || 150}px`;
  const label = document.createElement('p');
  label.textContent = texts.iframePlaceholder.replace('{service}', name);
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = texts.iframeAllow;
  button.onclick = () => {
    const categories = { ...choice()?.categories };
    const decisions = { ...choice()?.services };
    // A service the site declares is allowed by itself: the rest of its category (its unnamed scripts too) stays as
    // it was. Without one (no data-service, or one the site does not declare) the category is allowed.
    if (known) decisions[known.id] = true;
    else categories[consent] = true;
    allow(categories, decisions);
  };
  box.append(label, button);
  frame.hidden = true;
  frame.before(box);
}
