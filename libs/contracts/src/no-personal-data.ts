/**
 * Integration events leave the service that holds a child's file, so they carry ids and the facts a
 * consumer needs, never personal data (ARCHITECTURE.md §4). This is checked on the schema, when a
 * contract is defined, rather than trusted to review:
 * - every object lists its properties and forbids others (`additionalProperties: false`), so no field
 *   can be added to a message without being declared here;
 * - no property is named like personal data (names, identity numbers, addresses, contact details,
 *   birth dates, diagnoses, criminal records, photos);
 * - no string is free text: each declares a `format`, `pattern`, `enum` or `const`. Free text (a
 *   reason, a note) is where names and diagnoses leak; send a code instead.
 */

type SchemaNode = Record<string, unknown>;

/** Lower-case words of a property name: `guardianFullName` → guardian, full, name. */
function wordsOf(property: string): string[] {
  return property
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .map((word) => word.toLowerCase())
    .filter(Boolean);
}

const PERSONAL_WORDS = new Set([
  'name',
  'names',
  'surname',
  'nickname',
  'address',
  'addresses',
  'phone',
  'telephone',
  'mobile',
  'email',
  'birth',
  'birthday',
  'birthdate',
  'dob',
  'diagnosis',
  'diagnoses',
  'illness',
  'criminal',
  'conviction',
  'photo',
  'portrait',
  'passport',
  'hukou',
]);
const PERSONAL_NAMES = new Set([
  'idnumber',
  'idcard',
  'identitynumber',
  'identitycard',
  'residentid',
  'residentidnumber',
]);

export function personalDataProblems(schema: unknown, path = 'schema'): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const node = schema as SchemaNode;
  const problems: string[] = [];
  const types = ([] as unknown[]).concat(node.type ?? []);

  if (types.includes('object') || node.properties) {
    if (node.additionalProperties !== false) {
      problems.push(`${path}: an object must set additionalProperties: false`);
    }
    if (node.patternProperties) problems.push(`${path}: patternProperties would let undeclared fields through`);
    for (const [property, child] of Object.entries((node.properties ?? {}) as Record<string, unknown>)) {
      const words = wordsOf(property);
      if (words.some((word) => PERSONAL_WORDS.has(word)) || PERSONAL_NAMES.has(words.join(''))) {
        problems.push(`${path}.properties.${property}: looks like personal data; send an id or a code instead`);
      }
      problems.push(...personalDataProblems(child, `${path}.properties.${property}`));
    }
  }
  if (types.includes('string') && !('format' in node || 'pattern' in node || 'enum' in node || 'const' in node)) {
    problems.push(`${path}: a string must declare a format, pattern, enum or const (no free text)`);
  }
  if (node.items) problems.push(...personalDataProblems(node.items, `${path}.items`));
  for (const keyword of ['oneOf', 'anyOf', 'allOf', 'prefixItems'] as const) {
    const branches = node[keyword];
    if (Array.isArray(branches)) {
      branches.forEach((branch, i) => problems.push(...personalDataProblems(branch, `${path}.${keyword}[${i}]`)));
    }
  }
  return problems;
}
