/** What the loader hands the lazily loaded UI chunk, and what the chunk gives back. Types only. */
import type { CollectionPoint, ConsentMethod } from '@consentgate/shared/schemas';
import type { ConsentChoice, WidgetConfig } from '../types.js';
import type { BannerTexts } from '@consentgate/shared/i18n';
import type { WidgetTexts } from '@consentgate/shared/schemas';
import type { Storage } from '../config/storage.js';

export type Layer = 'banner' | 'preferences';

export interface UiHost {
  config: WidgetConfig;
  /** First-layer texts (the site's own on top of the built-in ones). */
  texts: BannerTexts;
  /** The language the texts are in (the dialog's `lang`). */
  locale: string;
  /** Every text, for the preference centre and history (loads the rest of the language on first use). */
  allTexts(): Promise<WidgetTexts>;
  api: string;
  siteId: string | undefined;
  nonce: string | undefined;
  /** True when this page view applied the visitor's Global Privacy Control signal. */
  gpcHonoured: boolean;
  choice(): ConsentChoice | null;
  /** A choice that is current (policy version, age); only then may the dialog close without a new choice. */
  hasCurrentChoice(): boolean;
  decide(method: ConsentMethod, collection: CollectionPoint, categories: Record<string, boolean>, services?: Record<string, boolean>): void;
  /** The loader's localStorage wrapper, lent so the chunk does not bundle its own. */
  storage: Storage;
  /** The dialog opened (it was closed). */
  shown(): void;
  /** The dialog closed. */
  closed(): void;
}

export interface UiHandle {
  open(layer: Layer): void;
  close(): void;
}

export interface UiModule {
  mount(host: UiHost): UiHandle;
}
