/**
 * consent.js — the classic script a site includes (`<script src=".../consent.js" data-site="…" defer>`).
 * Everything the UI needs loads later with `import()` from this script's own origin, only when the dialog must show.
 */
import { start } from './runtime.js';
import type { UiTexts } from './i18n/ui-texts.js';
import type { UiModule } from './ui/contract.js';
import type { WidgetConfig } from './types.js';

/** Build-time file names of the UI and language chunks, relative to consent.js. */
declare const __CG_CHUNKS__: { ui: string; actions: string; placeholders: string; locales: Record<string, string> };
// One copy of the map (a bare `define` would be inlined at every use).
const CHUNKS = __CG_CHUNKS__;

const script = document.currentScript as HTMLScriptElement | null;
const base = script?.src || location.href;
const chunk = (file: string) => import(/* @vite-ignore */ new URL(file, base).href);
const w = window as unknown as { ConsentGate?: unknown; consentgateConfig?: WidgetConfig };

if (!w.ConsentGate) {
  w.ConsentGate = start({
    siteId: script?.dataset.site || w.consentgateConfig?.siteId,
    api: (script?.dataset.api || new URL(base).origin).replace(/\/$/, ''),
    inline: w.consentgateConfig,
    nonce: script?.nonce || script?.dataset.nonce,
    loadUi: () => chunk(CHUNKS.ui) as Promise<UiModule>,
    loadActions: () => chunk(CHUNKS.actions),
    loadPlaceholders: () => chunk(CHUNKS.placeholders),
    loadTexts: (locale) => chunk(CHUNKS.locales[locale] || CHUNKS.locales.en!).then((m: { default: UiTexts }) => m.default),
  });
}
