import { Role } from './roles/roles';

/** Who is calling: the verified claims of the bearer token. */
export interface Principal {
  /** Stable user id (OIDC `sub`); decision records name the actor by it. */
  sub: string;
  /** Sign-in name (`preferred_username`). */
  username: string;
  /** Display name. */
  name: string;
  roles: Role[];
  /** The body the user works for, e.g. `civil-affairs`, `education`. */
  agency: string;
  /** The user's place: every action is confined to this subtree. */
  jurisdiction: string;
  /** When the token expires, epoch seconds. */
  expiresAt: number;
}

/**
 * The decision record of a command the principal sends: who, in which of their roles (the first
 * the endpoint allows), in their own place (a county decides for its villages), why, under which policy.
 */
export function decisionBy(
  principal: Principal,
  allowed: readonly Role[],
  why: { reason: string; policy: string },
): { actorId: string; role: string; agency: string; jurisdiction: string; reason: string; policy: string } {
  return {
    actorId: principal.sub,
    role: principal.roles.find((r) => allowed.includes(r)) ?? principal.roles[0],
    agency: principal.agency,
    jurisdiction: principal.jurisdiction,
    reason: why.reason,
    policy: why.policy,
  };
}
