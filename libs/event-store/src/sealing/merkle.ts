import { createHash } from 'node:crypto';

/**
 * RFC 6962 §2.1 Merkle tree hashing. Leaves and interior nodes get different one-byte prefixes so a
 * leaf can never be passed off as a node (second-preimage resistance); a tree of n leaves splits at
 * the largest power of two below n, so every left subtree is perfect. That shape is what lets the
 * sealer keep only a frontier of O(log n) hashes and extend the tree without rereading old leaves.
 */

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

export function leafHash(leafData: Uint8Array): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(leafData).digest();
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** MTH({}) = SHA-256 of the empty string. */
export const EMPTY_TREE_ROOT: Buffer = createHash('sha256').digest();

/** The root of a whole list of leaf hashes, by the recursive definition (the reference for tests). */
export function rootOf(leafHashes: readonly Uint8Array[]): Buffer {
  const n = leafHashes.length;
  if (n === 0) return EMPTY_TREE_ROOT;
  if (n === 1) return Buffer.from(leafHashes[0]);
  const k = largestPowerOfTwoBelow(n);
  return nodeHash(rootOf(leafHashes.slice(0, k)), rootOf(leafHashes.slice(k)));
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The compact range [0, size): the roots of the perfect subtrees that the binary digits of `size`
 * describe, largest (leftmost) first. A checkpoint stores it so the next seal extends the tree.
 */
export interface MerkleFrontier {
  size: number;
  nodes: Buffer[];
}

export function emptyFrontier(): MerkleFrontier {
  return { size: 0, nodes: [] };
}

/** Appends one leaf hash in place: merges equal-sized subtrees, as a binary counter carries. */
export function appendLeaf(frontier: MerkleFrontier, leaf: Uint8Array): void {
  let hash: Buffer = Buffer.from(leaf);
  for (let carry = frontier.size; carry & 1; carry = Math.floor(carry / 2)) {
    hash = nodeHash(frontier.nodes.pop()!, hash);
  }
  frontier.nodes.push(hash);
  frontier.size += 1;
}

/** The root of the tree the frontier describes: fold the subtree roots from the right. */
export function frontierRoot(frontier: MerkleFrontier): Buffer {
  const { nodes } = frontier;
  if (!nodes.length) return EMPTY_TREE_ROOT;
  let root = nodes[nodes.length - 1];
  for (let i = nodes.length - 2; i >= 0; i--) root = nodeHash(nodes[i], root);
  return root;
}

/** A frontier must hold exactly one subtree root per set bit of its size; anything else is corrupt. */
export function isWellFormedFrontier(frontier: MerkleFrontier): boolean {
  if (!Number.isSafeInteger(frontier.size) || frontier.size < 0) return false;
  let bits = 0;
  for (let s = frontier.size; s > 0; s = Math.floor(s / 2)) bits += s & 1;
  return bits === frontier.nodes.length && frontier.nodes.every((n) => n.length === 32);
}

export function copyFrontier(frontier: MerkleFrontier): MerkleFrontier {
  return { size: frontier.size, nodes: [...frontier.nodes] };
}
