import { eventually, PrivateServer, startPrivateServer } from '@app/testing';
import { Connection } from 'mongoose';
import { streamSummariesProjection } from './examples/stream-summaries.projection';
import {
  allEvents,
  appendEvents,
  documents,
  dropMongo,
  expectedSummaries,
  testCategory,
  testEventStore,
  TestEventStore,
  testMongo,
  withoutPosition,
} from './projection-fixtures.spec';
import { Projector } from './projector';
import { rebuildProjection } from './rebuild';

const EVENTS = 3000;

let server: PrivateServer;
let es: TestEventStore;
let live: Connection;
let rebuilt: Connection | undefined;

beforeAll(async () => {
  // A FerretDB of this file's own: the shared one serves other tests and is never restarted.
  server = startPrivateServer('ferretdb', 2);
  es = await testEventStore();
  live = await testMongo(server.url);
});
afterAll(async () => {
  await dropMongo(live);
  if (rebuilt) await dropMongo(rebuilt);
  await es.close();
  server.destroy();
});

describe('a projector whose MongoDB server crashes and comes back', () => {
  it('resumes on its own, and its read model then equals a fresh rebuild', async () => {
    const category = testCategory();
    const projection = streamSummariesProjection([category]);
    await appendEvents(es.store, category, { streams: 30, total: EVENTS, perAppend: 50 });
    const warnings: string[] = [];
    const projector = new Projector(es.store, live, projection, {
      batchSize: 100,
      logger: { log: () => undefined, warn: (message) => warnings.push(message) },
    });

    projector.start();
    await eventually(async () => (projector.eventsProjected >= 600 ? true : undefined), 60_000, '600 events projected');
    server.stop('SIGKILL'); // mid-work: some batch is being written right now
    const projectedAtCrash = projector.eventsProjected;
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // down for a while; the projector keeps trying
    server.start();

    await eventually(
      async () => ((await projector.isCaughtUp()) ? true : undefined),
      90_000,
      'caught up after the restart',
    );
    await projector.stop();

    expect(projectedAtCrash).toBeLessThan(EVENTS);
    expect(warnings.some((w) => w.startsWith('projection stream_summaries: projecting failed, will retry'))).toBe(true);
    expect(projector.status()).toMatchObject({ state: 'stopped' });

    rebuilt = await testMongo(server.url);
    const summary = await rebuildProjection({ store: es.store, connection: rebuilt, projection, batchSize: 500 });
    expect(summary.events).toBe(EVENTS);
    expect(await documents(live)).toEqual(await documents(rebuilt));
    expect(withoutPosition(await documents(live))).toEqual(expectedSummaries(await allEvents(es.store, category)));
  });
});
