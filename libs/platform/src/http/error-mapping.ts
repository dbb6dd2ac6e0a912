import { randomUUID } from 'node:crypto';
import { HttpException } from '@nestjs/common';
import { ValidationError } from 'class-validator';
import { AppError, ErrorDetails } from './app-error';
import {
  Forbidden,
  InternalError,
  InvalidRequest,
  MalformedJson,
  MethodNotAllowed,
  PayloadTooLarge,
  PreconditionFailed,
  PreconditionRequired,
  RouteNotFound,
  ServiceUnavailable,
  TooManyRequests,
  Unauthenticated,
  UnsupportedMediaType,
  VersionConflict,
} from './errors';
import { Language } from './language';
import { fieldProblems, ValidationFailed } from './validation';

/** The shape of every error answer. */
export interface ErrorBodyShape {
  error: { code: string; message: string; details?: ErrorDetails };
}

export interface ErrorAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /** Set when the error is a server fault: log it with this incident id. */
  incident?: string;
}

/** What one thrown thing becomes on the wire, in the given language. Pure, so it is unit-tested. */
export function describeError(
  exception: unknown,
  language: Language,
  newIncident: () => string = randomUUID,
): ErrorAnswer {
  const health = healthCheckAnswer(exception);
  if (health) return health;
  const error = toAppError(exception, newIncident);
  const details = error.detailsIn(language);
  return {
    status: error.status,
    headers: { ...error.headers, 'Content-Language': language },
    body: { error: { code: error.code, message: error.messageIn(language), ...(details ? { details } : {}) } },
    incident: error.status >= 500 ? incidentOf(error, newIncident) : undefined,
  };
}

function incidentOf(error: AppError, newIncident: () => string): string {
  const incident = error.details?.incident;
  return typeof incident === 'string' ? incident : newIncident();
}

/** Maps anything thrown to an AppError; what is not recognised is an internal error. */
export function toAppError(exception: unknown, newIncident: () => string = randomUUID): AppError {
  if (exception instanceof AppError) return exception;
  if (Array.isArray(exception) && exception.length && exception.every((e) => e instanceof ValidationError)) {
    return new ValidationFailed(fieldProblems(exception));
  }
  if (exception instanceof HttpException) return fromHttpException(exception, newIncident);
  // The event store's lost race (WrongExpectedVersion), recognised by its stable code so that
  // libs/platform does not depend on libs/event-store.
  if (codeOf(exception) === 'EVENT_STORE.WRONG_EXPECTED_VERSION') {
    const { expected, actual } = exception as { expected?: number | string; actual?: number };
    return new VersionConflict({ expected, actual }, exception);
  }
  return new InternalError(newIncident(), exception);
}

/** body-parser and http-errors put a `type` on their errors; Nest keeps the original as `cause`. */
interface ParserError {
  type?: string;
  limit?: number;
}

function fromHttpException(exception: HttpException, newIncident: () => string): AppError {
  const status = exception.getStatus();
  const cause = (exception.cause ?? {}) as ParserError;
  if (cause.type === 'entity.parse.failed') return new MalformedJson(exception);
  if (status === 413) return new PayloadTooLarge(formatLimit(cause.limit), exception);
  if (status === 415 || cause.type === 'encoding.unsupported' || cause.type === 'charset.unsupported') {
    return new UnsupportedMediaType(exception);
  }
  switch (status) {
    case 401:
      return new Unauthenticated('framework');
    case 403:
      return new Forbidden('framework');
    case 404:
      return new RouteNotFound(exception);
    case 405:
      return new MethodNotAllowed(exception);
    case 409:
      return new AppError(
        'CONFLICT',
        409,
        { 'zh-CN': '请求与当前状态冲突', en: 'The request conflicts with the current state' },
        undefined,
        { cause: exception },
      );
    case 412:
      return new PreconditionFailed(undefined, exception);
    case 428:
      return new PreconditionRequired();
    case 429:
      return new TooManyRequests();
    case 503:
      return new ServiceUnavailable('SERVICE.UNAVAILABLE', exception);
  }
  if (status >= 500) return new InternalError(newIncident(), exception);
  return new InvalidRequest(status, reasonOf(exception), exception);
}

function formatLimit(bytes: number | undefined): string {
  if (!bytes) return 'the configured limit';
  return bytes % 1024 === 0 ? `${bytes / 1024}kb` : `${bytes} bytes`;
}

/** Nest's own 4xx messages ("Validation failed (uuid is expected)") are safe to pass on. */
function reasonOf(exception: HttpException): string | undefined {
  const response = exception.getResponse();
  const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  const text = Array.isArray(message) ? message.join('; ') : message;
  return typeof text === 'string' && text.length <= 300 ? text : undefined;
}

function codeOf(exception: unknown): unknown {
  return exception !== null && typeof exception === 'object' ? (exception as { code?: unknown }).code : undefined;
}

/** @nestjs/terminus answers a failed health check with its own 503 body; operators read it as is. */
function healthCheckAnswer(exception: unknown): ErrorAnswer | undefined {
  if (!(exception instanceof HttpException) || exception.getStatus() !== 503) return undefined;
  const response = exception.getResponse();
  if (typeof response !== 'object' || response === null) return undefined;
  const body = response as Record<string, unknown>;
  if (body.status !== 'error' || typeof body.details !== 'object') return undefined;
  return { status: 503, headers: {}, body };
}
