import { chinaDateOf, isCalendarDate, LocalDate } from '../shared/dates';
import { assertNever, CommandMetadata } from '../shared/decider';
import { RegistryError } from '../shared/registry-error';
import { ActiveChildFile, ChildFile } from './state';

/** The file must exist and still take commands; says why not in the caller's terms. */
export function requireActive(state: ChildFile): ActiveChildFile {
  switch (state.status) {
    case 'active':
      return state;
    case 'unregistered':
      throw new RegistryError('REGISTRY.NOT_FOUND');
    case 'merged':
      // The caller can follow the pointer to the surviving file.
      throw new RegistryError('REGISTRY.FILE_MERGED', { survivorId: state.survivorId });
    case 'closed':
    case 'deceased':
    case 'aged_out':
      throw new RegistryError('REGISTRY.FILE_CLOSED', { status: state.status });
    default:
      return assertNever(state, 'child file status');
  }
}

export function today(metadata: CommandMetadata): LocalDate {
  return chinaDateOf(metadata.now);
}

/** A past or present day no earlier than `notBefore`. */
export function requirePastDate(date: unknown, notBefore: LocalDate, todayValue: LocalDate, field: string): LocalDate {
  if (!isCalendarDate(date) || date < notBefore || date > todayValue) {
    throw new RegistryError('REGISTRY.DATE_INVALID', { field, notBefore, notAfter: todayValue });
  }
  return date;
}
