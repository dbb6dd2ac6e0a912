import { assertNever, Decider } from '../shared/decider';
import { ChildFileCommand } from './commands';
import {
  decideDecideClassification,
  decideProposeClassification,
  decideReviewClassification,
} from './decide-classification';
import { decideRecordGuardian, decideUpdateGuardianSituation } from './decide-guardians';
import { decideAdvanceAgeGroup, decideAgeOut, decideCloseFile, decideRecordDeath } from './decide-lifecycle';
import { decideAbsorbDuplicate, decideMergeIntoSurvivor } from './decide-merge';
import { decideRegisterChild } from './decide-registration';
import {
  decideAcceptResidenceTransfer,
  decideChangeResidence,
  decideDeclineResidenceTransfer,
} from './decide-residence';
import { decideRecordReverification, decideScheduleReverification } from './decide-reverification';
import { ChildFileEvent } from './events';
import { evolve } from './evolve';
import { ChildFile, initialChildFile } from './state';

/**
 * Decides a command against the file as it stands. Returns the events to append — `[]` when the
 * outcome already holds (a retry) — or throws a RegistryError for a refusal nobody needs to see later.
 */
export function decide(command: ChildFileCommand, state: ChildFile): ChildFileEvent[] {
  switch (command.type) {
    case 'RegisterChild':
      return decideRegisterChild(command, state);
    case 'RecordGuardian':
      return decideRecordGuardian(command, state);
    case 'UpdateGuardianSituation':
      return decideUpdateGuardianSituation(command, state);
    case 'ChangeResidence':
      return decideChangeResidence(command, state);
    case 'AcceptResidenceTransfer':
      return decideAcceptResidenceTransfer(command, state);
    case 'DeclineResidenceTransfer':
      return decideDeclineResidenceTransfer(command, state);
    case 'RecordDeath':
      return decideRecordDeath(command, state);
    case 'CloseFile':
      return decideCloseFile(command, state);
    case 'ProposeClassification':
      return decideProposeClassification(command, state);
    case 'ReviewClassification':
      return decideReviewClassification(command, state);
    case 'DecideClassification':
      return decideDecideClassification(command, state);
    case 'ScheduleReverification':
      return decideScheduleReverification(command, state);
    case 'RecordReverification':
      return decideRecordReverification(command, state);
    case 'AgeOut':
      return decideAgeOut(command, state);
    case 'AdvanceAgeGroup':
      return decideAdvanceAgeGroup(command, state);
    case 'MergeIntoSurvivor':
      return decideMergeIntoSurvivor(command, state);
    case 'AbsorbDuplicate':
      return decideAbsorbDuplicate(command, state);
    default:
      return assertNever(command, 'child file command');
  }
}

export const childFile: Decider<ChildFileCommand, ChildFileEvent, ChildFile> = {
  initialState: initialChildFile,
  decide,
  evolve,
};
