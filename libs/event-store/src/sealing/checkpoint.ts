import { KeyObject, sign, verify } from 'node:crypto';
import { SigningKey } from './seal-keys';

/**
 * A signed statement "the first `treeSize` events of the global order, up to `lastPosition`, have
 * Merkle root `rootHash`" (an RFC 6962 signed tree head). The signature covers a canonical text
 * rebuilt from the stored columns, so any edit of a checkpoint row breaks it.
 */
export interface Checkpoint {
  treeSize: number;
  rootHash: Buffer;
  /** Position of the last sealed event (`transaction_id:global_position`). */
  lastPosition: string;
  sealedAt: Date;
  keyId: string;
}

export interface SignedCheckpoint extends Checkpoint {
  signature: Buffer;
}

const HEADER = 'child-welfare event store checkpoint v1';

export function checkpointText(checkpoint: Checkpoint): string {
  return [
    HEADER,
    `tree size: ${checkpoint.treeSize}`,
    `root hash: ${checkpoint.rootHash.toString('hex')}`,
    `last position: ${checkpoint.lastPosition}`,
    `sealed at: ${checkpoint.sealedAt.toISOString()}`,
    `key id: ${checkpoint.keyId}`,
    '',
  ].join('\n');
}

export function signCheckpoint(checkpoint: Omit<Checkpoint, 'keyId'>, key: SigningKey): SignedCheckpoint {
  const unsigned: Checkpoint = { ...checkpoint, keyId: key.keyId };
  // Ed25519 hashes the message itself: the algorithm argument must be null.
  const signature = sign(null, Buffer.from(checkpointText(unsigned), 'utf8'), key.privateKey);
  return { ...unsigned, signature };
}

export function checkpointSignatureValid(checkpoint: SignedCheckpoint, publicKey: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(checkpointText(checkpoint), 'utf8'), publicKey, checkpoint.signature);
  } catch {
    // A malformed signature (wrong length) is as invalid as a wrong one.
    return false;
  }
}

/** A row of es_seal.checkpoints. */
export interface CheckpointRow {
  tree_size: string;
  root_hash: Buffer;
  last_position: string;
  sealed_at: Date;
  key_id: string;
  signature: Buffer;
  frontier: Buffer[];
}

export function toCheckpoint(row: CheckpointRow): SignedCheckpoint {
  return {
    treeSize: Number(row.tree_size),
    rootHash: row.root_hash,
    lastPosition: row.last_position,
    sealedAt: row.sealed_at,
    keyId: row.key_id,
    signature: row.signature,
  };
}
