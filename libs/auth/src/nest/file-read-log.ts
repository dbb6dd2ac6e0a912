import { Inject, Injectable, Logger } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { Pool } from 'pg';
import { AppError, InjectPgPool, ServiceUnavailable } from '@app/platform';
import { Principal } from '../principal';
import { ensureAuditSchema, SchemaOnce } from './audit-schema';
import { requestOf } from './request-of';
import { AUTH_SERVICE_NAME } from './injection-tokens';

export interface FileRead {
  fileId: string;
  /** Why the reader opened the file, in their words (查阅目的). */
  purpose: string;
  /** Where the file belongs, so that reads can be reported by place. */
  fileJurisdiction?: string;
}

export interface RecordedFileRead extends FileRead {
  id: string;
  readAt: Date;
  service: string;
  reader: string;
  readerUsername: string;
  readerName: string;
  readerRoles: string[];
  readerAgency: string;
  readerJurisdiction: string;
  method?: string;
  path?: string;
}

/** A read of a child's file without a stated purpose. */
export class PurposeRequired extends AppError {
  constructor() {
    super('AUDIT.PURPOSE_REQUIRED', 400, {
      'zh-CN': '查阅儿童档案须说明目的（purpose，2–500 字）',
      en: "State the purpose of reading a child's file (purpose, 2–500 characters)",
    });
  }
}

/** `?purpose=…` on the routes that open a child's file. */
export class ReadPurposeQuery {
  @ApiProperty({ description: '查阅目的 / why the file is opened (recorded)', example: '季度走访前核对监护情况' })
  @IsString()
  @Length(2, 500)
  purpose!: string;
}

/**
 * Who read which child's file, when and why (ARCHITECTURE.md §6: regulators ask who looked).
 * `record` is called on every read before the file is answered, and it fails closed: when the read
 * cannot be recorded the file is not shown (503 AUDIT.UNAVAILABLE).
 */
@Injectable()
export class FileReadLog {
  private readonly logger = new Logger('FileReadLog');
  private readonly schema: SchemaOnce;

  constructor(
    @InjectPgPool() private readonly pool: Pool,
    @Inject(AUTH_SERVICE_NAME) private readonly service: string,
  ) {
    this.schema = new SchemaOnce(() => ensureAuditSchema(pool));
  }

  async record(principal: Principal, read: FileRead): Promise<void> {
    const purpose = typeof read.purpose === 'string' ? read.purpose.trim() : '';
    if (purpose.length < 2 || purpose.length > 500) throw new PurposeRequired();
    if (typeof read.fileId !== 'string' || !read.fileId || read.fileId.length > 200) {
      throw new TypeError('FileReadLog.record needs the file id');
    }
    const request = requestOf(principal);
    try {
      await this.schema.ensure();
      await this.pool.query(
        `INSERT INTO file_reads (service, file_id, file_jurisdiction, purpose, reader, reader_username, reader_name,
           reader_roles, reader_agency, reader_jurisdiction, method, path)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [
          this.service,
          read.fileId,
          read.fileJurisdiction ?? null,
          purpose,
          principal.sub,
          principal.username,
          principal.name,
          principal.roles,
          principal.agency,
          principal.jurisdiction,
          request?.method ?? null,
          request?.path ?? null,
        ],
      );
    } catch (error) {
      this.logger.error(
        `read of file ${read.fileId} by ${principal.username} not recorded: ${(error as Error).message}`,
      );
      throw new ServiceUnavailable('AUDIT.UNAVAILABLE', error);
    }
  }

  /** Who read a file, newest first. */
  async readsOf(fileId: string, limit = 100): Promise<RecordedFileRead[]> {
    return this.query('file_id = $2', fileId, limit);
  }

  /** What a user read, newest first. */
  async readsBy(subject: string, limit = 100): Promise<RecordedFileRead[]> {
    return this.query('reader = $2', subject, limit);
  }

  private async query(condition: string, value: string, limit: number): Promise<RecordedFileRead[]> {
    await this.schema.ensure();
    const { rows } = await this.pool.query<Record<string, unknown>>(
      `SELECT * FROM file_reads WHERE service = $1 AND ${condition} ORDER BY id DESC LIMIT $3`,
      [this.service, value, Math.min(Math.max(limit, 1), 1000)],
    );
    return rows.map((row) => ({
      id: String(row.id),
      readAt: row.read_at as Date,
      service: row.service as string,
      fileId: row.file_id as string,
      fileJurisdiction: (row.file_jurisdiction as string | null) ?? undefined,
      purpose: row.purpose as string,
      reader: row.reader as string,
      readerUsername: row.reader_username as string,
      readerName: row.reader_name as string,
      readerRoles: row.reader_roles as string[],
      readerAgency: row.reader_agency as string,
      readerJurisdiction: row.reader_jurisdiction as string,
      method: (row.method as string | null) ?? undefined,
      path: (row.path as string | null) ?? undefined,
    }));
  }
}
