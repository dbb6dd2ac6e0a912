import { createHash } from 'node:crypto';
import { VILLAGE_OFFICER } from '../contract/fixtures';
import { EventMetadata } from '../envelope';
import {
  chainHash,
  chainHashes,
  compareJsonbKeys,
  eventContent,
  HashedFields,
  jsonbText,
  plainDecimal,
} from './event-hash';

// event-hash.int.spec.ts checks the same functions against PostgreSQL itself.

const metadata: EventMetadata = {
  correlationId: 'c-1',
  causationId: 'c-0',
  decision: VILLAGE_OFFICER,
};

const event = (overrides: Partial<HashedFields> = {}): HashedFields => ({
  id: '0C4B6F1E-8A2D-4E0B-9C3F-2D1E0A9B8C7D',
  streamId: 'child-42',
  revision: 0,
  type: 'ChildRegistered',
  schemaVersion: 2,
  occurredAt: new Date('2026-03-01T08:00:00.123Z'),
  data: { name: '张三', age: 7 },
  metadata,
  ...overrides,
});

const sha256 = (...parts: Buffer[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

describe('event content, as es_event_content builds it', () => {
  it('joins id, stream, revision, type, version, microseconds, data and metadata with newlines', () => {
    expect(eventContent(event()).toString('utf8')).toBe(
      [
        '0c4b6f1e-8a2d-4e0b-9c3f-2d1e0a9b8c7d',
        'child-42',
        '0',
        'ChildRegistered',
        '2',
        '1772352000123000',
        '{"age": 7, "name": "张三"}',
        '{"decision": {"role": "village-officer", "agency": "civil-affairs", "policy": "浙民儿〔2014〕87号", "reason": "入户走访发现 / found on a home visit", "actorId": "user-village-officer-1", "jurisdiction": "330602001001"}, "causationId": "c-0", "correlationId": "c-1"}',
      ].join('\n'),
    );
  });
});

describe('the chain', () => {
  it('hashes the first event of a stream as sha256(sha256(content))', () => {
    expect(chainHash('', event())).toBe(sha256(sha256(eventContent(event()))).toString('hex'));
  });

  it('chains each later event to the hash before it', () => {
    const first = event();
    const second = event({ id: '1c4b6f1e-8a2d-4e0b-9c3f-2d1e0a9b8c7d', revision: 1, data: { n: 2 } });
    const [h0, h1] = chainHashes('', [first, second]);
    expect(h1).toBe(sha256(Buffer.from(h0, 'hex'), sha256(eventContent(second))).toString('hex'));
    expect(chainHash(h0, second)).toBe(h1);
  });

  it('changes when any covered field changes', () => {
    const base = chainHash('', event());
    const variants: Partial<HashedFields>[] = [
      { id: '1c4b6f1e-8a2d-4e0b-9c3f-2d1e0a9b8c7d' },
      { streamId: 'child-43' },
      { revision: 1 },
      { type: 'ChildMoved' },
      { schemaVersion: 3 },
      { occurredAt: new Date('2026-03-01T08:00:00.124Z') },
      { data: { name: '张三', age: 8 } },
      { metadata: { ...metadata, causationId: 'c-2' } },
    ];
    for (const variant of variants) expect(chainHash('', event(variant))).not.toBe(base);
    expect(chainHash('00'.repeat(32), event())).not.toBe(base);
  });

  it('does not depend on the case of the id or the order of keys', () => {
    const base = chainHash('', event());
    expect(chainHash('', event({ id: event().id.toLowerCase() }))).toBe(base);
    expect(chainHash('', event({ data: { age: 7, name: '张三' } }))).toBe(base);
  });
});

describe('jsonb text', () => {
  it('orders keys by byte length, then bytewise', () => {
    expect(jsonbText({ ccc: 1, a: 2, bb: 3, b: 4 })).toBe('{"a": 2, "b": 4, "bb": 3, "ccc": 1}');
    // 'é' is two bytes in UTF-8, '张' three: both come after any one-byte key.
    expect(jsonbText({ 张: 1, é: 2, z: 3 })).toBe('{"z": 3, "é": 2, "张": 1}');
    expect(compareJsonbKeys('ab', '张')).toBeLessThan(0);
  });

  it('spaces separators and prints arrays, nesting, empties and scalars as PostgreSQL does', () => {
    expect(jsonbText([1, 'x', null, true, { b: [], a: {} }])).toBe('[1, "x", null, true, {"a": {}, "b": []}]');
    expect(jsonbText('text')).toBe('"text"');
    expect(jsonbText(null)).toBe('null');
    expect(jsonbText(undefined)).toBe('null');
  });

  it('sees what JSON.stringify leaves: dates as ISO strings, no undefined fields', () => {
    expect(jsonbText({ at: new Date('2026-01-01T00:00:00Z'), gone: undefined })).toBe(
      '{"at": "2026-01-01T00:00:00.000Z"}',
    );
  });

  it('escapes quotes, backslashes and control characters, and nothing else', () => {
    expect(jsonbText('a"b\\c\nd\u0001é😀')).toBe('"a\\"b\\\\c\\nd\\u0001é😀"');
  });

  it('spells numbers out in plain decimals, as numeric prints them', () => {
    expect(plainDecimal('1e+21')).toBe('1000000000000000000000');
    expect(plainDecimal('-2.5e+25')).toBe('-25000000000000000000000000');
    expect(plainDecimal('1.5e-7')).toBe('0.00000015');
    expect(plainDecimal('5e-324')).toBe(`0.${'0'.repeat(323)}5`);
    expect(plainDecimal('123.45')).toBe('123.45');
    expect(jsonbText({ n: 1e21, m: -0, k: 0.1 })).toBe('{"k": 0.1, "m": 0, "n": 1000000000000000000000}');
  });
});
