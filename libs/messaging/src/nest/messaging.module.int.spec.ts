import { randomUUID } from 'node:crypto';
import { Global, INestApplicationContext, Injectable, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { Kafka, logLevel } from 'kafkajs';
import { Pool } from 'pg';
import { CaseClosed, CaseOpened, exampleCaseContracts } from '@app/contracts/examples/case-contracts';
import { ensureEventStoreSchema, PostgresEventStore, ProtectedEventStore, systemDecision } from '@app/event-store';
import { KAFKA, PG_POOL } from '@app/platform';
import { createTestDatabase, eventually, testSettings, uniqueName } from '@app/testing';
import { HandlerContext, InboxContext, IntegrationEvent } from '../consumer/handler';
import { caseClosed, caseMapper, caseOpened, caseStream } from '../testing/case-events';
import { MessagingModule } from './messaging.module';
import { MessagingRuntime } from './messaging.runtime';
import { OnIntegrationEvent } from './on-integration-event.decorator';

const topic = uniqueName('cases');
const service = uniqueName('cases_svc');
const contracts = exampleCaseContracts(topic);
const EVENT_STORE = Symbol('EVENT_STORE');

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: Pool;
let store: ProtectedEventStore;
const kafka = new Kafka({
  clientId: 'module-test',
  brokers: testSettings().KAFKA_BROKERS.split(','),
  logLevel: logLevel.NOTHING,
});

/** A process manager of the example service, reacting to its own cases (in a real system: another service's). */
@Injectable()
class CaseReactions {
  @OnIntegrationEvent(contracts.caseOpened)
  async countOpened(event: IntegrationEvent<CaseOpened>, ctx: InboxContext): Promise<void> {
    await ctx.tx.query('INSERT INTO opened_cases (event_id, case_id) VALUES ($1, $2)', [
      event.id,
      event.payload.caseId,
    ]);
  }

  @OnIntegrationEvent(contracts.caseClosed, { idempotency: 'deterministic-ids', group: 'closures' })
  async archive(event: IntegrationEvent<CaseClosed>, ctx: HandlerContext): Promise<void> {
    const decision = systemDecision('case-archive', {
      agency: 'civil-affairs',
      jurisdiction: '330602',
      reason: `case closed: ${event.payload.outcome}`,
      policy: '浙民儿〔2014〕87号',
    });
    await store.append(
      `archive-${event.payload.caseId}`,
      [
        {
          id: ctx.deriveEventId(),
          type: 'CaseArchived',
          schemaVersion: 1,
          data: event.payload,
          metadata: ctx.causedBy(decision),
        },
      ],
      'any',
    );
  }
}

@Global()
@Module({
  providers: [
    { provide: KAFKA, useFactory: () => kafka },
    { provide: PG_POOL, useFactory: () => pool },
    { provide: EVENT_STORE, useFactory: () => store },
  ],
  exports: [KAFKA, PG_POOL, EVENT_STORE],
})
class TestInfrastructure {}

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true }),
    TestInfrastructure,
    MessagingModule.forService({
      service,
      relay: { categories: ['case'], mapper: caseMapper(topic), eventStore: EVENT_STORE, batchSize: 50 },
      consumers: { retry: { initialDelayMs: 20 } },
    }),
  ],
  providers: [CaseReactions],
})
class CaseServiceModule {}

beforeAll(async () => {
  database = await createTestDatabase('msg_module');
  pool = new Pool({ connectionString: database.url, max: 10 });
  await ensureEventStoreSchema(pool);
  await pool.query('CREATE TABLE opened_cases (event_id uuid NOT NULL, case_id uuid NOT NULL)');
  store = new ProtectedEventStore(new PostgresEventStore(pool));
});
afterAll(async () => {
  delete process.env.MESSAGING_RELAY;
  delete process.env.MESSAGING_CONSUMERS;
  await pool.end();
  await database.drop();
});

async function boot(): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(CaseServiceModule, { logger: false });
}

describe('MessagingModule in a service', () => {
  it('relays the service’s events and runs the discovered handlers, each in its consumer group, once per event', async () => {
    const app = await boot();
    try {
      const runtime = app.get(MessagingRuntime);
      expect(runtime.status().consumers).toEqual([
        { groupId: service, contracts: ['example.CaseOpened.v1'] },
        { groupId: `${service}.closures`, contracts: ['example.CaseClosed.v1'] },
      ]);
      const cases = [randomUUID(), randomUUID()];
      for (const caseId of cases) {
        await store.append(caseStream(caseId), [caseOpened(caseId), caseClosed(caseId)], 'no_stream');
      }
      await eventually(
        async () => {
          const { rows } = await pool.query('SELECT count(*)::int AS n FROM opened_cases');
          const archived = await Promise.all(cases.map((id) => store.readStream(`archive-${id}`)));
          return rows[0].n === 2 && archived.every((a) => a.length === 1) ? true : undefined;
        },
        30_000,
        'both cases counted and archived',
      );
      expect(runtime.status().relay).toMatchObject({ running: true, published: 4 });
    } finally {
      await app.close();
    }

    // Booted again, it relays nothing twice and handles nothing twice.
    const again = await boot();
    try {
      await again.get(MessagingRuntime).ready();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(again.get(MessagingRuntime).status().relay).toMatchObject({ published: 0 });
      const { rows } = await pool.query('SELECT count(*)::int AS n FROM opened_cases');
      expect(rows[0].n).toBe(2);
    } finally {
      await again.close();
    }
  });

  it('switches the relay and the consumers off by configuration', async () => {
    process.env.MESSAGING_RELAY = 'off';
    process.env.MESSAGING_CONSUMERS = 'off';
    const app = await boot();
    try {
      expect(app.get(MessagingRuntime).status()).toEqual({ relay: 'off', consumers: 'off' });
    } finally {
      await app.close();
    }
  });
});
