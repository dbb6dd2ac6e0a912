import { ArgumentMetadata, Injectable, PipeTransform, ValidationPipe } from '@nestjs/common';
import { ValidationError } from 'class-validator';
import { AppError, ErrorDetails } from './app-error';
import { Language } from './language';

/** One broken rule of one field, e.g. `{ field: 'guardians.0.name', rule: 'isString', message }`. */
export interface FieldProblem {
  field: string;
  rule: string;
  /** class-validator's English message, or the DTO's own. */
  message: string;
}

/** 400 VALIDATION.FAILED: details list every field with every rule it breaks, in the answer's language. */
export class ValidationFailed extends AppError {
  constructor(readonly problems: FieldProblem[]) {
    super(
      'VALIDATION.FAILED',
      400,
      { 'zh-CN': '请求数据校验未通过', en: 'The request data is not valid' },
      { fields: problems },
    );
  }

  override detailsIn(language: Language): ErrorDetails {
    return {
      fields: this.problems.map(({ field, rule, message }) => ({
        field,
        rule,
        message: language === 'en' ? message : chineseMessage(field, rule),
      })),
    };
  }
}

const ZH: Record<string, (field: string) => string> = {
  whitelistValidation: (f) => `不允许的字段 ${f}`,
  operatorKey: (f) => `字段 ${f} 含有保留键（以 $ 开头或 __proto__ 等），不予接受`,
  isDefined: (f) => `${f} 为必填项`,
  isNotEmpty: (f) => `${f} 不能为空`,
  isString: (f) => `${f} 必须是字符串`,
  isInt: (f) => `${f} 必须是整数`,
  isNumber: (f) => `${f} 必须是数字`,
  isBoolean: (f) => `${f} 必须是布尔值`,
  isArray: (f) => `${f} 必须是数组`,
  isObject: (f) => `${f} 必须是对象`,
  isIn: (f) => `${f} 不是允许的取值`,
  isEnum: (f) => `${f} 不是允许的取值`,
  isUUID: (f) => `${f} 必须是 UUID`,
  isDateString: (f) => `${f} 必须是 ISO 8601 日期`,
  isISO8601: (f) => `${f} 必须是 ISO 8601 日期`,
  matches: (f) => `${f} 格式不正确`,
  maxLength: (f) => `${f} 过长`,
  minLength: (f) => `${f} 过短`,
  length: (f) => `${f} 长度不符合要求`,
  min: (f) => `${f} 过小`,
  max: (f) => `${f} 过大`,
  arrayMaxSize: (f) => `${f} 元素过多`,
  arrayMinSize: (f) => `${f} 元素过少`,
  nestedValidation: (f) => `${f} 必须是对象或对象数组`,
  unknownValue: (f) => `${f} 无法校验`,
};

function chineseMessage(field: string, rule: string): string {
  return ZH[rule]?.(field) ?? `${field} 不符合规则 ${rule}`;
}

/** Flattens class-validator's tree into one problem per field and rule. */
export function fieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const [rule, message] of Object.entries(error.constraints ?? {})) problems.push({ field, rule, message });
    if (error.children?.length) problems.push(...fieldProblems(error.children, field));
  }
  return problems;
}

/**
 * The global ValidationPipe: unknown fields are refused (not silently dropped), plain JSON becomes
 * DTO instances, and no implicit type conversion (query DTOs say `@Type(() => Number)` themselves).
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailed(fieldProblems(errors)),
  });
}

const MAX_DEPTH = 32;
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Refuses MongoDB operators (`{"$gt": ""}`, `?name[$ne]=`) and prototype keys anywhere in a body
 * or query, whatever the DTO says: a field typed as a free-form object would otherwise carry
 * them into a read-model query. Runs before the ValidationPipe.
 */
@Injectable()
export class RejectOperatorKeysPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' && metadata.type !== 'query') return value;
    const problems: FieldProblem[] = [];
    scan(value, metadata.type === 'query' && metadata.data ? metadata.data : '', 0, problems);
    if (problems.length) throw new ValidationFailed(problems);
    return value;
  }
}

function scan(value: unknown, path: string, depth: number, problems: FieldProblem[]): void {
  if (value === null || typeof value !== 'object' || problems.length >= 20) return;
  if (depth > MAX_DEPTH) {
    problems.push({ field: path || '(body)', rule: 'maxDepth', message: `${path || 'body'} is nested too deeply` });
    return;
  }
  for (const key of Object.keys(value)) {
    const field = path ? `${path}.${key}` : key;
    if (key.includes('$') || RESERVED_KEYS.has(key)) {
      problems.push({ field, rule: 'operatorKey', message: `${field} uses a reserved key ($… or __proto__)` });
      continue;
    }
    scan((value as Record<string, unknown>)[key], field, depth + 1, problems);
  }
}
