import { LocalizedText } from '../shared/localized-text';

export type ChildFileStatus = 'unregistered' | 'active' | 'closed' | 'deceased' | 'aged_out' | 'merged';

/** Why a file is closed other than by death, ageing out or merging, which have their own events. */
export const FILE_CLOSURE_REASONS = {
  'moved-out-of-city': { zh: '迁出本市', en: 'moved out of the city' },
  'adopted-abroad': { zh: '涉外送养', en: 'adopted abroad' },
  'registered-in-error': { zh: '误登记', en: 'registered in error' },
  other: { zh: '其他（须说明）', en: 'other (explain in the note)' },
} as const satisfies Record<string, LocalizedText>;

export type FileClosureReason = keyof typeof FILE_CLOSURE_REASONS;

export const REVERIFICATION_OUTCOMES = {
  confirmed: { zh: '情况属实，维持', en: 'confirmed' },
  changed: { zh: '情况变化，需重新分类', en: 'circumstances changed: reclassify' },
  'to-close': { zh: '建议注销档案', en: 'recommend closing the file' },
} as const satisfies Record<string, LocalizedText>;

export type ReverificationOutcome = keyof typeof REVERIFICATION_OUTCOMES;

/** The one system actor allowed to age a file out (ARCHITECTURE.md §3: automated decisions name their process). */
export const AGEING_OUT_SCHEDULER = 'system:ageing-out-scheduler';

export const AGE_OF_MAJORITY = 18;
