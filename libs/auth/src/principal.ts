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
