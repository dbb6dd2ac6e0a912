import { createHmac, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EventStore, NewEvent, StreamWrite, WrongExpectedVersion } from '@app/event-store';
import { InjectEventStore } from '@app/event-store/nest';
import { revisionMismatch, secretFromConfiguration, VersionConflict } from '@app/platform';
import {
  ChildFile,
  ChildFileCommand,
  CommandMetadata,
  decideMerge,
  ChildFileEvent,
  childStream,
  decide,
  evolve,
  idNumberReservationStream,
  initialChildFile,
  RegisterChild,
  RegistryError,
} from '../domain';

export interface LoadedFile {
  file: ChildFile;
  /** Revision of the file's last event, -1 when none: the ETag. */
  revision: number;
}

/** Keyed hashes that let the registry find a file by ID number or name without storing them. */
export interface LookupKeys {
  idNumber: string | null;
  name: string;
}

/**
 * Load → decide → append (STYLE.md: the handler only loads, decides and appends). Every event is
 * wrapped in the store's envelope with the command's decision record; the `personal` field is
 * stored encrypted with the child's own key.
 */
@Injectable()
export class ChildFiles {
  private readonly blindIndexKey: Buffer;

  constructor(
    @InjectEventStore() private readonly store: EventStore,
    config: ConfigService,
  ) {
    this.blindIndexKey = secretFromConfiguration('BLIND_INDEX_KEY', config.get<string>('BLIND_INDEX_KEY'));
  }

  /** HMAC-SHA-256 of a normalised identifier; the same value for the same person in every process. */
  lookupKey(kind: 'id-number' | 'name', value: string): string {
    const normalised = kind === 'id-number' ? value.trim().toUpperCase() : value.replace(/\s+/g, '').normalize('NFKC');
    return createHmac('sha256', this.blindIndexKey).update(`${kind}:${normalised}`).digest('hex');
  }

  async load(childId: string): Promise<LoadedFile> {
    const events = await this.store.readStream(childStream(childId));
    let file: ChildFile = initialChildFile();
    for (const event of events) file = evolve(file, { type: event.type, data: event.data } as ChildFileEvent);
    return { file, revision: events.length ? events[events.length - 1].revision : -1 };
  }

  async loadExisting(childId: string): Promise<LoadedFile> {
    const loaded = await this.load(childId);
    if (loaded.file.status === 'unregistered') throw new RegistryError('REGISTRY.NOT_FOUND', { childId });
    return loaded;
  }

  /**
   * Decides a command on the file and appends the outcome at the revision it was decided on (or at
   * `ifMatch`, the revision the client saw). Returns the new revision; an empty decision (the
   * outcome already held) writes nothing.
   */
  async execute(
    childId: string,
    command: Exclude<ChildFileCommand, RegisterChild>,
    options: { ifMatch?: number; correlationId?: string } = {},
  ): Promise<{ revision: number; events: ChildFileEvent[] }> {
    const { file, revision } = await this.loadExisting(childId);
    if (options.ifMatch !== undefined && options.ifMatch !== revision)
      throw revisionMismatch(options.ifMatch, revision);
    const events = decide(command, file);
    if (!events.length) return { revision, events };
    const expected = options.ifMatch ?? revision;
    try {
      const result = await this.store.append(
        childStream(childId),
        this.envelope(childId, events, command, options.correlationId),
        expected,
      );
      return { revision: result.nextExpectedRevision, events };
    } catch (error) {
      if (error instanceof WrongExpectedVersion) {
        if (options.ifMatch !== undefined) throw revisionMismatch(options.ifMatch, error.actual, error);
        throw new VersionConflict({ actual: error.actual }, error);
      }
      throw error;
    }
  }

  /** Merges a duplicate file into the survivor: both events in one atomic write, at the revisions read. */
  async merge(duplicateId: string, survivorId: string, metadata: CommandMetadata): Promise<{ revision: number }> {
    const [duplicate, survivor] = await Promise.all([this.loadExisting(duplicateId), this.loadExisting(survivorId)]);
    const decision = decideMerge(
      { duplicateId, survivorId },
      { duplicate: duplicate.file, survivor: survivor.file },
      metadata,
    );
    if (!decision.duplicate.length && !decision.survivor.length) return { revision: duplicate.revision };
    const command = { metadata };
    try {
      const [result] = await this.store.appendMany(
        [
          {
            streamId: childStream(duplicateId),
            events: this.envelope(duplicateId, decision.duplicate, command),
            expected: duplicate.revision,
          },
          {
            streamId: childStream(survivorId),
            events: this.envelope(survivorId, decision.survivor, command),
            expected: survivor.revision,
          },
        ].filter((w) => w.events.length),
      );
      return { revision: result.nextExpectedRevision };
    } catch (error) {
      if (error instanceof WrongExpectedVersion) throw new VersionConflict({ actual: error.actual }, error);
      throw error;
    }
  }

  /**
   * Opens a file. One file per ID number is decided by the event store, not by a lagging read
   * model: a reservation stream named by the number's keyed hash is appended with no_stream in the
   * same atomic write.
   */
  async register(command: RegisterChild, keys: LookupKeys, correlationId?: string): Promise<{ revision: number }> {
    // Decided on an empty file first, without reading the stream: almost every registration opens a
    // new file, and the append's no_stream tells the rare repeat or clash apart (handled below).
    let events: ChildFileEvent[];
    try {
      events = decide(command, initialChildFile());
    } catch (error) {
      // A repeat of an earlier registration is answered from the file, whatever the checks say now.
      const repeat = error instanceof RegistryError ? await this.answerRepeat(command) : undefined;
      if (repeat) return repeat;
      throw error;
    }
    const registered = this.envelope(command.data.childId, events, command, correlationId).map((event, i) =>
      // The lookup keys travel with the registration (not personal data: keyed hashes) so the
      // read model can find the file by ID number or name.
      i === 0 ? { ...event, data: { ...(event.data as object), lookup: keys } } : event,
    );
    const writes: StreamWrite[] = [
      { streamId: childStream(command.data.childId), events: registered, expected: 'no_stream' },
    ];
    if (keys.idNumber) {
      writes.push({
        streamId: idNumberReservationStream(keys.idNumber),
        events: this.envelope(
          command.data.childId,
          [{ type: 'IdNumberReserved', data: { childId: command.data.childId } }],
          command,
          correlationId,
          false,
        ),
        expected: 'no_stream',
      });
    }
    try {
      const [result] = await this.store.appendMany(writes);
      return { revision: result.nextExpectedRevision };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersion)) throw error;
      // The file exists: a repeated registration changes nothing and answers the file's current
      // revision (its ETag); another child under this id is refused by the decider.
      const repeat = await this.answerRepeat(command);
      if (repeat) return repeat;
      if (keys.idNumber && error.streamId === idNumberReservationStream(keys.idNumber)) {
        const [reservation] = await this.store.readStream(error.streamId, { maxCount: 1 });
        throw new RegistryError('REGISTRY.DUPLICATE_ID_NUMBER', {
          existingChildId: (reservation?.data as { childId?: string })?.childId,
        });
      }
      throw new RegistryError('REGISTRY.ALREADY_REGISTERED', { childId: command.data.childId });
    }
  }

  /**
   * When the file exists: a repeated registration (same child) answers the file's revision; another
   * child under this id is refused (REGISTRY.ALREADY_REGISTERED, by the decider). Undefined when
   * there is no file.
   */
  private async answerRepeat(command: RegisterChild): Promise<{ revision: number } | undefined> {
    const { file, revision } = await this.load(command.data.childId);
    if (file.status === 'unregistered') return undefined;
    if (decide(command, file).length) throw new RegistryError('REGISTRY.ALREADY_REGISTERED', { childId: file.childId });
    return { revision };
  }

  private envelope(
    childId: string,
    events: { type: string; data: unknown }[],
    command: { metadata: { decision: NewEvent['metadata']['decision']; now: Date } },
    correlationId: string = randomUUID(),
    personal = true,
  ): NewEvent[] {
    const causationId = randomUUID();
    return events.map((event) => {
      const data = event.data as Record<string, unknown>;
      const hasPersonal = personal && data.personal !== undefined && data.personal !== null;
      return {
        id: randomUUID(),
        type: event.type,
        schemaVersion: 1,
        data,
        occurredAt: command.metadata.now,
        metadata: { correlationId, causationId, decision: command.metadata.decision },
        ...(hasPersonal ? { personalData: { subjectId: childId, fields: ['personal'] } } : {}),
      };
    });
  }
}
