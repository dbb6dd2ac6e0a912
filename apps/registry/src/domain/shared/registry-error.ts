/**
 * Refusals that are not worth recording as events: the command was wrong for the file as it stands
 * (a closed file, a step out of order, malformed input). Nothing is written; the HTTP layer maps the
 * stable code once, in an exception filter, and picks the message by Accept-Language.
 */
const MESSAGES = {
  'REGISTRY.NOT_FOUND': { zh: '儿童档案不存在', en: 'No such child file' },
  'REGISTRY.ALREADY_REGISTERED': {
    zh: '该档案编号已用于另一名儿童',
    en: 'This file id is already used for a different child',
  },
  'REGISTRY.FILE_CLOSED': {
    zh: '档案已关闭（已注销、死亡或年满18周岁），不能再办理',
    en: 'The file is closed (closed, deceased or aged out) and takes no further commands',
  },
  'REGISTRY.FILE_MERGED': {
    zh: '档案已合并到另一份档案，只读',
    en: 'The file was merged into another file and is read-only',
  },
  'REGISTRY.WRONG_STEP': { zh: '流程步骤不符', en: 'This step does not follow from the current state' },
  'REGISTRY.ID_NUMBER_FORMAT': {
    zh: '身份证号码格式错误：应为17位数字加1位校验码',
    en: 'Malformed ID number: 17 digits and a check character expected',
  },
  'REGISTRY.ID_NUMBER_CHECK_DIGIT': { zh: '身份证号码校验码错误', en: 'The ID number check character is wrong' },
  'REGISTRY.ID_NUMBER_REGION': { zh: '身份证号码地址码无效', en: 'The ID number region code is not a region' },
  'REGISTRY.ID_NUMBER_BIRTH_DATE': {
    zh: '身份证号码中的出生日期无效',
    en: 'The birth date inside the ID number is impossible, in the future or before 1900',
  },
  'REGISTRY.ID_NUMBER_DISAGREES': {
    zh: '身份证号码与填写的出生日期或性别不一致',
    en: 'The ID number disagrees with the entered birth date or sex',
  },
  'REGISTRY.REGISTRY_NUMBER_INVALID': {
    zh: '登记编号无效或与所在县（市、区）不符',
    en: 'The registry number is malformed, fails its check letter or names another county',
  },
  'REGISTRY.IDENTITY_REQUIRED': {
    zh: '须且只能提供身份证号码或登记编号之一',
    en: 'Exactly one of an ID number or a registry number is required',
  },
  'REGISTRY.BIRTH_DATE_INVALID': {
    zh: '出生日期无效、晚于今天或早于1900年',
    en: 'The birth date is impossible, in the future or before 1900',
  },
  'REGISTRY.NOT_A_CHILD': { zh: '已年满18周岁，不能建立儿童档案', en: 'Aged 18 or over: not a child' },
  'REGISTRY.PLACE_INVALID': { zh: '地点代码无效或不一致', en: 'A place code is malformed or inconsistent' },
  'REGISTRY.DUPLICATE_ID_NUMBER': {
    zh: '该身份证号码已有档案',
    en: 'A file already exists for this ID number',
  },
  'REGISTRY.LIKELY_DUPLICATE': {
    zh: '存在姓名、出生日期和地点相同的档案，请确认不是同一名儿童',
    en: 'Files with the same name, birth date and place exist: confirm this is a different child',
  },
  'REGISTRY.GUARDIAN_ALREADY_RECORDED': {
    zh: '该监护人已登记，请更新其情况',
    en: 'This guardian is already recorded: update their situation instead',
  },
  'REGISTRY.GUARDIAN_NOT_FOUND': { zh: '档案中没有该监护人', en: 'No such guardian on this file' },
  'REGISTRY.GUARDIAN_INVALID': {
    zh: '未知的监护人关系或情况代码',
    en: 'Unknown guardian relation or situation code',
  },
  'REGISTRY.TRANSFER_PENDING': {
    zh: '已有待接收的跨县迁移',
    en: 'A transfer to another county is already awaiting its answer',
  },
  'REGISTRY.NOT_RECEIVING_COUNTY': {
    zh: '只有接收地县级儿童福利指导中心可以接收或拒绝迁移',
    en: 'Only the receiving county may accept or decline a transfer',
  },
  'REGISTRY.DATE_INVALID': { zh: '日期无效或不在允许范围内', en: 'The date is impossible or out of range' },
  'REGISTRY.REASON_REQUIRED': { zh: '必须填写理由', en: 'A reason is required' },
  'REGISTRY.TIER_UNKNOWN': { zh: '政策表中没有该保障类别', en: 'The policy table has no such protection tier' },
  'REGISTRY.TIER_NOT_IN_FORCE': {
    zh: '该保障类别在生效日期不在有效期内',
    en: 'The protection tier is not in force on that date',
  },
  'REGISTRY.TIER_ALREADY_HELD': { zh: '儿童已属于该保障类别', en: 'The child already holds this tier' },
  'REGISTRY.EVIDENCE_MISSING': {
    zh: '缺少该保障类别要求的证明材料',
    en: 'Evidence this tier requires is missing',
  },
  'REGISTRY.CLASSIFICATION_PENDING': {
    zh: '已有待审核的分类申请',
    en: 'A classification proposal is already under review',
  },
  'REGISTRY.PROPOSER_CANNOT_APPROVE': {
    zh: '提出分类申请的人不能批准该申请',
    en: 'The person who proposed a classification may not approve it',
  },
  'REGISTRY.SYSTEM_ACTOR_REQUIRED': {
    zh: '该操作只能由指定的系统进程执行',
    en: 'Only the named system process may do this',
  },
  'REGISTRY.CLOSURE_REASON_UNKNOWN': { zh: '未知的档案注销原因', en: 'Unknown reason code for closing a file' },
  'REGISTRY.REVERIFICATION_OUTCOME_UNKNOWN': { zh: '未知的复核结果', en: 'Unknown re-verification outcome' },
  'REGISTRY.NOT_YET_18': { zh: '儿童尚未年满18周岁', en: 'The child is not yet 18' },
  'REGISTRY.MERGE_INVALID': {
    zh: '不能合并：保留档案须为另一份有效档案',
    en: 'Cannot merge: the surviving file must be another, active file',
  },
  'REGISTRY.CAMPAIGN_ALREADY_PLANNED': {
    zh: '该普查已按不同内容计划',
    en: 'This census campaign was already planned differently',
  },
  'REGISTRY.CAMPAIGN_INVALID': {
    zh: '普查计划无效：期间或村（社区）范围有误',
    en: 'Invalid campaign: check its period and villages in scope',
  },
  'REGISTRY.CAMPAIGN_CLOSED': { zh: '普查已结束', en: 'The census campaign is closed' },
  'REGISTRY.VILLAGE_NOT_IN_SCOPE': {
    zh: '该村（社区）不在本次普查范围内',
    en: 'The village is not in the campaign scope',
  },
  'REGISTRY.OUTSIDE_CAMPAIGN_PERIOD': {
    zh: '走访日期不在普查期间内',
    en: 'The visit date is outside the campaign period',
  },
  'REGISTRY.VISIT_COUNTS_INCONSISTENT': {
    zh: '走访数据不一致：发现儿童数少于所列档案数，或数字为负',
    en: 'Inconsistent visit: fewer children found than files listed, or a negative count',
  },
} as const satisfies Record<string, { zh: string; en: string }>;

export type RegistryErrorCode = keyof typeof MESSAGES;
export type Language = 'zh' | 'en';

export class RegistryError extends Error {
  override readonly name = 'RegistryError';

  constructor(
    readonly code: RegistryErrorCode,
    /** Facts the caller may show: the existing child id, the missing evidence kinds, the current step… */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(`${code}: ${MESSAGES[code].en}`);
  }

  messageIn(language: Language): string {
    return MESSAGES[this.code][language];
  }
}

export const REGISTRY_ERROR_CODES = Object.keys(MESSAGES) as RegistryErrorCode[];

export function requireReason(reason: string | undefined): string {
  const trimmed = reason?.trim();
  if (!trimmed) throw new RegistryError('REGISTRY.REASON_REQUIRED');
  return trimmed;
}
