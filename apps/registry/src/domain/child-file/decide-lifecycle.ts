import { addYears } from '../shared/dates';
import { SYSTEM_ROLE } from '@app/event-store/envelope';
import { RegistryError } from '../shared/registry-error';
import { ageGroupOn } from './age-group';
import { AdvanceAgeGroup, AgeOut, CloseFile, RecordDeath } from './commands';
import { AgeGroupReached, ChildAgedOut, ChildDied, FileClosed } from './events';
import { requireActive, requirePastDate, today } from './guards';
import { ChildFile, protectionTierOn } from './state';
import { AGE_OF_MAJORITY, AGEING_OUT_SCHEDULER, FILE_CLOSURE_REASONS } from './vocabulary';

/** The ends of a file: death, closure, ageing out. Each is final; repeating it changes nothing. */

export function decideRecordDeath(command: RecordDeath, state: ChildFile): ChildDied[] {
  if (state.status === 'deceased' && state.diedOn === command.data.diedOn) return [];
  const file = requireActive(state);
  const diedOn = requirePastDate(command.data.diedOn, file.birthDate, today(command.metadata), 'diedOn');
  return [{ type: 'ChildDied', data: { diedOn } }];
}

export function decideCloseFile(command: CloseFile, state: ChildFile): FileClosed[] {
  const { reasonCode } = command.data;
  if (state.status === 'closed' && state.reasonCode === reasonCode) return [];
  requireActive(state);
  if (!Object.hasOwn(FILE_CLOSURE_REASONS, reasonCode)) {
    throw new RegistryError('REGISTRY.CLOSURE_REASON_UNKNOWN', { reasonCode });
  }
  const note = command.data.note?.trim() || null;
  if (reasonCode === 'other' && !note) throw new RegistryError('REGISTRY.REASON_REQUIRED', { field: 'note' });
  return [{ type: 'FileClosed', data: { reasonCode, note, closedOn: today(command.metadata) } }];
}

/**
 * Protection ends at 18 (年满18周岁). Only the scheduler decides it, as an explicit system actor, so a
 * regulator sees an automated decision as such; it may run late or twice, never early.
 */
export function decideAgeOut(command: AgeOut, state: ChildFile): ChildAgedOut[] {
  requireScheduler(command);
  if (state.status === 'aged_out') return [];
  const file = requireActive(state);
  const eighteenthBirthday = addYears(file.birthDate, AGE_OF_MAJORITY);
  if (today(command.metadata) < eighteenthBirthday) {
    throw new RegistryError('REGISTRY.NOT_YET_18', { eighteenthBirthday });
  }
  return [
    {
      type: 'ChildAgedOut',
      data: {
        agedOutOn: eighteenthBirthday,
        protectionTierCode: protectionTierOn(file, eighteenthBirthday),
        county: file.responsibleCounty,
      },
    },
  ];
}

function requireScheduler(command: AgeOut | AdvanceAgeGroup): void {
  const { actorId, role } = command.metadata.decision;
  if (actorId !== AGEING_OUT_SCHEDULER || role !== SYSTEM_ROLE) {
    throw new RegistryError('REGISTRY.SYSTEM_ACTOR_REQUIRED', { expected: AGEING_OUT_SCHEDULER });
  }
}

/**
 * The age group the child has reached by today, once: 6–11 from the 6th birthday, 12–17 from the
 * 12th. Nothing before the 6th birthday, and nothing once recorded (a repeat, or a late scheduler).
 */
export function decideAdvanceAgeGroup(command: AdvanceAgeGroup, state: ChildFile): AgeGroupReached[] {
  requireScheduler(command);
  const file = requireActive(state);
  const reached = ageGroupOn(file.birthDate, today(command.metadata));
  if (reached === '0-5' || (file.ageGroupsReached ?? []).includes(reached)) return [];
  const reachedOn = addYears(file.birthDate, reached === '12-17' ? 12 : 6);
  return [{ type: 'AgeGroupReached', data: { ageGroup: reached, reachedOn, county: file.responsibleCounty } }];
}
