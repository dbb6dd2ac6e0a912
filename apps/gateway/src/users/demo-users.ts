import { Agency, children, placeName, Role, SHAOXING_CITY } from '@app/auth';

/**
 * The demo users the gateway seeds (README "Demo users"): every role, several places. They share
 * one password. Seeded when AUTH_DEMO_USERS is true — by default everywhere but NODE_ENV=production.
 */
export const DEMO_PASSWORD = 'Welfare#2026';

export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  agency: Agency;
  jurisdiction: string;
}

const NAMED_USERS: readonly DemoUser[] = [
  {
    username: 'village.yuecheng',
    displayName: '王芳',
    role: 'village-officer',
    agency: 'civil-affairs',
    jurisdiction: '330602001001',
  },
  {
    username: 'village.zhuji',
    displayName: '陈建国',
    role: 'village-officer',
    agency: 'civil-affairs',
    jurisdiction: '330681109201',
  },
  {
    username: 'township.yuecheng',
    displayName: '李娜',
    role: 'township-supervisor',
    agency: 'civil-affairs',
    jurisdiction: '330602001',
  },
  {
    username: 'township.zhuji',
    displayName: '赵伟',
    role: 'township-supervisor',
    agency: 'civil-affairs',
    jurisdiction: '330681109',
  },
  {
    username: 'county.yuecheng',
    displayName: '孙丽',
    role: 'county-centre',
    agency: 'civil-affairs',
    jurisdiction: '330602',
  },
  {
    username: 'county.zhuji',
    displayName: '周强',
    role: 'county-centre',
    agency: 'civil-affairs',
    jurisdiction: '330681',
  },
  {
    username: 'city.bureau',
    displayName: '吴敏',
    role: 'city-bureau',
    agency: 'civil-affairs',
    jurisdiction: '330600',
  },
  {
    username: 'welfare.home',
    displayName: '郑洁',
    role: 'welfare-home-staff',
    agency: 'civil-affairs',
    jurisdiction: '330600',
  },
  {
    username: 'partner.education',
    displayName: '钱磊',
    role: 'partner-agency',
    agency: 'education',
    jurisdiction: '330600',
  },
  {
    username: 'partner.health.keqiao',
    displayName: '冯霞',
    role: 'partner-agency',
    agency: 'health',
    jurisdiction: '330603',
  },
  { username: 'regulator', displayName: '蒋涛', role: 'regulator', agency: 'discipline-audit', jurisdiction: '330600' },
  { username: 'hotline', displayName: '何静', role: 'hotline-operator', agency: 'hotline', jurisdiction: '330600' },
  { username: 'admin', displayName: '许刚', role: 'administrator', agency: 'civil-affairs', jurisdiction: '330600' },
];

const FIELD_ROLES: Record<string, Role> = {
  county: 'county-centre',
  township: 'township-supervisor',
  village: 'village-officer',
};

/**
 * One field worker for every demo county, township and village that has no named user, so the demo
 * population can be classified everywhere through the real workflow (`village.330602002001`, …).
 */
function fieldStaff(): DemoUser[] {
  const users: DemoUser[] = [];
  const add = (level: 'county' | 'township' | 'village', code: string) => {
    const role = FIELD_ROLES[level];
    if (NAMED_USERS.some((u) => u.role === role && u.jurisdiction === code)) return;
    users.push({
      username: `${level}.${code}`,
      displayName: `${placeName(code) ?? code}工作人员`,
      role,
      agency: 'civil-affairs',
      jurisdiction: code,
    });
  };
  for (const county of children(SHAOXING_CITY)) {
    add('county', county);
    for (const township of children(county)) {
      add('township', township);
      for (const village of children(township)) add('village', village);
    }
  }
  return users;
}

/**
 * A second person at every county centre, for the steps one person may not do alone (maker ≠
 * checker): approving a payment run's control totals (`checker.330602`, …).
 */
function countyCheckers(): DemoUser[] {
  return children(SHAOXING_CITY).map((county) => ({
    username: `checker.${county}`,
    displayName: `${placeName(county) ?? county}复核员`,
    role: 'county-centre' as const,
    agency: 'civil-affairs' as const,
    jurisdiction: county,
  }));
}

export const DEMO_USERS: readonly DemoUser[] = [...NAMED_USERS, ...fieldStaff(), ...countyCheckers()];
