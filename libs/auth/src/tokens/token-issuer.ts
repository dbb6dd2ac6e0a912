import { randomUUID } from 'node:crypto';
import { Role } from '../roles/roles';
import { signJwt } from './jwt';
import { Ed25519Jwk, SigningKey } from './keys';

export interface TokenSubject {
  sub: string;
  username: string;
  name: string;
  roles: Role[];
  agency: string;
  jurisdiction: string;
}

export interface IssuerOptions {
  issuer: string;
  audience: string;
  ttlSeconds: number;
  /** Epoch milliseconds; tests move the clock. */
  now?: () => number;
}

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
  expiresAt: number;
}

/**
 * Signs access tokens: a JWT (EdDSA over Ed25519) with OIDC-style claims — iss, aud, sub, iat,
 * nbf, exp, jti, name, preferred_username — and ours: roles, agency, jurisdiction.
 */
export class TokenIssuer {
  private readonly now: () => number;

  constructor(
    private readonly key: SigningKey,
    readonly options: IssuerOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  issue(subject: TokenSubject): IssuedToken {
    const iat = Math.floor(this.now() / 1000);
    const exp = iat + this.options.ttlSeconds;
    const accessToken = signJwt(
      { alg: 'EdDSA', typ: 'JWT', kid: this.key.kid },
      {
        iss: this.options.issuer,
        aud: this.options.audience,
        sub: subject.sub,
        iat,
        nbf: iat,
        exp,
        jti: randomUUID(),
        name: subject.name,
        preferred_username: subject.username,
        roles: subject.roles,
        agency: subject.agency,
        jurisdiction: subject.jurisdiction,
      },
      this.key.privateKey,
    );
    return { accessToken, expiresIn: this.options.ttlSeconds, expiresAt: exp };
  }

  /** The public half, as published at /.well-known/jwks.json. */
  jwks(): { keys: Ed25519Jwk[] } {
    return { keys: [this.key.jwk] };
  }
}
