import { CheckpointStore, Position } from '@app/event-store';
import { Connection } from 'mongoose';
import { positionKey } from './position-key';

export const CHECKPOINT_COLLECTION = 'projection_checkpoints';

interface CheckpointDocument {
  _id: string;
  /** The store's opaque position, handed back to the subscription as is. */
  position: Position;
  /** Sortable form of `position`, for the forward-only guard. */
  positionKey: string;
  updatedAt: Date;
}

/**
 * Checkpoints in the read model's own database, next to the documents they describe: a database
 * restored from backup carries the matching checkpoints, and a rebuild drops both in one place.
 */
export class MongoCheckpointStore implements CheckpointStore {
  constructor(private readonly connection: Connection) {}

  private get collection() {
    return this.connection.collection<CheckpointDocument>(CHECKPOINT_COLLECTION);
  }

  async load(subscriptionId: string): Promise<Position | undefined> {
    const found = await this.collection.findOne({ _id: subscriptionId });
    return found?.position;
  }

  /** Moves forward only: a slower second runner of the same projection cannot pull it back. */
  async store(subscriptionId: string, position: Position): Promise<void> {
    const key = positionKey(position);
    try {
      await this.collection.updateOne(
        { _id: subscriptionId, $or: [{ positionKey: { $lt: key } }, { positionKey: { $exists: false } }] },
        { $set: { position, positionKey: key, updatedAt: new Date() } },
        { upsert: true },
      );
    } catch (error) {
      // Duplicate key: the checkpoint exists and is at or past this position.
      if ((error as { code?: number }).code !== 11000) throw error;
    }
  }

  async remove(subscriptionId: string): Promise<void> {
    await this.collection.deleteOne({ _id: subscriptionId });
  }
}
