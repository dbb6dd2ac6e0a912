import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { OpenAPIObject } from '@nestjs/swagger';

export class ErrorContent {
  @ApiProperty({ description: 'Stable code; clients branch on it.', example: 'VALIDATION.FAILED' })
  code!: string;

  @ApiProperty({
    description: 'For people, in the language of Accept-Language (zh-CN by default, or en).',
    example: '请求数据校验未通过',
  })
  message!: string;

  @ApiPropertyOptional({
    description:
      'Facts the client may act on. VALIDATION.FAILED lists `fields: [{ field, rule, message }]`; ' +
      'INTERNAL gives the `incident` id to quote to an administrator.',
    type: 'object',
    additionalProperties: true,
    example: { fields: [{ field: 'idNumber', rule: 'matches', message: 'idNumber 格式不正确' }] },
  })
  details?: Record<string, unknown>;
}

/** The body of every 4xx and 5xx answer (components.schemas.ErrorBody in every service's OpenAPI). */
export class ErrorBody {
  @ApiProperty({ type: ErrorContent })
  error!: ErrorContent;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed JSON (REQUEST.MALFORMED_JSON) or invalid data (VALIDATION.FAILED)',
  401: 'No valid bearer token (AUTH.UNAUTHENTICATED)',
  403: 'Role not allowed (AUTH.FORBIDDEN) or place outside the jurisdiction (AUTH.OUTSIDE_JURISDICTION)',
  404: 'Not found',
  409: 'Someone else changed the record first (CONFLICT.VERSION)',
  412: 'If-Match does not match the current version (PRECONDITION.FAILED)',
  413: 'Body larger than the limit (REQUEST.TOO_LARGE)',
  428: 'If-Match is required (PRECONDITION.REQUIRED)',
  429: 'Too many attempts',
  500: 'Internal error (INTERNAL, with an incident id)',
  503: 'A backing server is unavailable',
};

/** Documents error answers of an operation with the shared ErrorBody schema. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Error', type: ErrorBody })),
  );
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

/**
 * Gives every operation a `default` answer with the ErrorBody schema (400, 413 and 500 can happen
 * anywhere), so the error shape is documented once for the whole API.
 */
export function documentErrorBody(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      operation.responses ??= {};
      operation.responses.default ??= {
        description: 'Error: `{ "error": { "code", "message", "details"? } }`',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
      };
    }
  }
  return document;
}
