import { ClientBase, Pool } from 'pg';
import { CheckpointRow, checkpointSignatureValid, signCheckpoint, SignedCheckpoint, toCheckpoint } from './checkpoint';
import { chainProblem, currentLeaf, leafHashOf, readGlobalOrder } from './global-order';
import { appendLeaf, emptyFrontier, frontierRoot, isWellFormedFrontier, MerkleFrontier } from './merkle';
import { IntegrityProblem } from './problems';
import { SEALER_LOCK } from './seal-schema';
import { SigningKey } from './seal-keys';

/** The sealer found something it must not seal over; nothing of the refused run was written. */
export class SealRefused extends Error {
  readonly code = 'SEALING.REFUSED';
  constructor(readonly problem: IntegrityProblem) {
    super(`refusing to seal: ${problem.message}`);
  }
}

export interface SealOptions {
  /** Events read per query. */
  batchSize?: number;
  /** A long backlog is sealed in several checkpoints, each its own transaction. */
  maxLeavesPerCheckpoint?: number;
  now?: () => Date;
}

export interface SealResult {
  /** Events newly sealed by this run. */
  sealedEvents: number;
  /** Checkpoints written by this run (none when there was nothing new). */
  checkpoints: SignedCheckpoint[];
  treeSize: number;
  rootHash: Buffer;
}

/**
 * Folds every event of the global order not yet sealed into the Merkle tree and signs a checkpoint.
 * Idempotent: with nothing new it writes nothing. Safe to run concurrently: a transaction-scoped
 * advisory lock lets one sealer in at a time, and the next one continues from the checkpoint the
 * first one committed. Before sealing an event it checks the event's hash chain, so the seal never
 * vouches for an event that was already tampered with.
 */
export async function sealOnce(pool: Pool, key: SigningKey, options: SealOptions = {}): Promise<SealResult> {
  const maxLeaves = options.maxLeavesPerCheckpoint ?? 50_000;
  const result: SealResult = { sealedEvents: 0, checkpoints: [], treeSize: 0, rootHash: frontierRoot(emptyFrontier()) };
  for (;;) {
    const step = await sealOneCheckpoint(pool, key, maxLeaves, options);
    result.treeSize = step.frontier.size;
    result.rootHash = frontierRoot(step.frontier);
    if (!step.checkpoint) return result;
    result.checkpoints.push(step.checkpoint);
    result.sealedEvents += step.sealed;
    if (step.sealed < maxLeaves) return result;
  }
}

async function sealOneCheckpoint(
  pool: Pool,
  key: SigningKey,
  maxLeaves: number,
  options: SealOptions,
): Promise<{ sealed: number; frontier: MerkleFrontier; checkpoint?: SignedCheckpoint }> {
  const batchSize = options.batchSize ?? 2000;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [SEALER_LOCK]);
    const last = await lastCheckpoint(client, key);
    const frontier = last?.frontier ?? emptyFrontier();
    let after = last?.checkpoint.lastPosition;
    let sealed = 0;
    while (sealed < maxLeaves) {
      const want = Math.min(batchSize, maxLeaves - sealed);
      const events = await readGlobalOrder(client, after, want);
      if (!events.length) break;
      const leaves = events.map((event) => {
        const problem = chainProblem(event);
        if (problem) throw new SealRefused(problem);
        return currentLeaf(event);
      });
      const leafHashes = leaves.map(leafHashOf);
      await client.query(
        `INSERT INTO es_seal.leaves (leaf_index, event_id, stream_id, revision, position, event_hash, leaf_hash)
         SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::bigint[], $5::text[], $6::bytea[], $7::bytea[])`,
        [
          leaves.map((_, i) => frontier.size + i),
          leaves.map((l) => l.eventId),
          leaves.map((l) => l.streamId),
          leaves.map((l) => l.revision),
          leaves.map((l) => l.position),
          leaves.map((l) => l.eventHash),
          leafHashes,
        ],
      );
      for (const hash of leafHashes) appendLeaf(frontier, hash);
      sealed += events.length;
      after = leaves[leaves.length - 1].position;
      if (events.length < want) break;
    }
    if (!sealed) {
      await client.query('ROLLBACK');
      return { sealed, frontier };
    }
    const checkpoint = signCheckpoint(
      {
        treeSize: frontier.size,
        rootHash: frontierRoot(frontier),
        lastPosition: after!,
        sealedAt: options.now?.() ?? new Date(),
      },
      key,
    );
    await client.query(
      `INSERT INTO es_seal.checkpoints (tree_size, root_hash, last_position, sealed_at, key_id, signature, frontier)
       VALUES ($1, $2, $3, $4, $5, $6, $7::bytea[])`,
      [
        checkpoint.treeSize,
        checkpoint.rootHash,
        checkpoint.lastPosition,
        checkpoint.sealedAt,
        checkpoint.keyId,
        checkpoint.signature,
        frontier.nodes,
      ],
    );
    await client.query('COMMIT');
    return { sealed, frontier, checkpoint };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * The checkpoint to extend, checked before it is trusted: its signature (when signed by this
 * sealer's key; older keys are the verifier's business), its frontier against its signed root, and
 * the leaves table against its size. Extending a tampered seal would launder the tampering.
 */
async function lastCheckpoint(
  db: ClientBase,
  key: SigningKey,
): Promise<{ checkpoint: SignedCheckpoint; frontier: MerkleFrontier } | undefined> {
  const { rows } = await db.query<CheckpointRow>('SELECT * FROM es_seal.checkpoints ORDER BY tree_size DESC LIMIT 1');
  const { rows: leafRows } = await db.query<{ leaves: string | null }>(
    'SELECT max(leaf_index) + 1 AS leaves FROM es_seal.leaves',
  );
  const leaves = Number(leafRows[0].leaves ?? 0);
  if (!rows.length) {
    if (leaves) throw new SealRefused(sealProblem(`${leaves} sealed leaves exist but no checkpoint covers them`));
    return undefined;
  }
  const checkpoint = toCheckpoint(rows[0]);
  const frontier: MerkleFrontier = { size: checkpoint.treeSize, nodes: rows[0].frontier };
  if (checkpoint.keyId === key.keyId && !checkpointSignatureValid(checkpoint, key.publicKey)) {
    throw new SealRefused({
      kind: 'invalid-checkpoint-signature',
      message: `the signature of checkpoint ${checkpoint.treeSize} does not verify`,
      checkpointTreeSize: checkpoint.treeSize,
    });
  }
  if (!isWellFormedFrontier(frontier) || !frontierRoot(frontier).equals(checkpoint.rootHash)) {
    throw new SealRefused(
      sealProblem(`the stored frontier of checkpoint ${checkpoint.treeSize} does not fold to its root`),
    );
  }
  if (leaves !== checkpoint.treeSize) {
    throw new SealRefused(sealProblem(`${leaves} sealed leaves but the last checkpoint covers ${checkpoint.treeSize}`));
  }
  return { checkpoint, frontier };
}

function sealProblem(message: string): IntegrityProblem {
  return { kind: 'tampered-seal-leaves', message };
}
