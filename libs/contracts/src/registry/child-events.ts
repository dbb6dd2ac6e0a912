import { defineContract } from '../contract';

/**
 * What the registry tells other services about children's files (topic registry.children.v1, key =
 * the file's stream id). Ids, places, codes and dates only: names, identity numbers, birth dates and
 * addresses never leave the registry. Subsidies, placement and referrals decide eligibility from
 * these facts alone.
 */
const TOPIC = 'registry.children.v1';
const UUID = { type: 'string', format: 'uuid' } as const;
const DATE = { type: 'string', format: 'date' } as const;
const VILLAGE = { type: 'string', pattern: '^3306[0-9]{8}$' } as const;
const COUNTY = { type: 'string', pattern: '^3306[0-9]{2}$' } as const;
const TIER = { type: 'string', pattern: '^[a-z][a-z0-9-]{1,40}$' } as const;
const childKey = {
  description: "the child's file stream id, child-<childId>",
  of: (p: { childId: string }) => `child-${p.childId}`,
};

export type AgeGroup = '0-5' | '6-11' | '12-17';

export interface ChildRegistered {
  childId: string;
  /** Village (12-digit code) the child lives in, and its county. */
  village: string;
  county: string;
  ageGroup: AgeGroup;
  registeredOn: string;
}
export const childRegistered = defineContract<'registry.ChildRegistered', ChildRegistered>({
  name: 'registry.ChildRegistered',
  version: 1,
  topic: TOPIC,
  producer: 'registry',
  summary: 'A file was opened for a child.',
  key: childKey,
  personalData: 'none',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['childId', 'village', 'county', 'ageGroup', 'registeredOn'],
    properties: {
      childId: UUID,
      village: VILLAGE,
      county: COUNTY,
      ageGroup: { type: 'string', enum: ['0-5', '6-11', '12-17'] },
      registeredOn: DATE,
    },
  },
  example: {
    childId: '0c4b6a52-7d1e-4d0e-9a43-6b1b2c3d4e5f',
    village: '330602001001',
    county: '330602',
    ageGroup: '6-11',
    registeredOn: '2026-03-01',
  },
});

export interface ChildTierChanged {
  childId: string;
  county: string;
  /** Protection tier code from the policy table in force (e.g. orphan); `universal` when none. */
  tier: string;
  previousTier: string;
  effectiveFrom: string;
}
export const childTierChanged = defineContract<'registry.ChildTierChanged', ChildTierChanged>({
  name: 'registry.ChildTierChanged',
  version: 1,
  topic: TOPIC,
  producer: 'registry',
  summary: "A county approved a child's classification into a protection tier.",
  key: childKey,
  personalData: 'none',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['childId', 'county', 'tier', 'previousTier', 'effectiveFrom'],
    properties: { childId: UUID, county: COUNTY, tier: TIER, previousTier: TIER, effectiveFrom: DATE },
  },
  example: {
    childId: '0c4b6a52-7d1e-4d0e-9a43-6b1b2c3d4e5f',
    county: '330602',
    tier: 'orphan',
    previousTier: 'universal',
    effectiveFrom: '2026-04-01',
  },
});

export interface ChildResidenceChanged {
  childId: string;
  fromVillage: string;
  toVillage: string;
  fromCounty: string;
  toCounty: string;
  effectiveOn: string;
}
export const childResidenceChanged = defineContract<'registry.ChildResidenceChanged', ChildResidenceChanged>({
  name: 'registry.ChildResidenceChanged',
  version: 1,
  topic: TOPIC,
  producer: 'registry',
  summary: 'A child moved; a move to another county is published once the receiving county accepted it.',
  key: childKey,
  personalData: 'none',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['childId', 'fromVillage', 'toVillage', 'fromCounty', 'toCounty', 'effectiveOn'],
    properties: {
      childId: UUID,
      fromVillage: VILLAGE,
      toVillage: VILLAGE,
      fromCounty: COUNTY,
      toCounty: COUNTY,
      effectiveOn: DATE,
    },
  },
  example: {
    childId: '0c4b6a52-7d1e-4d0e-9a43-6b1b2c3d4e5f',
    fromVillage: '330602001001',
    toVillage: '330681001002',
    fromCounty: '330602',
    toCounty: '330681',
    effectiveOn: '2026-05-01',
  },
});

export interface ChildAgedOut {
  childId: string;
  county: string;
  agedOutOn: string;
}
export const childAgedOut = defineContract<'registry.ChildAgedOut', ChildAgedOut>({
  name: 'registry.ChildAgedOut',
  version: 1,
  topic: TOPIC,
  producer: 'registry',
  summary: 'A child turned 18; child protection ends and adult support (housing, employment) may start.',
  key: childKey,
  personalData: 'none',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['childId', 'county', 'agedOutOn'],
    properties: { childId: UUID, county: COUNTY, agedOutOn: DATE },
  },
  example: { childId: '0c4b6a52-7d1e-4d0e-9a43-6b1b2c3d4e5f', county: '330602', agedOutOn: '2026-06-01' },
});

export interface ChildAgeGroupChanged {
  childId: string;
  county: string;
  ageGroup: '6-11' | '12-17';
  /** The 6th or 12th birthday. */
  changedOn: string;
}
export const childAgeGroupChanged = defineContract<'registry.ChildAgeGroupChanged', ChildAgeGroupChanged>({
  name: 'registry.ChildAgeGroupChanged',
  version: 1,
  topic: TOPIC,
  producer: 'registry',
  summary: 'A child reached the next age group (6 or 12): age-bound programmes decide without a birth date.',
  key: childKey,
  personalData: 'none',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['childId', 'county', 'ageGroup', 'changedOn'],
    properties: {
      childId: UUID,
      county: COUNTY,
      ageGroup: { type: 'string', enum: ['6-11', '12-17'] },
      changedOn: DATE,
    },
  },
  example: {
    childId: '0c4b6a52-7d1e-4d0e-9a43-6b1b2c3d4e5f',
    county: '330602',
    ageGroup: '6-11',
    changedOn: '2026-06-01',
  },
});

export type FileClosure = 'deceased' | 'moved-out-of-city' | 'no-longer-eligible' | 'duplicate' | 'other';

export interface ChildFileClosed {
  childId: string;
  county: string;
  reason: FileClosure;
  closedOn: string;
}
export const childFileClosed = defineContract<'registry.ChildFileClosed', ChildFileClosed>({
  name: 'registry.ChildFileClosed',
  version: 1,
  topic: TOPIC,
  producer: 'registry',
  summary: "A child's file was closed: the child died, left the city, or no longer needs protection.",
  key: childKey,
  personalData: 'none',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['childId', 'county', 'reason', 'closedOn'],
    properties: {
      childId: UUID,
      county: COUNTY,
      reason: { type: 'string', enum: ['deceased', 'moved-out-of-city', 'no-longer-eligible', 'duplicate', 'other'] },
      closedOn: DATE,
    },
  },
  example: {
    childId: '0c4b6a52-7d1e-4d0e-9a43-6b1b2c3d4e5f',
    county: '330602',
    reason: 'deceased',
    closedOn: '2026-07-01',
  },
});

export interface ChildFilesMerged {
  /** The duplicate file, now read-only; the key is its stream. */
  childId: string;
  survivorId: string;
  mergedOn: string;
}
export const childFilesMerged = defineContract<'registry.ChildFilesMerged', ChildFilesMerged>({
  name: 'registry.ChildFilesMerged',
  version: 1,
  topic: TOPIC,
  producer: 'registry',
  summary: 'A duplicate file was merged into the surviving file; consumers move their records to the survivor.',
  key: childKey,
  personalData: 'none',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['childId', 'survivorId', 'mergedOn'],
    properties: { childId: UUID, survivorId: UUID, mergedOn: DATE },
  },
  example: {
    childId: '0c4b6a52-7d1e-4d0e-9a43-6b1b2c3d4e5f',
    survivorId: '7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    mergedOn: '2026-08-01',
  },
});

export const REGISTRY_CONTRACTS = [
  childRegistered,
  childTierChanged,
  childResidenceChanged,
  childAgedOut,
  childAgeGroupChanged,
  childFileClosed,
  childFilesMerged,
] as const;
