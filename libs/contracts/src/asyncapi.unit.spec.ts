import { parse } from 'yaml';
import { asyncApiDocument, asyncApiJson, asyncApiYaml } from './asyncapi';
import { defineContract } from './contract';
import { exampleCaseContracts } from './examples/case-contracts';
import { MESSAGE_HEADERS } from './headers';
import { ContractRegistry } from './registry';
import { toYaml } from './yaml';

const info = { title: 'Integration events', version: '1.0.0' };

function registryOfThree(): ContractRegistry {
  const { caseOpened, caseClosed } = exampleCaseContracts();
  const transferred = defineContract<'referrals.ReferralSent', { referralId: string }>({
    name: 'referrals.ReferralSent',
    version: 2,
    topic: 'referrals.referrals.v1',
    producer: 'referrals',
    summary: 'A referral was sent to a partner agency.',
    key: { description: 'referral-<referralId>', of: (p) => `referral-${p.referralId}` },
    personalData: 'none',
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['referralId'],
      properties: { referralId: { type: 'string', format: 'uuid' } },
    },
    example: { referralId: '3b0c5f0e-8f7a-4b8e-9c1d-2e3f4a5b6c7d' },
  });
  return new ContractRegistry([caseOpened, caseClosed, transferred]);
}

describe('the AsyncAPI document', () => {
  const registry = registryOfThree();
  const document = asyncApiDocument(registry, info);

  it('is an AsyncAPI 3 document', () => {
    expect(document.asyncapi).toBe('3.0.0');
    expect(document.defaultContentType).toBe('application/json');
  });

  it('lists every contract as a message, with its schema, key rule, version and no personal data', () => {
    const messages = document.components.messages as Record<string, Record<string, unknown>>;
    expect(Object.keys(messages).sort()).toEqual(
      registry
        .all()
        .map((c) => c.id)
        .sort(),
    );
    for (const contract of registry.all()) {
      const message = messages[contract.id];
      expect(message.name).toBe(contract.name);
      expect(message['x-contract-version']).toBe(contract.version);
      expect(message['x-personal-data']).toBe('none');
      expect(message.payload).toEqual({
        schemaFormat: 'application/schema+json;version=draft-2020-12',
        schema: contract.schema,
      });
      expect(message.bindings).toMatchObject({ kafka: { key: { description: contract.key.description } } });
      expect(message.examples).toEqual([{ name: 'example', payload: contract.example }]);
    }
  });

  it('has one channel per topic holding its contracts, and a send operation per producer', () => {
    const channels = document.channels as Record<string, { address: string; messages: Record<string, unknown> }>;
    expect(
      Object.values(channels)
        .map((c) => c.address)
        .sort(),
    ).toEqual(registry.topics());
    expect(Object.keys(channels['example.cases.v1'].messages).sort()).toEqual([
      'example.CaseClosed.v1',
      'example.CaseOpened.v1',
    ]);
    expect(Object.keys(document.operations).sort()).toEqual([
      'example.publish.example.cases.v1',
      'referrals.publish.referrals.referrals.v1',
    ]);
    expect(document.operations['referrals.publish.referrals.referrals.v1']).toMatchObject({
      action: 'send',
      channel: { $ref: '#/channels/referrals.referrals.v1' },
      messages: [{ $ref: '#/channels/referrals.referrals.v1/messages/referrals.ReferralSent.v2' }],
    });
  });

  it('documents the headers every message carries', () => {
    const message = (document.components.messages as Record<string, { headers: { properties: object } }>)[
      'example.CaseOpened.v1'
    ];
    expect(Object.keys(message.headers.properties).sort()).toEqual(Object.values(MESSAGE_HEADERS).sort());
  });

  it('reads back the same from its YAML and its JSON forms', () => {
    expect(parse(asyncApiYaml(registry, info))).toEqual(JSON.parse(JSON.stringify(document)));
    expect(JSON.parse(asyncApiJson(registry, info))).toEqual(JSON.parse(JSON.stringify(document)));
  });
});

describe('the YAML writer', () => {
  it.each([
    [
      'awkward strings',
      { a: 'x: y # z', b: 'it\'s "quoted"\nnext', c: '浙民儿〔2014〕87号', d: '', e: 'true', f: '012' },
    ],
    ['awkward keys', { 'a b': 1, true: 2, '#x': 3, $ref: '#/x', 'event-id': null, '': 4 }],
    ['nesting', { list: [1, [2, [3]], { a: [] }, {}, [{ b: { c: [true, false] } }]], empty: {}, none: [] }],
    ['a top-level list', [{ a: 1, b: 2 }, 'x']],
    ['an empty document', {}],
  ])('writes %s that read back equal', (_, value) => {
    expect(parse(toYaml(value))).toEqual(value);
  });
});
