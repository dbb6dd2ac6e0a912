import { addYears, LocalDate } from '../shared/dates';

export type AgeGroup = '0-5' | '6-11' | '12-17';

/** The age group on a day: the one integration events name, so no birth date leaves the registry. */
export function ageGroupOn(birthDate: LocalDate, on: LocalDate): AgeGroup {
  if (on >= addYears(birthDate, 12)) return '12-17';
  return on >= addYears(birthDate, 6) ? '6-11' : '0-5';
}
