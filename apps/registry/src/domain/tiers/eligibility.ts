import { ageOn, LocalDate } from '../shared/dates';
import { assertNever } from '../shared/decider';
import { GuardianRelation, GuardianSituation, isParent } from '../shared/guardians';
import { EligibilityHint, TierDefinition } from './policy-table';

/** The recorded facts a hint is checked against. */
export interface EligibilityFacts {
  birthDate: LocalDate;
  householdRegistrationRegion: string;
  residenceCounty: string;
  guardians: readonly { relation: GuardianRelation; situations: readonly GuardianSituation[] }[];
  on: LocalDate;
}

function holds(hint: EligibilityHint, facts: EligibilityFacts): boolean {
  switch (hint.kind) {
    case 'parents-in': {
      const parents = facts.guardians.filter((guardian) => isParent(guardian.relation));
      const hasFather = parents.some((parent) => parent.relation === 'father');
      const hasMother = parents.some((parent) => parent.relation === 'mother');
      if (!hasFather || !hasMother) return false;
      const inAny = (situations: readonly GuardianSituation[], wanted: readonly GuardianSituation[]) =>
        situations.some((situation) => wanted.includes(situation));
      if (!parents.every((parent) => inAny(parent.situations, hint.each))) return false;
      const atLeastOneIn = hint.atLeastOneIn;
      return !atLeastOneIn || parents.some((parent) => inAny(parent.situations, atLeastOneIn));
    }
    case 'any-guardian-in':
      return facts.guardians.some((guardian) =>
        guardian.situations.some((situation) => hint.situations.includes(situation)),
      );
    case 'younger-than':
      return ageOn(facts.birthDate, facts.on) < hint.years;
    case 'household-registered-outside-city':
      // A prefecture-level city is the first four digits of a GB/T 2260 code.
      return facts.householdRegistrationRegion.slice(0, 4) !== facts.residenceCounty.slice(0, 4);
    default:
      return assertNever(hint, 'eligibility hint');
  }
}

/**
 * The hints the file's records do not (yet) bear out. Recorded on a proposal so the township and
 * county see them; an unrecorded parent counts as not bearing a hint out.
 */
export function unmetEligibilityHints(tier: TierDefinition, facts: EligibilityFacts): EligibilityHint[] {
  return tier.eligibility.filter((hint) => !holds(hint, facts));
}
