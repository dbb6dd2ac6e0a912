import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { Pool } from 'pg';
import { InjectPgPool } from '@app/platform';
import { Principal } from '../principal';
import { ensureAuditSchema, SchemaOnce } from './audit-schema';
import { AUTH_SERVICE_NAME } from './injection-tokens';

export interface Refusal {
  status: 401 | 403;
  code: string;
  /** Why, for the record: `missing-token`, `expired`, `role-not-allowed`, `outside-jurisdiction`… */
  reason: string;
  /** Absent when the caller could not be identified. */
  principal?: Principal;
  method?: string;
  path?: string;
  /** What was attempted, in the service's words (`children.read`). */
  action?: string;
  targetJurisdiction?: string;
  targetAgency?: string;
  targetResource?: string;
}

export interface RecordedRefusal extends Refusal {
  id: string;
  refusedAt: Date;
  service: string;
  subject: string | null;
  roles: string[];
}

const WRITE_TIMEOUT_MS = 3_000;

/**
 * Every refusal of access, kept in `access_refusals` of the service's database and logged. Recording
 * never fails the request: a database problem is logged, and the caller still gets its 401/403.
 */
@Injectable()
export class AccessRefusalLog implements BeforeApplicationShutdown {
  private readonly logger = new Logger('AccessRefusal');
  private readonly schema: SchemaOnce;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    @InjectPgPool() private readonly pool: Pool,
    @Inject(AUTH_SERVICE_NAME) private readonly service: string,
  ) {
    this.schema = new SchemaOnce(() => ensureAuditSchema(pool));
  }

  /** Logs at once and writes the row; the promise settles when written (or given up), never rejects. */
  record(refusal: Refusal): Promise<void> {
    const who = refusal.principal
      ? `${refusal.principal.username} (${refusal.principal.roles.join(',') || 'no role'} @ ${refusal.principal.jurisdiction})`
      : 'anonymous';
    const what = refusal.action ?? `${refusal.method ?? ''} ${refusal.path ?? ''}`.trim();
    const target = refusal.targetJurisdiction ?? refusal.targetAgency ?? refusal.targetResource;
    this.logger.warn(
      `${refusal.status} ${refusal.code} ${who}: ${what}${target ? ` → ${target}` : ''} (${refusal.reason})`,
    );
    const write = withTimeout(this.insert(refusal), WRITE_TIMEOUT_MS)
      .catch((error: unknown) => this.logger.error(`refusal not recorded: ${(error as Error).message}`))
      .finally(() => this.pending.delete(write));
    this.pending.add(write);
    return write;
  }

  /** Waits for refusals still being written (tests, shutdown). */
  async flush(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  /** The latest refusals, newest first (for regulators' reports and tests). */
  async recent(filter: { subject?: string; limit?: number } = {}): Promise<RecordedRefusal[]> {
    await this.schema.ensure();
    const { rows } = await this.pool.query<Record<string, unknown>>(
      `SELECT * FROM access_refusals WHERE service = $1 AND ($2::text IS NULL OR subject = $2)
        ORDER BY id DESC LIMIT $3`,
      [this.service, filter.subject ?? null, Math.min(filter.limit ?? 100, 1000)],
    );
    return rows.map((row) => ({
      id: String(row.id),
      refusedAt: row.refused_at as Date,
      service: row.service as string,
      status: row.status as 401 | 403,
      code: row.code as string,
      reason: row.reason as string,
      subject: row.subject as string | null,
      roles: row.roles as string[],
      method: (row.method as string | null) ?? undefined,
      path: (row.path as string | null) ?? undefined,
      action: (row.action as string | null) ?? undefined,
      targetJurisdiction: (row.target_jurisdiction as string | null) ?? undefined,
      targetAgency: (row.target_agency as string | null) ?? undefined,
      targetResource: (row.target_resource as string | null) ?? undefined,
    }));
  }

  private async insert(refusal: Refusal): Promise<void> {
    await this.schema.ensure();
    const p = refusal.principal;
    await this.pool.query(
      `INSERT INTO access_refusals (service, status, code, reason, subject, username, roles, agency, jurisdiction,
         method, path, action, target_jurisdiction, target_agency, target_resource)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
        this.service,
        refusal.status,
        refusal.code,
        refusal.reason.slice(0, 200),
        p?.sub ?? null,
        p?.username ?? null,
        p?.roles ?? [],
        p?.agency ?? null,
        p?.jurisdiction ?? null,
        refusal.method ?? null,
        refusal.path ?? null,
        refusal.action ?? null,
        refusal.targetJurisdiction ?? null,
        refusal.targetAgency ?? null,
        refusal.targetResource?.slice(0, 500) ?? null,
      ],
    );
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from PostgreSQL within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
