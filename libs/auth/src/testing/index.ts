import { randomUUID } from 'node:crypto';
import { AUTH_DEFAULTS } from '@app/platform/config/service-environment';
import { Role } from '../roles/roles';
import { generateKeyPair, parseSigningKey } from '../tokens/keys';
import { TokenIssuer, TokenSubject } from '../tokens/token-issuer';

/** Signs tokens in tests of any service, without a gateway. Not for production code. */
export interface TestSigner {
  /** Put into process.env.AUTH_PUBLIC_KEYS before the service's module is created. */
  publicKeys: string;
  /** The private key (base64 DER), for a gateway under test (AUTH_SIGNING_KEY). */
  signingKey: string;
  issuer: TokenIssuer;
  /**
   * A token for a user in `roles` at `jurisdiction`; the other claims get plausible defaults.
   * `issuedAt` (epoch ms) backdates or postdates it, e.g. to test expiry.
   */
  token(subject: Partial<TokenSubject> & { roles: Role[]; jurisdiction: string }, issuedAt?: number): string;
}

export function testSigner(
  options: { issuer?: string; audience?: string; ttlSeconds?: number; now?: () => number } = {},
): TestSigner {
  const pair = generateKeyPair();
  const key = parseSigningKey(pair.privateKeyBase64);
  const issuerAt = (now?: () => number) =>
    new TokenIssuer(key, {
      issuer: options.issuer ?? AUTH_DEFAULTS.AUTH_ISSUER,
      audience: options.audience ?? AUTH_DEFAULTS.AUTH_AUDIENCE,
      ttlSeconds: options.ttlSeconds ?? 600,
      now,
    });
  const issuer = issuerAt(options.now);
  return {
    publicKeys: pair.publicJwks,
    signingKey: pair.privateKeyBase64,
    issuer,
    token: (subject, issuedAt) => {
      const sub = subject.sub ?? randomUUID();
      return (issuedAt === undefined ? issuer : issuerAt(() => issuedAt)).issue({
        sub,
        username: subject.username ?? `test-${subject.roles[0] ?? 'user'}-${sub.slice(0, 8)}`,
        name: subject.name ?? '测试用户',
        agency: subject.agency ?? 'civil-affairs',
        ...subject,
      }).accessToken;
    },
  };
}
