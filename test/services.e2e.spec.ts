import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { INestApplication, Module, Type } from '@nestjs/common';
import { createServiceApp, PlatformModule, SERVICE_NAMES, ServiceName } from '@app/platform';
import { EmergencyModule } from '../apps/emergency/src/emergency.module';
import { GatewayModule } from '../apps/gateway/src/gateway.module';
import { PlacementModule } from '../apps/placement/src/placement.module';
import { ReferralsModule } from '../apps/referrals/src/referrals.module';
import { RegistryModule } from '../apps/registry/src/registry.module';
import { SubsidiesModule } from '../apps/subsidies/src/subsidies.module';

const ROOT_MODULES: Record<ServiceName, Type<unknown>> = {
  gateway: GatewayModule,
  registry: RegistryModule,
  subsidies: SubsidiesModule,
  placement: PlacementModule,
  emergency: EmergencyModule,
  referrals: ReferralsModule,
};

async function start(name: ServiceName): Promise<{ app: INestApplication; url: string }> {
  const app = await createServiceApp(name, ROOT_MODULES[name]);
  await app.listen(0, '127.0.0.1');
  return { app, url: await app.getUrl() };
}

describe('every service boots against the real servers', () => {
  beforeAll(() => {
    process.env.LOG_LEVEL = 'warn';
  });

  it.each(SERVICE_NAMES)('%s reports PostgreSQL, Kafka and MongoDB on /health and serves /docs', async (name) => {
    const { app, url } = await start(name);
    try {
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(200);
      const body = (await health.json()) as { status: string; info: Record<string, { status: string }> };
      expect(body.status).toBe('ok');
      expect(Object.keys(body.info).sort()).toEqual(['kafka', 'mongodb', 'postgres']);
      for (const indicator of Object.values(body.info)) expect(indicator.status).toBe('up');

      const docs = await fetch(`${url}/docs-json`);
      const openapi = (await docs.json()) as { openapi: string; info: { title: string }; paths: object };
      expect(openapi.openapi).toMatch(/^3\./);
      expect(openapi.paths).toHaveProperty('/health');
      expect((await fetch(`${url}/docs`)).headers.get('content-type')).toContain('text/html');
    } finally {
      await app.close();
    }
  });

  it('reports a broker that does not answer as down, with 503, while the others stay up', async () => {
    const brokers = process.env.KAFKA_BROKERS;
    process.env.KAFKA_BROKERS = '127.0.0.1:1';
    // Configuration is read when the module is declared, so this one is declared after the change.
    @Module({ imports: [PlatformModule.forService('registry')] })
    class RegistryWithoutBroker {}
    const app = await createServiceApp('registry', RegistryWithoutBroker);
    await app.listen(0, '127.0.0.1');
    const url = await app.getUrl();
    try {
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(503);
      const body = (await health.json()) as { details: Record<string, { status: string }> };
      expect(body.details.kafka.status).toBe('down');
      expect(body.details.postgres.status).toBe('up');
      expect(body.details.mongodb.status).toBe('up');
    } finally {
      process.env.KAFKA_BROKERS = brokers;
      await app.close();
    }
  });
});

describe('a service started with a bad setting', () => {
  const main = resolve(__dirname, '../dist/apps/registry/src/main.js');

  beforeAll(() => {
    if (!existsSync(main)) throw new Error(`${main} is missing: run "npm run build" first (the test command does)`);
  });

  it.each([
    ['KAFKA_BROKERS', undefined, /^registry: Configuration error: KAFKA_BROKERS is missing/],
    ['MONGO_URL', 'mongodb://nowhere', /^registry: Configuration error: MONGO_URL must be a mongodb:\/\/ URL/],
    ['PORT', 'http', /^registry: Configuration error: PORT must be a whole number/],
  ])('stops with one line naming %s', (setting, value, expected) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '' };
    if (value === undefined) delete env[setting];
    else env[setting] = value;
    const run = spawnSync(process.execPath, [main], { env, encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(expected);
  });
});
