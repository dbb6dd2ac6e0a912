import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Pool } from 'pg';
import { hashPassword, isRole, Role } from '@app/auth';
import { InjectPgPool } from '@app/platform';
import { DEMO_PASSWORD, DEMO_USERS } from './demo-users';
import { USERS_SCHEMA } from './users.schema';

export interface User {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string;
  roles: Role[];
  agency: string;
  jurisdiction: string;
  disabled: boolean;
}

/** Users in the gateway's PostgreSQL database (`auth_users`). */
@Injectable()
export class UserStore implements OnApplicationBootstrap {
  private readonly logger = new Logger('UserStore');
  private readying?: Promise<void>;

  constructor(
    @InjectPgPool() private readonly pool: Pool,
    private readonly config: ConfigService,
  ) {}

  /** Boot does not wait for the database: /health reports it, and the first sign-in retries. */
  async onApplicationBootstrap(): Promise<void> {
    await this.ready().catch((error: unknown) =>
      this.logger.error(`users not ready yet (retried on the next sign-in): ${(error as Error).message}`),
    );
  }

  /** Tables created and demo users seeded, once per process; retried after a failure. */
  ready(): Promise<void> {
    this.readying ??= this.prepare().catch((error: unknown) => {
      this.readying = undefined;
      throw error;
    });
    return this.readying;
  }

  async find(username: string): Promise<User | undefined> {
    await this.ready();
    const { rows } = await this.pool.query<Record<string, unknown>>('SELECT * FROM auth_users WHERE username = $1', [
      username,
    ]);
    return rows[0] && toUser(rows[0]);
  }

  async replacePasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.pool.query('UPDATE auth_users SET password_hash = $2, updated_at = now() WHERE id = $1', [
      id,
      passwordHash,
    ]);
  }

  private async prepare(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('welfare:auth-users'))`);
      await client.query(USERS_SCHEMA);
      if (this.seedDemoUsers()) {
        const { rows } = await client.query<{ username: string }>(
          'SELECT username FROM auth_users WHERE username = ANY($1)',
          [DEMO_USERS.map((u) => u.username)],
        );
        const present = new Set(rows.map((r) => r.username));
        const missing = DEMO_USERS.filter((u) => !present.has(u.username));
        // Each user gets its own salt; existing users (and any password changed since) are left alone.
        const hashes = await Promise.all(missing.map(() => hashPassword(DEMO_PASSWORD)));
        for (const [i, user] of missing.entries()) {
          await client.query(
            `INSERT INTO auth_users (id, username, display_name, password_hash, roles, agency, jurisdiction)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (username) DO NOTHING`,
            [randomUUID(), user.username, user.displayName, hashes[i], [user.role], user.agency, user.jurisdiction],
          );
        }
        if (missing.length) this.logger.log(`seeded ${missing.length} demo users (password in the README)`);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private seedDemoUsers(): boolean {
    const setting = this.config.get<string>('AUTH_DEMO_USERS');
    if (setting === 'true' || setting === 'false') return setting === 'true';
    return process.env.NODE_ENV !== 'production';
  }
}

function toUser(row: Record<string, unknown>): User {
  return {
    id: row.id as string,
    username: row.username as string,
    displayName: row.display_name as string,
    passwordHash: row.password_hash as string,
    roles: (row.roles as string[]).filter(isRole),
    agency: row.agency as string,
    jurisdiction: row.jurisdiction as string,
    disabled: row.disabled as boolean,
  };
}
