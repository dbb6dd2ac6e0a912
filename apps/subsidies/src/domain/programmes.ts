/**
 * The programmes of 分类保障 (DOMAIN.md capability 2). Which tiers and ages qualify is programme
 * data; what is paid is rate-table data (rates.ts), effective-dated.
 */
export type ProgrammeCode =
  'basic-living' | 'foster-family' | 'major-illness' | 'rehabilitation-0-6' | 'tomorrow-plan-surgery';

export type CareSetting = 'institution' | 'scattered';
export const CARE_SETTINGS: readonly CareSetting[] = ['institution', 'scattered'];

export type AgeGroup = '0-5' | '6-11' | '12-17';

/** The five diseases of 大病医疗康复补贴. */
export const COVERED_DISEASES = [
  'leukaemia',
  'congenital-heart-disease',
  'malignant-tumour',
  'aids',
  'cerebral-palsy',
] as const;
export type Disease = (typeof COVERED_DISEASES)[number];

export interface Programme {
  code: ProgrammeCode;
  name: { zh: string; en: string };
  /** `monthly`: an entitlement paid every month; `claims`: bills reimbursed up to an annual cap. */
  kind: 'monthly' | 'claims';
  /** How an entitlement starts: an application approved in the county, or a placement event. */
  startedBy: 'application' | 'placement';
  /** Tiers that qualify; `undefined`: any registered child (the trigger decides). */
  tiers?: readonly string[];
  /** Age groups that qualify at the time of the request. */
  ageGroups?: readonly AgeGroup[];
  /** For `claims`: diagnoses it covers; `undefined`: any. */
  diseases?: readonly Disease[];
  policy: string;
}

const IN_DIFFICULTY = ['orphan', 'de-facto-unsupported', 'severe-illness-or-disability', 'family-in-difficulty'];

export const PROGRAMMES: Record<ProgrammeCode, Programme> = {
  'basic-living': {
    code: 'basic-living',
    name: { zh: '基本生活费', en: 'basic living allowance' },
    kind: 'monthly',
    startedBy: 'application',
    tiers: ['orphan', 'de-facto-unsupported', 'severe-illness-or-disability', 'family-in-difficulty'],
    policy: '浙民儿〔2014〕87号',
  },
  'foster-family': {
    code: 'foster-family',
    name: { zh: '家庭寄养补贴', en: 'foster-family subsidy' },
    kind: 'monthly',
    startedBy: 'placement',
    policy: '家庭寄养管理办法（民政部令第54号）',
  },
  'major-illness': {
    code: 'major-illness',
    name: { zh: '大病医疗康复补贴', en: 'major-illness medical rehabilitation subsidy' },
    kind: 'claims',
    startedBy: 'application',
    tiers: IN_DIFFICULTY,
    diseases: COVERED_DISEASES,
    policy: '浙民儿〔2014〕87号',
  },
  'rehabilitation-0-6': {
    code: 'rehabilitation-0-6',
    name: { zh: '0—6岁贫困残疾儿童抢救性康复', en: 'emergency rehabilitation for disabled children aged 0–6' },
    kind: 'claims',
    startedBy: 'application',
    tiers: IN_DIFFICULTY,
    ageGroups: ['0-5'],
    policy: '浙残联〔2014〕抢救性康复实施方案',
  },
  'tomorrow-plan-surgery': {
    code: 'tomorrow-plan-surgery',
    name: { zh: '孤残儿童手术康复明天计划', en: 'Tomorrow Plan: surgery for orphaned and disabled children' },
    kind: 'claims',
    startedBy: 'application',
    tiers: ['orphan', 'de-facto-unsupported'],
    policy: '民政部孤残儿童手术康复明天计划',
  },
};

export function isProgrammeCode(value: string): value is ProgrammeCode {
  return Object.prototype.hasOwnProperty.call(PROGRAMMES, value);
}
