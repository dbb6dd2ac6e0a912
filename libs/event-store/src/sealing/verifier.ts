import { KeyObject } from 'node:crypto';
import { ClientBase, Pool } from 'pg';
import { CheckpointRow, checkpointSignatureValid, SignedCheckpoint, toCheckpoint } from './checkpoint';
import { chainProblem, currentLeaf, leafHashOf, LeafFields, OrderedEvent, readGlobalOrder } from './global-order';
import { appendLeaf, emptyFrontier, frontierRoot, MerkleFrontier } from './merkle';
import { describeEvent, EventRef, IntegrityProblem } from './problems';

export interface VerifyOptions {
  /** Public keys by key id (see parseVerifyKeys). */
  verifyKeys: Map<string, KeyObject>;
  batchSize?: number;
  /** Problems kept in the report; the count of all is `problemCount`. */
  maxProblems?: number;
  onProgress?: (progress: { events: number; elapsedMs: number }) => void;
}

export interface VerificationReport {
  ok: boolean;
  /** Events in the global order (below the xmin horizon when the verification started). */
  events: number;
  checkpoints: number;
  validCheckpoints: number;
  /** Events covered by the last valid checkpoint. */
  sealedEvents: number;
  /** Events after the last valid checkpoint: only their hash chains vouch for them. */
  unsealedEvents: number;
  latestCheckpoint?: { treeSize: number; rootHash: string; lastPosition: string; sealedAt: Date; keyId: string };
  /** In order: checkpoints first, then by place in the global order, then stream heads. */
  problems: IntegrityProblem[];
  problemCount: number;
  firstProblem?: IntegrityProblem;
}

/**
 * Recomputes everything from the stored rows, in one repeatable-read snapshot so that a sealer or
 * writers running meanwhile cannot make tables disagree: each checkpoint's signature; each event's
 * hash and its link to the previous revision of its stream; the Merkle leaves of the global order
 * against the sealed leaves and the signed roots; the streams' recorded heads.
 */
export async function verifyEventStore(pool: Pool, options: VerifyOptions): Promise<VerificationReport> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    return await new Verification(client, options).run();
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
  }
}

interface SealedLeaf extends LeafFields {
  index: number;
  leafHash: Buffer;
}

interface Found {
  /** Place in the global order; -1 for checkpoints, Infinity for stream heads. */
  at: number;
  /** Within one place: what the seal says (0) before what the chain says (1). */
  rank: number;
  problem: IntegrityProblem;
}

const KEEP_AT_MOST = 10_000;

class Verification {
  private readonly batchSize: number;
  private readonly found: Found[] = [];
  private problemCount = 0;
  private readonly started = Date.now();

  // Merkle state over [0, coveredSize): the tree of the events as they are now, and of the leaves as sealed.
  private readonly eventTree: MerkleFrontier = emptyFrontier();
  private readonly sealedTree: MerkleFrontier = emptyFrontier();
  private eventsRanOut = false;
  /** A sealed leaf was missing or corrupt: later sealed roots prove nothing more. */
  private sealBroken = false;
  /** An event-side problem was found: from there on every leaf differs, so stop comparing. */
  private eventsBroken = false;
  /** The first leaf that differs in the current checkpoint's range; which side is wrong is decided at its end. */
  private pending?: { at: number; problem: IntegrityProblem; leaf: SealedLeaf };
  /** Tree size of the last checkpoint whose range was closed. */
  private closedSize = 0;

  constructor(
    private readonly db: ClientBase,
    private readonly options: VerifyOptions,
  ) {
    this.batchSize = options.batchSize ?? 5000;
  }

  async run(): Promise<VerificationReport> {
    const sealed = await this.sealExists();
    const checkpoints = sealed ? await this.checkpoints() : [];
    const valid = checkpoints.filter((checkpoint) => this.signatureHolds(checkpoint));
    const coveredSize = valid.at(-1)?.treeSize ?? 0;
    if (sealed) await this.checkLeafCount(checkpoints.at(-1)?.treeSize ?? 0);

    const events = new EventCursor(this.db, this.batchSize);
    const leaves = new LeafCursor(this.db, this.batchSize, coveredSize);
    let nextCheckpoint = 0;
    let count = 0;
    for (let i = 0; ; i++) {
      const event = await events.next();
      if (!event && i >= coveredSize) break;
      if (i < coveredSize) {
        await this.compareLeaf(i, event, await leaves.at(i));
        if (i + 1 === valid[nextCheckpoint].treeSize) this.closeCheckpoint(i, valid[nextCheckpoint++]);
      }
      if (event) {
        count++;
        const problem = chainProblem(event);
        if (problem) this.add(i, 1, problem);
        if (count % this.batchSize === 0) this.progress(count);
      }
    }
    this.progress(count);
    await this.checkStreamHeads();

    this.found.sort((a, b) => a.at - b.at || a.rank - b.rank);
    const problems = this.found.slice(0, this.options.maxProblems ?? 100).map((f) => f.problem);
    const latest = valid.at(-1);
    return {
      ok: this.problemCount === 0,
      events: count,
      checkpoints: checkpoints.length,
      validCheckpoints: valid.length,
      sealedEvents: Math.min(coveredSize, count),
      unsealedEvents: Math.max(0, count - coveredSize),
      latestCheckpoint: latest && {
        treeSize: latest.treeSize,
        rootHash: latest.rootHash.toString('hex'),
        lastPosition: latest.lastPosition,
        sealedAt: latest.sealedAt,
        keyId: latest.keyId,
      },
      problems,
      problemCount: this.problemCount,
      firstProblem: problems[0],
    };
  }

  private add(at: number, rank: number, problem: IntegrityProblem): void {
    this.problemCount++;
    if (this.found.length < KEEP_AT_MOST) this.found.push({ at, rank, problem });
  }

  private progress(events: number): void {
    this.options.onProgress?.({ events, elapsedMs: Date.now() - this.started });
  }

  private async sealExists(): Promise<boolean> {
    const { rows } = await this.db.query<{ present: boolean }>(
      `SELECT to_regclass('es_seal.checkpoints') IS NOT NULL AND to_regclass('es_seal.leaves') IS NOT NULL AS present`,
    );
    return rows[0].present;
  }

  private async checkpoints(): Promise<SignedCheckpoint[]> {
    const { rows } = await this.db.query<CheckpointRow>('SELECT * FROM es_seal.checkpoints ORDER BY tree_size');
    return rows.map(toCheckpoint);
  }

  private signatureHolds(checkpoint: SignedCheckpoint): boolean {
    const key = this.options.verifyKeys.get(checkpoint.keyId);
    if (!key) {
      this.add(-1, 0, {
        kind: 'unknown-checkpoint-key',
        message: `checkpoint ${checkpoint.treeSize} names key ${checkpoint.keyId}, which is not among the verify keys`,
        checkpointTreeSize: checkpoint.treeSize,
      });
      return false;
    }
    if (!checkpointSignatureValid(checkpoint, key)) {
      this.add(-1, 0, {
        kind: 'invalid-checkpoint-signature',
        message: `checkpoint ${checkpoint.treeSize} (root ${checkpoint.rootHash.toString('hex').slice(0, 16)}…): its signature does not verify with key ${checkpoint.keyId}`,
        checkpointTreeSize: checkpoint.treeSize,
      });
      return false;
    }
    return true;
  }

  /** The sealer writes leaves and their checkpoint in one transaction: extra leaves mean a checkpoint was removed. */
  private async checkLeafCount(lastTreeSize: number): Promise<void> {
    const { rows } = await this.db.query<{ leaves: string | null }>(
      'SELECT max(leaf_index) + 1 AS leaves FROM es_seal.leaves',
    );
    const leaves = Number(rows[0].leaves ?? 0);
    if (leaves > lastTreeSize) {
      this.add(lastTreeSize, 0, {
        kind: 'tampered-seal-leaves',
        message: `${leaves} leaves are sealed but the last checkpoint covers ${lastTreeSize}: a checkpoint was removed`,
        leafIndex: lastTreeSize,
      });
    }
  }

  private async compareLeaf(i: number, event: OrderedEvent | undefined, leaf: SealedLeaf | undefined): Promise<void> {
    let eventLeaf: Buffer | undefined;
    if (event) {
      eventLeaf = leafHashOf(currentLeaf(event));
      appendLeaf(this.eventTree, eventLeaf);
    } else {
      this.eventsRanOut = true;
    }
    if (!leaf) {
      this.sealTampered(i, `sealed leaf ${i} is missing`);
      return;
    }
    appendLeaf(this.sealedTree, leaf.leafHash);
    if (!leafHashOf(leaf).equals(leaf.leafHash)) {
      this.sealTampered(i, `sealed leaf ${i} (${describeEvent(refOf(leaf))}) does not hash to its stored leaf hash`);
      return;
    }
    if (this.eventsBroken || this.pending || (eventLeaf && eventLeaf.equals(leaf.leafHash))) return;
    this.pending = { at: i, problem: await this.classify(i, event, leaf), leaf };
  }

  private sealTampered(i: number, message: string): void {
    if (this.sealBroken) return;
    this.sealBroken = true;
    this.add(i, 0, { kind: 'tampered-seal-leaves', message, leafIndex: i });
  }

  /**
   * At the end of a signed range, the signed root decides which side of a differing leaf lies:
   * if the sealed leaves still fold to it, the events changed; if only the events do, the seal did.
   */
  private closeCheckpoint(i: number, checkpoint: SignedCheckpoint): void {
    const from = this.closedSize;
    this.closedSize = checkpoint.treeSize;
    const eventsMatch = !this.eventsRanOut && frontierRoot(this.eventTree).equals(checkpoint.rootHash);
    const sealMatches = !this.sealBroken && frontierRoot(this.sealedTree).equals(checkpoint.rootHash);
    const pending = this.pending;
    this.pending = undefined;
    if (sealMatches) {
      // The seal is authentic up to here, so a leaf that differs means the events changed.
      if (pending) this.eventsTampered(pending.at, pending.problem);
      return;
    }
    if (pending && eventsMatch) {
      this.sealTampered(
        pending.at,
        `sealed leaf ${pending.at} says ${describeEvent(refOf(pending.leaf))}, but the events as they stand fold to the signed root of checkpoint ${checkpoint.treeSize}`,
      );
      return;
    }
    if (pending) this.eventsTampered(pending.at, pending.problem);
    if (!eventsMatch && !this.eventsBroken) {
      // Events and sealed leaves agree with each other, yet not with a validly signed root: both
      // were rewritten together somewhere in this checkpoint's range.
      this.eventsTampered(from, {
        kind: 'checkpoint-root-mismatch',
        message: `checkpoint ${checkpoint.treeSize} is validly signed, but neither the events nor the sealed leaves ${from}..${checkpoint.treeSize - 1} fold to its root: both were altered in that range`,
        checkpointTreeSize: checkpoint.treeSize,
        leafIndex: from,
      });
    }
    this.sealTampered(
      i,
      `the sealed leaves up to ${checkpoint.treeSize - 1} do not fold to the signed root of checkpoint ${checkpoint.treeSize}`,
    );
  }

  private eventsTampered(at: number, problem: IntegrityProblem): void {
    this.eventsBroken = true;
    this.add(at, 0, problem);
  }

  /** Names what happened at the first differing leaf, by looking the two events up. */
  private async classify(i: number, event: OrderedEvent | undefined, leaf: SealedLeaf): Promise<IntegrityProblem> {
    const sealed = refOf(leaf);
    if (event && event.ref.eventId === leaf.eventId) {
      const now = event.ref;
      const moves = [
        now.streamId !== sealed.streamId && `stream ${sealed.streamId} → ${now.streamId}`,
        now.revision !== sealed.revision && `revision ${sealed.revision} → ${now.revision}`,
        now.position !== sealed.position && `position ${sealed.position} → ${now.position}`,
      ].filter(Boolean);
      if (moves.length) {
        return {
          kind: 'reordered-events',
          message: `event ${now.eventId} sealed at leaf ${i} was moved: ${moves.join(', ')}`,
          event: now,
          otherEvent: sealed,
          leafIndex: i,
        };
      }
      const how = event.storedHash.equals(event.recomputedHash)
        ? 'its stored hash was recomputed to match, but the seal keeps the original'
        : 'it no longer matches its stored hash';
      return {
        kind: 'altered-event',
        message: `${describeEvent(now)} changed after it was sealed at leaf ${i}: ${how}`,
        event: now,
        leafIndex: i,
      };
    }
    const sealedNow = await this.findEvent(leaf.eventId);
    if (!sealedNow) {
      return {
        kind: 'removed-event',
        message: `${describeEvent(sealed)}, sealed at leaf ${i}, is gone`,
        event: sealed,
        otherEvent: event?.ref,
        leafIndex: i,
      };
    }
    if (!event) {
      return {
        kind: 'reordered-events',
        message: `${describeEvent(sealed)}, sealed at leaf ${i}, was moved to ${sealedNow.position}, out of the global order read`,
        event: sealedNow,
        otherEvent: sealed,
        leafIndex: i,
      };
    }
    const sealedAt = await this.sealedIndexOf(event.ref.eventId);
    if (sealedAt === undefined) {
      return {
        kind: 'inserted-event',
        message: `${describeEvent(event.ref)} was never sealed but stands at leaf ${i}, before ${describeEvent(sealed)}`,
        event: event.ref,
        otherEvent: sealed,
        leafIndex: i,
      };
    }
    return {
      kind: 'reordered-events',
      message: `${describeEvent(event.ref)}, sealed at leaf ${sealedAt}, now stands at leaf ${i}, where ${describeEvent(sealed)} was sealed`,
      event: event.ref,
      otherEvent: sealedNow,
      leafIndex: i,
    };
  }

  private async findEvent(eventId: string): Promise<Required<EventRef> | undefined> {
    const { rows } = await this.db.query<{ stream_id: string; revision: string; position: string }>(
      `SELECT stream_id, revision::text, transaction_id::text || ':' || global_position AS position
         FROM es_events WHERE event_id = $1`,
      [eventId],
    );
    const row = rows[0];
    return row && { eventId, streamId: row.stream_id, revision: Number(row.revision), position: row.position };
  }

  private async sealedIndexOf(eventId: string): Promise<number | undefined> {
    const { rows } = await this.db.query<{ leaf_index: string }>(
      'SELECT leaf_index FROM es_seal.leaves WHERE event_id = $1 ORDER BY leaf_index LIMIT 1',
      [eventId],
    );
    return rows.length ? Number(rows[0].leaf_index) : undefined;
  }

  /** es_streams records each stream's last revision and hash: removing a stream's newest events shows here. */
  private async checkStreamHeads(): Promise<void> {
    const { rows } = await this.db.query<{
      stream_id: string;
      head_revision: string | null;
      last_revision: string | null;
    }>(
      `SELECT coalesce(s.stream_id, e.stream_id) AS stream_id, s.revision::text AS head_revision,
              e.revision::text AS last_revision
         FROM es_streams s
         FULL JOIN (SELECT DISTINCT ON (stream_id) stream_id, revision, hash
                      FROM es_events ORDER BY stream_id, revision DESC) e ON e.stream_id = s.stream_id
        WHERE (s.revision IS DISTINCT FROM e.revision OR s.last_hash IS DISTINCT FROM e.hash)
          AND NOT (e.stream_id IS NULL AND s.revision < 0)
        ORDER BY 1`,
    );
    for (const row of rows) {
      const head = row.head_revision === null ? undefined : Number(row.head_revision);
      const last = row.last_revision === null ? -1 : Number(row.last_revision);
      if (head === undefined) {
        this.add(Infinity, 0, {
          kind: 'broken-chain',
          message: `stream ${row.stream_id} has events up to revision ${last} but no recorded head`,
          event: { streamId: row.stream_id, revision: last },
        });
      } else if (head > last) {
        this.add(Infinity, 0, {
          kind: 'removed-event',
          message: `stream ${row.stream_id} records revision ${head} as its last, but its events end at revision ${last}`,
          event: { streamId: row.stream_id, revision: last + 1 },
        });
      } else {
        this.add(Infinity, 0, {
          kind: 'broken-chain',
          message: `the recorded head of stream ${row.stream_id} (revision ${head}) does not match its last event (revision ${last})`,
          event: { streamId: row.stream_id, revision: last },
        });
      }
    }
  }
}

function refOf(leaf: LeafFields): Required<EventRef> {
  return { eventId: leaf.eventId, streamId: leaf.streamId, revision: leaf.revision, position: leaf.position };
}

/** The global order, batch by batch. */
class EventCursor {
  private buffer: OrderedEvent[] = [];
  private index = 0;
  private after?: string;
  private done = false;

  constructor(
    private readonly db: ClientBase,
    private readonly batchSize: number,
  ) {}

  async next(): Promise<OrderedEvent | undefined> {
    if (this.index === this.buffer.length) {
      if (this.done) return undefined;
      this.buffer = await readGlobalOrder(this.db, this.after, this.batchSize);
      this.index = 0;
      this.done = this.buffer.length < this.batchSize;
      if (!this.buffer.length) return undefined;
      this.after = this.buffer[this.buffer.length - 1].ref.position;
    }
    return this.buffer[this.index++];
  }
}

/** Sealed leaves by index; a gap in the indices reads as a missing leaf. */
class LeafCursor {
  private buffer: SealedLeaf[] = [];
  private index = 0;
  private done = false;

  constructor(
    private readonly db: ClientBase,
    private readonly batchSize: number,
    private readonly end: number,
  ) {}

  async at(leafIndex: number): Promise<SealedLeaf | undefined> {
    for (;;) {
      while (this.index < this.buffer.length && this.buffer[this.index].index < leafIndex) this.index++;
      if (this.index < this.buffer.length) {
        const leaf = this.buffer[this.index];
        return leaf.index === leafIndex ? leaf : undefined;
      }
      if (this.done) return undefined;
      await this.fetch(leafIndex);
    }
  }

  private async fetch(from: number): Promise<void> {
    const { rows } = await this.db.query<{
      leaf_index: string;
      event_id: string;
      stream_id: string;
      revision: string;
      position: string;
      event_hash: Buffer;
      leaf_hash: Buffer;
    }>(
      `SELECT leaf_index, event_id::text, stream_id, revision, position, event_hash, leaf_hash
         FROM es_seal.leaves WHERE leaf_index >= $1 AND leaf_index < $2 ORDER BY leaf_index LIMIT $3`,
      [from, this.end, this.batchSize],
    );
    this.buffer = rows.map((row) => ({
      index: Number(row.leaf_index),
      eventId: row.event_id,
      streamId: row.stream_id,
      revision: Number(row.revision),
      position: row.position,
      eventHash: row.event_hash,
      leafHash: row.leaf_hash,
    }));
    this.index = 0;
    this.done = rows.length < this.batchSize;
  }
}
