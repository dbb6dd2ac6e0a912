/**
 * Refusals of the subsidies service: the command is wrong for the state as it stands. Nothing is
 * written; the HTTP layer maps the stable code to a status and picks the message by Accept-Language.
 */
const MESSAGES = {
  'SUBSIDY.CHILD_UNKNOWN': {
    zh: '救助系统尚未收到该儿童的档案信息（请先在儿童档案中登记）',
    en: 'Subsidies has no record of this child yet (register the child in the registry first)',
  },
  'SUBSIDY.CHILD_INACTIVE': {
    zh: '该儿童档案已关闭、已合并或已年满18周岁',
    en: "The child's file is closed, merged or the child is 18",
  },
  'SUBSIDY.NOT_ELIGIBLE': {
    zh: '该儿童的保障类别或年龄不符合该项目的条件',
    en: "The child's protection tier or age does not qualify for this programme",
  },
  'SUBSIDY.PROGRAMME_UNKNOWN': { zh: '没有该保障项目', en: 'No such programme' },
  'SUBSIDY.PROGRAMME_KIND': {
    zh: '该项目不接受此类申请（按月发放的项目申请补贴，医疗康复项目报销票据）',
    en: 'This programme does not take this kind of request (monthly programmes take applications, medical ones claims)',
  },
  'SUBSIDY.APPLICATION_PENDING': {
    zh: '该项目已有待审批的申请',
    en: 'An application for this programme is already awaiting its decision',
  },
  'SUBSIDY.ALREADY_ENTITLED': {
    zh: '该儿童已在享受该项目',
    en: 'The child already receives this programme',
  },
  'SUBSIDY.APPLICATION_NOT_FOUND': { zh: '没有该申请', en: 'No such application' },
  'SUBSIDY.CLAIM_NOT_FOUND': { zh: '没有该报销申请', en: 'No such claim' },
  'SUBSIDY.ALREADY_DECIDED': { zh: '该申请已审批完毕', en: 'This has already been decided' },
  'SUBSIDY.WRONG_STEP': { zh: '流程步骤不符', en: 'This step does not follow from the current state' },
  'SUBSIDY.MAKER_CANNOT_CHECK': {
    zh: '经办人不能审核或审批自己经办的事项',
    en: 'The person who prepared this may not review or approve it',
  },
  'SUBSIDY.DATE_INVALID': {
    zh: '日期或月份无效或不在允许范围内',
    en: 'The date or month is impossible or out of range',
  },
  'SUBSIDY.REASON_REQUIRED': { zh: '必须填写理由', en: 'A reason is required' },
  'SUBSIDY.RATE_INVALID': {
    zh: '标准无效：金额须为非负整数（分），比例在0到1之间',
    en: 'Invalid rate: amounts are whole fen ≥ 0, ratios between 0 and 1',
  },
  'SUBSIDY.RATE_NOT_RETROACTIVE': {
    zh: '生效月份早于本月：追溯调整须明确标明“追溯”并说明理由',
    en: 'The effective month is in the past: a retroactive rate must be marked retroactive, with a reason',
  },
  'SUBSIDY.NO_RATE': {
    zh: '该项目在该月没有适用的标准',
    en: 'The programme has no rate in force for that month',
  },
  'SUBSIDY.CLAIM_INVALID': {
    zh: '票据金额无效：医保已报销部分不能超过总费用',
    en: 'Invalid bill: the insurance-paid part cannot exceed the total',
  },
  'SUBSIDY.DISEASE_NOT_COVERED': {
    zh: '该病种不在大病医疗康复补贴范围内',
    en: 'The diagnosis is not one of the diseases the programme covers',
  },
  'SUBSIDY.CAP_EXHAUSTED': {
    zh: '该儿童本年度补贴已达年度上限',
    en: "The child's annual cap for this programme is used up",
  },
  'SUBSIDY.PAYRUN_NOT_FOUND': { zh: '没有该月的发放批次', en: 'No payment run for that county and month' },
  'SUBSIDY.PAYRUN_MONTH_INVALID': {
    zh: '发放月份不能晚于本月',
    en: 'A payment run cannot be for a month after the current one',
  },
  'SUBSIDY.PAYRUN_NOT_COMPUTED': {
    zh: '发放批次尚未计算完成',
    en: 'The payment run has not finished computing',
  },
  'SUBSIDY.PAYRUN_NOT_RELEASED': {
    zh: '发放批次尚未审批导出，不能导入银行结果',
    en: 'The payment run has not been approved and exported: bank results cannot be imported',
  },
  'SUBSIDY.CONTROL_TOTALS_DIFFER': {
    zh: '审批时确认的笔数和金额与批次合计不符',
    en: 'The count and sum confirmed do not match the control totals of the run',
  },
  'SUBSIDY.BANK_FILE_INVALID': {
    zh: '银行回盘文件格式错误',
    en: 'The bank results file is malformed',
  },
} as const satisfies Record<string, { zh: string; en: string }>;

export type SubsidyErrorCode = keyof typeof MESSAGES;

export class SubsidyError extends Error {
  constructor(
    readonly code: SubsidyErrorCode,
    readonly details: Record<string, unknown> = {},
  ) {
    super(`${code}: ${MESSAGES[code].en}`);
  }

  messageIn(language: 'zh' | 'en'): string {
    return MESSAGES[this.code][language];
  }
}
