import { isCalendarDate, LocalDate } from '../shared/dates';

/**
 * Citizen identity numbers, GB 11643-1999 (公民身份号码): a 6-digit region code, the birth date as
 * YYYYMMDD, a 3-digit sequence whose last digit is odd for males, and a check character computed
 * with ISO 7064 MOD 11-2. The check catches every single-character substitution and every swap of
 * two adjacent characters, so typing errors are refused here rather than found in a census later.
 */

export type Sex = 'male' | 'female';

export interface ParsedIdNumber {
  /** Normalised: upper-case X. */
  idNumber: string;
  regionCode: string;
  birthDate: LocalDate;
  sex: Sex;
  sequence: number;
}

export type IdNumberProblem =
  'ID_NUMBER_FORMAT' | 'ID_NUMBER_CHECK_DIGIT' | 'ID_NUMBER_REGION' | 'ID_NUMBER_BIRTH_DATE';

export type IdNumberResult = { ok: true; value: ParsedIdNumber } | { ok: false; problem: IdNumberProblem };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';
const EARLIEST_BIRTH_DATE = '1900-01-01';

/** Province-level codes of GB/T 2260, plus 81/82/83 used in residence permits for Hong Kong, Macao and Taiwan residents. */
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43',
  '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '83',
]); // prettier-ignore

export function checkCharacter(first17Digits: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17Digits[i]) * WEIGHTS[i];
  return CHECK_CHARACTERS[sum % 11];
}

/**
 * Parses an ID number entered by a person. A lower-case x is accepted as X (people type it); no
 * other tolerance: spaces or dashes are the caller's to strip, and are refused here.
 * `today` decides what "in the future" means.
 */
export function parseIdNumber(raw: string, today: LocalDate): IdNumberResult {
  if (typeof raw !== 'string' || !/^\d{17}[\dXx]$/.test(raw)) return { ok: false, problem: 'ID_NUMBER_FORMAT' };
  const idNumber = raw.toUpperCase();
  // The check comes first: a typing error anywhere is reported as one, whatever field it landed in.
  if (checkCharacter(idNumber) !== idNumber[17]) return { ok: false, problem: 'ID_NUMBER_CHECK_DIGIT' };
  const regionCode = idNumber.slice(0, 6);
  if (!PROVINCES.has(regionCode.slice(0, 2))) return { ok: false, problem: 'ID_NUMBER_REGION' };
  const birthDate = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
  if (!isCalendarDate(birthDate) || birthDate < EARLIEST_BIRTH_DATE || birthDate > today) {
    return { ok: false, problem: 'ID_NUMBER_BIRTH_DATE' };
  }
  const sequence = Number(idNumber.slice(14, 17));
  return {
    ok: true,
    value: { idNumber, regionCode, birthDate, sex: sequence % 2 === 1 ? 'male' : 'female', sequence },
  };
}

/** Which entered facts the number contradicts; empty when it agrees with both. */
export function disagreements(parsed: ParsedIdNumber, birthDate: LocalDate, sex: Sex): ('birthDate' | 'sex')[] {
  const fields: ('birthDate' | 'sex')[] = [];
  if (parsed.birthDate !== birthDate) fields.push('birthDate');
  if (parsed.sex !== sex) fields.push('sex');
  return fields;
}

export function agreesWith(parsed: ParsedIdNumber, birthDate: LocalDate, sex: Sex): boolean {
  return disagreements(parsed, birthDate, sex).length === 0;
}

/**
 * A valid number for synthetic people (the demo population, tests). `sequence` is the 3-digit
 * order code, 0–999: odd for a male, even for a female.
 */
export function makeIdNumber(regionCode: string, birthDate: LocalDate, sequence: number): string {
  if (!/^\d{6}$/.test(regionCode)) throw new RangeError(`region code must be 6 digits: ${regionCode}`);
  if (!isCalendarDate(birthDate)) throw new RangeError(`not a calendar date: ${birthDate}`);
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999) {
    throw new RangeError(`sequence must be 0–999: ${sequence}`);
  }
  const first17 = `${regionCode}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

/** The sequence parity convention, for generators that pick a sex first. */
export function sequenceFor(sex: Sex, ordinal: number): number {
  const even = (ordinal * 2) % 1000;
  return sex === 'male' ? even + 1 : even;
}
