import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { HttpErrorFilter } from './http-error.filter';
import { createValidationPipe, RejectOperatorKeysPipe } from './validation';

/** Requests carry a child's file at most; a larger body is a mistake or an attack (413). */
export const JSON_BODY_LIMIT = '256kb';
/** Files exchanged with banks (payment results) are CSV: a county's month is a few MB at most. */
export const CSV_BODY_LIMIT = '32mb';

/**
 * The HTTP conventions of every service: JSON bodies up to {@link JSON_BODY_LIMIT} (and text/csv files
 * up to {@link CSV_BODY_LIMIT}, which only routes declaring a CSV body accept); Mongo
 * operators and unknown fields refused; every error answered by {@link HttpErrorFilter}.
 * The app must be created with `bodyParser: false` so that this parser is the only one.
 */
export function configureHttp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  express.useBodyParser('text', { type: 'text/csv', limit: CSV_BODY_LIMIT });
  express.disable('x-powered-by');
  app.useGlobalPipes(new RejectOperatorKeysPipe(), createValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter());
}
