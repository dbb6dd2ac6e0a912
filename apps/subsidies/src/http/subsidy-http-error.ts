import { refusalAnswers } from '@app/platform';
import { SubsidyError } from '../domain';

/** A subsidies refusal as an HTTP answer: stable code, status, both languages, and its details. */
export const { toHttpError, answeringRefusals } = refusalAnswers(
  (error: unknown): error is SubsidyError => error instanceof SubsidyError,
  {
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
    'SUBSIDY.NO_RATE': 409,
    'SUBSIDY.CAP_EXHAUSTED': 409,
    'SUBSIDY.PAYRUN_NOT_COMPUTED': 409,
    'SUBSIDY.PAYRUN_NOT_RELEASED': 409,
    'SUBSIDY.CONTROL_TOTALS_DIFFER': 409,
  },
);
