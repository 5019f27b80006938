/**
 * Receipts are signed in batches: the receipts a server stores together form a Merkle tree (RFC 9162 §2.1,
 * SHA-256), and one Ed25519 JWS signs the tree's root. Each receipt carries its inclusion proof, which leads from
 * the receipt's own canonical JSON to that root. One signature per batch instead of one per receipt keeps Ed25519
 * (the costliest step of a receipt) off the per-request path; the proof costs a few hashes.
 *
 * This module reads the format (verification, in any JavaScript runtime with WebCrypto); the server builds trees
 * with the same hashing in server/src/signing/receipt-tree.ts.
 */
import { base64url } from 'jose';

export const RECEIPT_TREE = 'rfc9162-sha256' as const;

/** The JWS payload that signs a batch (canonical JSON, keys sorted). */
export interface ReceiptTreeHead {
  /** Root hash of the batch's tree, base64url. */
  root: string;
  /** When the server signed the batch (ISO 8601); at or after every receipt's serverTime. */
  signedAt: string;
  /** Receipts in the batch (leaves of the tree). */
  size: number;
  tree: typeof RECEIPT_TREE;
}

/** Where a receipt sits in its signed batch. */
export interface ReceiptProof {
  /** Position of the receipt's leaf in the tree (0-based). */
  index: number;
  /** RFC 9162 inclusion path: sibling hashes (base64url) from the leaf up to the root. */
  path: string[];
}

/** RFC 9162 domain separation: leaves and inner nodes are hashed with different prefixes. */
export const LEAF_PREFIX = 0x00;
export const NODE_PREFIX = 0x01;

const HASH_B64 = /^[A-Za-z0-9_-]{43}$/;

async function sha256(prefix: number, ...parts: Uint8Array[]): Promise<Uint8Array> {
  const input = new Uint8Array(1 + parts.reduce((n, p) => n + p.length, 0));
  input[0] = prefix;
  let at = 1;
  for (const part of parts) {
    input.set(part, at);
    at += part.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', input));
}

/** The leaf hash of a receipt: SHA-256(0x00 ‖ UTF-8 of its canonical JSON without signature and proof). */
export function receiptLeafHash(canonicalClaims: string): Promise<Uint8Array> {
  return sha256(LEAF_PREFIX, new TextEncoder().encode(canonicalClaims));
}

/**
 * The root an inclusion proof leads to (RFC 9162 §2.1.3.2), or undefined when the proof cannot belong to a tree of
 * `size` leaves (index out of range, path too long or too short, a hash that is not 32 bytes).
 */
export async function rootFromProof(leaf: Uint8Array, proof: ReceiptProof, size: number): Promise<Uint8Array | undefined> {
  const { index, path } = proof;
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return undefined;
  if (!Array.isArray(path) || !path.every((p) => typeof p === 'string' && HASH_B64.test(p))) return undefined;
  let fn = index;
  let sn = size - 1;
  let hash = leaf;
  for (const encoded of path) {
    if (sn === 0) return undefined;
    const sibling = base64url.decode(encoded);
    if (fn % 2 === 1 || fn === sn) {
      hash = await sha256(NODE_PREFIX, sibling, hash);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      hash = await sha256(NODE_PREFIX, hash, sibling);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? hash : undefined;
}

/** Reads a verified JWS payload as a tree head; undefined when it is not one. */
export function parseTreeHead(payload: string): ReceiptTreeHead | undefined {
  let head: unknown;
  try {
    head = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (typeof head !== 'object' || head === null) return undefined;
  const { root, signedAt, size, tree } = head as Record<string, unknown>;
  if (tree !== RECEIPT_TREE || typeof root !== 'string' || !HASH_B64.test(root)) return undefined;
  if (typeof signedAt !== 'string' || typeof size !== 'number' || !Number.isSafeInteger(size) || size < 1) return undefined;
  return { root, signedAt, size, tree };
}
