import { isKnownPlace } from '@app/auth/jurisdiction';
import { DEMO_USERS } from '../../apps/gateway/src/users/demo-users';
import {
  ageOn,
  findTier,
  missingEvidence,
  parseIdNumber,
  parseRegistryNumber,
  unmetEligibilityHints,
  ZHEJIANG_DEFAULT_TIERS,
} from '../../apps/registry/src/domain';
import { actorsFor, missingUsers } from '../../scripts/demo/actors';
import { demoPopulation, demoPlaces, nameBasedUuid, TIER_MIX } from '../../scripts/demo/population';

/** The named demo users only: without the generated field staff of every place (village.<code>…). */
const NAMED = DEMO_USERS.filter((user) => !/^(village|township|county)\.\d+$/.test(user.username));

/** The demo population (scripts/demo): valid for the registry's commands, deterministic, plausible. */
const anchor = '2026-01-01';
const population = demoPopulation({ size: 5000, anchor });
const NAME = /^[\p{L}\p{M}·・. '-]+$/u;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('the demo population', () => {
  it('is the same every time, and a smaller one is a prefix of a larger one', () => {
    expect(demoPopulation({ size: 5000, anchor })).toEqual(population);
    expect(demoPopulation({ size: 300, anchor })).toEqual(population.slice(0, 300));
    expect(demoPopulation({ size: 10, anchor: '2027-01-01' })[0].childId).not.toBe(population[0].childId);
  });

  it('makes name-based UUIDs (RFC 4122 test vector) and version-4-shaped child ids the registry accepts', () => {
    expect(nameBasedUuid('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
    expect(population.every((child) => UUID_V4.test(child.childId))).toBe(true);
    expect(new Set(population.map((child) => child.childId)).size).toBe(population.length);
  });

  it('gives every child a valid, unique resident ID number that agrees with birth date and sex, or a registry number', () => {
    const numbers = new Set<string>();
    for (const child of population) {
      expect(Boolean(child.idNumber) !== Boolean(child.registryNumber)).toBe(true);
      if (child.idNumber) {
        const parsed = parseIdNumber(child.idNumber, anchor);
        expect(parsed).toMatchObject({ ok: true, value: { birthDate: child.birthDate, sex: child.sex } });
        numbers.add(child.idNumber);
      } else {
        expect(parseRegistryNumber(child.registryNumber!)).toMatchObject({ county: child.place.county });
        numbers.add(child.registryNumber!);
      }
    }
    expect(numbers.size).toBe(population.length);
    const withoutId = population.filter((child) => !child.idNumber).length / population.length;
    expect(withoutId).toBeGreaterThan(0.01);
    expect(withoutId).toBeLessThan(0.06);
  });

  it('keeps children apart that the registry would ask to confirm (same name, birth date and village)', () => {
    const keys = population.map((child) => `${child.name}|${child.birthDate}|${child.place.village}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(population.every((child) => NAME.test(child.name) && child.name.length <= 4)).toBe(true);
  });

  it('spreads children of both sexes and every age over all six counties and every demo village', () => {
    expect(population.every((child) => isKnownPlace(child.place.village))).toBe(true);
    expect(new Set(population.map((child) => child.place.village)).size).toBe(demoPlaces().length);
    expect(new Set(population.map((child) => child.place.county)).size).toBe(6);
    const ages = population.map((child) => ageOn(child.birthDate, anchor));
    expect(Math.min(...ages)).toBe(0);
    expect(Math.max(...ages)).toBe(16);
    const boys = population.filter((child) => child.sex === 'male').length / population.length;
    expect(boys).toBeGreaterThan(0.48);
    expect(boys).toBeLessThan(0.56);
  });

  it('has the planned mix of tiers', () => {
    for (const [tier, share] of Object.entries(TIER_MIX)) {
      const actual = population.filter((child) => child.tier === tier).length / population.length;
      expect(Math.abs(actual - share)).toBeLessThan(share * 0.35);
    }
  });

  it('proposes each tier with the evidence the Zhejiang table requires and circumstances that bear it out', () => {
    for (const child of population.filter((c) => c.classification)) {
      const plan = child.classification!;
      const tier = findTier(ZHEJIANG_DEFAULT_TIERS, plan.tierCode, anchor)!;
      expect(tier).toBeDefined();
      expect(
        missingEvidence(
          tier,
          plan.evidence.map((item) => item.kind),
        ),
      ).toEqual([]);
      const hints = unmetEligibilityHints(tier, {
        birthDate: child.birthDate,
        householdRegistrationRegion: child.householdRegistrationRegion,
        residenceCounty: child.place.county,
        guardians: child.guardians,
        on: anchor,
      });
      expect(hints.map((hint) => hint.id)).toEqual([]);
    }
  });
});

describe('who acts for a village', () => {
  it('uses the village officer, the township and the county where the gateway has them', () => {
    expect(actorsFor('330602001001', DEMO_USERS)).toMatchObject({
      register: { username: 'village.yuecheng' },
      propose: { username: 'village.yuecheng' },
      review: { username: 'township.yuecheng' },
      approve: { username: 'county.yuecheng' },
      read: { username: 'city.bureau' },
    });
  });

  it('registers through the nearest ancestor allowed to, and reports the users a tier would need', () => {
    const actors = actorsFor('330602001002', [...NAMED.filter((user) => user.username !== 'village.yuecheng')]);
    expect(actors.register?.username).toBe('township.yuecheng');
    expect(actors.propose).toBeUndefined();
    expect(missingUsers(['330602001002'], NAMED)).toEqual([expect.stringMatching(/^village-officer +330602001002/)]);
  });
});
