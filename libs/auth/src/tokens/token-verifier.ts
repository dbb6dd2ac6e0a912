import { verify } from 'node:crypto';
import { isJurisdictionCode } from '../jurisdiction/codes';
import { Principal } from '../principal';
import { isRole } from '../roles/roles';
import { decodeJwt } from './jwt';
import { KeySource } from './key-sources';
import { TokenRefused } from './token-errors';

export interface VerifierOptions {
  issuer: string;
  audience: string;
  /** Tolerated clock difference between gateway and service, seconds. */
  leewaySeconds?: number;
  /** Epoch milliseconds; tests move the clock. */
  now?: () => number;
}

const ED25519_SIGNATURE_BYTES = 64;
const AGENCY = /^[a-z][a-z0-9-]{1,40}$/;

/**
 * Verifies access tokens and returns the principal. Refuses (TokenRefused, with a reason for the
 * record) anything but a well-formed EdDSA JWT signed by a known key, issued by our issuer for our
 * audience, valid now, with the claims a principal needs. The signature is checked before any
 * claim is believed; the algorithm is fixed here, never taken from the token.
 */
export class TokenVerifier {
  private readonly leeway: number;
  private readonly now: () => number;

  constructor(
    private readonly keys: KeySource,
    private readonly options: VerifierOptions,
  ) {
    this.leeway = options.leewaySeconds ?? 30;
    this.now = options.now ?? Date.now;
  }

  async verify(token: string): Promise<Principal> {
    const { header, payload, signingInput, signature } = decodeJwt(token);
    if (header.alg !== 'EdDSA') throw new TokenRefused('unsupported-alg', `alg ${String(header.alg)}`);
    if (header.crit !== undefined) throw new TokenRefused('malformed', 'critical header parameters');
    if (header.typ !== undefined && header.typ !== 'JWT' && header.typ !== 'at+jwt') {
      throw new TokenRefused('malformed', `typ ${String(header.typ)}`);
    }
    if (typeof header.kid !== 'string' || !header.kid) throw new TokenRefused('unknown-key', 'no kid');
    const key = await this.keys.key(header.kid);
    if (!key) throw new TokenRefused('unknown-key', `kid ${header.kid}`);
    if (signature.length !== ED25519_SIGNATURE_BYTES || !verify(null, signingInput, key, signature)) {
      throw new TokenRefused('bad-signature');
    }

    const now = Math.floor(this.now() / 1000);
    if (payload.iss !== this.options.issuer) throw new TokenRefused('wrong-issuer', `iss ${String(payload.iss)}`);
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (!audiences.includes(this.options.audience)) throw new TokenRefused('wrong-audience');
    const { exp, nbf, iat } = payload;
    if (typeof exp !== 'number' || !Number.isFinite(exp)) throw new TokenRefused('bad-claims', 'no exp');
    if (now >= exp + this.leeway) throw new TokenRefused('expired');
    if (nbf !== undefined && (typeof nbf !== 'number' || now + this.leeway < nbf)) {
      throw new TokenRefused('not-yet-valid', 'nbf');
    }
    if (iat !== undefined && (typeof iat !== 'number' || now + this.leeway < iat)) {
      throw new TokenRefused('not-yet-valid', 'iat');
    }
    return principalOf(payload, exp);
  }
}

function principalOf(payload: Record<string, unknown>, exp: number): Principal {
  const { sub, name, preferred_username, roles, agency, jurisdiction } = payload;
  if (typeof sub !== 'string' || !sub || sub.length > 200) throw new TokenRefused('bad-claims', 'sub');
  if (!Array.isArray(roles) || !roles.every((r) => typeof r === 'string'))
    throw new TokenRefused('bad-claims', 'roles');
  if (typeof agency !== 'string' || !AGENCY.test(agency)) throw new TokenRefused('bad-claims', 'agency');
  if (!isJurisdictionCode(jurisdiction)) throw new TokenRefused('bad-claims', 'jurisdiction');
  return {
    sub,
    username: typeof preferred_username === 'string' ? preferred_username : sub,
    name: typeof name === 'string' ? name : '',
    // A role this service does not know grants nothing here.
    roles: roles.filter(isRole),
    agency,
    jurisdiction,
    expiresAt: exp,
  };
}
