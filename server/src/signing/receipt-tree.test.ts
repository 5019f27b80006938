import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rootFromProof } from '@consentgate/shared';
import { buildReceiptTree } from './receipt-tree.js';

// The Certificate Transparency reference tree (RFC 6962 hashing, which RFC 9162 keeps): leaf inputs and the root
// of the first n leaves for n = 1…8. A tree no other implementation agrees with would prove nothing to anyone.
const CT_INPUTS = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
const CT_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const ctLeaves = CT_INPUTS.map((hex) => createHash('sha256').update(Buffer.of(0)).update(Buffer.from(hex, 'hex')).digest());
const b64 = (b: Buffer) => b.toString('base64url');

async function proofLeadsTo(leaf: Buffer, index: number, path: Buffer[], size: number): Promise<string | undefined> {
  const root = await rootFromProof(new Uint8Array(leaf), { index, path: path.map(b64) }, size);
  return root && Buffer.from(root).toString('hex');
}

describe('receipt tree', () => {
  it('has the Certificate Transparency reference roots and inclusion path', () => {
    for (let n = 1; n <= 8; n++) expect(buildReceiptTree(ctLeaves.slice(0, n)).root.toString('hex')).toBe(CT_ROOTS[n - 1]);
    expect(buildReceiptTree(ctLeaves).paths[0]?.map((p) => p.toString('hex'))).toEqual([
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
  });

  it('gives every receipt of a batch a proof that leads to the root, in trees of every size', async () => {
    for (let size = 1; size <= 70; size++) {
      const leaves = Array.from({ length: size }, (_, i) => createHash('sha256').update(`receipt ${i}`).digest());
      const { root, paths } = buildReceiptTree(leaves);
      for (let i = 0; i < size; i++) {
        expect(await proofLeadsTo(leaves[i] as Buffer, i, paths[i] as Buffer[], size), `leaf ${i} of ${size}`).toBe(root.toString('hex'));
      }
    }
  });

  it('proves nothing for another receipt, another position or a changed path', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 300 }), fc.nat(), fc.nat(), async (size, a, b) => {
        const leaves = Array.from({ length: size }, (_, i) => createHash('sha256').update(`r${i}`).digest());
        const { root, paths } = buildReceiptTree(leaves);
        const i = a % size;
        const j = b % size;
        const rootHex = root.toString('hex');
        const path = paths[i] as Buffer[];
        const stranger = createHash('sha256').update('not in the batch').digest();
        expect(await proofLeadsTo(stranger, i, path, size)).not.toBe(rootHex);
        if (j !== i) expect(await proofLeadsTo(leaves[i] as Buffer, j, path, size)).not.toBe(rootHex);
        expect(await proofLeadsTo(leaves[i] as Buffer, i, path.slice(0, -1), size)).not.toBe(rootHex);
        expect(await proofLeadsTo(leaves[i] as Buffer, i, [...path, stranger], size)).not.toBe(rootHex);
        if (path.length > 1) expect(await proofLeadsTo(leaves[i] as Buffer, i, path.toReversed(), size)).not.toBe(rootHex);
        expect(await proofLeadsTo(leaves[i] as Buffer, i, path, i)).toBeUndefined(); // index beyond the batch
      }),
      { numRuns: 300 },
    );
  });
});
