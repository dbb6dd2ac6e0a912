import { AppError } from '@app/platform';
import { RegistryError, RegistryErrorCode } from '../domain';

const STATUS: Partial<Record<RegistryErrorCode, number>> = {
  'REGISTRY.NOT_FOUND': 404,
  'REGISTRY.ALREADY_REGISTERED': 409,
  'REGISTRY.DUPLICATE_ID_NUMBER': 409,
  'REGISTRY.LIKELY_DUPLICATE': 409,
  'REGISTRY.FILE_CLOSED': 409,
  'REGISTRY.FILE_MERGED': 409,
  'REGISTRY.WRONG_STEP': 409,
  'REGISTRY.TRANSFER_PENDING': 409,
  'REGISTRY.GUARDIAN_ALREADY_RECORDED': 409,
  'REGISTRY.CLASSIFICATION_PENDING': 409,
  'REGISTRY.CAMPAIGN_ALREADY_PLANNED': 409,
  'REGISTRY.CAMPAIGN_CLOSED': 409,
  'REGISTRY.NOT_YET_18': 409,
  'REGISTRY.PROPOSER_CANNOT_APPROVE': 403,
  'REGISTRY.NOT_RECEIVING_COUNTY': 403,
  'REGISTRY.SYSTEM_ACTOR_REQUIRED': 403,
  'REGISTRY.GUARDIAN_NOT_FOUND': 404,
};

/** A domain refusal as an HTTP answer: stable code, status, both languages, and its details. */
export function toHttpError(error: RegistryError): AppError {
  return new AppError(
    error.code,
    STATUS[error.code] ?? 400,
    { 'zh-CN': error.messageIn('zh'), en: error.messageIn('en') },
    Object.keys(error.details).length ? { ...error.details } : undefined,
    { cause: error },
  );
}

/** Runs `work` and answers a RegistryError as its HTTP error. */
export async function answeringRefusals<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RegistryError) throw toHttpError(error);
    throw error;
  }
}
