import { isCountyCode } from '../shared/places';

/**
 * Registry numbers for children who have no resident ID number (foundlings, street children whose
 * identity is not yet known): `SXR-330602-2026-00042-Z` — Shaoxing registry, the registering
 * county, the year, a serial within county and year, and a check letter.
 *
 * The check letter is the analogue of GB 11643's MOD 11-2: a weighted sum of the 15 digits with
 * weights 2^k mod 23, mapped onto 23 letters (A–Z without I, O and Q, which are read as 1, 0 and O).
 * 23 is prime and larger than any digit difference, so every single-digit substitution and every
 * swap of two adjacent different digits changes the letter.
 */

export interface RegistryNumberParts {
  county: string;
  year: number;
  serial: number;
}

const PREFIX = 'SXR';
const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';
const PATTERN = /^SXR-(\d{6})-(\d{4})-(\d{5})-([A-Z])$/;

function checkLetter(digits: string): string {
  let sum = 0;
  let weight = 1;
  for (let i = digits.length - 1; i >= 0; i--) {
    sum += Number(digits[i]) * weight;
    weight = (weight * 2) % 23;
  }
  return LETTERS[sum % 23];
}

function body({ county, year, serial }: RegistryNumberParts): string {
  return `${county}${String(year).padStart(4, '0')}${String(serial).padStart(5, '0')}`;
}

export function makeRegistryNumber(parts: RegistryNumberParts): string {
  const { county, year, serial } = parts;
  if (!isCountyCode(county)) throw new RangeError(`not a county code: ${county}`);
  if (!Number.isInteger(year) || year < 1900 || year > 9999) throw new RangeError(`year out of range: ${year}`);
  if (!Number.isInteger(serial) || serial < 1 || serial > 99999)
    throw new RangeError(`serial must be 1–99999: ${serial}`);
  return `${PREFIX}-${county}-${String(year).padStart(4, '0')}-${String(serial).padStart(5, '0')}-${checkLetter(body(parts))}`;
}

export function parseRegistryNumber(value: string): RegistryNumberParts | null {
  const match = typeof value === 'string' ? PATTERN.exec(value) : null;
  if (!match) return null;
  const parts = { county: match[1], year: Number(match[2]), serial: Number(match[3]) };
  if (!isCountyCode(parts.county) || parts.year < 1900 || parts.serial < 1) return null;
  return checkLetter(body(parts)) === match[4] ? parts : null;
}

export function isRegistryNumber(value: string): boolean {
  return parseRegistryNumber(value) !== null;
}
