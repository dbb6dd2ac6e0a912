import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Forbidden, IS_PUBLIC_KEY, Unauthenticated } from '@app/platform';
import { Principal } from '../principal';
import { TokenRefused } from '../tokens/token-errors';
import { TokenVerifier } from '../tokens/token-verifier';
import { AccessRefusalLog } from './access-refusal-log';
import { ACCESS_KEY, RouteAccess } from './decorators';
import { bindRequest, requestFacts } from './request-of';

interface HttpRequest {
  method?: string;
  url?: string;
  originalUrl?: string;
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

/**
 * Applied to every route of a service that imports AuthModule. Closed by default: a route opens to
 * everyone only with @Public(), to signed-in users with @Allow(roles…) or @Authenticated(); a route
 * that declares nothing is refused to all. The method's declaration wins over the controller's.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly refusals: AccessRefusalLog,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const access = this.accessOf(context);
    if (access === 'public') return true;

    const request = context.switchToHttp().getRequest<HttpRequest>();
    const where = requestFacts(request);
    const token = bearerToken(request.headers.authorization);
    if (!token) {
      await this.refusals.record({ ...where, status: 401, code: 'AUTH.UNAUTHENTICATED', reason: 'missing-token' });
      throw new Unauthenticated('missing-token');
    }
    let principal: Principal;
    try {
      principal = await this.verifier.verify(token);
    } catch (error) {
      if (!(error instanceof TokenRefused)) throw error;
      await this.refusals.record({ ...where, status: 401, code: 'AUTH.UNAUTHENTICATED', reason: error.reason });
      throw new Unauthenticated(error.reason);
    }
    request.principal = principal;
    bindRequest(principal, where);

    if (access === 'any-role') return true;
    if (access === undefined || !principal.roles.some((role) => access.includes(role))) {
      const reason = access === undefined ? 'route-declares-no-access' : 'role-not-allowed';
      await this.refusals.record({ ...where, status: 403, code: 'AUTH.FORBIDDEN', reason, principal });
      throw new Forbidden(reason);
    }
    return true;
  }

  private accessOf(context: ExecutionContext): RouteAccess | 'public' | undefined {
    for (const target of [context.getHandler(), context.getClass()]) {
      if (this.reflector.get<boolean>(IS_PUBLIC_KEY, target)) return 'public';
      const access = this.reflector.get<RouteAccess>(ACCESS_KEY, target);
      if (access) return access;
    }
    return undefined;
  }
}

function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /^Bearer[ ]+([^\s]+)\s*$/i.exec(value) : null;
  return match?.[1];
}
