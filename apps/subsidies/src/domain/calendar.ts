/**
 * Months and days as the payment rules speak of them: a month is 'YYYY-MM', a day 'YYYY-MM-DD',
 * both in China Standard Time as entered; nothing here reads a clock.
 */
export type Month = string;
export type Day = string;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isMonth(value: string): boolean {
  return MONTH.test(value);
}

export function isDay(value: string): boolean {
  const match = DAY.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number);
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(`${match[1]}-${match[2]}`) && y >= 1900;
}

export function monthOf(day: Day): Month {
  return day.slice(0, 7);
}

/**
 * Payment runs ask the same few months again and again (every month of every account's history):
 * the answers of the two calendar functions they call most are kept, up to a bound.
 */
const MEMO_LIMIT = 10_000;
const daysMemo = new Map<Month, number>();
const nextMonthMemo = new Map<Month, Month>();

function remember<T>(memo: Map<Month, T>, month: Month, value: T): T {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(month, value);
  return value;
}

export function daysInMonth(month: Month): number {
  const known = daysMemo.get(month);
  if (known !== undefined) return known;
  const [y, m] = month.split('-').map(Number);
  return remember(daysMemo, month, new Date(Date.UTC(y, m, 0)).getUTCDate());
}

export function addMonths(month: Month, count: number): Month {
  if (count === 1) {
    const known = nextMonthMemo.get(month);
    if (known !== undefined) return known;
  }
  const [y, m] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) + count;
  const result = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  return count === 1 ? remember(nextMonthMemo, month, result) : result;
}

export function firstDay(month: Month): Day {
  return `${month}-01`;
}

/** The first day of the next month: the exclusive end of `month`. */
export function endOf(month: Month): Day {
  return firstDay(addMonths(month, 1));
}

export function addDays(day: Day, count: number): Day {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + count)).toISOString().slice(0, 10);
}

/** Months from `from` to `to`, both included; empty when `to` is before `from`. */
export function monthsFrom(from: Month, to: Month): Month[] {
  const months: Month[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) months.push(m);
  return months;
}

/** Days of [from, until) that fall in `month`. */
export function daysCovered(month: Month, from: Day, until: Day | null): number {
  const start = from > firstDay(month) ? from : firstDay(month);
  const end = until !== null && until < endOf(month) ? until : endOf(month);
  if (end <= start) return 0;
  return Math.round((Date.parse(end) - Date.parse(start)) / 86_400_000);
}

/** Today in China Standard Time (UTC+8, no daylight saving), for the application layer. */
export function chinaDay(at: Date): Day {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
