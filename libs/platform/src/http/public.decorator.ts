import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'welfare:public';

/**
 * Opens a route (or every route of a controller) to callers without a token: /health, sign-in,
 * the JWKS. Every other route is closed by the auth guard (libs/auth) unless it names its roles.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);
