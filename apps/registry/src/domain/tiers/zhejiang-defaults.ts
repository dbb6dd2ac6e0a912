import { GuardianSituation } from '../shared/guardians';
import { PolicyTable } from './policy-table';

/**
 * Zhejiang's default protection tiers (一普四分: one universal tier, classified protection tiers).
 *
 * DEMO DATA. The policy references name documents of the right kind and period — 浙民儿〔2014〕87号
 * (cited by Shaoxing's pilot plan), 国办发〔2010〕54号, 国发〔2016〕13号, 民发〔2019〕62号, 绍政办发〔2013〕66号
 * — but which document governs which tier, and every effective date, are illustrative choices
 * made for the demo. The city bureau's published table replaces this one before real use.
 */

const PARENT_UNABLE_TO_CARE: GuardianSituation[] = [
  'dead',
  'missing',
  'imprisoned',
  'compulsory-rehabilitation',
  'severely-ill-or-disabled',
];

export const ZHEJIANG_DEFAULT_TIERS: PolicyTable = {
  id: 'zhejiang-default',
  jurisdiction: '330000',
  title: { zh: '浙江省儿童分类保障类别（演示）', en: 'Zhejiang child protection tiers (demo)' },
  provenance:
    'Demo table: real document numbers of the right kind, illustrative mapping and dates; replace with the published table.',
  evidenceKinds: [
    { code: 'household-register', name: { zh: '户口簿', en: 'household register (hukou booklet)' } },
    { code: 'birth-certificate', name: { zh: '出生医学证明', en: 'medical birth certificate' } },
    { code: 'death-certificate', name: { zh: '死亡证明', en: 'death certificate' } },
    {
      code: 'declaration-of-missing',
      name: { zh: '人民法院宣告失踪（死亡）判决书', en: "court's declaration of missing or death" },
    },
    { code: 'missing-report', name: { zh: '公安机关失联报案证明', en: 'police record of lost contact' } },
    { code: 'foundling-record', name: { zh: '公安机关捡拾报案证明', en: 'police record of a foundling' } },
    { code: 'imprisonment-certificate', name: { zh: '服刑在押证明', en: 'certificate of imprisonment' } },
    {
      code: 'compulsory-rehabilitation-decision',
      name: { zh: '强制隔离戒毒决定书', en: 'compulsory drug rehabilitation decision' },
    },
    { code: 'disability-certificate', name: { zh: '残疾人证', en: 'disability certificate' } },
    { code: 'medical-diagnosis', name: { zh: '二级以上医院诊断证明', en: 'hospital diagnosis' } },
    {
      code: 'low-income-certificate',
      name: { zh: '最低生活保障证', en: 'minimum living allowance (低保) certificate' },
    },
    {
      code: 'low-income-margin-certificate',
      name: { zh: '低保边缘家庭证明', en: 'low-income margin (低边) certificate' },
    },
    { code: 'employment-away-statement', name: { zh: '外出务工证明', en: 'statement of work away from home' } },
    { code: 'residence-permit', name: { zh: '居住证', en: 'residence permit' } },
    { code: 'village-committee-statement', name: { zh: '村（居）委会证明', en: "village committee's statement" } },
  ],
  tiers: [
    {
      code: 'orphan',
      name: { zh: '孤儿', en: 'orphan' },
      rank: 1,
      universal: false,
      effectiveFrom: '2014-10-01',
      effectiveTo: null,
      policyReference: '浙民儿〔2014〕87号',
      evidenceRequired: [
        { anyOf: ['household-register'] },
        { anyOf: ['death-certificate', 'declaration-of-missing', 'foundling-record'] },
      ],
      eligibility: [
        {
          id: 'orphan.both-parents-dead-or-missing',
          kind: 'parents-in',
          each: ['dead', 'missing'],
          text: { zh: '父母双方死亡或被宣告失踪', en: 'both parents dead or declared missing' },
        },
      ],
      reverifyEveryMonths: 12,
    },
    {
      code: 'de-facto-unsupported',
      name: { zh: '事实无人抚养儿童', en: 'de facto unsupported child' },
      rank: 2,
      universal: false,
      effectiveFrom: '2020-01-01',
      effectiveTo: null,
      policyReference: '民发〔2019〕62号',
      evidenceRequired: [
        { anyOf: ['household-register'] },
        {
          anyOf: [
            'death-certificate',
            'declaration-of-missing',
            'missing-report',
            'imprisonment-certificate',
            'compulsory-rehabilitation-decision',
            'disability-certificate',
            'medical-diagnosis',
          ],
        },
      ],
      eligibility: [
        {
          id: 'de-facto-unsupported.parents-unable-to-care',
          kind: 'parents-in',
          each: PARENT_UNABLE_TO_CARE,
          // Both dead is an orphan; at least one parent alive but unable to care makes this tier.
          atLeastOneIn: ['missing', 'imprisoned', 'compulsory-rehabilitation', 'severely-ill-or-disabled'],
          text: {
            zh: '父母双方均重残、重病、服刑在押、强制隔离戒毒或失联，或一方死亡、失踪而另一方属上述情形',
            en: 'both parents severely ill or disabled, imprisoned, in compulsory rehabilitation or missing, or one dead or missing and the other so',
          },
        },
      ],
      reverifyEveryMonths: 12,
    },
    {
      code: 'severe-illness-or-disability',
      name: { zh: '重病重残儿童', en: 'child with severe illness or disability' },
      rank: 3,
      universal: false,
      effectiveFrom: '2014-10-01',
      effectiveTo: null,
      policyReference: '浙民儿〔2014〕87号',
      evidenceRequired: [{ anyOf: ['household-register'] }, { anyOf: ['disability-certificate', 'medical-diagnosis'] }],
      // The child's own condition is shown by the certificate or diagnosis itself: nothing on the file to check.
      eligibility: [],
      reverifyEveryMonths: 12,
    },
    {
      code: 'family-in-difficulty',
      name: { zh: '困境家庭儿童', en: 'child of a family in difficulty' },
      rank: 4,
      universal: false,
      effectiveFrom: '2014-10-01',
      effectiveTo: null,
      policyReference: '浙民儿〔2014〕87号',
      evidenceRequired: [
        { anyOf: ['household-register'] },
        { anyOf: ['low-income-certificate', 'low-income-margin-certificate'] },
      ],
      eligibility: [
        {
          id: 'family-in-difficulty.low-income-household',
          kind: 'any-guardian-in',
          situations: ['low-income-family', 'low-income-margin'],
          text: { zh: '家庭为低保或低边家庭', en: 'the family receives 低保 or is a 低边 family' },
        },
      ],
      reverifyEveryMonths: 6,
    },
    {
      code: 'left-behind',
      name: { zh: '留守儿童', en: 'left-behind child' },
      rank: 5,
      universal: false,
      effectiveFrom: '2016-02-04',
      effectiveTo: null,
      policyReference: '国发〔2016〕13号',
      evidenceRequired: [{ anyOf: ['household-register'] }, { anyOf: ['employment-away-statement'] }],
      eligibility: [
        {
          id: 'left-behind.parents-away',
          kind: 'parents-in',
          each: ['working-away', ...PARENT_UNABLE_TO_CARE],
          atLeastOneIn: ['working-away'],
          text: {
            zh: '父母双方外出务工，或一方外出务工另一方无监护能力',
            en: 'both parents work away, or one works away and the other cannot care',
          },
        },
        {
          id: 'left-behind.under-16',
          kind: 'younger-than',
          years: 16,
          text: { zh: '不满十六周岁', en: 'under 16' },
        },
      ],
      reverifyEveryMonths: 6,
    },
    {
      code: 'migrant',
      name: { zh: '流动儿童', en: 'migrant child' },
      rank: 6,
      universal: false,
      effectiveFrom: '2014-10-01',
      effectiveTo: null,
      policyReference: '绍政办发〔2013〕66号',
      evidenceRequired: [{ anyOf: ['household-register'] }, { anyOf: ['residence-permit'] }],
      eligibility: [
        {
          id: 'migrant.registered-elsewhere',
          kind: 'household-registered-outside-city',
          text: { zh: '户籍不在本市', en: 'household registration outside the city' },
        },
      ],
      reverifyEveryMonths: 12,
    },
    {
      code: 'universal',
      name: { zh: '普惠型儿童福利', en: 'universal child welfare' },
      rank: 99,
      universal: true,
      effectiveFrom: '2014-10-01',
      effectiveTo: null,
      policyReference: '民函〔2014〕105号',
      evidenceRequired: [],
      eligibility: [],
      reverifyEveryMonths: null,
    },
  ],
};
