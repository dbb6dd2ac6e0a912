import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';

/**
 * Ed25519 keys of the sealer (private, signs checkpoints) and the verifier (public). Both come from
 * configuration as PEM or as base64 DER (PKCS#8 / SPKI), so they fit into one environment variable.
 * The verifier may hold several public keys at once: checkpoints signed before a key rotation still
 * verify. A key id (first 8 bytes of SHA-256 of the SPKI DER, hex) tells which key signed.
 */

export const SIGNING_KEY_VARIABLE = 'SEAL_SIGNING_KEY';
export const VERIFY_KEY_VARIABLE = 'SEAL_VERIFY_KEY';

export class SealKeyError extends Error {
  readonly code = 'SEALING.BAD_KEY';
}

export interface SigningKey {
  keyId: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function keyIdOf(publicKey: KeyObject): string {
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  return createHash('sha256').update(spki).digest().subarray(0, 8).toString('hex');
}

/** Env files often carry a PEM on one line with literal `\n`; restore the line breaks. */
function configText(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed?.includes('-----BEGIN') ? trimmed.replace(/\\n/g, '\n') : trimmed;
}

function requireEd25519(key: KeyObject, what: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new SealKeyError(`${what} must be an Ed25519 key, not ${key.asymmetricKeyType ?? 'a secret key'}`);
  }
  return key;
}

export function parseSigningKey(text: string | undefined): SigningKey {
  const trimmed = configText(text);
  if (!trimmed) throw new SealKeyError(`${SIGNING_KEY_VARIABLE} is not set`);
  let privateKey: KeyObject;
  try {
    privateKey = trimmed.includes('-----BEGIN')
      ? createPrivateKey(trimmed)
      : createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
  } catch (error) {
    throw new SealKeyError(`${SIGNING_KEY_VARIABLE} is not a PKCS#8 key: ${(error as Error).message}`);
  }
  requireEd25519(privateKey, SIGNING_KEY_VARIABLE);
  const publicKey = createPublicKey(privateKey);
  return { keyId: keyIdOf(publicKey), privateKey, publicKey };
}

/** One or more public keys: concatenated PEM blocks, or base64 DER separated by commas or spaces. */
export function parseVerifyKeys(text: string | undefined): Map<string, KeyObject> {
  const trimmed = configText(text);
  if (!trimmed) throw new SealKeyError(`${VERIFY_KEY_VARIABLE} is not set`);
  const parts = trimmed.includes('-----BEGIN')
    ? (trimmed.match(/-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g) ?? [])
    : trimmed.split(/[\s,]+/).filter(Boolean);
  if (!parts.length) throw new SealKeyError(`${VERIFY_KEY_VARIABLE} holds no public key`);
  const keys = new Map<string, KeyObject>();
  for (const part of parts) {
    let key: KeyObject;
    try {
      key = part.startsWith('-----BEGIN')
        ? createPublicKey(part)
        : createPublicKey({ key: Buffer.from(part, 'base64'), format: 'der', type: 'spki' });
    } catch (error) {
      throw new SealKeyError(`${VERIFY_KEY_VARIABLE} holds a malformed public key: ${(error as Error).message}`);
    }
    keys.set(keyIdOf(requireEd25519(key, VERIFY_KEY_VARIABLE)), key);
  }
  return keys;
}

export interface GeneratedSealKeys {
  keyId: string;
  /** Base64 PKCS#8 DER: the value of SEAL_SIGNING_KEY. Keep it where only the sealer reads it. */
  signingKey: string;
  /** Base64 SPKI DER: the value of SEAL_VERIFY_KEY. Public; give it to auditors too. */
  verifyKey: string;
}

export function generateSealKeys(): GeneratedSealKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    keyId: keyIdOf(publicKey),
    signingKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    verifyKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
  };
}
