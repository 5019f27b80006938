/**
 * consent.js — the classic script a site includes (`<script src=".../consent.js" data-site="…" defer>`).
 * Everything the UI needs loads later with `import()` from this script's own origin, only when the dialog must show.
 */
import { start } from './runtime.js';
import type { BannerTexts, MoreTexts } from '@consentgate/shared/i18n';
import type { UiModule } from './ui/contract.js';
import type { WidgetConfig } from './types.js';

/** Build-time folder of the chunks, relative to consent.js (`./chunks/<build id>/`). */
declare const __CG_CHUNKS__: string;

const script = document.currentScript as HTMLScriptElement | null;
const base = script?.src || location.href;
const chunk = (name: string) => import(/* @vite-ignore */ new URL(`${__CG_CHUNKS__}${name}.js`, base).href);
const w = window as unknown as { ConsentGate?: unknown; consentgateConfig?: WidgetConfig };

if (!w.ConsentGate) {
  w.ConsentGate = start({
    siteId: script?.dataset.site || w.consentgateConfig?.siteId,
    api: (script?.dataset.api || new URL(base).origin).replace(/\/$/, ''),
    inline: w.consentgateConfig,
    nonce: script?.nonce || script?.dataset.nonce,
    consentMode: script?.dataset.consentMode != 'off',
    cookiePath: script?.dataset.cookiePath,
    // The choice and receipt code travels in the UI chunk: a first visit needs both, and one file compresses better.
    loadUi: () => chunk('ui') as Promise<UiModule>,
    loadActions: () => chunk('ui'),
    loadPlaceholders: () => chunk('placeholders'),
    loadTexts: (locale, more) => chunk(locale + (more ? '-more' : '')).then((m: { default: BannerTexts | MoreTexts }) => m.default),
  });
}
