import { AppError } from '@app/platform';
import { SubsidyError, SubsidyErrorCode } from '../domain';

const STATUS: Partial<Record<SubsidyErrorCode, number>> = {
  'SUBSIDY.CHILD_UNKNOWN': 404,
  'SUBSIDY.APPLICATION_NOT_FOUND': 404,
  'SUBSIDY.CLAIM_NOT_FOUND': 404,
  'SUBSIDY.PAYRUN_NOT_FOUND': 404,
  'SUBSIDY.MAKER_CANNOT_CHECK': 403,
  'SUBSIDY.CHILD_INACTIVE': 409,
  'SUBSIDY.NOT_ELIGIBLE': 409,
  'SUBSIDY.APPLICATION_PENDING': 409,
  'SUBSIDY.ALREADY_ENTITLED': 409,
  'SUBSIDY.ALREADY_DECIDED': 409,
  'SUBSIDY.WRONG_STEP': 409,
  'SUBSIDY.RATE_NOT_RETROACTIVE': 409,
  'SUBSIDY.RATE_VERSION_STALE': 409,
  'SUBSIDY.NO_RATE': 409,
  'SUBSIDY.CAP_EXHAUSTED': 409,
  'SUBSIDY.PAYRUN_NOT_COMPUTED': 409,
  'SUBSIDY.PAYRUN_NOT_RELEASED': 409,
  'SUBSIDY.CONTROL_TOTALS_DIFFER': 409,
};

/** A domain refusal as an HTTP answer: stable code, status, both languages, and its details. */
export function toHttpError(error: SubsidyError): AppError {
  return new AppError(
    error.code,
    STATUS[error.code] ?? 400,
    { 'zh-CN': error.messageIn('zh'), en: error.messageIn('en') },
    Object.keys(error.details).length ? { ...error.details } : undefined,
    { cause: error },
  );
}

/** Runs `work` and answers a SubsidyError as its HTTP error. */
export async function answeringRefusals<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SubsidyError) throw toHttpError(error);
    throw error;
  }
}
