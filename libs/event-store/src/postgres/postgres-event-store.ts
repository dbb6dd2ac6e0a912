import { Pool, PoolClient } from 'pg';
import {
  AppendResult,
  categoryOf,
  ExpectedRevision,
  NewEvent,
  Position,
  RecordedEvent,
  StreamWrite,
} from '../envelope';
import { DuplicateEventId, WrongExpectedVersion } from '../errors';
import { CategoryStream, EventStore, ReadAllOptions, ReadCategoryOptions, ReadStreamOptions } from '../event-store';
import { comparePositions, makePosition, parsePosition, START } from '../position';

interface EventRow {
  event_id: string;
  type: string;
  schema_version: number;
  stream_id: string;
  revision: string;
  tx: string;
  global_position: string;
  occurred_at: Date;
  data: unknown;
  metadata: RecordedEvent['metadata'];
  hash: Buffer;
}

// The text form of the transaction id gets its own name: an output column called transaction_id
// would be what ORDER BY transaction_id sorts by, as text ('10001' < '9998').
const COLUMNS = `event_id, type, schema_version, stream_id, revision, transaction_id::text AS tx, global_position,
  occurred_at, data, metadata, hash`;

const APPEND = 'SELECT next_revision, tx::text AS tx, pos FROM es_append($1, $2, $3, $4::jsonb)';

/** The PostgreSQL adapter of the event store port; see schema.ts for the ordering argument. */
export class PostgresEventStore implements EventStore {
  constructor(private readonly pool: Pool) {}

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    return this.appendWith(this.pool, streamId, events, expected);
  }

  async appendMany(writes: StreamWrite[]): Promise<AppendResult[]> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // All stream locks first, in one order: no deadlock between two multi-stream writers, and no
      // transaction id is assigned before every lock is held (see es_append in schema.ts).
      const streams = [...new Set(writes.map((w) => w.streamId))].sort();
      await client.query(
        'SELECT pg_advisory_xact_lock(hashtextextended(s, 0)) FROM unnest($1::text[]) AS s ORDER BY s',
        [streams],
      );
      const results: AppendResult[] = [];
      for (const write of writes)
        results.push(await this.appendWith(client, write.streamId, write.events, write.expected));
      await client.query('COMMIT');
      return results;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      // As for a single append: a retry of a write that is wholly stored is a no-op.
      if (error instanceof WrongExpectedVersion || error instanceof DuplicateEventId) {
        const existing = await Promise.all(writes.map((w) => this.existingAppend(w.streamId, w.events)));
        if (existing.every((e) => e !== undefined)) return existing;
      }
      throw error;
    } finally {
      client.release();
    }
  }

  private async appendWith(
    db: Pool | PoolClient,
    streamId: string,
    events: NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    try {
      const { rows } = await db.query<{ next_revision: string; tx: string; pos: string }>({
        name: 'es_append',
        text: APPEND,
        values: [
          streamId,
          categoryOf(streamId),
          String(expected),
          JSON.stringify(
            events.map((e) => ({
              id: e.id,
              type: e.type,
              version: e.schemaVersion,
              at: (e.occurredAt ?? new Date()).toISOString(),
              data: e.data,
              metadata: e.metadata,
            })),
          ),
        ],
      });
      return { nextExpectedRevision: Number(rows[0].next_revision), position: makePosition(rows[0].tx, rows[0].pos) };
    } catch (error) {
      const code = (error as { code?: string }).code;
      // A retry racing its own first attempt loses the race (or hits the unique id) although all its
      // events are stored: that is the no-op the caller asked for, not a conflict.
      if ((code === 'ES001' || code === '23505') && db === this.pool) {
        const existing = await this.existingAppend(streamId, events);
        if (existing) return existing;
      }
      if (code === 'ES001')
        throw new WrongExpectedVersion(streamId, expected, Number((error as { detail?: string }).detail));
      if (code === '23505') throw new DuplicateEventId(`event ids already used: ${streamId}`);
      throw error;
    }
  }

  private async existingAppend(streamId: string, events: NewEvent[]): Promise<AppendResult | undefined> {
    const { rows } = await this.pool.query<{ stream_id: string; revision: string; tx: string; pos: string }>(
      `SELECT stream_id, revision, transaction_id::text AS tx, global_position AS pos FROM es_events
        WHERE event_id = ANY ($1::uuid[]) ORDER BY revision DESC`,
      [events.map((e) => e.id)],
    );
    if (rows.length !== events.length || rows.some((r) => r.stream_id !== streamId)) return undefined;
    return { nextExpectedRevision: Number(rows[0].revision), position: makePosition(rows[0].tx, rows[0].pos) };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? Number.MAX_SAFE_INTEGER : 0);
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM es_events WHERE stream_id = $1 AND revision ${backwards ? '<=' : '>='} $2
        ORDER BY revision ${backwards ? 'DESC' : 'ASC'} LIMIT $3`,
      [streamId, from, options.maxCount ?? 1_000_000],
    );
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const [tx, pos] = parsePosition(options.from ?? START);
    const after = options.inclusive && options.from ? '>=' : '>';
    const values: unknown[] = [tx.toString(), pos.toString(), options.maxCount ?? 1000];
    let categoryFilter = '';
    if (options.categories?.length) {
      values.push(options.categories);
      categoryFilter = 'AND category = ANY ($4::text[])';
    }
    const { rows } = await this.pool.query<EventRow>(
      // The horizon is computed once (an InitPlan), so it also bounds the index range scan.
      `SELECT ${COLUMNS} FROM es_events
        WHERE (transaction_id, global_position) ${after} ($1::xid8, $2::bigint)
          AND transaction_id < (SELECT pg_snapshot_xmin(pg_current_snapshot())) ${categoryFilter}
        ORDER BY transaction_id, global_position LIMIT $3`,
      values,
    );
    return rows.map(toRecordedEvent);
  }

  async readCategory(category: string, options: ReadCategoryOptions): Promise<CategoryStream[]> {
    // Only streams whose writers have committed are visible, and each is read whole in one snapshot.
    const { rows } = await this.pool.query<EventRow>(
      `WITH page AS (
         SELECT stream_id FROM es_streams WHERE category = $1 AND stream_id > $2 ORDER BY stream_id LIMIT $3)
       SELECT ${COLUMNS} FROM es_events JOIN page USING (stream_id) ORDER BY stream_id, revision`,
      [category, options.afterStreamId ?? '', options.maxStreams],
    );
    const streams: CategoryStream[] = [];
    for (const row of rows) {
      const last = streams[streams.length - 1];
      if (last?.streamId === row.stream_id) last.events.push(toRecordedEvent(row));
      else streams.push({ streamId: row.stream_id, events: [toRecordedEvent(row)] });
    }
    return streams;
  }

  async streamRevision(streamId: string): Promise<number> {
    const { rows } = await this.pool.query<{ revision: string }>(
      'SELECT revision FROM es_streams WHERE stream_id = $1',
      [streamId],
    );
    return rows.length ? Number(rows[0].revision) : -1;
  }

  comparePositions(a: Position, b: Position): number {
    return comparePositions(a, b);
  }

  async close(): Promise<void> {
    // The pool belongs to whoever made it.
  }
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    streamId: row.stream_id,
    revision: Number(row.revision),
    position: makePosition(row.tx, row.global_position),
    occurredAt: row.occurred_at,
    data: row.data,
    metadata: row.metadata,
    hash: row.hash.toString('hex'),
  };
}
