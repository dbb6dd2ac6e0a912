import { refusalAnswers } from '@app/platform';
import { RegistryError } from '../domain';

/** A registry refusal as an HTTP answer: stable code, status, both languages, and its details. */
export const { toHttpError, answeringRefusals } = refusalAnswers(
  (error: unknown): error is RegistryError => error instanceof RegistryError,
  {
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
  },
);
