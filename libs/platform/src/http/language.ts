/** The languages the API answers in. Chinese first: the users are civil-affairs staff in Shaoxing. */
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';

/** A text in every language the API answers in. */
export type Messages = Record<Language, string>;

/**
 * Picks the answer language from an Accept-Language header (RFC 9110 §12.5.4): the supported
 * language with the highest q-value, ties broken by order; zh-CN when nothing supported is asked for.
 */
export function pickLanguage(header: string | string[] | undefined): Language {
  const text = Array.isArray(header) ? header.join(',') : header;
  if (!text) return DEFAULT_LANGUAGE;
  let best: { language: Language; q: number } | undefined;
  for (const part of text.split(',').slice(0, 20)) {
    const [tag, ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q) || q <= 0 || q > 1) continue;
    const language = languageOfTag(tag.trim());
    if (language && (!best || q > best.q)) best = { language, q };
  }
  return best?.language ?? DEFAULT_LANGUAGE;
}

function languageOfTag(tag: string): Language | undefined {
  if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
  if (tag === 'en' || tag.startsWith('en-')) return 'en';
  if (tag === '*') return DEFAULT_LANGUAGE;
  return undefined;
}
