import { AppendResult, ExpectedRevision, NewEvent, Position, RecordedEvent, StreamWrite } from './envelope';
import { assertAppendable } from './decision-record';
import { CategoryStream, EventStore, ReadAllOptions, ReadCategoryOptions, ReadStreamOptions } from './event-store';
import { hasEncryptedFields, PersonalDataVault } from './personal-data/personal-data-vault';
import { Upcasters } from './upcasting';

/**
 * The event store every service uses, over any adapter: refuses appends without a decision record,
 * stores marked personal data encrypted, and on read decrypts and upcasts to the current shapes.
 */
export class ProtectedEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly vault?: PersonalDataVault,
    private readonly upcasters = new Upcasters(),
  ) {}

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    assertAppendable(streamId, events, expected);
    return this.inner.append(streamId, await this.encrypt(events), expected);
  }

  async appendMany(writes: StreamWrite[]): Promise<AppendResult[]> {
    for (const write of writes) assertAppendable(write.streamId, write.events, write.expected);
    const encrypted = await Promise.all(writes.map(async (w) => ({ ...w, events: await this.encrypt(w.events) })));
    return this.inner.appendMany(encrypted);
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.prepare(await this.inner.readStream(streamId, options));
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.prepare(await this.inner.readAll(options));
  }

  async readCategory(category: string, options: ReadCategoryOptions): Promise<CategoryStream[]> {
    const streams = await this.inner.readCategory(category, options);
    return Promise.all(streams.map(async (s) => ({ streamId: s.streamId, events: await this.prepare(s.events) })));
  }

  streamRevision(streamId: string): Promise<number> {
    return this.inner.streamRevision(streamId);
  }

  comparePositions(a: Position, b: Position): number {
    return this.inner.comparePositions(a, b);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private async encrypt(events: NewEvent[]): Promise<NewEvent[]> {
    return Promise.all(
      events.map(async (event) => {
        if (!event.personalData) return event;
        if (!this.vault) throw new Error(`event ${event.type} marks personal data but no vault is configured`);
        const { personalData, ...rest } = event;
        return { ...rest, data: await this.vault.encrypt(event.data, personalData) };
      }),
    );
  }

  private async prepare(events: RecordedEvent[]): Promise<RecordedEvent[]> {
    // Most events carry no personal data: they skip the vault without a promise each.
    const prepared: RecordedEvent[] = new Array(events.length);
    for (let i = 0; i < events.length; i++) {
      const event = events[i];
      const decrypted =
        this.vault && hasEncryptedFields(event.data) ? { ...event, data: await this.vault.decrypt(event.data) } : event;
      prepared[i] = this.upcasters.apply(decrypted);
    }
    return prepared;
  }
}
