/** Turns a validated browser receipt into the server-authoritative claims that get signed and stored. */
import { hash } from 'node:crypto';
import { canonicalJson, RECEIPT_SCHEMA_VERSION, type ReceiptClaims, type ReceiptInput } from '@consentgate/shared';
import type { ReceiptNotice } from '../sites/policy-cache.js';

const DAY_MS = 86_400_000;

/** The page URL without credentials, query string and fragment (they often carry personal data). */
export function stripPageUrl(raw: string): string {
  const url = new URL(raw);
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  return url.toString();
}

/** SHA-256 of the subject secret. The secret is 32+ random bytes, so a fast hash is enough. */
export function hashSubjectSecret(secret: string): string {
  return hash('sha256', secret, 'base64url');
}

export interface RequestFacts {
  userAgent: string | null;
  ipNetwork: string | null;
  now: Date;
}

/** A copy of a string-keyed record with its keys inserted in sorted (UTF-16 code unit) order, as RFC 8785 sorts. */
function sortedRecord<V>(record: Record<string, V>): Record<string, V> {
  const out: Record<string, V> = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key] as V;
  return out;
}

/**
 * The server-authoritative claims. `notice` comes from the policy version the receipt names (not the site's current
 * one): the controller and privacy notice the visitor was shown. Keys are inserted in RFC 8785 order (top level
 * alphabetically, records sorted), so `claimsPayload()` can serialise them with JSON.stringify instead of a general
 * canonicaliser.
 */
export function buildClaims(input: ReceiptInput, notice: ReceiptNotice, facts: RequestFacts): ReceiptClaims {
  const { controller } = notice;
  const pageUrl = stripPageUrl(input.pageUrl);
  return {
    categories: sortedRecord(input.categories),
    clientTime: input.clientTime,
    collection: input.collection,
    configHash: input.configHash,
    consentMode: input.consentMode ? sortedRecord(input.consentMode) : null,
    controller: controller ? { contact: controller.contact, name: controller.name } : null,
    gpc: input.gpc,
    ipNetwork: facts.ipNetwork,
    jurisdiction: notice.jurisdiction,
    locale: input.locale,
    method: input.method,
    pageUrl,
    policyUrl: notice.policyUrl,
    policyVersion: input.policyVersion,
    receiptId: input.receiptId.toLowerCase(),
    schemaVersion: RECEIPT_SCHEMA_VERSION,
    serverTime: facts.now.toISOString(),
    services: sortedRecord(input.services),
    siteId: input.siteId,
    subjectId: input.subjectId.toLowerCase(),
    userAgent: facts.userAgent ? facts.userAgent.slice(0, 512) : null,
    validUntil: new Date(facts.now.getTime() + notice.consentMaxAgeDays * DAY_MS).toISOString(),
    // The widget on the page consent was given on can always withdraw it.
    withdrawalUrl: notice.withdrawalUrl ?? pageUrl,
  };
}

/** JS puts keys that look like array indices first, in numeric order, whatever the insertion order. */
const INDEX_LIKE_KEY = /^(?:0|[1-9][0-9]*)$/;
const hasIndexLikeKey = (record: Record<string, unknown>) => Object.keys(record).some((k) => INDEX_LIKE_KEY.test(k));

/**
 * The signed payload: RFC 8785 canonical JSON of claims made by `buildClaims`. Their keys are already in canonical
 * order, and JSON.stringify escapes strings and writes numbers exactly as RFC 8785 requires, so it yields the
 * canonical form several times faster than the general canonicaliser, which remains the path for a record with a
 * numeric-looking key.
 */
export function claimsPayload(claims: ReceiptClaims): string {
  if (hasIndexLikeKey(claims.categories) || hasIndexLikeKey(claims.services)) return canonicalJson(claims);
  return JSON.stringify(claims);
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
