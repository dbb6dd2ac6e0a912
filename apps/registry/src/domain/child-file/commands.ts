import { Sex } from '../identity/id-number';
import { LocalDate } from '../shared/dates';
import { Command } from '../shared/decider';
import { GuardianRelation, GuardianSituation } from '../shared/guardians';
import { CountyCode, VillageCode } from '../shared/places';
import { EvidenceKind, PolicyTable, TierCode } from '../tiers/policy-table';
import { ChildFileStatus, FileClosureReason, ReverificationOutcome } from './vocabulary';

/** Personal data of the child: stored encrypted with the child's key, and never needed to decide anything. */
export interface ChildPersonalData {
  name: string;
  /** GB 11643 resident ID number; absent for a child identified by a registry number. */
  idNumber?: string;
  address?: string;
}

export interface Residence {
  villageCode: VillageCode;
  /** Must be the county the village belongs to: a cross-check on the place picked in the form. */
  countyCode: CountyCode;
}

/** Facts the caller looked up before registering ("search before create"). */
export interface DuplicateCheck {
  /** The child whose file already holds this ID number, from the blind index; null when none does. */
  idNumberHeldBy: string | null;
  /** Files with the same name, birth date and place. */
  likelyMatches: string[];
}

export type RegisterChild = Command<
  'RegisterChild',
  {
    childId: string;
    personal: ChildPersonalData;
    /** For children without an ID number (foundlings, street children); exactly one of this and `personal.idNumber`. */
    registryNumber?: string;
    birthDate: LocalDate;
    sex: Sex;
    /** GB/T 2260 code of the household registration (户籍) place, which may be outside Shaoxing. */
    householdRegistrationRegion: string;
    residence: Residence;
    /** The census campaign whose visit found the child, if any. */
    foundInCampaign?: string;
    duplicateCheck: DuplicateCheck;
    /** The likely matches the officer has looked at and confirmed are other children. */
    confirmedNotDuplicateOf?: string[];
  }
>;

export interface GuardianPersonalData {
  name?: string;
  phone?: string;
}

export type RecordGuardian = Command<
  'RecordGuardian',
  {
    guardianId: string;
    relation: GuardianRelation;
    situations: GuardianSituation[];
    personal: GuardianPersonalData;
  }
>;

export type UpdateGuardianSituation = Command<
  'UpdateGuardianSituation',
  { guardianId: string; situations: GuardianSituation[]; since: LocalDate }
>;

export type ChangeResidence = Command<
  'ChangeResidence',
  { villageCode: VillageCode; countyCode: CountyCode; movedOn: LocalDate; personal?: { address: string } }
>;

/** Answered by the receiving county: its decision record's jurisdiction must lie within that county. */
export type AcceptResidenceTransfer = Command<'AcceptResidenceTransfer', { reason: string }>;
export type DeclineResidenceTransfer = Command<'DeclineResidenceTransfer', { reason: string }>;

export type RecordDeath = Command<'RecordDeath', { diedOn: LocalDate }>;

export type CloseFile = Command<'CloseFile', { reasonCode: FileClosureReason; note?: string }>;

/**
 * A reference to a scanned document in the document store — never the certificate's own number,
 * which often embeds the holder's ID number (a disability certificate's does).
 */
export interface Evidence {
  kind: EvidenceKind;
  documentRef: string;
}

export type ProposeClassification = Command<
  'ProposeClassification',
  {
    /** Made by the client, so a retried proposal is recognised. */
    proposalId: string;
    tierCode: TierCode;
    evidence: Evidence[];
    reason: string;
    policyTable: PolicyTable;
  }
>;

export type ReviewClassification = Command<
  'ReviewClassification',
  { proposalId: string; outcome: 'forward' | 'return'; reason: string }
>;

export type DecideClassification = Command<
  'DecideClassification',
  | { proposalId: string; outcome: 'approve'; reason: string; effectiveFrom: LocalDate; policyTable: PolicyTable }
  | { proposalId: string; outcome: 'refuse'; reason: string }
>;

export type ScheduleReverification = Command<'ScheduleReverification', { dueOn: LocalDate }>;

export type RecordReverification = Command<
  'RecordReverification',
  {
    outcome: ReverificationOutcome;
    /** Required when confirmed; optional when changed (a new classification follows); absent when to-close. */
    nextDueOn?: LocalDate;
    /** What the visit found about the family: free text, so personal. */
    personal: { findings: string };
  }
>;

/** Only `system:ageing-out-scheduler` sends this, on or after the 18th birthday. */
export type AgeOut = Command<'AgeOut', Record<string, never>>;

/**
 * Only the age scheduler sends this: on or after the 6th and 12th birthdays the file records the
 * age group reached, which other services need (the 0–6 rehabilitation programmes) without a birth date.
 */
export type AdvanceAgeGroup = Command<'AdvanceAgeGroup', Record<string, never>>;

/** To the duplicate's stream. `survivorStatus` is looked up by the caller (or by `decideMerge`). */
export type MergeIntoSurvivor = Command<'MergeIntoSurvivor', { survivorId: string; survivorStatus: ChildFileStatus }>;

/** To the survivor's stream, in the same atomic write as MergeIntoSurvivor's event. */
export type AbsorbDuplicate = Command<'AbsorbDuplicate', { duplicateId: string }>;

export type ChildFileCommand =
  | RegisterChild
  | RecordGuardian
  | UpdateGuardianSituation
  | ChangeResidence
  | AcceptResidenceTransfer
  | DeclineResidenceTransfer
  | RecordDeath
  | CloseFile
  | ProposeClassification
  | ReviewClassification
  | DecideClassification
  | ScheduleReverification
  | RecordReverification
  | AgeOut
  | AdvanceAgeGroup
  | MergeIntoSurvivor
  | AbsorbDuplicate;
