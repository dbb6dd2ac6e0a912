/** Injection tokens of the auth module. */
export const AUTH_SERVICE_NAME = Symbol('AUTH_SERVICE_NAME');
export const KEY_SOURCE = Symbol('KEY_SOURCE');
