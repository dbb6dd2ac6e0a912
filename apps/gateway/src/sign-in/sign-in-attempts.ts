import { Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { InjectPgPool } from '@app/platform';

export interface LockoutPolicy {
  /** Failures within the window that lock the name. */
  maxFailures: number;
  windowSeconds: number;
  lockSeconds: number;
}

export const LOCKOUT: LockoutPolicy = { maxFailures: 5, windowSeconds: 15 * 60, lockSeconds: 15 * 60 };

/**
 * A simple lockout: five failed sign-ins under one name within 15 minutes lock that name for
 * 15 minutes, whatever the password then. Counted per name as typed, for unknown names too, so
 * the lockout itself tells nobody which names exist.
 */
@Injectable()
export class SignInAttempts {
  readonly policy: LockoutPolicy = LOCKOUT;

  constructor(@InjectPgPool() private readonly pool: Pool) {}

  /** Seconds until the name may try again; 0 when it is not locked. */
  async lockedFor(username: string): Promise<number> {
    const { rows } = await this.pool.query<{ seconds: number }>(
      `SELECT ceil(extract(epoch FROM locked_until - now()))::int AS seconds
         FROM auth_sign_in_failures WHERE username = $1 AND locked_until > now()`,
      [username],
    );
    return rows[0]?.seconds ?? 0;
  }

  /** Counts a failure; true when this failure locked the name. */
  async failed(username: string): Promise<boolean> {
    const { rows } = await this.pool.query<{ failures: number }>(
      `INSERT INTO auth_sign_in_failures AS f (username, failures, first_failed_at) VALUES ($1, 1, now())
       ON CONFLICT (username) DO UPDATE SET
         failures = CASE WHEN f.first_failed_at < now() - make_interval(secs => $2) THEN 1 ELSE f.failures + 1 END,
         first_failed_at = CASE WHEN f.first_failed_at < now() - make_interval(secs => $2)
                                THEN now() ELSE f.first_failed_at END
       RETURNING failures`,
      [username, this.policy.windowSeconds],
    );
    if ((rows[0]?.failures ?? 0) < this.policy.maxFailures) return false;
    // Locked; counting starts afresh when the lock ends.
    await this.pool.query(
      `UPDATE auth_sign_in_failures SET locked_until = now() + make_interval(secs => $2), failures = 0,
         first_failed_at = now() + make_interval(secs => $2) WHERE username = $1`,
      [username, this.policy.lockSeconds],
    );
    return true;
  }

  async succeeded(username: string): Promise<void> {
    await this.pool.query('DELETE FROM auth_sign_in_failures WHERE username = $1', [username]);
  }

  /** Forgets stale failures of names nobody tried again (called now and then). */
  async prune(): Promise<void> {
    await this.pool.query(
      `DELETE FROM auth_sign_in_failures
        WHERE first_failed_at < now() - interval '1 day' AND (locked_until IS NULL OR locked_until < now())`,
    );
  }
}
