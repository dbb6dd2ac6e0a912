import { assertNever } from '../shared/decider';
import { ChildFileEvent } from './events';
import { ChildFacts, ChildFile, initialChildFile, RegisteredChildFile } from './state';

/** Applies a change to the facts of a registered file, keeping its status and status fields. */
function update(state: ChildFile, change: (facts: RegisteredChildFile) => Partial<ChildFacts>): ChildFile {
  // Events never precede ChildRegistered in a stream; a stray one is ignored rather than invented into a file.
  if (state.status === 'unregistered') return state;
  return { ...state, ...change(state) };
}

/** The facts of a registered file, to carry into a terminal status: history and read models still need them. */
function facts(state: ChildFile): ChildFacts | null {
  if (state.status === 'unregistered') return null;
  const { status: _status, ...rest } = state;
  return rest;
}

export function evolve(state: ChildFile, event: ChildFileEvent): ChildFile {
  switch (event.type) {
    case 'ChildRegistered': {
      const data = event.data;
      return {
        status: 'active',
        childId: data.childId,
        birthDate: data.birthDate,
        sex: data.sex,
        identity: data.identity,
        registryNumber: data.registryNumber,
        householdRegistrationRegion: data.householdRegistrationRegion,
        responsibleCounty: data.responsibleCounty,
        residenceVillage: data.residence.villageCode,
        guardians: [],
        tierHistory: [],
        pendingClassification: null,
        settledProposals: {},
        pendingTransfer: null,
        lastTransfer: null,
        reverification: { nextDueOn: null, lastVerifiedOn: null, lastOutcome: null },
        mergedDuplicates: [],
        ageGroupsReached: [],
      };
    }
    case 'GuardianRecorded': {
      const { guardianId, relation, situations } = event.data;
      return update(state, (file) => ({
        guardians: [...file.guardians, { guardianId, relation, situations, situationsSince: null }],
      }));
    }
    case 'GuardianSituationUpdated': {
      const { guardianId, situations, since } = event.data;
      return update(state, (file) => ({
        guardians: file.guardians.map((guardian) =>
          guardian.guardianId === guardianId ? { ...guardian, situations, situationsSince: since } : guardian,
        ),
      }));
    }
    case 'ResidenceChanged':
      return update(state, () => ({ residenceVillage: event.data.villageCode }));
    case 'ResidenceTransferRequested': {
      const { fromCounty, toCounty, toVillageCode, movedOn } = event.data;
      return update(state, () => ({ pendingTransfer: { fromCounty, toCounty, toVillageCode, movedOn } }));
    }
    case 'ResidenceTransferAccepted':
      return update(state, () => ({
        responsibleCounty: event.data.toCounty,
        residenceVillage: event.data.villageCode,
        pendingTransfer: null,
        lastTransfer: { toCounty: event.data.toCounty, outcome: 'accepted' },
      }));
    case 'ResidenceTransferDeclined':
      return update(state, () => ({
        pendingTransfer: null,
        lastTransfer: { toCounty: event.data.toCounty, outcome: 'declined' },
      }));
    case 'ChildDied': {
      const rest = facts(state);
      return rest ? { ...rest, status: 'deceased', diedOn: event.data.diedOn } : state;
    }
    case 'FileClosed': {
      const rest = facts(state);
      const { reasonCode, closedOn } = event.data;
      return rest ? { ...rest, status: 'closed', reasonCode, closedOn } : state;
    }
    case 'ClassificationProposed': {
      const { proposalId, tierCode, proposedBy } = event.data;
      return update(state, () => ({
        pendingClassification: { proposalId, tierCode, proposedBy, step: 'proposed' },
      }));
    }
    case 'ClassificationForwarded':
      return update(state, (file) => ({
        pendingClassification: file.pendingClassification && { ...file.pendingClassification, step: 'forwarded' },
      }));
    case 'ClassificationReturned':
      return update(state, (file) => ({
        pendingClassification: null,
        settledProposals: { ...file.settledProposals, [event.data.proposalId]: 'returned' },
      }));
    case 'ClassificationApproved': {
      const { proposalId, protectionTierCode, effectiveFrom } = event.data;
      return update(state, (file) => ({
        pendingClassification: null,
        settledProposals: { ...file.settledProposals, [proposalId]: 'approved' },
        tierHistory: [...file.tierHistory, { protectionTierCode, effectiveFrom, proposalId }],
      }));
    }
    case 'ClassificationRefused':
      return update(state, (file) => ({
        pendingClassification: null,
        settledProposals: { ...file.settledProposals, [event.data.proposalId]: 'refused' },
      }));
    case 'ReverificationScheduled':
      return update(state, (file) => ({ reverification: { ...file.reverification, nextDueOn: event.data.dueOn } }));
    case 'ReverificationRecorded': {
      const { outcome, verifiedOn, nextDueOn } = event.data;
      return update(state, () => ({
        reverification: { nextDueOn, lastVerifiedOn: verifiedOn, lastOutcome: outcome },
      }));
    }
    case 'ChildAgedOut': {
      const rest = facts(state);
      return rest ? { ...rest, status: 'aged_out', agedOutOn: event.data.agedOutOn } : state;
    }
    case 'AgeGroupReached':
      return update(state, (file) => ({ ageGroupsReached: [...(file.ageGroupsReached ?? []), event.data.ageGroup] }));
    case 'FileMergedInto': {
      const rest = facts(state);
      return rest ? { ...rest, status: 'merged', survivorId: event.data.survivorId } : state;
    }
    case 'DuplicateFileMerged':
      return update(state, (file) => ({ mergedDuplicates: [...file.mergedDuplicates, event.data.duplicateId] }));
    default:
      return assertNever(event, 'child file event');
  }
}

/** Folds a child's stream into the state the decider needs (the application layer's read-before-decide). */
export function childFileFromEvents(events: Iterable<ChildFileEvent>): ChildFile {
  let state = initialChildFile();
  for (const event of events) state = evolve(state, event);
  return state;
}
