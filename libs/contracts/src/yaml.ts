/**
 * A small YAML writer for JSON-shaped data (the AsyncAPI document). Every string is written
 * double-quoted with JSON escapes, which YAML 1.2 reads identically, so no value can be mistaken
 * for a number, a boolean or a comment. Written here because `yaml` is a development dependency and
 * services may serve their document at run time.
 */
const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_.$/-]*$/;
const RESERVED = /^(true|false|null|yes|no|on|off|y|n|~)$/i;

function key(name: string): string {
  return PLAIN_KEY.test(name) && !RESERVED.test(name) ? name : JSON.stringify(name);
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as YAML`);
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  throw new Error(`cannot write a ${typeof value} as YAML`);
}

const isCollection = (value: unknown): value is object => typeof value === 'object' && value !== null;
const isEmpty = (value: object) => (Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0);

function lines(value: unknown, indent: string): string[] {
  if (!isCollection(value)) return [`${indent}${scalar(value)}`];
  if (Array.isArray(value)) {
    return value.flatMap((item) => {
      if (!isCollection(item) || isEmpty(item)) return [`${indent}- ${inline(item)}`];
      const [first, ...rest] = lines(item, `${indent}  `);
      return [`${indent}- ${first.slice(indent.length + 2)}`, ...rest];
    });
  }
  return Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .flatMap(([k, v]) =>
      !isCollection(v) || isEmpty(v)
        ? [`${indent}${key(k)}: ${inline(v)}`]
        : [`${indent}${key(k)}:`, ...lines(v, `${indent}  `)],
    );
}

function inline(value: unknown): string {
  if (isCollection(value)) return Array.isArray(value) ? '[]' : '{}';
  return scalar(value);
}

export function toYaml(value: unknown): string {
  if (isCollection(value) && isEmpty(value)) return `${inline(value)}\n`;
  return `${lines(value, '').join('\n')}\n`;
}
