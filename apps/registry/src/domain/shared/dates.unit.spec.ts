import { addMonths, addYears, ageOn, chinaDateOf, isCalendarDate } from './dates';

describe('calendar dates', () => {
  it('knows real days from impossible ones', () => {
    expect(['2024-02-29', '2000-02-29', '2026-12-31'].every(isCalendarDate)).toBe(true);
    expect(
      ['2023-02-29', '1900-02-29', '2026-04-31', '2026-00-10', '2026-1-1', '20260101', 42].some(isCalendarDate),
    ).toBe(false);
  });

  it('takes the day in China: 23:30 UTC is already the next morning in Shaoxing', () => {
    expect(chinaDateOf(new Date('2026-03-14T23:30:00Z'))).toBe('2026-03-15');
    expect(chinaDateOf(new Date('2026-03-14T15:59:59Z'))).toBe('2026-03-14');
  });

  it('a leap-day child comes of age on 1 March in a common year', () => {
    expect(addYears('2008-02-29', 18)).toBe('2026-03-01');
    expect(addYears('2008-02-29', 16)).toBe('2024-02-29');
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
  });

  it('adds months, clamping to the end of shorter months', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-11-15', 6)).toBe('2027-05-15');
    expect(addMonths('2026-03-15', 12)).toBe('2027-03-15');
  });
});
