import { addMonths, addYears, isCalendarDate, latest, LocalDate } from '../shared/dates';
import { RegistryError, requireReason } from '../shared/registry-error';
import { unmetEligibilityHints } from '../tiers/eligibility';
import { findTier, hasTierCode, missingEvidence, PolicyTable, TierCode, TierDefinition } from '../tiers/policy-table';
import { DecideClassification, ProposeClassification, ReviewClassification } from './commands';
import {
  ClassificationApproved,
  ClassificationForwarded,
  ClassificationProposed,
  ClassificationRefused,
  ClassificationReturned,
  ReverificationScheduled,
} from './events';
import { requireActive, today } from './guards';
import { ActiveChildFile, ChildFile, latestProtectionTier } from './state';
import { AGE_OF_MAJORITY } from './vocabulary';

/**
 * Classification into a protection tier (一普四分): the village proposes with evidence, the township
 * reviews (forwards or returns), the county approves or refuses. Returns and refusals are events of
 * their own: the village officer and the family need to see them later, with the reason.
 */

function tierInForce(table: PolicyTable, code: TierCode, on: LocalDate): TierDefinition {
  if (!hasTierCode(table, code)) throw new RegistryError('REGISTRY.TIER_UNKNOWN', { tierCode: code, table: table.id });
  const tier = findTier(table, code, on);
  if (!tier) throw new RegistryError('REGISTRY.TIER_NOT_IN_FORCE', { tierCode: code, on, table: table.id });
  return tier;
}

/** Own properties only: a proposal id is client-made text, and `constructor` is not a settled proposal. */
function settledOutcome(file: ActiveChildFile, proposalId: string) {
  return Object.hasOwn(file.settledProposals, proposalId) ? file.settledProposals[proposalId] : undefined;
}

function requireNotHeld(file: ActiveChildFile, tier: TierDefinition): void {
  const held = latestProtectionTier(file);
  if (tier.universal ? held === null : held === tier.code) {
    throw new RegistryError('REGISTRY.TIER_ALREADY_HELD', { tierCode: tier.code });
  }
}

export function decideProposeClassification(
  command: ProposeClassification,
  state: ChildFile,
): ClassificationProposed[] {
  const file = requireActive(state);
  const { proposalId, tierCode, evidence, policyTable } = command.data;
  if (settledOutcome(file, proposalId) || file.pendingClassification?.proposalId === proposalId) return [];
  if (file.pendingClassification) {
    throw new RegistryError('REGISTRY.CLASSIFICATION_PENDING', {
      pendingProposalId: file.pendingClassification.proposalId,
    });
  }
  const reason = requireReason(command.data.reason);
  const on = today(command.metadata);
  const tier = tierInForce(policyTable, tierCode, on);
  requireNotHeld(file, tier);
  const missing = missingEvidence(
    tier,
    evidence.map((item) => item.kind),
  );
  if (missing.length) throw new RegistryError('REGISTRY.EVIDENCE_MISSING', { missing });

  const unmet = unmetEligibilityHints(tier, {
    birthDate: file.birthDate,
    householdRegistrationRegion: file.householdRegistrationRegion,
    residenceCounty: file.responsibleCounty,
    guardians: file.guardians,
    on,
  });
  return [
    {
      type: 'ClassificationProposed',
      data: {
        proposalId,
        tierCode: tier.code,
        evidence,
        reason,
        proposedBy: command.metadata.decision.actorId,
        proposedOn: on,
        policyReference: tier.policyReference,
        unmetEligibilityHints: unmet.map((hint) => hint.id),
      },
    },
  ];
}

export function decideReviewClassification(
  command: ReviewClassification,
  state: ChildFile,
): (ClassificationForwarded | ClassificationReturned)[] {
  const file = requireActive(state);
  const { proposalId, outcome } = command.data;
  const pending = file.pendingClassification;
  if (outcome === 'return' && settledOutcome(file, proposalId) === 'returned') return [];
  if (pending?.proposalId !== proposalId) {
    throw new RegistryError('REGISTRY.WRONG_STEP', { expected: 'a proposal awaiting review', proposalId });
  }
  if (pending.step === 'forwarded') {
    if (outcome === 'forward') return [];
    throw new RegistryError('REGISTRY.WRONG_STEP', { expected: 'a proposal awaiting review', step: pending.step });
  }
  const reason = requireReason(command.data.reason);
  const reviewer = command.metadata.decision.actorId;
  const tierCode = pending.tierCode;
  return outcome === 'forward'
    ? [{ type: 'ClassificationForwarded', data: { proposalId, tierCode, reviewedBy: reviewer, reason } }]
    : [{ type: 'ClassificationReturned', data: { proposalId, tierCode, returnedBy: reviewer, reason } }];
}

export function decideDecideClassification(
  command: DecideClassification,
  state: ChildFile,
): (ClassificationApproved | ClassificationRefused | ReverificationScheduled)[] {
  const file = requireActive(state);
  const data = command.data;
  const settled = settledOutcome(file, data.proposalId);
  if (settled === (data.outcome === 'approve' ? 'approved' : 'refused')) return [];
  const pending = file.pendingClassification;
  if (pending?.proposalId !== data.proposalId || pending.step !== 'forwarded') {
    throw new RegistryError('REGISTRY.WRONG_STEP', {
      expected: 'a proposal forwarded by the township',
      proposalId: data.proposalId,
      step: pending?.proposalId === data.proposalId ? pending.step : (settled ?? null),
    });
  }
  const reason = requireReason(data.reason);
  const decidedBy = command.metadata.decision.actorId;

  if (data.outcome === 'refuse') {
    return [
      {
        type: 'ClassificationRefused',
        data: { proposalId: data.proposalId, tierCode: pending.tierCode, refusedBy: decidedBy, reason },
      },
    ];
  }

  // Four eyes: whoever proposed a classification cannot also be the one who grants it.
  if (decidedBy === pending.proposedBy) throw new RegistryError('REGISTRY.PROPOSER_CANNOT_APPROVE');

  const { effectiveFrom, policyTable } = data;
  const lastPeriod = file.tierHistory.at(-1);
  const earliest = lastPeriod ? latest(file.birthDate, lastPeriod.effectiveFrom) : file.birthDate;
  if (
    !isCalendarDate(effectiveFrom) ||
    effectiveFrom < earliest ||
    effectiveFrom >= addYears(file.birthDate, AGE_OF_MAJORITY)
  ) {
    throw new RegistryError('REGISTRY.DATE_INVALID', { field: 'effectiveFrom', notBefore: earliest });
  }
  // Validated again here against the table in force on the effective date: a tier may have lapsed since the proposal.
  const tier = tierInForce(policyTable, pending.tierCode, effectiveFrom);
  requireNotHeld(file, tier);

  const approved: ClassificationApproved = {
    type: 'ClassificationApproved',
    data: {
      proposalId: data.proposalId,
      tierCode: tier.code,
      protectionTierCode: tier.universal ? null : tier.code,
      previousProtectionTierCode: latestProtectionTier(file),
      effectiveFrom,
      policyReference: tier.policyReference,
      approvedBy: decidedBy,
      reason,
    },
  };
  if (tier.reverifyEveryMonths === null) return [approved];
  const dueOn = addMonths(latest(effectiveFrom, today(command.metadata)), tier.reverifyEveryMonths);
  return [approved, { type: 'ReverificationScheduled', data: { dueOn } }];
}
