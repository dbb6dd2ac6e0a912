import { Injectable } from '@nestjs/common';
import { EventMetadata, EventStore, RecordedEvent, WrongExpectedVersion } from '@app/event-store';
import { InjectEventStore } from '@app/event-store/nest';
import { revisionMismatch, VersionConflict } from '@app/platform';
import {
  Beneficiary,
  BeneficiaryCommand,
  BeneficiaryEvent,
  decide,
  foldBeneficiary,
  Rates,
  subsidyStream,
} from '../domain';
import { RateTables } from '../rates/rate-tables.service';
import { envelope } from '../shared/envelope';

export interface LoadedAccount {
  state: Beneficiary;
  /** Revision of the account's last event, -1 when none: the ETag. */
  revision: number;
}

export interface ExecuteOptions {
  /** The revision the client saw (If-Match); without it a lost race is retried on fresh state. */
  ifMatch?: number;
  /** Checks the caller may act on this account (throws when not), on the state the command is decided on. */
  authorize?: (state: Beneficiary) => void;
  /** Reactions to another service's event: ids derived from that event, and its correlation. */
  eventId?: (index: number) => string;
  metadata?: () => EventMetadata;
  rates?: Rates;
}

/** Folds a child's subsidy account from its stored events (the actor of each is in its decision record). */
export function foldAccount(events: RecordedEvent[]): Beneficiary {
  return foldBeneficiary(
    events.map((e) => ({
      event: { type: e.type, data: e.data } as BeneficiaryEvent,
      actorId: e.metadata.decision.actorId,
    })),
  );
}

/**
 * Load → decide → append (STYLE.md). Claims' `personal` field (diagnosis, hospital) is stored
 * encrypted with the child's own key.
 */
@Injectable()
export class SubsidyAccounts {
  constructor(
    @InjectEventStore() private readonly store: EventStore,
    private readonly rates: RateTables,
  ) {}

  async load(childId: string): Promise<LoadedAccount> {
    const events = await this.store.readStream(subsidyStream(childId));
    return { state: foldAccount(events), revision: events.length ? events[events.length - 1].revision : -1 };
  }

  async execute(
    childId: string,
    command: BeneficiaryCommand,
    options: ExecuteOptions = {},
  ): Promise<{ revision: number; events: BeneficiaryEvent[] }> {
    const rates = options.rates ?? (await this.rates.all());
    for (let attempt = 1; ; attempt++) {
      const { state, revision } = await this.load(childId);
      options.authorize?.(state);
      if (options.ifMatch !== undefined && options.ifMatch !== revision)
        throw revisionMismatch(options.ifMatch, revision);
      const events = decide(command, state, rates);
      if (!events.length) return { revision, events };
      try {
        const result = await this.store.append(
          subsidyStream(childId),
          envelope(events, command.metadata, {
            subjectId: childId,
            eventId: options.eventId,
            metadata: options.metadata,
          }),
          revision < 0 ? 'no_stream' : revision,
        );
        return { revision: result.nextExpectedRevision, events };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersion)) throw error;
        if (options.ifMatch !== undefined) throw revisionMismatch(options.ifMatch, error.actual, error);
        if (attempt >= 5) throw new VersionConflict({ actual: error.actual }, error);
      }
    }
  }
}
