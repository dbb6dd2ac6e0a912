import { isCalendarDate } from '../shared/dates';
import { RegistryError, requireReason } from '../shared/registry-error';
import { RecordReverification, ScheduleReverification } from './commands';
import { ReverificationRecorded, ReverificationScheduled } from './events';
import { requireActive, today } from './guards';
import { ChildFile } from './state';
import { REVERIFICATION_OUTCOMES } from './vocabulary';

/**
 * Periodic re-verification (定期核查): a child's circumstances change, so each protection tier is
 * verified again on a schedule. A changed situation is not reclassified here — it leads to a new
 * proposal through the village → township → county workflow.
 */

export function decideScheduleReverification(
  command: ScheduleReverification,
  state: ChildFile,
): ReverificationScheduled[] {
  const file = requireActive(state);
  const { dueOn } = command.data;
  const on = today(command.metadata);
  if (!isCalendarDate(dueOn) || dueOn < on)
    throw new RegistryError('REGISTRY.DATE_INVALID', { field: 'dueOn', notBefore: on });
  if (file.reverification.nextDueOn === dueOn) return [];
  return [{ type: 'ReverificationScheduled', data: { dueOn } }];
}

export function decideRecordReverification(command: RecordReverification, state: ChildFile): ReverificationRecorded[] {
  const file = requireActive(state);
  const { outcome } = command.data;
  if (!Object.hasOwn(REVERIFICATION_OUTCOMES, outcome)) {
    throw new RegistryError('REGISTRY.REVERIFICATION_OUTCOME_UNKNOWN', { outcome });
  }
  const findings = requireReason(command.data.personal?.findings);
  const on = today(command.metadata);
  const nextDueOn = command.data.nextDueOn ?? null;
  if (
    outcome === 'to-close' ? nextDueOn !== null : nextDueOn !== null && (!isCalendarDate(nextDueOn) || nextDueOn <= on)
  ) {
    throw new RegistryError('REGISTRY.DATE_INVALID', { field: 'nextDueOn' });
  }
  if (outcome === 'confirmed' && nextDueOn === null) {
    throw new RegistryError('REGISTRY.DATE_INVALID', { field: 'nextDueOn', expected: 'the next due date' });
  }
  const last = file.reverification;
  if (last.lastVerifiedOn === on && last.lastOutcome === outcome && last.nextDueOn === nextDueOn) return [];
  return [{ type: 'ReverificationRecorded', data: { outcome, verifiedOn: on, nextDueOn, personal: { findings } } }];
}
