/** Turns a validated browser receipt into the server-authoritative claims that get signed and stored. */
import { createHash } from 'node:crypto';
import { canonicalJson, RECEIPT_SCHEMA_VERSION, type ReceiptClaims, type ReceiptInput } from '@consentgate/shared';
import type { Site } from '../sites/sites.js';

const DAY_MS = 86_400_000;

/** The page URL without query string and fragment (they often carry personal data). */
export function stripPageUrl(raw: string): string {
  const url = new URL(raw);
  url.search = '';
  url.hash = '';
  return url.toString();
}

/** SHA-256 of the subject secret. The secret is 32+ random bytes, so a fast hash is enough. */
export function hashSubjectSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

export interface RequestFacts {
  userAgent: string | null;
  ipNetwork: string | null;
  now: Date;
}

export function buildClaims(input: ReceiptInput, site: Site, facts: RequestFacts): ReceiptClaims {
  const maxAgeDays = site.config.consentMaxAgeDays ?? 182;
  return {
    schemaVersion: RECEIPT_SCHEMA_VERSION,
    receiptId: input.receiptId.toLowerCase(),
    siteId: input.siteId,
    subjectId: input.subjectId.toLowerCase(),
    policyVersion: input.policyVersion,
    configHash: input.configHash,
    method: input.method,
    collection: input.collection,
    categories: input.categories,
    services: input.services,
    gpc: input.gpc,
    locale: input.locale,
    pageUrl: stripPageUrl(input.pageUrl),
    userAgent: facts.userAgent ? facts.userAgent.slice(0, 512) : null,
    ipNetwork: facts.ipNetwork,
    clientTime: input.clientTime,
    serverTime: facts.now.toISOString(),
    validUntil: new Date(facts.now.getTime() + maxAgeDays * DAY_MS).toISOString(),
    controller: site.config.controller ? { name: site.config.controller.name, contact: site.config.controller.contact } : null,
    policyUrl: site.config.policyUrl ?? null,
    consentMode: input.consentMode ?? null,
  };
}

/** The part of the claims the browser decided; a repeat of a receipt id must match it exactly. */
export function browserPart(claims: ReceiptClaims): string {
  return canonicalJson({
    siteId: claims.siteId,
    subjectId: claims.subjectId,
    policyVersion: claims.policyVersion,
    configHash: claims.configHash,
    method: claims.method,
    collection: claims.collection,
    categories: claims.categories,
    services: claims.services,
    gpc: claims.gpc,
    locale: claims.locale,
    pageUrl: claims.pageUrl,
    clientTime: claims.clientTime,
    consentMode: claims.consentMode,
  });
}
