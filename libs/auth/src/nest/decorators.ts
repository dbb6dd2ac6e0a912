import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse } from '@nestjs/swagger';
import { ErrorBody, Unauthenticated } from '@app/platform';
import { Principal } from '../principal';
import { Role, ROLES } from '../roles/roles';

export { Public } from '@app/platform';

export const ACCESS_KEY = 'welfare:access';
/** Who may call a route: the listed roles, or any signed-in user. */
export type RouteAccess = readonly Role[] | 'any-role';

/**
 * The roles that may call a route (or every route of a controller). Any one of them suffices.
 * The jurisdiction and agency are checked inside the handler with AccessPolicy, since they depend
 * on the record being touched.
 */
export function Allow(...roles: Role[]): MethodDecorator & ClassDecorator {
  if (!roles.length) throw new TypeError('@Allow() needs at least one role; use @Public() to open a route');
  for (const role of roles) if (!Object.hasOwn(ROLES, role)) throw new TypeError(`@Allow(): unknown role ${role}`);
  return applyDecorators(
    SetMetadata(ACCESS_KEY, roles),
    ApiBearerAuth(),
    ApiResponse({ status: 401, description: 'No valid bearer token (AUTH.UNAUTHENTICATED)', type: ErrorBody }),
    ApiResponse({
      status: 403,
      description: `Allowed roles: ${roles.join(', ')}. Otherwise AUTH.FORBIDDEN; outside the caller's subtree AUTH.OUTSIDE_JURISDICTION.`,
      type: ErrorBody,
    }),
  );
}

/** Any signed-in user, whatever the role (e.g. "who am I"). */
export function Authenticated(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(ACCESS_KEY, 'any-role'),
    ApiBearerAuth(),
    ApiResponse({ status: 401, description: 'No valid bearer token (AUTH.UNAUTHENTICATED)', type: ErrorBody }),
  );
}

/** The verified caller, put on the request by the auth guard. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<{ principal?: Principal }>().principal;
  if (!principal) throw new Unauthenticated('no-principal-on-public-route');
  return principal;
});
