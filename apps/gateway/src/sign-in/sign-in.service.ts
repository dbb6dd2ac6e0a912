import { Injectable, Logger } from '@nestjs/common';
import {
  AccessRefusalLog,
  DEFAULT_SCRYPT,
  hashPassword,
  IssuedToken,
  needsRehash,
  TokenIssuer,
  verifyPassword,
} from '@app/auth';
import { UserStore } from '../users/user-store';
import { SignInAttempts } from './sign-in-attempts';
import { InvalidCredentials, TooManySignInAttempts } from './sign-in.errors';

/** Checks a name and password and issues an access token. */
@Injectable()
export class SignInService {
  private readonly logger = new Logger('SignIn');
  /** Unknown names are checked against this, so they cost the same time as known ones. */
  private dummyHash?: Promise<string>;

  constructor(
    private readonly users: UserStore,
    private readonly attempts: SignInAttempts,
    private readonly issuer: TokenIssuer,
    private readonly refusals: AccessRefusalLog,
  ) {}

  async signIn(typedName: string, password: string): Promise<IssuedToken> {
    const username = typedName.trim().toLowerCase();
    await this.users.ready();
    const lockedFor = await this.attempts.lockedFor(username);
    if (lockedFor > 0) {
      await this.refuse(username, 'locked');
      throw new TooManySignInAttempts(lockedFor);
    }

    const user = await this.users.find(username);
    const matches = await verifyPassword(password, user?.passwordHash ?? (await this.dummy()));
    if (!user || !matches || user.disabled) {
      const locked = await this.attempts.failed(username);
      if (Math.random() < 0.02) void this.attempts.prune().catch(() => undefined);
      await this.refuse(
        username,
        !user ? 'unknown-user' : user.disabled ? 'disabled' : 'wrong-password',
        user?.id,
        locked,
      );
      throw new InvalidCredentials();
    }

    await this.attempts.succeeded(username);
    if (needsRehash(user.passwordHash)) {
      void hashPassword(password)
        .then((hash) => this.users.replacePasswordHash(user.id, hash))
        .catch((error: unknown) => this.logger.warn(`rehash of ${username} failed: ${(error as Error).message}`));
    }
    this.logger.log(`${username} signed in (${user.roles.join(',')} @ ${user.jurisdiction})`);
    return this.issuer.issue({
      sub: user.id,
      username: user.username,
      name: user.displayName,
      roles: user.roles,
      agency: user.agency,
      jurisdiction: user.jurisdiction,
    });
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hashPassword(`no such user ${Math.random()}`, DEFAULT_SCRYPT);
    return this.dummyHash;
  }

  /**
   * Failed sign-ins go to access_refusals too. The typed name is kept only for existing users: an
   * unknown "name" is often a password typed into the wrong field.
   */
  private async refuse(username: string, reason: string, userId?: string, locked = false): Promise<void> {
    await this.refusals.record({
      status: 401,
      code: reason === 'locked' ? 'AUTH.TOO_MANY_ATTEMPTS' : 'AUTH.INVALID_CREDENTIALS',
      reason: locked ? `${reason}; now locked` : reason,
      method: 'POST',
      path: '/v1/auth/sign-in',
      action: 'auth.sign-in',
      targetResource: userId ? `user:${userId} (${username})` : undefined,
    });
  }
}
