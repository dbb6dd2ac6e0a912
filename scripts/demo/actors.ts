/**
 * Who does what for a child in a given village, among the gateway's demo users, following the
 * registry's guards (@Allow roles, then the place must lie in the user's subtree):
 *
 * - register: a village officer of the village; else the nearest ancestor's civil-affairs user
 *   the guard allows (township supervisor, county centre, city bureau);
 * - propose a tier: a village officer of the village (the only role allowed);
 * - review: a township supervisor over the village; approve: a county centre over the village.
 *
 * A step without a user is reported, not faked: its children keep the universal tier until the
 * gateway has the user, and a later run completes them.
 */
import { isWithin, levelOf, placeName } from '@app/auth/jurisdiction';
import type { Role } from '@app/auth/roles';

export interface DemoUserLike {
  username: string;
  role: Role;
  agency: string;
  jurisdiction: string;
}

export type Step = 'register' | 'propose' | 'review' | 'approve' | 'read';

export interface VillageActors {
  register?: DemoUserLike;
  propose?: DemoUserLike;
  review?: DemoUserLike;
  approve?: DemoUserLike;
  /** Reads the village's list (to resume a run): the widest civil-affairs reader, one token for many villages. */
  read?: DemoUserLike;
}

const ROLE_OF_STEP: Record<Exclude<Step, 'register' | 'read'>, Role> = {
  propose: 'village-officer',
  review: 'township-supervisor',
  approve: 'county-centre',
};
/** The registering roles, nearest first. The welfare home's staff may register too, but do not do field work. */
const REGISTERING: Role[] = ['village-officer', 'township-supervisor', 'county-centre', 'city-bureau'];
const READING: Role[] = ['city-bureau', 'county-centre', 'township-supervisor', 'village-officer'];

const depth = (user: DemoUserLike) => user.jurisdiction.length;
// The counties' second persons (checker.<county>) approve payment runs only: not field work.
const civilAffairsOver = (village: string, users: readonly DemoUserLike[]) =>
  users.filter(
    (user) =>
      user.agency === 'civil-affairs' && isWithin(village, user.jurisdiction) && !user.username.startsWith('checker.'),
  );
const byName = (a: DemoUserLike, b: DemoUserLike) => a.username.localeCompare(b.username);

export function actorsFor(village: string, users: readonly DemoUserLike[]): VillageActors {
  const over = civilAffairsOver(village, users);
  const one = (role: Role) => over.filter((user) => user.role === role).sort(byName)[0];
  const nearest = (roles: Role[], order: 'nearest' | 'widest') =>
    over
      .filter((user) => roles.includes(user.role))
      .sort((a, b) => (order === 'nearest' ? depth(b) - depth(a) : depth(a) - depth(b)) || byName(a, b))[0];
  return {
    register: nearest(REGISTERING, 'nearest'),
    propose: one(ROLE_OF_STEP.propose),
    review: one(ROLE_OF_STEP.review),
    approve: one(ROLE_OF_STEP.approve),
    read: nearest(READING, 'widest'),
  };
}

/** The demo users the population would need but the gateway does not have, one line per place and role. */
export function missingUsers(villages: readonly string[], users: readonly DemoUserLike[]): string[] {
  const missing = new Set<string>();
  for (const village of villages) {
    const actors = actorsFor(village, users);
    const township = village.slice(0, 9);
    const county = village.slice(0, 6);
    if (!actors.propose) missing.add(`village-officer     ${village} ${placeName(village) ?? ''}`);
    if (!actors.review) missing.add(`township-supervisor ${township} ${placeName(township) ?? ''}`);
    if (!actors.approve) missing.add(`county-centre       ${county} ${placeName(county) ?? ''}`);
  }
  return [...missing].sort((a, b) => levelRank(a) - levelRank(b) || a.localeCompare(b));
}

function levelRank(line: string): number {
  const code = line.split(/\s+/)[1];
  return ['county', 'township', 'village'].indexOf(levelOf(code) ?? '');
}
