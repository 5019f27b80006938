/** What the global setup (admin-server.ts) tells the dashboard tests about the server it started. */
import type { ConsentMethod } from '@consentgate/shared';

export interface SeededReceipt {
  receiptId: string;
  subjectId: string;
  method: ConsentMethod;
}

export interface AdminServerInfo {
  url: string;
  /** The URL install snippets point at (PUBLIC_URL; here the default, as the server listens on a random port). */
  publicUrl: string;
  /** Password of both users. */
  password: string;
  /** An owner (sees every site). */
  owner: string;
  /** A viewer of the site "shop" (statistics and settings only). */
  viewer: string;
  /** Receipts of site "shop"; the last two share one subject; the fourth (reject-all) was given in German. */
  shop: SeededReceipt[];
  /** Receipts of site "subjects-demo", all of one subject. */
  subjects: SeededReceipt[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    adminServer: AdminServerInfo;
  }
}
