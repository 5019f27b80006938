/** Public types of the ConsentGate browser API (window.ConsentGate and the ESM export). */
import type { ConsentChoice, PublicSiteConfig, WidgetTexts } from '@consentgate/shared/schemas';

export type { ConsentChoice, PublicSiteConfig, WidgetTexts };

export type ConsentEvent = 'ready' | 'change' | 'show' | 'hide';

export interface SaveInput {
  categories: Record<string, boolean>;
  services?: Record<string, boolean>;
}

export interface ConsentGateApi {
  /** Opens the preference centre (or the banner when no choice was made yet). */
  show(): void;
  hide(): void;
  /** Resolves once the choice is stored (the decision code loads on first use). */
  acceptAll(): Promise<void>;
  rejectAll(): Promise<void>;
  save(input: SaveInput): Promise<void>;
  /** Withdraws every optional category (a `withdraw` receipt). */
  withdraw(): Promise<void>;
  getConsent(): ConsentChoice | null;
  hasConsent(category: string, service?: string): boolean;
  on(event: ConsentEvent, fn: (choice: ConsentChoice | null) => void): () => void;
}

/** Site config as the widget uses it: the public config, possibly given inline with fewer fields. */
export type WidgetConfig = Omit<PublicSiteConfig, 'locale' | 'configHash' | 'policyVersion' | 'siteId'> & {
  siteId?: string;
  policyVersion?: number;
  configHash?: string;
  locale?: string;
};
