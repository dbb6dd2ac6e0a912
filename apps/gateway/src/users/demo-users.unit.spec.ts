import { isAgency, isKnownPlace, levelOf, ROLE_CODES, ROLES } from '@app/auth';
import { DEMO_USERS } from './demo-users';

describe('demo users', () => {
  it('cover every role', () => {
    expect(new Set(DEMO_USERS.map((u) => u.role))).toEqual(new Set(ROLE_CODES));
  });

  it('live in known places of the level their role works at, for known agencies', () => {
    for (const user of DEMO_USERS) {
      expect(isKnownPlace(user.jurisdiction)).toBe(true);
      const level = ROLES[user.role].level;
      if (level) expect(levelOf(user.jurisdiction)).toBe(level);
      expect(isAgency(user.agency)).toBe(true);
    }
  });

  it('include village officers of two counties and county centres of 越城区 and 诸暨市', () => {
    const officers = DEMO_USERS.filter((u) => u.role === 'village-officer').map((u) => u.jurisdiction.slice(0, 6));
    expect(new Set(officers).size).toBeGreaterThanOrEqual(2);
    const centres = DEMO_USERS.filter((u) => u.role === 'county-centre').map((u) => u.jurisdiction);
    expect(centres).toEqual(expect.arrayContaining(['330602', '330681']));
  });

  it('have unique, well-formed user names', () => {
    const names = DEMO_USERS.map((u) => u.username);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z0-9][a-z0-9._-]{1,63}$/);
  });
});
