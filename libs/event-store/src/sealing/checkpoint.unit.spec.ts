import { generateKeyPairSync } from 'node:crypto';
import { Checkpoint, checkpointSignatureValid, checkpointText, signCheckpoint } from './checkpoint';
import { generateSealKeys, parseSigningKey, parseVerifyKeys, SealKeyError } from './seal-keys';

const keys = generateSealKeys();
const key = parseSigningKey(keys.signingKey);

const tree: Omit<Checkpoint, 'keyId'> = {
  treeSize: 3,
  rootHash: Buffer.alloc(32, 0xab),
  lastPosition: '812:44',
  sealedAt: new Date('2026-03-01T08:00:00.123Z'),
};

describe('seal keys', () => {
  it('reads the generated pair, naming both by the same key id', () => {
    expect(key.keyId).toBe(keys.keyId);
    expect([...parseVerifyKeys(keys.verifyKey).keys()]).toEqual([keys.keyId]);
  });

  it('reads PEM too, also with the line breaks escaped as env files carry them', () => {
    const pem = key.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const publicPem = key.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect(parseSigningKey(pem).keyId).toBe(keys.keyId);
    expect(parseSigningKey(pem.replace(/\n/g, '\\n')).keyId).toBe(keys.keyId);
    expect([...parseVerifyKeys(publicPem).keys()]).toEqual([keys.keyId]);
  });

  it('holds several verify keys, so checkpoints from before a rotation still verify', () => {
    const next = generateSealKeys();
    expect([...parseVerifyKeys(`${keys.verifyKey}, ${next.verifyKey}`).keys()]).toEqual([keys.keyId, next.keyId]);
  });

  it('refuses missing, malformed and non-Ed25519 keys', () => {
    expect(() => parseSigningKey(undefined)).toThrow(SealKeyError);
    expect(() => parseVerifyKeys('  ')).toThrow(/SEAL_VERIFY_KEY is not set/);
    expect(() => parseVerifyKeys('bm90IGEga2V5')).toThrow(/malformed/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    expect(() => parseSigningKey(rsa.export({ format: 'pem', type: 'pkcs8' }).toString())).toThrow(/Ed25519/);
  });
});

describe('signed checkpoints', () => {
  it('sign a canonical text of every field', () => {
    const signed = signCheckpoint(tree, key);
    expect(checkpointText(signed)).toBe(
      [
        'child-welfare event store checkpoint v1',
        'tree size: 3',
        `root hash: ${'ab'.repeat(32)}`,
        'last position: 812:44',
        'sealed at: 2026-03-01T08:00:00.123Z',
        `key id: ${keys.keyId}`,
        '',
      ].join('\n'),
    );
    expect(signed.signature).toHaveLength(64);
    expect(checkpointSignatureValid(signed, key.publicKey)).toBe(true);
  });

  it.each([
    ['tree size', { treeSize: 4 }],
    ['root hash', { rootHash: Buffer.alloc(32, 0xac) }],
    ['last position', { lastPosition: '812:45' }],
    ['time', { sealedAt: new Date('2026-03-01T08:00:00.124Z') }],
    ['key id', { keyId: '0000000000000000' }],
    ['signature', { signature: Buffer.alloc(64) }],
    ['signature length', { signature: Buffer.alloc(3) }],
  ])('no longer verify when the %s changes', (_field, change) => {
    expect(checkpointSignatureValid({ ...signCheckpoint(tree, key), ...change }, key.publicKey)).toBe(false);
  });

  it('do not verify under another key', () => {
    const other = parseSigningKey(generateSealKeys().signingKey);
    expect(checkpointSignatureValid(signCheckpoint(tree, key), other.publicKey)).toBe(false);
  });
});
