import { Day, Month } from '../calendar';
import { Fen } from '../money';
import { AgeGroup, CareSetting, Disease, ProgrammeCode } from '../programmes';

/**
 * The child's subsidy account, stream `subsidy-<childId>`: what the registry told us (facts, appended
 * by the process managers), applications, entitlements, claims and payments. One stream per child
 * makes the rules that span them consistent: one payment per programme and month, one entitlement
 * per programme at a time, the yearly cap across claims.
 */
export const subsidyStream = (childId: string) => `subsidy-${childId}`;
export const SUBSIDY_CATEGORY = 'subsidy';

export type LeftReason =
  'aged-out' | 'deceased' | 'moved-out-of-city' | 'no-longer-eligible' | 'duplicate' | 'other' | 'merged';
export type EndReason = LeftReason | 'tier-no-longer-eligible' | 'placement-ended';

/** One amount of a payment and why it is paid. */
export interface PaymentLine {
  kind: 'allowance' | 'arrears' | 'reissue' | 'claim';
  /** The month the amount is for (a claim: the run's month). */
  month: Month;
  amount: Fen;
  /** What was owed for the month and what had been paid before this line. */
  owed?: Fen;
  paidBefore?: Fen;
  rateKey?: string;
  rateVersion?: number;
  /** Days of the month the entitlement covered, of `daysInMonth` (proration). */
  days?: number;
  daysInMonth?: number;
  claimId?: string;
  /** A re-issue: the payment that failed or was reversed. */
  replaces?: string;
}

export type BeneficiaryEvent =
  | {
      type: 'ChildRecorded';
      data: { childId: string; village: string; county: string; ageGroup: AgeGroup; registeredOn: Day };
    }
  | { type: 'TierRecorded'; data: { tier: string; effectiveFrom: Day } }
  | { type: 'ResidenceRecorded'; data: { village: string; county: string; effectiveOn: Day } }
  | { type: 'AgeGroupRecorded'; data: { ageGroup: AgeGroup; on: Day } }
  | { type: 'ChildLeftProtection'; data: { reason: LeftReason; on: Day; survivorId?: string } }
  | {
      type: 'ApplicationSubmitted';
      data: { applicationId: string; programme: ProgrammeCode; careSetting: CareSetting; requestedFrom: Day };
    }
  | { type: 'ApplicationReviewed'; data: { applicationId: string } }
  | { type: 'ApplicationApproved'; data: { applicationId: string; entitlementId: string; startsOn: Day } }
  | { type: 'ApplicationRejected'; data: { applicationId: string; step: 'review' | 'approval' } }
  | {
      type: 'EntitlementStarted';
      data: {
        entitlementId: string;
        programme: ProgrammeCode;
        startsOn: Day;
        rateKey: string;
        county: string;
        careSetting?: CareSetting;
        source: { applicationId?: string; placementId?: string };
      };
    }
  | { type: 'EntitlementRateKeyChanged'; data: { entitlementId: string; fromMonth: Month; rateKey: string } }
  | { type: 'EntitlementMoved'; data: { entitlementId: string; fromMonth: Month; county: string } }
  | { type: 'EntitlementEnded'; data: { entitlementId: string; endsBefore: Day; reason: EndReason } }
  | {
      type: 'ClaimSubmitted';
      data: {
        claimId: string;
        programme: ProgrammeCode;
        disease: Disease | null;
        serviceDate: Day;
        bill: Fen;
        insurancePaid: Fen;
        /** Encrypted with the child's key: the diagnosis as written and the hospital. */
        personal: { diagnosis: string; hospital: string };
      };
    }
  | { type: 'ClaimReviewed'; data: { claimId: string } }
  | {
      type: 'ClaimApproved';
      data: {
        claimId: string;
        subsidy: Fen;
        year: number;
        outOfPocket: Fen;
        ratioBasisPoints: number;
        annualCap: Fen;
        usedBefore: Fen;
        rateVersion: number;
      };
    }
  | { type: 'ClaimRejected'; data: { claimId: string; step: 'review' | 'approval' } }
  | {
      type: 'PaymentScheduled';
      data: {
        reference: string;
        runId: string;
        programme: ProgrammeCode;
        month: Month;
        county: string;
        amount: Fen;
        lines: PaymentLine[];
      };
    }
  | {
      type: 'PaymentSettled';
      data: { reference: string; outcome: 'paid' | 'failed' | 'reversed'; on: Day; bankNote?: string };
    };

export type BeneficiaryEventType = BeneficiaryEvent['type'];
