import type {
  AppendResult as KurrentAppendResult,
  AppendToStreamOptions,
  EventData,
  ReadStreamOptions as KurrentReadStreamOptions,
  ResolvedEvent,
  StreamMetadata,
} from '@kurrent/kurrentdb-client';
import { randomUUID } from 'node:crypto';
import { Position } from '../envelope';
import { CheckpointStore } from '../event-store';
import { parsePosition } from '../position';
import { CHECKPOINT_STREAM_PREFIX, isStreamNotFoundError } from './kurrentdb-mapping';

/** The part of KurrentDBClient the checkpoint store uses (a KurrentDBClient is one). */
export interface KurrentCheckpointClient {
  appendToStream(
    streamName: string,
    events: EventData[],
    options?: AppendToStreamOptions,
  ): Promise<KurrentAppendResult>;
  readStream(streamName: string, options?: KurrentReadStreamOptions): AsyncIterable<ResolvedEvent>;
  setStreamMetadata(streamName: string, metadata: StreamMetadata): Promise<KurrentAppendResult>;
}

/** Old checkpoints are worthless; KurrentDB drops all but the last few when it scavenges. */
const KEEP_CHECKPOINTS = 5;

export function checkpointStream(subscriptionId: string): string {
  return `${CHECKPOINT_STREAM_PREFIX}${subscriptionId}`;
}

/**
 * Subscription checkpoints kept in KurrentDB itself, one stream per subscription (its last event is
 * the checkpoint), so that a deployment on KurrentDB needs no PostgreSQL for its subscriptions. The
 * streams are internal (`es.` prefix): readAll never returns them.
 */
export class KurrentDbCheckpointStore implements CheckpointStore {
  private readonly limited = new Set<string>();

  constructor(private readonly client: KurrentCheckpointClient) {}

  async load(subscriptionId: string): Promise<Position | undefined> {
    try {
      for await (const resolved of this.client.readStream(checkpointStream(subscriptionId), {
        direction: 'backwards',
        fromRevision: 'end',
        maxCount: 1,
      })) {
        const position = (resolved.event?.data as { position?: unknown } | undefined)?.position;
        if (typeof position === 'string') {
          parsePosition(position as Position); // refuses anything that is not a position
          return position as Position;
        }
      }
    } catch (error) {
      if (!isStreamNotFoundError(error)) throw error;
    }
    return undefined;
  }

  async store(subscriptionId: string, position: Position): Promise<void> {
    const stream = checkpointStream(subscriptionId);
    if (!this.limited.has(stream)) {
      await this.client.setStreamMetadata(stream, { maxCount: KEEP_CHECKPOINTS });
      this.limited.add(stream);
    }
    await this.client.appendToStream(
      stream,
      [
        {
          id: randomUUID(),
          contentType: 'application/json',
          type: 'CheckpointStored',
          data: { position },
          metadata: undefined,
        },
      ],
      { streamState: 'any' },
    );
  }
}
