import type { KurrentDBClient } from '@kurrent/kurrentdb-client';
import { GenericContainer, StartedTestContainer, Wait } from 'testcontainers';
import { CONTAINER_IMAGES } from '@app/testing';
import { eventStoreContract } from '../contract/event-store.contract';
import { ProtectedEventStore } from '../protected-event-store';
import { KurrentDbCheckpointStore } from './kurrentdb-checkpoint-store';
import { connectKurrentDb } from './kurrentdb-connection';
import { KurrentDbEventStore } from './kurrentdb-event-store';

// The shared contract against a real KurrentDB (25.1 or later: multi-stream append):
//   KURRENTDB_URL=kurrentdb://127.0.0.1:2113?tls=false   a running node (every test uses fresh streams)
//   otherwise, when a Docker engine answers               one started here with testcontainers
// Jest's `kurrentdb` project selects this file only when one of the two is available.

let container: StartedTestContainer | undefined;
let client: KurrentDBClient;

beforeAll(async () => {
  let url = process.env.KURRENTDB_URL;
  if (!url) {
    container = await new GenericContainer(CONTAINER_IMAGES.kurrentdb)
      .withEnvironment({ KURRENTDB_INSECURE: 'true', KURRENTDB_RUN_PROJECTIONS: 'None' })
      .withExposedPorts(2113)
      .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCodeMatching((code) => code >= 200 && code < 300))
      .withStartupTimeout(180_000)
      .start();
    url = `kurrentdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`;
  }
  client = connectKurrentDb(url);
}, 300_000);

afterAll(async () => {
  await client?.dispose();
  await container?.stop();
});

eventStoreContract('KurrentDB', () => ({
  store: new ProtectedEventStore(new KurrentDbEventStore(client)),
  checkpoints: new KurrentDbCheckpointStore(client),
}));
