import { derivedEventId, uuidV5 } from './deterministic-id';

describe('deterministic event ids', () => {
  it('are RFC 9562 version 5 UUIDs (known answer: python.org in the DNS namespace)', () => {
    expect(uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  it('give the same id for every delivery of one message, and different ids per group and purpose', () => {
    const incoming = '0c4b6a52-7d1e-4d0e-9a43-6b1b2c3d4e5f';
    const id = derivedEventId('subsidies.adoptions', incoming, 'stop-allowance');
    expect(derivedEventId('subsidies.adoptions', incoming, 'stop-allowance')).toBe(id);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(derivedEventId('placement.adoptions', incoming, 'stop-allowance')).not.toBe(id);
    expect(derivedEventId('subsidies.adoptions', incoming, 'close-file')).not.toBe(id);
  });
});
