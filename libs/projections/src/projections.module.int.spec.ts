import { Global, INestApplicationContext, Injectable, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getConnectionToken, InjectModel, MongooseModule } from '@nestjs/mongoose';
import { EventStore } from '@app/event-store';
import { eventually, testSettings, uniqueName, withDatabase } from '@app/testing';
import { Connection, Model } from 'mongoose';
import { StreamSummary, streamSummariesProjection } from './examples/stream-summaries.projection';
import { appendEvents, testCategory, testEventStore, TestEventStore } from './projection-fixtures.spec';
import { ProjectionsModule, ProjectorHost } from './projections.module';

const EVENT_STORE = Symbol('EVENT_STORE');
let es: TestEventStore;

@Global()
@Module({ providers: [{ provide: EVENT_STORE, useFactory: (): EventStore => es.store }], exports: [EVENT_STORE] })
class TestEventStoreModule {}

/** What a service's query side looks like: it reads the read model through the injected model. */
@Injectable()
class StreamQueries {
  constructor(@InjectModel('stream_summaries') private readonly summaries: Model<StreamSummary>) {}

  async eventsIn(category: string): Promise<number> {
    const summaries = await this.summaries.find({ category }).lean();
    return summaries.reduce((n, s) => n + s.eventCount, 0);
  }
}

function serviceModule(category: string, database: string, enabled?: boolean): Type<unknown> {
  @Module({
    imports: [
      MongooseModule.forRoot(withDatabase(testSettings().MONGO_URL, database)),
      TestEventStoreModule,
      ProjectionsModule.forRoot({
        projections: [streamSummariesProjection([category])],
        eventStore: EVENT_STORE,
        enabled,
        projector: { idleDelayMs: 20 },
      }),
    ],
    providers: [StreamQueries],
  })
  class ServiceModule {}
  return ServiceModule;
}

beforeAll(async () => {
  es = await testEventStore();
});
afterAll(async () => {
  await es.close();
});

describe('ProjectionsModule in a service', () => {
  it('runs the projectors after boot, and the service queries the read model through its injected model', async () => {
    const category = testCategory();
    const app = await NestFactory.createApplicationContext(serviceModule(category, uniqueName('proj_nest')), {
      logger: false,
    });
    try {
      await appendEvents(es.store, category, { streams: 3, total: 40 });
      const queries = app.get(StreamQueries);
      await eventually(async () => ((await queries.eventsIn(category)) === 40 ? true : undefined), 30_000);
      expect(app.get(ProjectorHost).status()).toEqual([
        { projection: 'stream_summaries', state: 'running', eventsProjected: 40, lastError: undefined },
      ]);
    } finally {
      await dropDatabaseOf(app);
      await app.close();
    }
  });

  it('registers the models but projects nothing when switched off', async () => {
    const category = testCategory();
    await appendEvents(es.store, category, { streams: 2, total: 10 });
    const app = await NestFactory.createApplicationContext(serviceModule(category, uniqueName('proj_nest'), false), {
      logger: false,
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await app.get(StreamQueries).eventsIn(category)).toBe(0);
      expect(app.get(ProjectorHost).status()).toMatchObject([{ state: 'stopped', eventsProjected: 0 }]);
    } finally {
      await dropDatabaseOf(app);
      await app.close();
    }
  });
});

async function dropDatabaseOf(app: INestApplicationContext): Promise<void> {
  await app
    .get<Connection>(getConnectionToken())
    .dropDatabase()
    .catch(() => undefined);
}
