import { LocalDate } from '../shared/dates';
import { GuardianSituation } from '../shared/guardians';
import { LocalizedText } from '../shared/localized-text';

/**
 * Protection tiers are policy data, not code: they differ by province and change by year, so each
 * definition is effective-dated and a new policy is a new row, not a release. The city bureau owns
 * the table; deciders receive it in the command like any other looked-up fact.
 */

export type TierCode = string;
export type EvidenceKind = string;

/** Satisfied by a piece of evidence of any one of the kinds listed. */
export interface EvidenceRequirement {
  anyOf: EvidenceKind[];
}

/**
 * What the records should show for a child to fit the tier. Hints, not gates: the county decides
 * on the evidence, but a proposal whose recorded facts contradict a hint says so to the reviewers.
 */
export type EligibilityHint = { id: string; text: LocalizedText } & (
  | {
      /** Both parents are recorded, each in one of `each`; with `atLeastOneIn`, one of them also in one of those. */
      kind: 'parents-in';
      each: GuardianSituation[];
      atLeastOneIn?: GuardianSituation[];
    }
  | { kind: 'any-guardian-in'; situations: GuardianSituation[] }
  | { kind: 'younger-than'; years: number }
  | { kind: 'household-registered-outside-city' }
);

export interface TierDefinition {
  /** Stable across versions of the same tier: a redefinition is another row with the same code and a later period. */
  code: TierCode;
  name: LocalizedText;
  /** 1 is the strongest protection; the universal tier ranks last. */
  rank: number;
  /** The tier every child holds (一普四分's 一普): it cannot be proposed except to leave a protection tier. */
  universal: boolean;
  effectiveFrom: LocalDate;
  /** Last day in force (inclusive), or null while it stands. */
  effectiveTo: LocalDate | null;
  policyReference: string;
  evidenceRequired: EvidenceRequirement[];
  eligibility: EligibilityHint[];
  /** How often a child in this tier is verified again; null for the universal tier. */
  reverifyEveryMonths: number | null;
}

export interface EvidenceKindDefinition {
  code: EvidenceKind;
  name: LocalizedText;
}

export interface PolicyTable {
  id: string;
  /** Where it applies: a province, city or county code. */
  jurisdiction: string;
  title: LocalizedText;
  /** Where the rows come from, and how far they may be trusted. */
  provenance: string;
  evidenceKinds: EvidenceKindDefinition[];
  tiers: TierDefinition[];
}

export function isInForce(tier: TierDefinition, date: LocalDate): boolean {
  return tier.effectiveFrom <= date && (tier.effectiveTo === null || date <= tier.effectiveTo);
}

/** The tiers a child could be classified into on `date`, strongest first. */
export function tiersInForce(table: PolicyTable, date: LocalDate): TierDefinition[] {
  return table.tiers.filter((tier) => isInForce(tier, date)).sort((a, b) => a.rank - b.rank);
}

export function findTier(table: PolicyTable, code: TierCode, date: LocalDate): TierDefinition | undefined {
  return table.tiers.find((tier) => tier.code === code && isInForce(tier, date));
}

export function hasTierCode(table: PolicyTable, code: TierCode): boolean {
  return table.tiers.some((tier) => tier.code === code);
}

export function universalTier(table: PolicyTable, date: LocalDate): TierDefinition | undefined {
  return table.tiers.find((tier) => tier.universal && isInForce(tier, date));
}

/** The evidence requirements not met by the kinds supplied. */
export function missingEvidence(tier: TierDefinition, supplied: readonly EvidenceKind[]): EvidenceRequirement[] {
  const kinds = new Set(supplied);
  return tier.evidenceRequired.filter((requirement) => !requirement.anyOf.some((kind) => kinds.has(kind)));
}

/**
 * Problems that would make the table ambiguous or unusable; empty when it is sound. Run before a
 * table is published, and by the tests on the defaults.
 */
export function policyTableProblems(table: PolicyTable): string[] {
  const problems: string[] = [];
  const evidenceKinds = new Set(table.evidenceKinds.map((kind) => kind.code));
  for (const tier of table.tiers) {
    const label = `${tier.code} from ${tier.effectiveFrom}`;
    if (!/^[a-z][a-z0-9-]*$/.test(tier.code)) problems.push(`${label}: code must be lower-case kebab-case`);
    if (tier.effectiveTo !== null && tier.effectiveTo < tier.effectiveFrom)
      problems.push(`${label}: ends before it starts`);
    if (!Number.isInteger(tier.rank) || tier.rank < 1) problems.push(`${label}: rank must be a positive integer`);
    if (!tier.policyReference.trim()) problems.push(`${label}: no policy reference`);
    if (tier.universal !== (tier.reverifyEveryMonths === null)) {
      problems.push(`${label}: only the universal tier goes without re-verification`);
    }
    for (const kind of tier.evidenceRequired.flatMap((requirement) => requirement.anyOf)) {
      if (!evidenceKinds.has(kind)) problems.push(`${label}: unknown evidence kind ${kind}`);
    }
    for (const other of table.tiers) {
      if (other === tier || other.code !== tier.code) continue;
      const overlaps = isInForce(other, tier.effectiveFrom) || isInForce(tier, other.effectiveFrom);
      if (overlaps && table.tiers.indexOf(other) > table.tiers.indexOf(tier)) {
        problems.push(`${label}: overlaps another version of ${tier.code}`);
      }
    }
    if (!tier.universal && !universalTier(table, tier.effectiveFrom)) {
      problems.push(`${label}: no universal tier in force when it starts`);
    }
  }
  const universalCodes = new Set(table.tiers.filter((tier) => tier.universal).map((tier) => tier.code));
  if (universalCodes.size !== 1) problems.push('exactly one universal tier code expected');
  return problems;
}
