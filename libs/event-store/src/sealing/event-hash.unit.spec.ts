import { createHash } from 'node:crypto';
import { chainHash, contentDigest, eventContent, expectedEventHash, GENESIS_HASH } from './event-hash';

const input = {
  eventId: '0c4b2f0e-8f1e-4a55-9d0b-6f1f2f7e9a10',
  streamId: 'child-1',
  revision: '0',
  type: 'ChildRegistered',
  schemaVersion: '1',
  occurredAtMicros: '1772352000123000',
  dataText: '{"name": "张小明"}',
  metadataText: '{"correlationId": "c"}',
};

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest();

describe('event hash', () => {
  it('covers the eight columns joined by line feeds, in es_event_content’s order, as UTF-8', () => {
    expect(eventContent(input).toString('utf8')).toBe(
      '0c4b2f0e-8f1e-4a55-9d0b-6f1f2f7e9a10\nchild-1\n0\nChildRegistered\n1\n1772352000123000\n{"name": "张小明"}\n{"correlationId": "c"}',
    );
    expect(contentDigest(input)).toEqual(sha256(eventContent(input)));
  });

  it('chains: the first event from no bytes, each next one from the previous hash', () => {
    const first = expectedEventHash(input);
    expect(first).toEqual(sha256(sha256(eventContent(input))));
    expect(chainHash(GENESIS_HASH, contentDigest(input))).toEqual(first);
    const second = { ...input, revision: '1', eventId: '1d5c3a1f-0000-4000-8000-000000000001' };
    expect(expectedEventHash(second, first)).toEqual(sha256(Buffer.concat([first, contentDigest(second)])));
  });
});
