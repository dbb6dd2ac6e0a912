import { resolve } from 'node:path';
import { EventStore, PostgresEventStore, ProtectedEventStore } from '@app/event-store';
import mongoose from 'mongoose';
import { Pool } from 'pg';
import { streamSummariesProjection } from './examples/stream-summaries.projection';
import { ferretDbPostgresUrl } from './ferretdb-indexes';
import { formatDuration, ProgressBar, ProgressOutput } from './progress-bar';
import {
  discoverRegistryFiles,
  loadRegistryModule,
  ProjectionRegistry,
  RegisteredProjection,
} from './projection-registry';
import { rebuildProjection, RebuildSummary } from './rebuild';

const USAGE = `usage: npm run rebuild -- <projection> [--registry <file.js>]…
       npm run rebuild -- --list
Drops the projection's collections and checkpoint in MONGO_URL's database and replays the event
store at DATABASE_URL. Stop the service's projectors first (PROJECTIONS_ENABLED=false).
Projections come from every compiled service's src/projections.js and from --registry files.`;

export interface CommandIo {
  env: Record<string, string | undefined>;
  stdout: ProgressOutput;
  stderr: ProgressOutput;
  /** Given: use it as is (tests). Absent: discover the services' registries next to this file. */
  registry?: ProjectionRegistry;
}

const defaultIo = (): CommandIo => ({ env: process.env, stdout: process.stdout, stderr: process.stderr });

/** Runs the command; returns the exit code (0 done, 1 failed, 2 usage). */
export async function runRebuildCommand(args: string[], io: CommandIo = defaultIo()): Promise<number> {
  const parsed = parseArgs(args);
  if ('help' in parsed) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if ('error' in parsed) {
    io.stderr.write(`${parsed.error}\n${USAGE}\n`);
    return 2;
  }
  let registry: ProjectionRegistry;
  try {
    registry = io.registry ?? (await discoverRegistry(parsed.registries));
  } catch (error) {
    io.stderr.write(`cannot load projections: ${message(error)}\n`);
    return 1;
  }
  if (parsed.list) {
    for (const name of registry.names()) io.stdout.write(`${name}\t${registry.get(name)!.source}\n`);
    return 0;
  }
  const entry = registry.get(parsed.projection!);
  if (!entry) {
    io.stderr.write(`unknown projection "${parsed.projection}"; known: ${registry.names().join(', ') || 'none'}\n`);
    return 2;
  }
  for (const setting of ['DATABASE_URL', 'MONGO_URL'] as const)
    if (!io.env[setting]) {
      io.stderr.write(`${setting} is missing: the rebuild reads the event store at DATABASE_URL into MONGO_URL\n`);
      return 2;
    }

  try {
    const summary = await rebuild(entry, io);
    io.stdout.write(`${summaryLine(summary)}\n`);
    return 0;
  } catch (error) {
    io.stderr.write(`\n重建失败 / Rebuild failed: ${entry.projection.name}: ${message(error)}\n`);
    return 1;
  }
}

async function rebuild(entry: RegisteredProjection, io: CommandIo): Promise<RebuildSummary> {
  const pool = new Pool({ connectionString: io.env.DATABASE_URL, max: 2, connectionTimeoutMillis: 10_000 });
  const connection = mongoose.createConnection(io.env.MONGO_URL!, { serverSelectionTimeoutMS: 10_000 });
  try {
    await connection.asPromise();
    const store: EventStore = entry.openEventStore
      ? await entry.openEventStore(pool)
      : new ProtectedEventStore(new PostgresEventStore(pool));
    let bar: ProgressBar | undefined;
    const summary = await rebuildProjection({
      store,
      connection,
      projection: entry.projection,
      // FerretDB's own PostgreSQL database, when known: GIN indexes for its `_id` lookups (ferretdb-indexes.ts).
      backingIndexes: {
        postgresUrl: ferretDbPostgresUrl(io.env),
        logger: { log: (line) => io.stderr.write(`${line}\n`), warn: (line) => io.stderr.write(`${line}\n`) },
      },
      countEvents: (categories) => countPostgresEvents(pool, categories),
      onStart: (total) => (bar = new ProgressBar(io.stderr, entry.projection.name, total)),
      onProgress: (done) => bar?.update(done),
    });
    bar?.finish();
    return summary;
  } finally {
    await connection.close().catch(() => undefined);
    await pool.end().catch(() => undefined);
  }
}

/**
 * The total for the progress bar. The event store port has no count, so this asks the PostgreSQL
 * adapter's table directly; it may include a few events not yet readable, which only nudges the ETA.
 */
export async function countPostgresEvents(pool: Pool, categories: string[] | undefined): Promise<number | undefined> {
  try {
    const { rows } = await pool.query<{ count: string }>(
      'SELECT count(*) AS count FROM es_events WHERE $1::text[] IS NULL OR category = ANY ($1::text[])',
      [categories ?? null],
    );
    return Number(rows[0].count);
  } catch {
    return undefined; // another adapter: the bar shows counts and rate without percent
  }
}

/** One line, Chinese then English. */
export function summaryLine({ projection, events, documents, elapsedMs }: RebuildSummary): string {
  const n = new Intl.NumberFormat('en-US');
  const perSecond = n.format(elapsedMs > 0 ? Math.round((events * 1000) / elapsedMs) : events);
  const took = formatDuration(elapsedMs);
  return (
    `重建完成：${projection}，重放 ${n.format(events)} 个事件，写成 ${n.format(documents)} 个文档，用时 ${took}（${perSecond} 事件/秒）` +
    ` | Rebuilt ${projection}: replayed ${n.format(events)} events into ${n.format(documents)} documents in ${took} (${perSecond} events/s)`
  );
}

type ParsedArgs = { list: boolean; projection?: string; registries: string[] } | { error: string } | { help: true };

export function parseArgs(args: string[]): ParsedArgs {
  const registries: string[] = [];
  const positional: string[] = [];
  let list = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--list') list = true;
    else if (arg === '--registry') {
      const file = args[++i];
      if (!file) return { error: '--registry needs a file' };
      registries.push(file);
    } else if (arg === '--help' || arg === '-h') return { help: true };
    else if (arg.startsWith('-')) return { error: `unknown option ${arg}` };
    else positional.push(arg);
  }
  if (list) return positional.length ? { error: '--list takes no projection' } : { list, registries };
  if (positional.length !== 1) return { error: 'name one projection' };
  return { list, projection: positional[0], registries };
}

/** The library's example, every compiled service's registry (dist/apps/*), and the files named. */
async function discoverRegistry(files: string[]): Promise<ProjectionRegistry> {
  const registry = new ProjectionRegistry().add('libs/projections (example)', {
    projections: [streamSummariesProjection()],
  });
  // This file runs as dist/libs/projections/src/rebuild.command.js; the services sit in dist/apps.
  for (const file of discoverRegistryFiles(resolve(__dirname, '../../../apps')))
    registry.add(file, await loadRegistryModule(file));
  for (const file of files) registry.add(file, await loadRegistryModule(resolve(file)));
  return registry;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

if (require.main === module) {
  void runRebuildCommand(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
