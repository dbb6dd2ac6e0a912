import { Day, Month } from '../calendar';
import { CommandMetadata } from '../decider';
import { Fen } from '../money';
import { AgeGroup, CareSetting, Disease, ProgrammeCode } from '../programmes';
import { LeftReason } from './events';

interface Command<Type extends string, Data> {
  type: Type;
  data: Data;
  metadata: CommandMetadata;
}

export type SubmitApplication = Command<
  'SubmitApplication',
  { applicationId: string; programme: ProgrammeCode; careSetting: CareSetting; requestedFrom: Day }
>;
export type ReviewApplication = Command<'ReviewApplication', { applicationId: string; forward: boolean }>;
export type DecideApplication = Command<
  'DecideApplication',
  { applicationId: string; approve: boolean; entitlementId: string; startsOn?: Day }
>;
export type SubmitClaim = Command<
  'SubmitClaim',
  {
    claimId: string;
    programme: ProgrammeCode;
    disease: Disease | null;
    serviceDate: Day;
    bill: Fen;
    insurancePaid: Fen;
    personal: { diagnosis: string; hospital: string };
  }
>;
export type ReviewClaim = Command<'ReviewClaim', { claimId: string; forward: boolean }>;
export type DecideClaim = Command<'DecideClaim', { claimId: string; approve: boolean }>;
export type SchedulePayments = Command<'SchedulePayments', { runId: string; county: string; month: Month }>;
export type SettlePayment = Command<
  'SettlePayment',
  { reference: string; outcome: 'paid' | 'failed' | 'reversed'; on: Day; bankNote?: string }
>;

/** Facts from other services, turned into commands by the process managers (reactions.ts). */
export type RecordChild = Command<
  'RecordChild',
  { childId: string; village: string; county: string; ageGroup: AgeGroup; registeredOn: Day }
>;
export type RecordTier = Command<'RecordTier', { tier: string; effectiveFrom: Day }>;
export type RecordResidence = Command<'RecordResidence', { village: string; county: string; effectiveOn: Day }>;
export type RecordAgeGroup = Command<'RecordAgeGroup', { ageGroup: AgeGroup; on: Day }>;
export type RecordLeaving = Command<'RecordLeaving', { reason: LeftReason; on: Day; survivorId?: string }>;
export type StartFosterSubsidy = Command<'StartFosterSubsidy', { placementId: string; county: string; startedOn: Day }>;
export type EndFosterSubsidy = Command<'EndFosterSubsidy', { placementId: string; endedOn: Day }>;

export type BeneficiaryCommand =
  | SubmitApplication
  | ReviewApplication
  | DecideApplication
  | SubmitClaim
  | ReviewClaim
  | DecideClaim
  | SchedulePayments
  | SettlePayment
  | RecordChild
  | RecordTier
  | RecordResidence
  | RecordAgeGroup
  | RecordLeaving
  | StartFosterSubsidy
  | EndFosterSubsidy;
