/**
 * Calendar dates as ISO `YYYY-MM-DD` strings. Business dates (birth dates, effective dates, due
 * dates) are days in China, not instants: ISO strings compare correctly with `<` and survive JSON.
 */
export type LocalDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** China has kept UTC+8 without daylight saving since 1991, so a fixed offset is exact. */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

export function isCalendarDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function localDate(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function parts(date: LocalDate): [number, number, number] {
  const [year, month, day] = date.split('-').map(Number);
  return [year, month, day];
}

/** The day it is in China at an instant. */
export function chinaDateOf(instant: Date): LocalDate {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The same day `years` later. 29 February maps to 1 March in a common year: a child born on a
 * leap day is legally of full age on 1 March, not a day early.
 */
export function addYears(date: LocalDate, years: number): LocalDate {
  const [year, month, day] = parts(date);
  const target = year + years;
  if (month === 2 && day === 29 && !isLeapYear(target)) return localDate(target, 3, 1);
  return localDate(target, month, day);
}

/** The same day of the month `months` later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const [year, month, day] = parts(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  return localDate(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}

/** Completed years of age on `on` (周岁). */
export function ageOn(birthDate: LocalDate, on: LocalDate): number {
  const [birthYear] = parts(birthDate);
  const [year] = parts(on);
  let age = year - birthYear;
  if (addYears(birthDate, age) > on) age -= 1;
  return age;
}

export function latest(a: LocalDate, b: LocalDate): LocalDate {
  return a > b ? a : b;
}
