import { ContractDefinition, ContractDefinitionError, defineContract } from './contract';
import { exampleCaseContracts } from './examples/case-contracts';
import { ContractRegistry, UnknownContract } from './registry';
import { ContractViolation, validate, violationsOf } from './validation';

interface Moved {
  childId: string;
  toJurisdiction: string;
}

const moved: ContractDefinition<'registry.ChildMoved', Moved> = {
  name: 'registry.ChildMoved',
  version: 1,
  topic: 'registry.children.v1',
  producer: 'registry',
  summary: 'A child moved to another jurisdiction.',
  key: { description: 'child-<childId>', of: (p) => `child-${p.childId}` },
  personalData: 'none',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['childId', 'toJurisdiction'],
    properties: {
      childId: { type: 'string', format: 'uuid' },
      toJurisdiction: { type: 'string', pattern: '^[0-9]{12}$' },
    },
  },
  example: { childId: '6f1c1f7e-3a7d-4d43-9d7b-0d3f2f6c1a10', toJurisdiction: '330602001001' },
};

// Definitions that TypeScript would refuse are built through `unknown`, as a careless author's would be.
const loosely = (changes: Record<string, unknown>) =>
  ({ ...moved, ...changes }) as unknown as ContractDefinition<'registry.ChildMoved', Moved>;

describe('defining a contract', () => {
  it('gives the contract an id from its name and version', () => {
    expect(defineContract(moved).id).toBe('registry.ChildMoved.v1');
  });

  it.each([
    ['a name that is not <service>.<Event>', { name: 'childMoved' }, /name must read/],
    ['a version below 1', { version: 0 }, /version must be a whole number/],
    ['a dead-letter topic', { topic: 'registry.children.v1.dlq' }, /must not end in \.dlq/],
    ['an upper-case topic', { topic: 'Registry' }, /topic must be lower case/],
    ['personal data declared', { personalData: 'some' }, /carry no personal data/],
    [
      'an example that breaks the schema',
      { example: { childId: 'x', toJurisdiction: '330602001001' } },
      /example violates the schema: \/childId must match format "uuid"/,
    ],
  ])('refuses %s', (_, changes, message) => {
    expect(() => defineContract(loosely(changes))).toThrow(ContractDefinitionError);
    expect(() => defineContract(loosely(changes))).toThrow(message);
  });

  it('refuses a schema keyword ajv does not know (strict mode), instead of ignoring the rule', () => {
    const schema = {
      ...moved.schema,
      properties: { ...moved.schema.properties, childId: { type: 'string', format: 'uuid', minLenght: 3 } },
    };
    expect(() => defineContract(loosely({ schema }))).toThrow(/schema does not compile: .*minLenght/);
  });
});

describe('the personal data guard', () => {
  const withProperty = (name: string, schema: object) =>
    loosely({
      schema: {
        ...moved.schema,
        properties: { ...moved.schema.properties, [name]: schema },
      },
    });

  it.each([
    'childName',
    'guardian_full_name',
    'idNumber',
    'residentId',
    'homeAddress',
    'phone',
    'dateOfBirth',
    'diagnosis',
  ])('refuses a property named %s', (property) => {
    expect(() => defineContract(withProperty(property, { type: 'string', format: 'uuid' }))).toThrow(
      new RegExp(`properties\\.${property}: looks like personal data`),
    );
  });

  it('refuses free text: a string without format, pattern, enum or const', () => {
    expect(() => defineContract(withProperty('reasonCode', { type: 'string' }))).toThrow(
      /schema\.properties\.reasonCode: a string must declare a format, pattern, enum or const/,
    );
  });

  it('refuses an open object, nested ones included', () => {
    const nested = { type: 'object', properties: { code: { type: 'string', enum: ['a'] } } };
    expect(() => defineContract(withProperty('outcome', nested))).toThrow(
      /schema\.properties\.outcome: an object must set additionalProperties: false/,
    );
  });

  it('checks the items of arrays', () => {
    expect(() => defineContract(withProperty('siblings', { type: 'array', items: { type: 'string' } }))).toThrow(
      /schema\.properties\.siblings\.items: a string must declare/,
    );
  });
});

describe('validating a payload against its contract', () => {
  const contract = defineContract(moved);

  it('returns a conforming payload, typed by the contract', () => {
    const payload: Moved = validate(contract, { ...moved.example });
    expect(payload.toJurisdiction).toBe('330602001001');
  });

  it('throws an error that names the contract, its version and each JSON path', () => {
    const error = (() => {
      try {
        validate(contract, { childId: 'not-a-uuid', extra: 1 });
      } catch (e) {
        return e as ContractViolation;
      }
    })();
    expect(error).toBeInstanceOf(ContractViolation);
    expect(error!.code).toBe('CONTRACTS.VIOLATION');
    expect(error!.contract).toBe('registry.ChildMoved');
    expect(error!.violations).toEqual(
      expect.arrayContaining([
        { path: '/toJurisdiction', message: 'is required' },
        { path: '/extra', message: 'is not allowed by the contract' },
        { path: '/childId', message: 'must match format "uuid"' },
      ]),
    );
    expect(error!.message).toMatch(/^payload violates contract registry\.ChildMoved v1: /);
    expect(error!.message).toContain('/toJurisdiction is required');
  });

  it('reports a payload that is not an object at the root path', () => {
    expect(violationsOf(contract, 'text')).toEqual([{ path: '/', message: 'must be object' }]);
  });
});

describe('a registry of contracts', () => {
  const { caseOpened, caseClosed } = exampleCaseContracts();

  it('finds contracts by name and version and lists them in order', () => {
    const registry = new ContractRegistry([caseOpened, caseClosed]);
    expect(registry.get('example.CaseOpened', 1)).toBe(caseOpened);
    expect(registry.all().map((c) => c.id)).toEqual(['example.CaseClosed.v1', 'example.CaseOpened.v1']);
    expect(registry.topics()).toEqual(['example.cases.v1']);
  });

  it('refuses two different contracts with one id, and names an unknown one', () => {
    const registry = new ContractRegistry([caseOpened]);
    expect(() => registry.register(exampleCaseContracts().caseOpened)).toThrow(/registered twice/);
    expect(() => registry.get('example.CaseOpened', 2)).toThrow(UnknownContract);
    expect(() => registry.get('example.CaseOpened', 2)).toThrow('unknown contract example.CaseOpened v2');
  });
});
