import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { PersonalDataMarking } from '../envelope';

/** What a read returns in place of personal data whose subject key was erased. */
export const REDACTED = Object.freeze({ $redacted: 'personal data erased / 个人信息已删除' });

interface EncryptedValue {
  $pii: { subject: string; value: string };
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS es_subject_keys (
  subject_id text PRIMARY KEY,
  wrapped_key bytea,
  created_at timestamptz NOT NULL DEFAULT now(),
  erased_at timestamptz
)`;

function isEncrypted(value: unknown): value is EncryptedValue {
  return typeof value === 'object' && value !== null && '$pii' in value;
}

/** Whether any top-level field of an event's data is stored encrypted. */
export function hasEncryptedFields(data: unknown): boolean {
  if (typeof data !== 'object' || data === null) return false;
  for (const key in data) if (isEncrypted((data as Record<string, unknown>)[key])) return true;
  return false;
}

function seal(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function open(key: Buffer, sealed: Buffer, aad: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12)).setAAD(Buffer.from(aad));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
}

/**
 * Per-subject data keys (AES-256-GCM), wrapped by the master key from configuration. Marked fields
 * are stored as ciphertext (the event hash covers the ciphertext), so erasing a subject's key
 * shreds the data without breaking the hash chain. The ciphertext is bound to its subject and field.
 */
export class PersonalDataVault {
  private readonly keys = new Map<string, Buffer | null>();

  constructor(
    private readonly pool: Pool,
    private readonly masterKey: Buffer,
  ) {
    if (masterKey.length !== 32) throw new Error('the master key must be 32 bytes (base64 of 32 random bytes)');
  }

  static fromBase64(pool: Pool, masterKeyBase64: string): PersonalDataVault {
    return new PersonalDataVault(pool, Buffer.from(masterKeyBase64, 'base64'));
  }

  async ensureSchema(): Promise<void> {
    await this.pool.query(SCHEMA);
  }

  async encrypt<T>(data: T, marking: PersonalDataMarking): Promise<T> {
    const key = await this.subjectKey(marking.subjectId, true);
    if (!key) throw new Error(`personal data of subject ${marking.subjectId} was erased: nothing new may be stored`);
    const result = { ...(data as Record<string, unknown>) };
    for (const field of marking.fields) {
      if (result[field] === undefined) continue;
      const aad = `${marking.subjectId}/${field}`;
      const value = seal(key, Buffer.from(JSON.stringify(result[field])), aad).toString('base64');
      result[field] = { $pii: { subject: marking.subjectId, value } } satisfies EncryptedValue;
    }
    return result as T;
  }

  /** Decrypts every encrypted top-level field; erased subjects' fields become REDACTED. */
  async decrypt<T>(data: T): Promise<T> {
    if (typeof data !== 'object' || data === null) return data;
    const entries = Object.entries(data as Record<string, unknown>);
    if (!entries.some(([, v]) => isEncrypted(v))) return data;
    const result: Record<string, unknown> = {};
    for (const [field, value] of entries) {
      if (!isEncrypted(value)) {
        result[field] = value;
        continue;
      }
      const key = await this.subjectKey(value.$pii.subject, false);
      result[field] = key
        ? JSON.parse(open(key, Buffer.from(value.$pii.value, 'base64'), `${value.$pii.subject}/${field}`).toString())
        : REDACTED;
    }
    return result as T;
  }

  /** Crypto-shredding: the key is destroyed; ciphertext stays and the hash chain still verifies. */
  async erase(subjectId: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO es_subject_keys (subject_id, wrapped_key, erased_at) VALUES ($1, NULL, now())
       ON CONFLICT (subject_id) DO UPDATE SET wrapped_key = NULL, erased_at = now()`,
      [subjectId],
    );
    this.keys.set(subjectId, null);
  }

  private async subjectKey(subjectId: string, create: boolean): Promise<Buffer | null> {
    const cached = this.keys.get(subjectId);
    if (cached !== undefined) return cached;
    const { rows } = await this.pool.query<{ wrapped_key: Buffer | null }>(
      'SELECT wrapped_key FROM es_subject_keys WHERE subject_id = $1',
      [subjectId],
    );
    let key: Buffer | null = null;
    if (rows.length) {
      key = rows[0].wrapped_key ? open(this.masterKey, rows[0].wrapped_key, `subject-key/${subjectId}`) : null;
    } else if (create) {
      const fresh = randomBytes(32);
      // Two writers may create the first key of a subject at once: the first insert wins for both.
      const inserted = await this.pool.query<{ wrapped_key: Buffer }>(
        `INSERT INTO es_subject_keys (subject_id, wrapped_key) VALUES ($1, $2)
         ON CONFLICT (subject_id) DO UPDATE SET subject_id = EXCLUDED.subject_id RETURNING wrapped_key`,
        [subjectId, seal(this.masterKey, fresh, `subject-key/${subjectId}`)],
      );
      const stored = inserted.rows[0].wrapped_key;
      key = stored ? open(this.masterKey, stored, `subject-key/${subjectId}`) : null;
    }
    if (key || rows.length) this.keys.set(subjectId, key);
    return key;
  }
}
