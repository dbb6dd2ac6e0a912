import { GuardianSituation, isGuardianRelation, isGuardianSituation, isParent } from '../shared/guardians';
import { RegistryError } from '../shared/registry-error';
import { RecordGuardian, UpdateGuardianSituation } from './commands';
import { GuardianRecorded, GuardianSituationUpdated } from './events';
import { requireActive, requirePastDate, today } from './guards';
import { ChildFile } from './state';

/** Situations as a set in a stable order, so "the same situations" compares equal however they were entered. */
function normalise(situations: readonly unknown[]): GuardianSituation[] {
  if (!Array.isArray(situations) || !situations.every(isGuardianSituation)) {
    throw new RegistryError('REGISTRY.GUARDIAN_INVALID', { field: 'situations' });
  }
  return [...new Set(situations)].sort();
}

const sameSituations = (a: readonly GuardianSituation[], b: readonly GuardianSituation[]) =>
  a.length === b.length && a.every((situation, i) => situation === b[i]);

export function decideRecordGuardian(command: RecordGuardian, state: ChildFile): GuardianRecorded[] {
  const file = requireActive(state);
  const { guardianId, relation, personal } = command.data;
  if (!isGuardianRelation(relation)) throw new RegistryError('REGISTRY.GUARDIAN_INVALID', { field: 'relation' });
  const situations = normalise(command.data.situations);

  const existing = file.guardians.find((guardian) => guardian.guardianId === guardianId);
  if (existing) {
    if (existing.relation === relation && sameSituations(existing.situations, situations)) return [];
    throw new RegistryError('REGISTRY.GUARDIAN_ALREADY_RECORDED', { existingGuardianId: guardianId });
  }
  // A child has one father and one mother on file; a change in their situation is an update, not a second parent.
  const sameParent = isParent(relation) && file.guardians.find((guardian) => guardian.relation === relation);
  if (sameParent) {
    throw new RegistryError('REGISTRY.GUARDIAN_ALREADY_RECORDED', { existingGuardianId: sameParent.guardianId });
  }
  const personalData = {
    ...(personal?.name !== undefined ? { name: personal.name } : {}),
    ...(personal?.phone !== undefined ? { phone: personal.phone } : {}),
  };
  return [{ type: 'GuardianRecorded', data: { guardianId, relation, situations, personal: personalData } }];
}

export function decideUpdateGuardianSituation(
  command: UpdateGuardianSituation,
  state: ChildFile,
): GuardianSituationUpdated[] {
  const file = requireActive(state);
  const { guardianId } = command.data;
  const guardian = file.guardians.find((candidate) => candidate.guardianId === guardianId);
  if (!guardian) throw new RegistryError('REGISTRY.GUARDIAN_NOT_FOUND', { guardianId });
  const situations = normalise(command.data.situations);
  // A parent's situation may predate the child (a father who died before the birth).
  const since = requirePastDate(command.data.since, '1900-01-01', today(command.metadata), 'since');
  if (sameSituations(guardian.situations, situations)) return [];
  return [
    {
      type: 'GuardianSituationUpdated',
      data: { guardianId, situations, previousSituations: guardian.situations, since },
    },
  ];
}
