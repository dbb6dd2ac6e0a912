import { Day, Month } from '../calendar';
import { assertNever } from '../decider';
import { Fen } from '../money';
import { AgeGroup, CareSetting, Disease, ProgrammeCode } from '../programmes';
import { BeneficiaryEvent, EndReason, LeftReason, PaymentLine } from './events';

export interface Application {
  applicationId: string;
  programme: ProgrammeCode;
  careSetting: CareSetting;
  requestedFrom: Day;
  step: 'submitted' | 'reviewed' | 'approved' | 'rejected';
  submittedBy: string;
  reviewedBy?: string;
}

export interface Entitlement {
  entitlementId: string;
  programme: ProgrammeCode;
  startsOn: Day;
  /** Exclusive; null while open. */
  endsBefore: Day | null;
  endReason?: EndReason;
  careSetting?: CareSetting;
  /** Rate key and paying county over time, each from a month on; sorted. */
  rateKeys: { fromMonth: Month; rateKey: string }[];
  counties: { fromMonth: Month; county: string }[];
}

export interface Claim {
  claimId: string;
  programme: ProgrammeCode;
  disease: Disease | null;
  serviceDate: Day;
  bill: Fen;
  insurancePaid: Fen;
  step: 'submitted' | 'reviewed' | 'approved' | 'rejected';
  submittedBy: string;
  reviewedBy?: string;
  subsidy?: Fen;
  year?: number;
}

export interface Payment {
  reference: string;
  runId: string;
  programme: ProgrammeCode;
  month: Month;
  county: string;
  amount: Fen;
  lines: PaymentLine[];
  outcome: 'scheduled' | 'paid' | 'failed' | 'reversed';
}

export interface Beneficiary {
  childId: string | null;
  village: string | null;
  county: string | null;
  ageGroup: AgeGroup | null;
  tier: string;
  status: 'unknown' | 'active' | 'left';
  left?: { reason: LeftReason; on: Day };
  applications: Record<string, Application>;
  entitlements: Entitlement[];
  claims: Record<string, Claim>;
  payments: Record<string, Payment>;
}

export const initialBeneficiary = (): Beneficiary => ({
  childId: null,
  village: null,
  county: null,
  ageGroup: null,
  tier: 'universal',
  status: 'unknown',
  applications: {},
  entitlements: [],
  claims: {},
  payments: {},
});

/** Events carry the acting user in their envelope; evolve needs it for maker ≠ checker. */
export interface Evolving {
  event: BeneficiaryEvent;
  actorId: string;
}

const withEntitlement = (state: Beneficiary, id: string, change: (e: Entitlement) => Entitlement): Beneficiary => ({
  ...state,
  entitlements: state.entitlements.map((e) => (e.entitlementId === id ? change(e) : e)),
});

export function evolve(state: Beneficiary, { event, actorId }: Evolving): Beneficiary {
  switch (event.type) {
    case 'ChildRecorded':
      return {
        ...state,
        childId: event.data.childId,
        village: event.data.village,
        county: event.data.county,
        ageGroup: event.data.ageGroup,
        status: state.status === 'left' ? 'left' : 'active',
      };
    case 'TierRecorded':
      return { ...state, tier: event.data.tier };
    case 'ResidenceRecorded':
      return { ...state, village: event.data.village, county: event.data.county };
    case 'AgeGroupRecorded':
      return { ...state, ageGroup: event.data.ageGroup };
    case 'ChildLeftProtection':
      return { ...state, status: 'left', left: { reason: event.data.reason, on: event.data.on } };
    case 'ApplicationSubmitted':
      return {
        ...state,
        applications: {
          ...state.applications,
          [event.data.applicationId]: { ...event.data, step: 'submitted', submittedBy: actorId },
        },
      };
    case 'ApplicationReviewed': {
      const application = state.applications[event.data.applicationId];
      return {
        ...state,
        applications: {
          ...state.applications,
          [application.applicationId]: { ...application, step: 'reviewed', reviewedBy: actorId },
        },
      };
    }
    case 'ApplicationApproved':
    case 'ApplicationRejected': {
      const application = state.applications[event.data.applicationId];
      const step = event.type === 'ApplicationApproved' ? 'approved' : 'rejected';
      return {
        ...state,
        applications: { ...state.applications, [application.applicationId]: { ...application, step } },
      };
    }
    case 'EntitlementStarted': {
      const month = event.data.startsOn.slice(0, 7);
      return {
        ...state,
        entitlements: [
          ...state.entitlements,
          {
            entitlementId: event.data.entitlementId,
            programme: event.data.programme,
            startsOn: event.data.startsOn,
            endsBefore: null,
            careSetting: event.data.careSetting,
            rateKeys: [{ fromMonth: month, rateKey: event.data.rateKey }],
            counties: [{ fromMonth: month, county: event.data.county }],
          },
        ],
      };
    }
    case 'EntitlementRateKeyChanged':
      return withEntitlement(state, event.data.entitlementId, (e) => ({
        ...e,
        rateKeys: [...e.rateKeys.filter((k) => k.fromMonth < event.data.fromMonth), event.data],
      }));
    case 'EntitlementMoved':
      return withEntitlement(state, event.data.entitlementId, (e) => ({
        ...e,
        counties: [...e.counties.filter((c) => c.fromMonth < event.data.fromMonth), event.data],
      }));
    case 'EntitlementEnded':
      return withEntitlement(state, event.data.entitlementId, (e) => ({
        ...e,
        endsBefore: event.data.endsBefore,
        endReason: event.data.reason,
      }));
    case 'ClaimSubmitted': {
      const { personal: _personal, ...claim } = event.data;
      return {
        ...state,
        claims: { ...state.claims, [claim.claimId]: { ...claim, step: 'submitted', submittedBy: actorId } },
      };
    }
    case 'ClaimReviewed': {
      const claim = state.claims[event.data.claimId];
      return {
        ...state,
        claims: { ...state.claims, [claim.claimId]: { ...claim, step: 'reviewed', reviewedBy: actorId } },
      };
    }
    case 'ClaimApproved': {
      const claim = state.claims[event.data.claimId];
      return {
        ...state,
        claims: {
          ...state.claims,
          [claim.claimId]: { ...claim, step: 'approved', subsidy: event.data.subsidy, year: event.data.year },
        },
      };
    }
    case 'ClaimRejected': {
      const claim = state.claims[event.data.claimId];
      return { ...state, claims: { ...state.claims, [claim.claimId]: { ...claim, step: 'rejected' } } };
    }
    case 'PaymentScheduled':
      return {
        ...state,
        payments: { ...state.payments, [event.data.reference]: { ...event.data, outcome: 'scheduled' } },
      };
    case 'PaymentSettled': {
      const payment = state.payments[event.data.reference];
      return {
        ...state,
        payments: { ...state.payments, [payment.reference]: { ...payment, outcome: event.data.outcome } },
      };
    }
    default:
      return assertNever(event, 'beneficiary event');
  }
}

/**
 * The account from its events: what `evolve` applied one event after the other gives, without
 * copying the payments record at every payment event, so an account with years of payments and
 * settlements folds in linear time (a payment run folds every account).
 */
export function foldBeneficiary(events: Iterable<Evolving>): Beneficiary {
  let state = initialBeneficiary();
  // The record is made here and only payment events change it (below, in place): no one else holds it.
  const payments = state.payments;
  for (const evolving of events) {
    const { event } = evolving;
    if (event.type === 'PaymentScheduled') {
      payments[event.data.reference] = { ...event.data, outcome: 'scheduled' };
    } else if (event.type === 'PaymentSettled') {
      const payment = payments[event.data.reference];
      payments[payment.reference] = { ...payment, outcome: event.data.outcome };
    } else {
      state = evolve(state, evolving);
    }
  }
  return state;
}

/** An entitlement is open on `day` when it started and has not ended by then. */
export const isOpenOn = (e: Entitlement, day: Day) =>
  e.startsOn <= day && (e.endsBefore === null || e.endsBefore > day);

/** The entitlement of a programme that has not ended (at most one by construction). */
export const openEntitlement = (state: Beneficiary, programme: ProgrammeCode) =>
  state.entitlements.find((e) => e.programme === programme && e.endsBefore === null);
