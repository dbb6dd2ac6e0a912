import { KeyObject, sign } from 'node:crypto';
import { TokenRefused } from './token-errors';

/** Tokens are small; a longer string is refused before any parsing. */
export const MAX_TOKEN_LENGTH = 8192;
const COMPACT_JWS = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/;

export interface JwtHeader {
  alg: string;
  typ?: string;
  kid?: string;
  crit?: unknown;
  [name: string]: unknown;
}

export type JwtPayload = Record<string, unknown>;

export interface DecodedJwt {
  header: JwtHeader;
  payload: JwtPayload;
  /** `base64url(header).base64url(payload)`: what the signature covers. */
  signingInput: Buffer;
  signature: Buffer;
}

export function encodeJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** A compact JWS signed with Ed25519 (RFC 8037: alg EdDSA; node:crypto signs with a null digest). */
export function signJwt(header: JwtHeader, payload: JwtPayload, privateKey: KeyObject): string {
  const signingInput = `${encodeJson(header)}.${encodeJson(payload)}`;
  const signature = sign(null, Buffer.from(signingInput, 'ascii'), privateKey);
  return `${signingInput}.${signature.toString('base64url')}`;
}

/** Splits and parses a compact JWS without trusting anything in it. */
export function decodeJwt(token: unknown): DecodedJwt {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) throw new TokenRefused('malformed', 'not a token');
  const parts = COMPACT_JWS.exec(token);
  if (!parts) throw new TokenRefused('malformed', 'not three base64url parts');
  const header = parseJsonObject(parts[1], 'header') as JwtHeader;
  const payload = parseJsonObject(parts[2], 'payload');
  return {
    header,
    payload,
    signingInput: Buffer.from(`${parts[1]}.${parts[2]}`, 'ascii'),
    signature: Buffer.from(parts[3], 'base64url'),
  };
}

function parseJsonObject(part: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new TokenRefused('malformed', `${what} is not JSON`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TokenRefused('malformed', `${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}
