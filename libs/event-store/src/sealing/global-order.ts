import { ClientBase } from 'pg';
import { EVENT_HASH_COLUMNS, EventHashRow, expectedEventHash, GENESIS_HASH, hashInputOf } from './event-hash';
import { leafHash } from './merkle';
import { describeEvent, EventRef, IntegrityProblem } from './problems';

/** An event of the global order with what it takes to check its link and make its Merkle leaf. */
export interface OrderedEvent {
  ref: Required<EventRef>;
  storedHash: Buffer;
  /** The hash the event must carry given its content and the stored hash of its predecessor. */
  recomputedHash: Buffer;
  /** False when revision > 0 and the stream has no previous revision. */
  hasPredecessor: boolean;
}

interface OrderedEventRow extends EventHashRow {
  previous_hash: Buffer | null;
}

/**
 * The global order exactly as PostgresEventStore.readAll defines it: (transaction_id,
 * global_position), only below the snapshot's xmin horizon, so nothing can later appear in front of
 * what was read. The predecessor is joined by (stream, revision - 1), not found by walking the
 * global order: the chain is defined by revisions, and this keeps the check local to one row.
 */
export async function readGlobalOrder(
  db: ClientBase,
  after: string | undefined,
  limit: number,
): Promise<OrderedEvent[]> {
  const [tx, pos] = after ? after.split(':') : ['0', '0'];
  const { rows } = await db.query<OrderedEventRow>(
    `SELECT ${EVENT_HASH_COLUMNS}, p.hash AS previous_hash
       FROM es_events e
       LEFT JOIN es_events p ON p.stream_id = e.stream_id AND p.revision = e.revision - 1
      WHERE (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint)
        AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
      ORDER BY e.transaction_id, e.global_position
      LIMIT $3`,
    [tx, pos, limit],
  );
  return rows.map((row) => {
    const revision = Number(row.revision);
    const previous = revision === 0 ? GENESIS_HASH : row.previous_hash;
    return {
      ref: {
        eventId: row.event_id,
        streamId: row.stream_id,
        revision,
        position: `${row.transaction_id}:${row.global_position}`,
      },
      storedHash: row.hash,
      recomputedHash: expectedEventHash(hashInputOf(row), previous ?? GENESIS_HASH),
      hasPredecessor: previous !== null,
    };
  });
}

/** What a sealed leaf commits to: the event, where it stood, and its chain hash (which covers its content). */
export interface LeafFields {
  eventId: string;
  streamId: string;
  revision: number;
  position: string;
  eventHash: Buffer;
}

export function leafData(fields: LeafFields): Buffer {
  return Buffer.from(
    [fields.eventId, fields.streamId, String(fields.revision), fields.position, fields.eventHash.toString('hex')].join(
      '\n',
    ),
    'utf8',
  );
}

export function leafHashOf(fields: LeafFields): Buffer {
  return leafHash(leafData(fields));
}

/**
 * The leaf of an event as it stands now. It uses the recomputed chain hash, not the stored one, so
 * that editing an event's data without touching its stored hash also changes its leaf.
 */
export function currentLeaf(event: OrderedEvent): LeafFields {
  return { ...event.ref, eventHash: event.recomputedHash };
}

/** The chain check of one event: its predecessor exists and its stored hash is the recomputed one. */
export function chainProblem(event: OrderedEvent): IntegrityProblem | undefined {
  const { ref } = event;
  if (!event.hasPredecessor) {
    return {
      kind: 'removed-event',
      message: `stream ${ref.streamId} has no revision ${ref.revision - 1} before revision ${ref.revision} (${ref.eventId})`,
      event: { streamId: ref.streamId, revision: ref.revision - 1 },
      otherEvent: ref,
    };
  }
  if (!event.storedHash.equals(event.recomputedHash)) {
    return {
      kind: 'altered-event',
      message: `${describeEvent(ref)}: its stored hash does not match its content ${
        ref.revision === 0 ? 'as the first event of its stream' : `chained to revision ${ref.revision - 1}`
      }`,
      event: ref,
    };
  }
  return undefined;
}
