import { eventually } from '@app/testing';
import { Connection } from 'mongoose';
import { streamSummariesProjection } from './examples/stream-summaries.projection';
import { CHECKPOINT_COLLECTION } from './mongo-checkpoint-store';
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
import { ProjectionRegistry } from './projection-registry';
import { Projector } from './projector';
import { rebuildProjection } from './rebuild';
import { runRebuildCommand } from './rebuild.command';

let es: TestEventStore;
let live: Connection;
let rebuilt: Connection;
const category = testCategory();
const projection = streamSummariesProjection([category]);

beforeAll(async () => {
  es = await testEventStore();
  [live, rebuilt] = await Promise.all([testMongo(), testMongo()]);

  // The live read model: a projector that runs while events arrive in rounds, with restarts.
  for (let round = 0; round < 3; round++) {
    const projector = new Projector(es.store, live, projection, { batchSize: 70, idleDelayMs: 20 });
    projector.start();
    await appendEvents(es.store, category, { streams: 8, total: 150, perAppend: 7 + round });
    await eventually(async () => ((await projector.isCaughtUp()) ? true : undefined), 60_000, 'caught up');
    await projector.stop();
  }
});
afterAll(async () => {
  await Promise.all([dropMongo(live), dropMongo(rebuilt)]);
  await es.close();
});

const checkpointOf = (connection: Connection) =>
  connection.collection(CHECKPOINT_COLLECTION).findOne({ _id: projection.name as never });

describe('rebuilding a read model from the event store', () => {
  it('gives the same documents, positions and checkpoint as the projection that ran live', async () => {
    // Left-overs of an older read model, which the rebuild must not keep.
    await rebuilt.collection('stream_summaries').insertOne({ _id: 'stale' as never, eventCount: 99 });
    await rebuilt.collection(CHECKPOINT_COLLECTION).insertOne({ _id: projection.name as never, position: '1:1' });
    const progress: number[] = [];
    let total: number | undefined;

    const summary = await rebuildProjection({
      store: es.store,
      connection: rebuilt,
      projection,
      countEvents: async () => 450,
      onStart: (t) => (total = t),
      onProgress: (done) => progress.push(done),
      batchSize: 100,
    });

    expect(summary).toMatchObject({ projection: 'stream_summaries', events: 450, documents: 8 });
    expect(total).toBe(450);
    expect(progress).toEqual([100, 200, 300, 400, 450]);
    expect(await documents(rebuilt)).toEqual(await documents(live));
    expect(withoutPosition(await documents(rebuilt))).toEqual(expectedSummaries(await allEvents(es.store, category)));
    expect(await checkpointOf(rebuilt)).toMatchObject({ position: (await checkpointOf(live))!.position });
  });

  it('hands over to the service projector, which continues from where the rebuild ended', async () => {
    await appendEvents(es.store, category, { streams: 2, total: 10 });
    const projector = new Projector(es.store, rebuilt, projection);
    projector.start();
    await eventually(async () => ((await projector.isCaughtUp()) ? true : undefined), 30_000, 'caught up');
    await projector.stop();
    expect(projector.eventsProjected).toBe(10);
    expect(withoutPosition(await documents(rebuilt))).toEqual(expectedSummaries(await allEvents(es.store, category)));
  });
});

describe('npm run rebuild -- <projection>', () => {
  const registry = () => new ProjectionRegistry().add('test service', { projections: [projection] });
  const capture = () => {
    const lines: string[] = [];
    return { lines, output: { isTTY: false, write: (text: string) => lines.push(text) } };
  };

  it('replays with progress lines on a non-terminal stderr and ends with a summary in Chinese and English', async () => {
    const target = await testMongo();
    try {
      const [stdout, stderr] = [capture(), capture()];
      const code = await runRebuildCommand(['stream_summaries'], {
        env: { DATABASE_URL: es.url, MONGO_URL: mongoUrl(target) },
        stdout: stdout.output,
        stderr: stderr.output,
        registry: registry(),
      });

      expect(code).toBe(0);
      const events = await allEvents(es.store, category);
      expect(stderr.lines.at(-1)).toMatch(
        new RegExp(`^stream_summaries  100%  ${events.length}/${events.length} events  [\\d,]+ events/s  ETA 0s\\n$`),
      );
      expect(stderr.lines.join('')).not.toContain('\r');
      expect(stdout.lines).toHaveLength(1);
      expect(stdout.lines[0]).toMatch(
        new RegExp(
          `^重建完成：stream_summaries，重放 ${events.length} 个事件，写成 8 个文档，.* \\| Rebuilt stream_summaries: replayed ${events.length} events into 8 documents in \\d+s \\([\\d,]+ events/s\\)\\n$`,
        ),
      );
      expect(withoutPosition(await documents(target))).toEqual(expectedSummaries(events));
    } finally {
      await dropMongo(target);
    }
  });

  it('names the projections it knows when asked for one it does not', async () => {
    const stderr = capture();
    const code = await runRebuildCommand(['child_files'], {
      env: { DATABASE_URL: es.url, MONGO_URL: 'mongodb://127.0.0.1:1/x' },
      stdout: capture().output,
      stderr: stderr.output,
      registry: registry(),
    });
    expect(code).toBe(2);
    expect(stderr.lines.join('')).toBe('unknown projection "child_files"; known: stream_summaries\n');
  });

  it('says which setting is missing', async () => {
    const stderr = capture();
    const code = await runRebuildCommand(['stream_summaries'], {
      env: { DATABASE_URL: es.url },
      stdout: capture().output,
      stderr: stderr.output,
      registry: registry(),
    });
    expect(code).toBe(2);
    expect(stderr.lines.join('')).toMatch(/^MONGO_URL is missing/);
  });
});

function mongoUrl(connection: Connection): string {
  const { host, port, name } = connection;
  return `mongodb://${host}:${port}/${name}`;
}
