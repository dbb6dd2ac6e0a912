/**
 * The demo population: a deterministic synthetic set of children across Shaoxing's six counties and
 * their demo villages. DEMO DATA: every name, number and circumstance is made up.
 *
 * Child `i` depends only on the seed, the anchor year and the children before it (uniqueness of ID
 * numbers and of name + birth date + village is kept in index order), so the first 5,000 children
 * of a 10,000-child population are the 5,000-child population. Ids are name-based UUIDs of
 * `NAMESPACE` and `<anchor year>/child/<index>`: a second run names the same files and its
 * registrations are recognised as retries.
 */
import { createHash } from 'node:crypto';
import { children, placeName, SHAOXING_CITY } from '@app/auth/jurisdiction';
import {
  addYears,
  GuardianRelation,
  GuardianSituation,
  LocalDate,
  makeIdNumber,
  makeRegistryNumber,
  Sex,
  sequenceFor,
} from '../../apps/registry/src/domain';
import { ADULT_GIVEN_NAMES, GIVEN_NAME_CHARACTERS, SINGLE_CHARACTER_GIVEN_NAMES, SURNAMES } from './names';

/** The fixed namespace of the demo population's ids (a random v4, chosen once). */
export const NAMESPACE = '6f1c2a4e-8d3b-4f5a-9c7e-2b1d0e9a8f64';
export const DEFAULT_SEED = 'shaoxing-demo-population-v1';

export type ProtectionTier =
  | 'orphan'
  | 'de-facto-unsupported'
  | 'severe-illness-or-disability'
  | 'family-in-difficulty'
  | 'left-behind'
  | 'migrant';
export type DemoTier = ProtectionTier | 'universal';

/** The planned mix (share of all children); the rest hold the universal tier only. */
export const TIER_MIX: Readonly<Record<ProtectionTier, number>> = {
  orphan: 0.02,
  'de-facto-unsupported': 0.03,
  'severe-illness-or-disability': 0.04,
  'family-in-difficulty': 0.08,
  'left-behind': 0.12,
  migrant: 0.03,
};

/** Left-behind children live mostly in rural villages, migrant children mostly in urban communities. */
const RURAL_FACTOR: Partial<Record<ProtectionTier, { rural: number; urban: number }>> = {
  'left-behind': { rural: 1.5, urban: 0.5 },
  migrant: { rural: 0.4, urban: 1.6 },
};

/** Rough share of the city's children by county (resident population, 2020 census). */
const COUNTY_WEIGHTS: Readonly<Record<string, number>> = {
  '330602': 0.2, // 越城区
  '330603': 0.2, // 柯桥区
  '330604': 0.15, // 上虞区
  '330624': 0.08, // 新昌县
  '330681': 0.23, // 诸暨市
  '330683': 0.14, // 嵊州市
};

/** Keqiao and Shangyu became districts in October 2013: numbers issued before then carry the old codes. */
const FORMER_REGION_CODES: Readonly<Record<string, { code: string; until: LocalDate }>> = {
  '330603': { code: '330621', until: '2013-10-18' }, // 绍兴县
  '330604': { code: '330682', until: '2013-10-18' }, // 上虞市
};

/** Counties where many of Shaoxing's migrant families come from (GB/T 2260). */
const MIGRANT_ORIGINS = [
  '341221', // 安徽 临泉县
  '341222', // 安徽 太和县
  '341226', // 安徽 颍上县
  '411522', // 河南 光山县
  '411525', // 河南 固始县
  '511621', // 四川 岳池县
  '520524', // 贵州 织金县
  '520525', // 贵州 纳雍县
  '530627', // 云南 镇雄县
  '362427', // 江西 遂川县
];

export interface DemoPlace {
  village: string;
  township: string;
  county: string;
  /** Statistical code 2xx: a village (rural); 0xx/1xx: an urban community. */
  rural: boolean;
}

export interface DemoGuardian {
  guardianId: string;
  relation: GuardianRelation;
  situations: GuardianSituation[];
  name: string;
  reason: string;
}

export interface DemoClassification {
  tierCode: ProtectionTier;
  proposalId: string;
  evidence: { kind: string; documentRef: string }[];
  proposeReason: string;
  reviewReason: string;
  approveReason: string;
}

export interface DemoChild {
  index: number;
  childId: string;
  name: string;
  sex: Sex;
  birthDate: LocalDate;
  /** Exactly one of idNumber and registryNumber. */
  idNumber?: string;
  registryNumber?: string;
  householdRegistrationRegion: string;
  place: DemoPlace;
  address: string;
  registerReason: string;
  tier: DemoTier;
  guardians: DemoGuardian[];
  classification: DemoClassification | null;
}

export interface PopulationOptions {
  size: number;
  /** 1 January of the population's year: birth dates fall in the 17 years before it. */
  anchor: LocalDate;
  seed?: string;
}

/** The anchor for a day: 1 January of its year (a population stays the same all year). */
export function anchorFor(today: LocalDate): LocalDate {
  return `${today.slice(0, 4)}-01-01`;
}

/** Every demo village of the jurisdiction tree, with its township and county. */
export function demoPlaces(): DemoPlace[] {
  return children(SHAOXING_CITY).flatMap((county) =>
    children(county).flatMap((township) =>
      children(township).map((village) => ({ village, township, county, rural: village.slice(9, 10) === '2' })),
    ),
  );
}

/** An RFC 4122 name-based UUID (SHA-1, as version 5). */
export function nameBasedUuid(name: string, namespace = NAMESPACE, version: 4 | 5 = 5): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | (version << 4);
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The id of child `index`. The registry's RegisterChildRequest accepts only version-4 UUIDs
 * (`@IsUUID('4')`), so the name-based hash is stamped as version 4; guardian and proposal ids,
 * which the registry takes in any version, are proper version 5.
 */
export function demoChildId(anchor: LocalDate, index: number): string {
  return nameBasedUuid(`${anchor.slice(0, 4)}/child/${index}`, NAMESPACE, 4);
}

/** sfc32, seeded from SHA-256 of the seed and the child's index: the same stream for the same child. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string) {
    const h = createHash('sha256').update(seed).digest();
    [this.a, this.b, this.c, this.d] = [0, 4, 8, 12].map((offset) => h.readUInt32LE(offset));
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, weight]) => sum + weight, 0);
    let point = this.next() * total;
    for (const [item, weight] of items) {
      point -= weight;
      if (point < 0) return item;
    }
    return items[items.length - 1][0];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

const DAY_MS = 86_400_000;
const dayNumber = (date: LocalDate) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateOfDay = (day: number): LocalDate => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** A birth date at least `minYears` and under `maxYears` years before the anchor (and before it). */
function birthDateBetween(random: Random, anchor: LocalDate, minYears: number, maxYears: number): LocalDate {
  const earliest = dayNumber(addYears(anchor, -maxYears));
  const latest = dayNumber(addYears(anchor, -minYears)) - 1;
  return dateOfDay(earliest + random.int(latest - earliest + 1));
}

function givenName(random: Random, sex: Sex): string {
  const characters = GIVEN_NAME_CHARACTERS[sex];
  if (random.chance(SINGLE_CHARACTER_GIVEN_NAMES)) return random.pick(characters.single);
  const first = random.pick(characters.first);
  let second = random.pick(characters.second);
  while (second === first) second = random.pick(characters.second);
  return first + second;
}

type Scenario = {
  guardians: [GuardianRelation, GuardianSituation[]][];
  evidence: string[];
  reason: string;
};

/** Circumstances that make each tier, with the evidence a village officer would attach. */
function scenarioFor(tier: ProtectionTier, random: Random, foundling: boolean): Scenario {
  switch (tier) {
    case 'orphan':
      if (foundling) {
        return {
          guardians: [
            ['father', ['missing']],
            ['mother', ['missing']],
          ],
          evidence: ['household-register', 'foundling-record'],
          reason: '公安机关捡拾报案，查找生父母未果',
        };
      }
      return random.chance(0.75)
        ? {
            guardians: [
              ['father', ['dead']],
              ['mother', ['dead']],
            ],
            evidence: ['household-register', 'death-certificate'],
            reason: '父母双亡，现由祖父母照料',
          }
        : {
            guardians: [
              ['father', ['dead']],
              ['mother', ['missing']],
            ],
            evidence: ['household-register', 'death-certificate', 'declaration-of-missing'],
            reason: '父亲死亡，母亲经法院宣告失踪',
          };
    case 'de-facto-unsupported':
      return random.pick<Scenario>([
        {
          guardians: [
            ['father', ['imprisoned']],
            ['mother', ['missing']],
          ],
          evidence: ['household-register', 'imprisonment-certificate', 'missing-report'],
          reason: '父亲服刑在押，母亲失联满六个月',
        },
        {
          guardians: [
            ['father', ['dead']],
            ['mother', ['severely-ill-or-disabled']],
          ],
          evidence: ['household-register', 'death-certificate', 'disability-certificate'],
          reason: '父亲死亡，母亲重度残疾无力抚养',
        },
        {
          guardians: [
            ['father', ['compulsory-rehabilitation']],
            ['mother', ['missing']],
          ],
          evidence: ['household-register', 'compulsory-rehabilitation-decision', 'missing-report'],
          reason: '父亲强制隔离戒毒，母亲失联',
        },
        {
          guardians: [
            ['father', ['severely-ill-or-disabled']],
            ['mother', ['severely-ill-or-disabled']],
          ],
          evidence: ['household-register', 'medical-diagnosis'],
          reason: '父母均重病，无力履行抚养义务',
        },
      ]);
    case 'severe-illness-or-disability':
      return random.chance(0.6)
        ? { guardians: [], evidence: ['household-register', 'disability-certificate'], reason: '儿童持残疾人证' }
        : { guardians: [], evidence: ['household-register', 'medical-diagnosis'], reason: '儿童患重大疾病，医院确诊' };
    case 'family-in-difficulty': {
      const margin = random.chance(0.35);
      return {
        guardians: [[random.chance(0.6) ? 'mother' : 'father', [margin ? 'low-income-margin' : 'low-income-family']]],
        evidence: ['household-register', margin ? 'low-income-margin-certificate' : 'low-income-certificate'],
        reason: margin ? '家庭为低保边缘家庭' : '家庭享受最低生活保障',
      };
    }
    case 'left-behind':
      return random.chance(0.8)
        ? {
            guardians: [
              ['father', ['working-away']],
              ['mother', ['working-away']],
            ],
            evidence: ['household-register', 'employment-away-statement'],
            reason: '父母双方外出务工，由祖父母照料',
          }
        : {
            guardians: [
              ['father', ['working-away']],
              ['mother', ['severely-ill-or-disabled']],
            ],
            evidence: ['household-register', 'employment-away-statement', 'medical-diagnosis'],
            reason: '父亲外出务工，母亲重病无监护能力',
          };
    case 'migrant':
      return {
        guardians: [],
        evidence: ['household-register', 'residence-permit'],
        reason: '随父母来绍务工居住，户籍不在本市',
      };
  }
}

const GUARDIAN_REASON: Partial<Record<GuardianSituation, string>> = {
  dead: '核实死亡证明',
  missing: '核实失联情况',
  imprisoned: '核实服刑在押证明',
  'compulsory-rehabilitation': '核实强制隔离戒毒决定书',
  'severely-ill-or-disabled': '核实重病重残情况',
  'low-income-family': '核实低保证',
  'low-income-margin': '核实低边家庭证明',
  'working-away': '核实外出务工情况',
};

const REGISTER_REASONS = ['入户走访建档', '开学季排查建档', '新生儿入户登记后建档', '村（居）委会摸排发现'];

/** Generates the population; throws when the places cannot hold it with unique numbers. */
export function demoPopulation({ size, anchor, seed = DEFAULT_SEED }: PopulationOptions): DemoChild[] {
  const places = demoPlaces();
  const byCounty = new Map<string, DemoPlace[]>();
  for (const place of places) byCounty.set(place.county, [...(byCounty.get(place.county) ?? []), place]);
  const counties = [...byCounty.keys()].map((county) => [county, COUNTY_WEIGHTS[county] ?? 0.1] as const);
  const year = Number(anchor.slice(0, 4));
  const usedIdPrefixes = new Set<string>();
  const usedNames = new Set<string>();
  const serials = new Map<string, number>();
  const population: DemoChild[] = [];

  for (let index = 0; index < size; index++) {
    const random = new Random(`${seed}/${anchor}/${index}`);
    const id = (what: string) => nameBasedUuid(`${anchor.slice(0, 4)}/child/${index}/${what}`);
    const place = random.pick(byCounty.get(random.weighted(counties))!);
    const sex: Sex = random.chance(0.52) ? 'male' : 'female';

    const roll = random.next();
    let tier: DemoTier = 'universal';
    let cumulative = 0;
    for (const [code, share] of Object.entries(TIER_MIX) as [ProtectionTier, number][]) {
      const factor = RURAL_FACTOR[code]?.[place.rural ? 'rural' : 'urban'] ?? 1;
      cumulative += share * factor;
      if (roll < cumulative) {
        tier = code;
        break;
      }
    }

    // Left-behind children are under 16 (国发〔2016〕13号): keep them under 15 at the anchor.
    const birthDate = birthDateBetween(random, anchor, 0, tier === 'left-behind' ? 15 : 17);
    const withoutIdNumber =
      tier === 'migrant'
        ? false
        : random.chance(tier === 'orphan' ? 0.25 : tier === 'de-facto-unsupported' ? 0.1 : 0.02);
    const migrantOrigin = tier === 'migrant' ? random.pick(MIGRANT_ORIGINS) : null;
    const householdRegistrationRegion = migrantOrigin ?? place.county;

    let idNumber: string | undefined;
    let registryNumber: string | undefined;
    if (withoutIdNumber) {
      const serial = (serials.get(place.county) ?? 0) + 1;
      serials.set(place.county, serial);
      registryNumber = makeRegistryNumber({ county: place.county, year, serial });
    } else {
      const former = FORMER_REGION_CODES[place.county];
      const region = migrantOrigin ?? (former && birthDate < former.until ? former.code : place.county);
      // Ordinals 0–99 (sequences 000–199) are the demo's; the registry benchmark uses 100 and up.
      let ordinal = random.int(40);
      while (usedIdPrefixes.has(`${region}${birthDate}${sequenceFor(sex, ordinal)}`)) {
        ordinal += 1;
        if (ordinal > 99) throw new RangeError(`no free ID number sequence for ${region} ${birthDate}`);
      }
      usedIdPrefixes.add(`${region}${birthDate}${sequenceFor(sex, ordinal)}`);
      idNumber = makeIdNumber(region, birthDate, sequenceFor(sex, ordinal));
    }

    const surname = random.weighted(SURNAMES);
    let name = surname + givenName(random, sex);
    // The registry asks to confirm a likely duplicate (same name, birth date and village): keep them apart.
    while (usedNames.has(`${name}|${birthDate}|${place.village}`)) name = surname + givenName(random, sex);
    usedNames.add(`${name}|${birthDate}|${place.village}`);

    const scenario = tier === 'universal' ? null : scenarioFor(tier, random, withoutIdNumber);
    const classification: DemoClassification | null =
      scenario && tier !== 'universal'
        ? {
            tierCode: tier,
            proposalId: id(`proposal/${tier}`),
            evidence: scenario.evidence.map((kind) => ({
              kind,
              documentRef: `demo-${year}-${String(index).padStart(6, '0')}-${kind}`,
            })),
            proposeReason: scenario.reason,
            reviewReason: '材料齐全，情况属实，同意上报',
            approveReason: '经审核符合认定条件，同意',
          }
        : null;
    const guardians: DemoGuardian[] = (scenario?.guardians ?? []).map(([relation, situations]) => ({
      guardianId: id(`guardian/${relation}`),
      relation,
      situations,
      name:
        relation === 'father'
          ? surname + random.pick(ADULT_GIVEN_NAMES.male)
          : random.weighted(SURNAMES) + random.pick(ADULT_GIVEN_NAMES.female),
      reason: situations.map((situation) => GUARDIAN_REASON[situation] ?? '核实监护情况').join('，'),
    }));
    population.push({
      index,
      childId: demoChildId(anchor, index),
      name,
      sex,
      birthDate,
      idNumber,
      registryNumber,
      householdRegistrationRegion,
      place,
      address: addressIn(random, place),
      registerReason: random.pick(REGISTER_REASONS),
      tier,
      guardians,
      classification,
    });
  }
  return population;
}

function addressIn(random: Random, place: DemoPlace): string {
  const where = placeName(place.village) ?? place.village;
  return place.rural
    ? `${where}${1 + random.int(320)}号`
    : `${where}${1 + random.int(40)}幢${1 + random.int(6)}0${1 + random.int(4)}室`;
}
