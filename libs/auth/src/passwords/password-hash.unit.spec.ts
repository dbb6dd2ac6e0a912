import { DEFAULT_SCRYPT, hashPassword, needsRehash, verifyPassword } from './password-hash';

// Cheap parameters keep the tests fast; the format and the checks are the same.
const FAST = { N: 2 ** 10, r: 8, p: 1 };

describe('password hashes (scrypt)', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('Welfare#2026', FAST);
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('Welfare#2026', stored)).toBe(true);
    expect(await verifyPassword('welfare#2026', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts every hash: the same password never hashes the same twice', async () => {
    const [a, b] = await Promise.all([hashPassword('Welfare#2026', FAST), hashPassword('Welfare#2026', FAST)]);
    expect(a).not.toBe(b);
    expect(a.split('$')[4]).not.toBe(b.split('$')[4]);
  });

  it('compares Unicode passwords in one normal form', async () => {
    const stored = await hashPassword('儿童福利\u00e9', FAST);
    expect(await verifyPassword('儿童福利e\u0301', stored)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['another scheme', 'bcrypt$2b$10$abc'],
    ['N not a power of two', 'scrypt$1000$8$1$c2FsdHNhbHQ=$a2V5a2V5a2V5a2V5a2V5a2V5'],
    ['absurd cost', `scrypt$${2 ** 30}$8$1$c2FsdHNhbHQ=$a2V5a2V5a2V5a2V5a2V5a2V5`],
    ['missing parts', 'scrypt$1024$8$1'],
  ])('matches nothing against a malformed stored hash (%s), without throwing', async (_what, stored) => {
    expect(await verifyPassword('Welfare#2026', stored)).toBe(false);
  });

  it('stores the parameters, so old hashes keep verifying and are flagged for a rehash', async () => {
    const weak = await hashPassword('Welfare#2026', FAST);
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash(weak, FAST)).toBe(false);
    expect(DEFAULT_SCRYPT).toEqual({ N: 2 ** 15, r: 8, p: 3 });
  });
});
