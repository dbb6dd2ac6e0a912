import { LocalizedText } from './localized-text';

/**
 * The vocabulary for parents and guardians and the situations that make a child eligible for
 * protection. Shared by the child's file (what was recorded) and the policy table (what a tier asks for).
 */
export const GUARDIAN_RELATIONS = {
  father: { zh: '父亲', en: 'father' },
  mother: { zh: '母亲', en: 'mother' },
  grandparent: { zh: '祖父母/外祖父母', en: 'grandparent' },
  sibling: { zh: '兄姐', en: 'adult sibling' },
  'other-relative': { zh: '其他亲属', en: 'other relative' },
  'entrusted-guardian': { zh: '委托监护人', en: 'entrusted guardian' },
  institution: { zh: '儿童福利机构', en: "children's welfare institution" },
  other: { zh: '其他', en: 'other' },
} as const satisfies Record<string, LocalizedText>;

export type GuardianRelation = keyof typeof GUARDIAN_RELATIONS;

export const GUARDIAN_SITUATIONS = {
  dead: { zh: '死亡', en: 'dead' },
  missing: { zh: '失踪/失联', en: 'missing' },
  imprisoned: { zh: '服刑在押', en: 'imprisoned' },
  'compulsory-rehabilitation': { zh: '强制隔离戒毒', en: 'in compulsory drug rehabilitation' },
  'severely-ill-or-disabled': { zh: '重病重残', en: 'severely ill or disabled' },
  'low-income-family': { zh: '低保家庭', en: 'minimum living allowance (低保) family' },
  'low-income-margin': { zh: '低保边缘家庭', en: 'low-income margin (低边) family' },
  'working-away': { zh: '外出务工', en: 'working away from home' },
  other: { zh: '其他', en: 'other' },
} as const satisfies Record<string, LocalizedText>;

export type GuardianSituation = keyof typeof GUARDIAN_SITUATIONS;

export function isGuardianSituation(value: unknown): value is GuardianSituation {
  return typeof value === 'string' && Object.hasOwn(GUARDIAN_SITUATIONS, value);
}

export function isGuardianRelation(value: unknown): value is GuardianRelation {
  return typeof value === 'string' && Object.hasOwn(GUARDIAN_RELATIONS, value);
}

export function isParent(relation: GuardianRelation): boolean {
  return relation === 'father' || relation === 'mother';
}
