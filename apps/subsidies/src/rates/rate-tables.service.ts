import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EventStore, systemDecision, WrongExpectedVersion } from '@app/event-store';
import { InjectEventStore } from '@app/event-store/nest';
import { revisionMismatch, VersionConflict } from '@app/platform';
import {
  CommandMetadata,
  decideIndexation,
  decidePublish,
  emptyRateTable,
  evolveRates,
  IndexRates,
  PROGRAMMES,
  ProgrammeCode,
  PublishRates,
  RateEvent,
  Rates,
  rateStream,
  RateTable,
  ZHEJIANG_DEFAULT_RATES,
} from '../domain';
import { envelope } from '../shared/envelope';

/** The rate tables: read whole (a few versions each), changed by publication or indexation. */
@Injectable()
export class RateTables implements OnApplicationBootstrap {
  private readonly logger = new Logger(RateTables.name);

  constructor(@InjectEventStore() private readonly store: EventStore) {}

  async load(programme: ProgrammeCode): Promise<{ table: RateTable; revision: number }> {
    const events = await this.store.readStream(rateStream(programme));
    const table = events.reduce((t, e) => evolveRates(t, e as unknown as RateEvent), emptyRateTable(programme));
    return { table, revision: events.length ? events[events.length - 1].revision : -1 };
  }

  /** Every programme's table in one round trip (the `rates` category holds one stream per programme). */
  async all(): Promise<Rates> {
    const rates: Rates = {};
    for (const code of Object.keys(PROGRAMMES) as ProgrammeCode[]) rates[code] = emptyRateTable(code);
    for (const { streamId, events } of await this.store.readCategory('rates', { maxStreams: 100 })) {
      const code = streamId.slice('rates-'.length) as ProgrammeCode;
      if (rates[code]) rates[code] = events.reduce((t, e) => evolveRates(t, e as unknown as RateEvent), rates[code]);
    }
    return rates;
  }

  async change(command: PublishRates | IndexRates, ifMatch?: number): Promise<{ revision: number; version: number }> {
    const { table, revision } = await this.load(command.data.programme);
    if (ifMatch !== undefined && ifMatch !== revision) throw revisionMismatch(ifMatch, revision);
    const events = command.type === 'PublishRates' ? decidePublish(command, table) : decideIndexation(command, table);
    try {
      const result = await this.store.append(
        rateStream(command.data.programme),
        envelope(events, command.metadata),
        revision,
      );
      return { revision: result.nextExpectedRevision, version: events[0].data.version };
    } catch (error) {
      if (error instanceof WrongExpectedVersion) throw new VersionConflict({ actual: error.actual }, error);
      throw error;
    }
  }

  /** Version 1 of each empty table: the defaults. Several replicas starting at once write it once. */
  async onApplicationBootstrap(): Promise<void> {
    for (const [programme, defaults] of Object.entries(ZHEJIANG_DEFAULT_RATES)) {
      const stream = rateStream(programme as ProgrammeCode);
      if ((await this.store.streamRevision(stream)) >= 0) continue;
      const metadata: CommandMetadata = {
        decision: systemDecision('subsidies-defaults', {
          agency: 'civil-affairs',
          jurisdiction: '330600',
          reason: '初始标准（浙江省默认值） / initial rates (Zhejiang defaults)',
          policy: PROGRAMMES[programme as ProgrammeCode].policy,
        }),
        now: new Date(),
      };
      const event: RateEvent = {
        type: 'RateVersionPublished',
        data: { programme: programme as ProgrammeCode, version: 1, retroactive: false, ...defaults },
      };
      try {
        await this.store.append(stream, envelope([event], metadata), 'no_stream');
        this.logger.log(`rate table ${programme}: default version 1 from ${defaults.effectiveFrom}`);
      } catch (error) {
        if (!(error instanceof WrongExpectedVersion)) throw error;
      }
    }
  }
}
