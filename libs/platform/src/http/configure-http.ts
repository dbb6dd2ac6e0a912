import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { HttpErrorFilter } from './http-error.filter';
import { createValidationPipe, RejectOperatorKeysPipe } from './validation';

/** Requests carry a child's file at most; a larger body is a mistake or an attack (413). */
export const JSON_BODY_LIMIT = '256kb';

/**
 * The HTTP conventions of every service: JSON bodies only, up to {@link JSON_BODY_LIMIT}; Mongo
 * operators and unknown fields refused; every error answered by {@link HttpErrorFilter}.
 * The app must be created with `bodyParser: false` so that this parser is the only one.
 */
export function configureHttp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  express.disable('x-powered-by');
  app.useGlobalPipes(new RejectOperatorKeysPipe(), createValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter());
}
