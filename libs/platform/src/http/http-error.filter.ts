import { IncomingMessage, ServerResponse } from 'node:http';
import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { describeError } from './error-mapping';
import { pickLanguage } from './language';

/**
 * The one place where errors become HTTP answers (STYLE.md §11): `{ "error": { code, message,
 * details? } }` in the language of Accept-Language (zh-CN by default). A server fault is logged
 * with an incident id, and the client sees only that id — never a message, stack or SQL.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const request = host.switchToHttp().getRequest<IncomingMessage & { originalUrl?: string }>();
    const response = host.switchToHttp().getResponse<ServerResponse>();
    const answer = describeError(exception, pickLanguage(request.headers['accept-language']));
    if (answer.incident) {
      // The path without its query: queries may hold names being searched for.
      const where = `${request.method} ${(request.originalUrl ?? request.url ?? '').split('?')[0]}`;
      const stack = exception instanceof Error ? (exception.stack ?? exception.message) : String(exception);
      this.logger.error(`incident ${answer.incident} on ${where}: ${stack}`);
    }
    if (response.headersSent) {
      response.end();
      return;
    }
    response.statusCode = answer.status;
    for (const [name, value] of Object.entries(answer.headers)) response.setHeader(name, value);
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    response.end(JSON.stringify(answer.body));
  }
}
