import { Sex } from '../identity/id-number';
import { LocalDate } from '../shared/dates';
import { GuardianRelation, GuardianSituation } from '../shared/guardians';
import { CountyCode, VillageCode } from '../shared/places';
import { TierCode } from '../tiers/policy-table';
import { FileClosureReason, ReverificationOutcome } from './vocabulary';

/**
 * What a decision about a child's file needs to know — and no personal data: names and numbers
 * stay in the events' `personal` fields, which nothing here reads.
 */

export interface Guardian {
  guardianId: string;
  relation: GuardianRelation;
  situations: GuardianSituation[];
  /** When the current situations began; null when recorded without a date. */
  situationsSince: LocalDate | null;
}

/** From `effectiveFrom` until the next period starts. `protectionTierCode` null: universal only. */
export interface TierPeriod {
  protectionTierCode: TierCode | null;
  effectiveFrom: LocalDate;
  proposalId: string;
}

export interface PendingClassification {
  proposalId: string;
  tierCode: TierCode;
  step: 'proposed' | 'forwarded';
  proposedBy: string;
}

export interface PendingTransfer {
  fromCounty: CountyCode;
  toCounty: CountyCode;
  toVillageCode: VillageCode;
  movedOn: LocalDate;
}

export interface ChildFacts {
  childId: string;
  birthDate: LocalDate;
  sex: Sex;
  identity: 'id-number' | 'registry-number';
  registryNumber: string | null;
  householdRegistrationRegion: string;
  responsibleCounty: CountyCode;
  residenceVillage: VillageCode;
  guardians: Guardian[];
  tierHistory: TierPeriod[];
  pendingClassification: PendingClassification | null;
  /** Proposals no longer pending, by id: lets a retried review or decision be recognised. */
  settledProposals: Record<string, 'returned' | 'approved' | 'refused'>;
  pendingTransfer: PendingTransfer | null;
  lastTransfer: { toCounty: CountyCode; outcome: 'accepted' | 'declined' } | null;
  reverification: {
    nextDueOn: LocalDate | null;
    lastVerifiedOn: LocalDate | null;
    lastOutcome: ReverificationOutcome | null;
  };
  mergedDuplicates: string[];
  /** Age groups recorded by the age scheduler (AgeGroupReached). */
  ageGroupsReached: ('6-11' | '12-17')[];
}

export type ChildFile =
  | { status: 'unregistered' }
  | (ChildFacts & { status: 'active' })
  | (ChildFacts & { status: 'closed'; reasonCode: FileClosureReason; closedOn: LocalDate })
  | (ChildFacts & { status: 'deceased'; diedOn: LocalDate })
  | (ChildFacts & { status: 'aged_out'; agedOutOn: LocalDate })
  | (ChildFacts & { status: 'merged'; survivorId: string });

export type RegisteredChildFile = Exclude<ChildFile, { status: 'unregistered' }>;
export type ActiveChildFile = Extract<ChildFile, { status: 'active' }>;

export const initialChildFile = (): ChildFile => ({ status: 'unregistered' });

/** The protection tier decided last (possibly effective only from a future date); null: universal only. */
export function latestProtectionTier(file: ChildFacts): TierCode | null {
  return file.tierHistory.at(-1)?.protectionTierCode ?? null;
}

/** The protection tier in force on `date`; null: universal only. */
export function protectionTierOn(file: ChildFacts, date: LocalDate): TierCode | null {
  let inForce: TierCode | null = null;
  for (const period of file.tierHistory) {
    if (period.effectiveFrom > date) break;
    inForce = period.protectionTierCode;
  }
  return inForce;
}

export function isReverificationDue(file: ChildFacts, today: LocalDate): boolean {
  return file.reverification.nextDueOn !== null && file.reverification.nextDueOn <= today;
}
