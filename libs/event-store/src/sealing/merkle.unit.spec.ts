import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  appendLeaf,
  copyFrontier,
  EMPTY_TREE_ROOT,
  emptyFrontier,
  frontierRoot,
  isWellFormedFrontier,
  leafHash,
  nodeHash,
  rootOf,
} from './merkle';

const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const hex = (b: Buffer) => b.toString('hex');

// The leaf inputs used by the RFC 6962 reference tests; the roots below were computed independently
// (a ten-line Python script of the recursive definition), not with this module.
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(
  (h) => Buffer.from(h, 'hex'),
);
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

function grow(leaves: Buffer[]) {
  const frontier = emptyFrontier();
  for (const leaf of leaves) appendLeaf(frontier, leaf);
  return frontier;
}

describe('RFC 6962 Merkle tree hashing', () => {
  it('prefixes leaves with 0x00 and nodes with 0x01', () => {
    const a = Buffer.from('a');
    expect(leafHash(a)).toEqual(sha256(Buffer.from([0]), a));
    const l = sha256(Buffer.from('l'));
    const r = sha256(Buffer.from('r'));
    expect(nodeHash(l, r)).toEqual(sha256(Buffer.from([1]), l, r));
  });

  it('hashes the empty tree as SHA-256 of nothing', () => {
    expect(hex(EMPTY_TREE_ROOT)).toBe(ROOTS[0]);
    expect(hex(frontierRoot(emptyFrontier()))).toBe(ROOTS[0]);
  });

  it('builds a three-leaf tree as ((0 1) 2), by hand', () => {
    const [l0, l1, l2] = LEAVES.slice(0, 3).map((d) => sha256(Buffer.from([0]), d));
    const byHand = sha256(Buffer.from([1]), sha256(Buffer.from([1]), l0, l1), l2);
    expect(frontierRoot(grow([l0, l1, l2]))).toEqual(byHand);
  });

  it.each(ROOTS.map((root, size) => [size, root]))(
    'matches the reference root of the first %i leaves',
    (size, root) => {
      const leafHashes = LEAVES.slice(0, size as number).map(leafHash);
      expect(hex(rootOf(leafHashes))).toBe(root);
      expect(hex(frontierRoot(grow(leafHashes)))).toBe(root);
    },
  );

  it('keeps one subtree root per set bit of the size', () => {
    const frontier = grow(LEAVES.slice(0, 7).map(leafHash));
    expect(frontier.size).toBe(7);
    expect(frontier.nodes).toHaveLength(3);
    expect(isWellFormedFrontier(frontier)).toBe(true);
    expect(isWellFormedFrontier({ size: 6, nodes: frontier.nodes })).toBe(false);
  });

  it('extends incrementally to the same root as a tree built from scratch', () => {
    const leaf = fc.uint8Array({ maxLength: 40 }).map((d) => leafHash(d));
    fc.assert(
      fc.property(fc.array(leaf, { maxLength: 70 }), fc.array(leaf, { maxLength: 70 }), (first, second) => {
        // Sealing in two runs: the second run starts from the frontier the first one stored.
        const stored = copyFrontier(grow(first));
        expect(frontierRoot(stored)).toEqual(rootOf(first));
        for (const l of second) appendLeaf(stored, l);
        expect(stored.size).toBe(first.length + second.length);
        expect(frontierRoot(stored)).toEqual(rootOf([...first, ...second]));
        expect(isWellFormedFrontier(stored)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('changes the root when any leaf changes, moves or disappears', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 8 }), { minLength: 2, maxLength: 20 }),
        fc.nat(),
        (data, pick) => {
          const leaves = data.map((d) => leafHash(d));
          const i = pick % leaves.length;
          const root = rootOf(leaves);
          const altered = [...leaves];
          altered[i] = leafHash(Buffer.concat([data[i], Buffer.from([1])]));
          expect(rootOf(altered)).not.toEqual(root);
          expect(rootOf(leaves.filter((_, j) => j !== i))).not.toEqual(root);
          const j = (i + 1) % leaves.length;
          if (!leaves[i].equals(leaves[j])) {
            const swapped = [...leaves];
            [swapped[i], swapped[j]] = [swapped[j], swapped[i]];
            expect(rootOf(swapped)).not.toEqual(root);
          }
        },
      ),
    );
  });
});
