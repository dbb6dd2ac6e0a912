import { addDays, addMonths, chinaDay, Day, endOf, isDay, monthOf } from '../calendar';
import { assertNever, CommandMetadata } from '../decider';
import { prorate } from '../money';
import { PROGRAMMES, Programme, ProgrammeCode } from '../programmes';
import { monthlyAmount, Rates, versionInForce } from '../rates';
import { SubsidyError } from '../subsidy-error';
import {
  BeneficiaryCommand,
  DecideApplication,
  DecideClaim,
  RecordLeaving,
  RecordResidence,
  RecordTier,
  ReviewApplication,
  ReviewClaim,
  SettlePayment,
  SubmitApplication,
  SubmitClaim,
} from './commands';
import { BeneficiaryEvent, EndReason } from './events';
import { paymentsDue } from './schedule';
import { Beneficiary, openEntitlement } from './state';

/**
 * The child's subsidy account decides every command on it. Returns `[]` when the outcome already
 * holds (a retried command, a redelivered fact); throws a SubsidyError on a refusal.
 */
export function decide(command: BeneficiaryCommand, state: Beneficiary, rates: Rates): BeneficiaryEvent[] {
  switch (command.type) {
    case 'RecordChild':
      if (state.childId) return [];
      return [{ type: 'ChildRecorded', data: command.data }];
    case 'RecordTier':
      return decideTier(command, state);
    case 'RecordResidence':
      return decideResidence(command, state);
    case 'RecordAgeGroup':
      if (!state.childId) throw new SubsidyError('SUBSIDY.CHILD_UNKNOWN');
      return state.ageGroup === command.data.ageGroup ? [] : [{ type: 'AgeGroupRecorded', data: command.data }];
    case 'RecordLeaving':
      return decideLeaving(command, state);
    case 'StartFosterSubsidy': {
      const { placementId, county, startedOn } = command.data;
      if (state.entitlements.some((e) => e.entitlementId === placementId)) return [];
      return [
        {
          type: 'EntitlementStarted',
          data: {
            entitlementId: placementId,
            programme: 'foster-family',
            startsOn: startedOn,
            rateKey: 'care-cost+labour-allowance',
            county,
            source: { placementId },
          },
        },
      ];
    }
    case 'EndFosterSubsidy': {
      const entitlement = state.entitlements.find((e) => e.entitlementId === command.data.placementId);
      if (!entitlement || entitlement.endsBefore !== null) return [];
      // The family cared for the child on the day the placement ended: paid through that day.
      return [end(entitlement.entitlementId, addDays(command.data.endedOn, 1), 'placement-ended')];
    }
    case 'SubmitApplication':
      return decideSubmission(command, state, rates);
    case 'ReviewApplication':
      return decideReview(command, state);
    case 'DecideApplication':
      return decideApproval(command, state, rates);
    case 'SubmitClaim':
      return decideClaimSubmission(command, state);
    case 'ReviewClaim':
      return decideClaimReview(command, state);
    case 'DecideClaim':
      return decideClaim(command, state, rates);
    case 'SchedulePayments':
      return paymentsDue(state, command.data.county, command.data.month, rates).map((payment) => ({
        type: 'PaymentScheduled',
        data: { ...payment, runId: command.data.runId },
      }));
    case 'SettlePayment':
      return decideSettlement(command, state);
    default:
      return assertNever(command, 'beneficiary command');
  }
}

const end = (entitlementId: string, endsBefore: Day, reason: EndReason): BeneficiaryEvent => ({
  type: 'EntitlementEnded',
  data: { entitlementId, endsBefore, reason },
});

const openEntitlements = (state: Beneficiary) => state.entitlements.filter((e) => e.endsBefore === null);

/** A tier change takes effect for payments from the month after it; a tier that no longer qualifies ends the allowance with that month. */
function decideTier(command: RecordTier, state: Beneficiary): BeneficiaryEvent[] {
  if (!state.childId) throw new SubsidyError('SUBSIDY.CHILD_UNKNOWN');
  const { tier, effectiveFrom } = command.data;
  if (state.tier === tier) return [];
  const events: BeneficiaryEvent[] = [{ type: 'TierRecorded', data: { tier, effectiveFrom } }];
  const fromMonth = addMonths(monthOf(effectiveFrom), 1);
  for (const e of openEntitlements(state)) {
    if (e.programme !== 'basic-living') continue;
    if (PROGRAMMES['basic-living'].tiers?.includes(tier))
      events.push({
        type: 'EntitlementRateKeyChanged',
        data: { entitlementId: e.entitlementId, fromMonth, rateKey: `${tier}/${e.careSetting ?? 'scattered'}` },
      });
    else events.push(end(e.entitlementId, endOf(monthOf(effectiveFrom)), 'tier-no-longer-eligible'));
  }
  return events;
}

/** A move to another county moves the entitlements with the child: the old county pays through the month of the move, the new one from the next. */
function decideResidence(command: RecordResidence, state: Beneficiary): BeneficiaryEvent[] {
  if (!state.childId) throw new SubsidyError('SUBSIDY.CHILD_UNKNOWN');
  const { village, county, effectiveOn } = command.data;
  if (state.village === village && state.county === county) return [];
  const events: BeneficiaryEvent[] = [{ type: 'ResidenceRecorded', data: command.data }];
  if (county !== state.county) {
    const fromMonth = addMonths(monthOf(effectiveOn), 1);
    for (const e of openEntitlements(state))
      events.push({ type: 'EntitlementMoved', data: { entitlementId: e.entitlementId, fromMonth, county } });
  }
  return events;
}

/**
 * End rules: at 18 the allowance stops on the birthday (paid by days through the day before: the
 * law protects minors); on death or closure it is paid to the end of that month and stops from the
 * next (次月停发).
 */
function decideLeaving(command: RecordLeaving, state: Beneficiary): BeneficiaryEvent[] {
  if (!state.childId) throw new SubsidyError('SUBSIDY.CHILD_UNKNOWN');
  if (state.status === 'left') return [];
  const { reason, on } = command.data;
  const endsBefore = reason === 'aged-out' ? on : endOf(monthOf(on));
  return [
    { type: 'ChildLeftProtection', data: command.data },
    ...openEntitlements(state).map((e) =>
      end(e.entitlementId, e.startsOn > endsBefore ? e.startsOn : endsBefore, reason),
    ),
  ];
}

function assertActive(state: Beneficiary): void {
  if (state.status === 'unknown') throw new SubsidyError('SUBSIDY.CHILD_UNKNOWN');
  if (state.status === 'left') throw new SubsidyError('SUBSIDY.CHILD_INACTIVE', { reason: state.left?.reason });
}

function programmeFor(code: ProgrammeCode, kind: Programme['kind']): Programme {
  const programme = PROGRAMMES[code];
  if (!programme) throw new SubsidyError('SUBSIDY.PROGRAMME_UNKNOWN', { programme: code });
  if (programme.kind !== kind || programme.startedBy !== 'application')
    throw new SubsidyError('SUBSIDY.PROGRAMME_KIND', { programme: code });
  return programme;
}

function assertEligible(programme: Programme, state: Beneficiary): void {
  const tierOk = !programme.tiers || programme.tiers.includes(state.tier);
  const ageOk = !programme.ageGroups || (state.ageGroup !== null && programme.ageGroups.includes(state.ageGroup));
  if (!tierOk || !ageOk)
    throw new SubsidyError('SUBSIDY.NOT_ELIGIBLE', {
      programme: programme.code,
      tier: state.tier,
      ageGroup: state.ageGroup,
    });
}

const actor = (metadata: CommandMetadata) => metadata.decision.actorId;

/** A date a case worker entered: not in the future, at most a year back. */
function assertRecentDay(day: Day, metadata: CommandMetadata, field: string): void {
  const today = chinaDay(metadata.now);
  if (!isDay(day) || day > today || day < addDays(today, -366))
    throw new SubsidyError('SUBSIDY.DATE_INVALID', { [field]: day });
}

function decideSubmission(command: SubmitApplication, state: Beneficiary, rates: Rates): BeneficiaryEvent[] {
  const { applicationId, programme: code, careSetting, requestedFrom } = command.data;
  const existing = state.applications[applicationId];
  if (existing) {
    if (existing.programme === code && existing.careSetting === careSetting) return [];
    throw new SubsidyError('SUBSIDY.ALREADY_DECIDED', { applicationId });
  }
  assertActive(state);
  const programme = programmeFor(code, 'monthly');
  assertEligible(programme, state);
  assertRecentDay(requestedFrom, command.metadata, 'requestedFrom');
  if (
    Object.values(state.applications).some(
      (a) => a.programme === code && (a.step === 'submitted' || a.step === 'reviewed'),
    )
  )
    throw new SubsidyError('SUBSIDY.APPLICATION_PENDING', { programme: code });
  if (openEntitlement(state, code)) throw new SubsidyError('SUBSIDY.ALREADY_ENTITLED', { programme: code });
  const table = rates[code];
  if (!table || !monthlyAmount(table, `${state.tier}/${careSetting}`, monthOf(requestedFrom)))
    throw new SubsidyError('SUBSIDY.NO_RATE', { programme: code, rateKey: `${state.tier}/${careSetting}` });
  return [{ type: 'ApplicationSubmitted', data: command.data }];
}

function applicationAt(state: Beneficiary, applicationId: string, step: 'submitted' | 'reviewed') {
  const application = state.applications[applicationId];
  if (!application) throw new SubsidyError('SUBSIDY.APPLICATION_NOT_FOUND', { applicationId });
  if (application.step === 'approved' || application.step === 'rejected')
    throw new SubsidyError('SUBSIDY.ALREADY_DECIDED', { applicationId, step: application.step });
  if (application.step !== step)
    throw new SubsidyError('SUBSIDY.WRONG_STEP', { applicationId, step: application.step });
  return application;
}

function decideReview(command: ReviewApplication, state: Beneficiary): BeneficiaryEvent[] {
  const { applicationId, forward } = command.data;
  const current = state.applications[applicationId];
  if (current?.step === 'reviewed' && forward && current.reviewedBy === actor(command.metadata)) return [];
  const application = applicationAt(state, applicationId, 'submitted');
  if (application.submittedBy === actor(command.metadata)) throw new SubsidyError('SUBSIDY.MAKER_CANNOT_CHECK');
  return forward
    ? [{ type: 'ApplicationReviewed', data: { applicationId } }]
    : [{ type: 'ApplicationRejected', data: { applicationId, step: 'review' } }];
}

function decideApproval(command: DecideApplication, state: Beneficiary, rates: Rates): BeneficiaryEvent[] {
  const { applicationId, approve, entitlementId } = command.data;
  const application = applicationAt(state, applicationId, 'reviewed');
  const who = actor(command.metadata);
  if (application.submittedBy === who || application.reviewedBy === who)
    throw new SubsidyError('SUBSIDY.MAKER_CANNOT_CHECK');
  if (!approve) return [{ type: 'ApplicationRejected', data: { applicationId, step: 'approval' } }];
  assertActive(state);
  assertEligible(PROGRAMMES[application.programme], state);
  if (openEntitlement(state, application.programme))
    throw new SubsidyError('SUBSIDY.ALREADY_ENTITLED', { programme: application.programme });
  const startsOn = command.data.startsOn ?? application.requestedFrom;
  if (
    !isDay(startsOn) ||
    startsOn < application.requestedFrom ||
    startsOn > addDays(chinaDay(command.metadata.now), 92)
  )
    throw new SubsidyError('SUBSIDY.DATE_INVALID', { startsOn });
  const rateKey = `${state.tier}/${application.careSetting}`;
  const table = rates[application.programme];
  if (!table || !monthlyAmount(table, rateKey, monthOf(startsOn)))
    throw new SubsidyError('SUBSIDY.NO_RATE', { programme: application.programme, rateKey });
  return [
    { type: 'ApplicationApproved', data: { applicationId, entitlementId, startsOn } },
    {
      type: 'EntitlementStarted',
      data: {
        entitlementId,
        programme: application.programme,
        startsOn,
        rateKey,
        county: state.county as string,
        careSetting: application.careSetting,
        source: { applicationId },
      },
    },
  ];
}

function decideClaimSubmission(command: SubmitClaim, state: Beneficiary): BeneficiaryEvent[] {
  const { claimId, programme: code, disease, serviceDate, bill, insurancePaid } = command.data;
  if (state.claims[claimId]) {
    if (state.claims[claimId].programme === code && state.claims[claimId].bill === bill) return [];
    throw new SubsidyError('SUBSIDY.ALREADY_DECIDED', { claimId });
  }
  assertActive(state);
  const programme = programmeFor(code, 'claims');
  assertEligible(programme, state);
  if (programme.diseases && (disease === null || !programme.diseases.includes(disease)))
    throw new SubsidyError('SUBSIDY.DISEASE_NOT_COVERED', { disease });
  assertRecentDay(serviceDate, command.metadata, 'serviceDate');
  const isFen = (v: number) => Number.isSafeInteger(v) && v >= 0 && v < 1e11;
  if (!isFen(bill) || !isFen(insurancePaid) || insurancePaid > bill || bill === 0)
    throw new SubsidyError('SUBSIDY.CLAIM_INVALID', { bill, insurancePaid });
  return [{ type: 'ClaimSubmitted', data: command.data }];
}

function claimAt(state: Beneficiary, claimId: string, step: 'submitted' | 'reviewed') {
  const claim = state.claims[claimId];
  if (!claim) throw new SubsidyError('SUBSIDY.CLAIM_NOT_FOUND', { claimId });
  if (claim.step === 'approved' || claim.step === 'rejected')
    throw new SubsidyError('SUBSIDY.ALREADY_DECIDED', { claimId, step: claim.step });
  if (claim.step !== step) throw new SubsidyError('SUBSIDY.WRONG_STEP', { claimId, step: claim.step });
  return claim;
}

function decideClaimReview(command: ReviewClaim, state: Beneficiary): BeneficiaryEvent[] {
  const { claimId, forward } = command.data;
  const current = state.claims[claimId];
  if (current?.step === 'reviewed' && forward && current.reviewedBy === actor(command.metadata)) return [];
  const claim = claimAt(state, claimId, 'submitted');
  if (claim.submittedBy === actor(command.metadata)) throw new SubsidyError('SUBSIDY.MAKER_CANNOT_CHECK');
  return forward
    ? [{ type: 'ClaimReviewed', data: { claimId } }]
    : [{ type: 'ClaimRejected', data: { claimId, step: 'review' } }];
}

/** Subsidy = min(ratio × out-of-pocket, what is left of the year's cap); the year is the service date's. */
function decideClaim(command: DecideClaim, state: Beneficiary, rates: Rates): BeneficiaryEvent[] {
  const { claimId, approve } = command.data;
  const claim = claimAt(state, claimId, 'reviewed');
  const who = actor(command.metadata);
  if (claim.submittedBy === who || claim.reviewedBy === who) throw new SubsidyError('SUBSIDY.MAKER_CANNOT_CHECK');
  if (!approve) return [{ type: 'ClaimRejected', data: { claimId, step: 'approval' } }];
  const table = rates[claim.programme];
  const version = table && versionInForce(table, monthOf(claim.serviceDate));
  if (!version?.claims) throw new SubsidyError('SUBSIDY.NO_RATE', { programme: claim.programme });
  const year = Number(claim.serviceDate.slice(0, 4));
  const usedBefore = Object.values(state.claims)
    .filter((c) => c.programme === claim.programme && c.step === 'approved' && c.year === year)
    .reduce((sum, c) => sum + (c.subsidy ?? 0), 0);
  const left = version.claims.annualCapFen - usedBefore;
  if (left <= 0) throw new SubsidyError('SUBSIDY.CAP_EXHAUSTED', { year, annualCap: version.claims.annualCapFen });
  const outOfPocket = claim.bill - claim.insurancePaid;
  const subsidy = Math.min(prorate(outOfPocket, version.claims.ratioBasisPoints, 10_000), left);
  return [
    {
      type: 'ClaimApproved',
      data: {
        claimId,
        subsidy,
        year,
        outOfPocket,
        ratioBasisPoints: version.claims.ratioBasisPoints,
        annualCap: version.claims.annualCapFen,
        usedBefore,
        rateVersion: version.version,
      },
    },
  ];
}

const SETTLEMENTS: Record<string, readonly string[]> = {
  scheduled: ['paid', 'failed'],
  paid: ['reversed'],
  failed: [],
  reversed: [],
};

/** Bank results: scheduled → paid or failed; paid → reversed. A repeated result changes nothing. */
function decideSettlement(command: SettlePayment, state: Beneficiary): BeneficiaryEvent[] {
  const payment = state.payments[command.data.reference];
  if (!payment) throw new SubsidyError('SUBSIDY.WRONG_STEP', { reference: command.data.reference });
  if (payment.outcome === command.data.outcome) return [];
  if (!SETTLEMENTS[payment.outcome].includes(command.data.outcome))
    throw new SubsidyError('SUBSIDY.WRONG_STEP', { reference: payment.reference, outcome: payment.outcome });
  return [{ type: 'PaymentSettled', data: command.data }];
}
