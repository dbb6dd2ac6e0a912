import { Sex } from '../identity/id-number';
import { LocalDate } from '../shared/dates';
import { DomainEvent } from '../shared/decider';
import { GuardianRelation, GuardianSituation } from '../shared/guardians';
import { CountyCode, VillageCode } from '../shared/places';
import { TierCode } from '../tiers/policy-table';
import { ChildPersonalData, Evidence, GuardianPersonalData, Residence } from './commands';
import { FileClosureReason, ReverificationOutcome } from './vocabulary';

/**
 * The child's file, as stored. Type names are stable once written (old shapes are upcast on read).
 * Fields named `personal` hold personal data: the application layer marks exactly those for
 * encryption (see `personalDataFields`), and nothing decided here reads them, so a file whose key
 * was shredded still folds and decides.
 */

export type ChildRegistered = DomainEvent<
  'ChildRegistered',
  {
    childId: string;
    personal: ChildPersonalData;
    identity: 'id-number' | 'registry-number';
    registryNumber: string | null;
    birthDate: LocalDate;
    sex: Sex;
    householdRegistrationRegion: string;
    residence: Residence;
    /** The county responsible for the file: the residence county at registration. */
    responsibleCounty: CountyCode;
    foundInCampaign: string | null;
    /** Likely matches the registering officer confirmed are other children (the decision record says who). */
    confirmedNotDuplicateOf: string[];
  }
>;

export type GuardianRecorded = DomainEvent<
  'GuardianRecorded',
  { guardianId: string; relation: GuardianRelation; situations: GuardianSituation[]; personal: GuardianPersonalData }
>;

export type GuardianSituationUpdated = DomainEvent<
  'GuardianSituationUpdated',
  { guardianId: string; situations: GuardianSituation[]; previousSituations: GuardianSituation[]; since: LocalDate }
>;

export type ResidenceChanged = DomainEvent<
  'ResidenceChanged',
  {
    villageCode: VillageCode;
    countyCode: CountyCode;
    previousVillageCode: VillageCode;
    movedOn: LocalDate;
    personal: { address: string } | null;
  }
>;

export type ResidenceTransferRequested = DomainEvent<
  'ResidenceTransferRequested',
  {
    fromCounty: CountyCode;
    toCounty: CountyCode;
    toVillageCode: VillageCode;
    movedOn: LocalDate;
    personal: { address: string } | null;
  }
>;

export type ResidenceTransferAccepted = DomainEvent<
  'ResidenceTransferAccepted',
  { fromCounty: CountyCode; toCounty: CountyCode; villageCode: VillageCode; movedOn: LocalDate; reason: string }
>;

export type ResidenceTransferDeclined = DomainEvent<
  'ResidenceTransferDeclined',
  { fromCounty: CountyCode; toCounty: CountyCode; villageCode: VillageCode; reason: string }
>;

export type ChildDied = DomainEvent<'ChildDied', { diedOn: LocalDate }>;

export type FileClosed = DomainEvent<
  'FileClosed',
  { reasonCode: FileClosureReason; note: string | null; closedOn: LocalDate }
>;

export type ClassificationProposed = DomainEvent<
  'ClassificationProposed',
  {
    proposalId: string;
    tierCode: TierCode;
    evidence: Evidence[];
    reason: string;
    /** Kept on the event because the proposer may not approve: evolve sees events, not envelopes. */
    proposedBy: string;
    proposedOn: LocalDate;
    policyReference: string;
    /** Ids of the tier's eligibility hints that the file's records do not bear out, for the reviewers. */
    unmetEligibilityHints: string[];
  }
>;

export type ClassificationForwarded = DomainEvent<
  'ClassificationForwarded',
  { proposalId: string; tierCode: TierCode; reviewedBy: string; reason: string }
>;

export type ClassificationReturned = DomainEvent<
  'ClassificationReturned',
  { proposalId: string; tierCode: TierCode; returnedBy: string; reason: string }
>;

export type ClassificationApproved = DomainEvent<
  'ClassificationApproved',
  {
    proposalId: string;
    /** The tier approved, as proposed (the universal tier's code when a protection tier is withdrawn). */
    tierCode: TierCode;
    /** The protection tier the child holds from `effectiveFrom`; null: universal only. */
    protectionTierCode: TierCode | null;
    previousProtectionTierCode: TierCode | null;
    effectiveFrom: LocalDate;
    policyReference: string;
    approvedBy: string;
    reason: string;
  }
>;

export type ClassificationRefused = DomainEvent<
  'ClassificationRefused',
  { proposalId: string; tierCode: TierCode; refusedBy: string; reason: string }
>;

export type ReverificationScheduled = DomainEvent<'ReverificationScheduled', { dueOn: LocalDate }>;

export type ReverificationRecorded = DomainEvent<
  'ReverificationRecorded',
  {
    outcome: ReverificationOutcome;
    verifiedOn: LocalDate;
    nextDueOn: LocalDate | null;
    personal: { findings: string };
  }
>;

export type ChildAgedOut = DomainEvent<
  'ChildAgedOut',
  {
    /** The 18th birthday: the day protection ends, whenever the scheduler got to it. */
    agedOutOn: LocalDate;
    /** What the child held on leaving: an orphan ageing out is owed housing and employment referrals. */
    protectionTierCode: TierCode | null;
    /** The county responsible for the file (absent in events stored before it was added). */
    county?: CountyCode;
  }
>;

/** The 6th or 12th birthday passed: the child is now in the next age group (no birth date on Kafka). */
export type AgeGroupReached = DomainEvent<
  'AgeGroupReached',
  { ageGroup: '6-11' | '12-17'; reachedOn: LocalDate; county: CountyCode }
>;

export type FileMergedInto = DomainEvent<'FileMergedInto', { survivorId: string }>;

export type DuplicateFileMerged = DomainEvent<'DuplicateFileMerged', { duplicateId: string }>;

export type ChildFileEvent =
  | ChildRegistered
  | GuardianRecorded
  | GuardianSituationUpdated
  | ResidenceChanged
  | ResidenceTransferRequested
  | ResidenceTransferAccepted
  | ResidenceTransferDeclined
  | ChildDied
  | FileClosed
  | ClassificationProposed
  | ClassificationForwarded
  | ClassificationReturned
  | ClassificationApproved
  | ClassificationRefused
  | ReverificationScheduled
  | ReverificationRecorded
  | ChildAgedOut
  | AgeGroupReached
  | FileMergedInto
  | DuplicateFileMerged;

export type ChildFileEventType = ChildFileEvent['type'];

/** The top-level `data` fields to mark as personal data when appending (ARCHITECTURE.md §3). */
export function personalDataFields(event: ChildFileEvent): string[] {
  return 'personal' in event.data && event.data.personal ? ['personal'] : [];
}

// `satisfies` makes forgetting a new event type here a compile error.
const EVENT_TYPES = {
  ChildRegistered: true,
  GuardianRecorded: true,
  GuardianSituationUpdated: true,
  ResidenceChanged: true,
  ResidenceTransferRequested: true,
  ResidenceTransferAccepted: true,
  ResidenceTransferDeclined: true,
  ChildDied: true,
  FileClosed: true,
  ClassificationProposed: true,
  ClassificationForwarded: true,
  ClassificationReturned: true,
  ClassificationApproved: true,
  ClassificationRefused: true,
  ReverificationScheduled: true,
  ReverificationRecorded: true,
  ChildAgedOut: true,
  AgeGroupReached: true,
  FileMergedInto: true,
  DuplicateFileMerged: true,
} as const satisfies Record<ChildFileEventType, true>;

/** Every stored event type of a child's stream, for the application layer's type registry and upcasters. */
export const CHILD_FILE_EVENT_TYPES = Object.keys(EVENT_TYPES) as ChildFileEventType[];
