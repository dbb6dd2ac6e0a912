import { JurisdictionLevel } from '../jurisdiction/codes';

export interface RoleInfo {
  'zh-CN': string;
  en: string;
  /** The level of the place a user in this role belongs to; undefined when any level fits. */
  level?: JurisdictionLevel;
}

/** The roles of DOMAIN.md "Who uses it". Codes are stable: tokens, decision records and @Allow use them. */
const ROLE_TABLE = {
  'village-officer': { 'zh-CN': '村（社区）儿童福利督导员', en: 'Village child welfare officer', level: 'village' },
  'township-supervisor': {
    'zh-CN': '乡镇（街道）儿童福利督导员',
    en: 'Township child welfare supervisor',
    level: 'township',
  },
  'county-centre': { 'zh-CN': '县级儿童福利指导中心', en: 'County child welfare guidance centre', level: 'county' },
  'city-bureau': { 'zh-CN': '市民政局', en: 'City civil-affairs bureau', level: 'city' },
  'welfare-home-staff': { 'zh-CN': '儿童福利院工作人员', en: "Children's welfare home staff", level: 'city' },
  'partner-agency': { 'zh-CN': '成员单位工作人员', en: 'Partner agency staff' },
  regulator: { 'zh-CN': '监管人员（领导小组、纪检审计）', en: 'Regulator (leading group, discipline and audit)' },
  'hotline-operator': { 'zh-CN': '热线接线员', en: 'Hotline operator' },
  administrator: { 'zh-CN': '系统管理员', en: 'Administrator', level: 'city' },
} as const satisfies Record<string, RoleInfo>;

export type Role = keyof typeof ROLE_TABLE;
export const ROLES: Readonly<Record<Role, RoleInfo>> = ROLE_TABLE;
export const ROLE_CODES = Object.keys(ROLES) as Role[];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && Object.hasOwn(ROLES, value);
}

export function roleLabel(role: Role, language: 'zh-CN' | 'en' = 'zh-CN'): string {
  return ROLES[role][language];
}

/**
 * The bodies a user works for (agency claim). Civil affairs runs the four-level network and the
 * welfare home; the others are the leading group's partner agencies (DOMAIN.md, 三(四)).
 */
export const AGENCIES = {
  'civil-affairs': { 'zh-CN': '民政局', en: 'Civil affairs' },
  education: { 'zh-CN': '教育局', en: 'Education bureau' },
  'human-resources': { 'zh-CN': '人力资源和社会保障局', en: 'Human resources and social security' },
  housing: { 'zh-CN': '住房和城乡建设局', en: 'Housing and urban-rural development' },
  justice: { 'zh-CN': '司法局（法律援助）', en: 'Justice bureau (legal aid)' },
  health: { 'zh-CN': '卫生健康委员会', en: 'Health commission' },
  'public-security': { 'zh-CN': '公安局', en: 'Public security' },
  'womens-federation': { 'zh-CN': '妇女联合会', en: "Women's federation" },
  'disabled-persons-federation': { 'zh-CN': '残疾人联合会', en: "Disabled persons' federation" },
  'discipline-audit': { 'zh-CN': '纪检监察与审计', en: 'Discipline inspection and audit' },
  hotline: { 'zh-CN': '12345 政务服务热线', en: '12345 government service hotline' },
} as const satisfies Record<string, { 'zh-CN': string; en: string }>;

export type Agency = keyof typeof AGENCIES;

export function isAgency(value: unknown): value is Agency {
  return typeof value === 'string' && Object.hasOwn(AGENCIES, value);
}
