/**
 * Builds the Merkle tree (RFC 9162 §2.1, SHA-256) a batch of receipts is signed as, and each receipt's inclusion
 * proof. The format, and how a proof is checked, is described in shared/src/receipt-tree.ts.
 */
import { hash } from 'node:crypto';
import { LEAF_PREFIX, NODE_PREFIX, RECEIPT_TREE } from '@consentgate/shared';

// One-shot hashing (crypto.hash) costs about a third less than a createHash() object per call.
const LEAF = String.fromCharCode(LEAF_PREFIX); // U+0000 is the single byte 0x00 in UTF-8
const NODE = Buffer.of(NODE_PREFIX);

/** SHA-256(0x00 ‖ canonical JSON of the receipt's claims). */
export function receiptLeafHash(canonicalClaims: string): Buffer {
  return hash('sha256', LEAF + canonicalClaims, 'buffer');
}

function nodeHash(left: Buffer, right: Buffer): Buffer {
  return hash('sha256', Buffer.concat([NODE, left, right], 65), 'buffer');
}

export interface ReceiptTree {
  root: Buffer;
  /** For each leaf, its inclusion path: sibling hashes from the leaf up to the root. */
  paths: Buffer[][];
}

/** The tree over `leaves` (at least one), in their order. Every inner node is hashed once. */
export function buildReceiptTree(leaves: readonly Buffer[]): ReceiptTree {
  if (leaves.length === 0) throw new Error('a receipt tree needs at least one leaf');
  const paths: Buffer[][] = leaves.map(() => []);
  // RFC 9162: the left subtree holds the largest power of two leaves smaller than the whole. Children are built
  // before their parent adds the sibling, so each path fills from the leaf upwards.
  const subtree = (from: number, to: number): Buffer => {
    if (to - from === 1) return leaves[from] as Buffer;
    let split = 1;
    while (split * 2 < to - from) split *= 2;
    const left = subtree(from, from + split);
    const right = subtree(from + split, to);
    for (let i = from; i < from + split; i++) paths[i]?.push(right);
    for (let i = from + split; i < to; i++) paths[i]?.push(left);
    return nodeHash(left, right);
  };
  return { root: subtree(0, leaves.length), paths };
}

/** The signed payload for a tree: canonical JSON of a ReceiptTreeHead (keys already in sorted order). */
export function treeHeadPayload(root: Buffer, size: number, signedAt: Date): string {
  return JSON.stringify({ root: root.toString('base64url'), signedAt: signedAt.toISOString(), size, tree: RECEIPT_TREE });
}

/** A receipt's proof as JSON, `{"index":…,"path":[…]}` (a ReceiptProof). */
export function proofJson(index: number, path: readonly Buffer[]): string {
  return `{"index":${index},"path":[${path.map((p) => `"${p.toString('base64url')}"`).join(',')}]}`;
}
