import { Month } from './calendar';
import { ProgrammeCode } from './programmes';
import { RateVersion } from './rates';

/**
 * The rates the service starts with when a programme's table is empty (version 1 of each table),
 * in fen per month. Figures are Shaoxing-like demo values, not a published schedule: the city bureau
 * publishes the real ones through the API, and indexation grows them.
 */
export const DEFAULT_RATES_FROM: Month = '2024-01';

export const ZHEJIANG_DEFAULT_RATES: Record<ProgrammeCode, Omit<RateVersion, 'version' | 'retroactive'>> = {
  'basic-living': {
    effectiveFrom: DEFAULT_RATES_FROM,
    amounts: {
      'orphan/institution': 2_786_00,
      'orphan/scattered': 2_089_00,
      'de-facto-unsupported/institution': 2_786_00,
      'de-facto-unsupported/scattered': 2_089_00,
      'severe-illness-or-disability/institution': 1_400_00,
      'severe-illness-or-disability/scattered': 1_200_00,
      'family-in-difficulty/scattered': 600_00,
    },
  },
  'foster-family': {
    effectiveFrom: DEFAULT_RATES_FROM,
    amounts: { 'care-cost': 2_089_00, 'labour-allowance': 800_00 },
  },
  'major-illness': {
    effectiveFrom: DEFAULT_RATES_FROM,
    amounts: {},
    claims: { ratioBasisPoints: 7_000, annualCapFen: 100_000_00 },
  },
  'rehabilitation-0-6': {
    effectiveFrom: DEFAULT_RATES_FROM,
    amounts: {},
    claims: { ratioBasisPoints: 10_000, annualCapFen: 20_000_00 },
  },
  'tomorrow-plan-surgery': {
    effectiveFrom: DEFAULT_RATES_FROM,
    amounts: {},
    claims: { ratioBasisPoints: 10_000, annualCapFen: 50_000_00 },
  },
};
