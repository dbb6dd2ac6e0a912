import { AppError } from './app-error';

/** A domain's refusal (RegistryError, SubsidyError…): a stable code, details, a message in both languages. */
export interface DomainRefusal {
  code: string;
  details: Record<string, unknown>;
  messageIn(language: 'zh' | 'en'): string;
}

/**
 * Maps one domain's refusals to HTTP answers: the status from the domain's table (400 when not
 * listed), both languages, and the details. `answering` runs work and answers its refusals so.
 */
export function refusalAnswers<E extends DomainRefusal>(
  isRefusal: (error: unknown) => error is E,
  statusByCode: Partial<Record<E['code'], number>>,
) {
  const toHttpError = (error: E): AppError =>
    new AppError(
      error.code,
      statusByCode[error.code as E['code']] ?? 400,
      { 'zh-CN': error.messageIn('zh'), en: error.messageIn('en') },
      Object.keys(error.details).length ? { ...error.details } : undefined,
      { cause: error },
    );
  const answeringRefusals = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (isRefusal(error)) throw toHttpError(error);
      throw error;
    }
  };
  return { toHttpError, answeringRefusals };
}
