import { defineContract } from '../contract';

/**
 * What placement will tell other services about family foster care (topic placement.placements.v1,
 * key = the placement's stream id). Defined ahead of the placement service because subsidies pays
 * the foster-family subsidy (care cost + labour allowance) from these facts: the subsidy starts the
 * day the child joins the family and ends the day the placement ends. No personal data: the family
 * is an opaque id.
 */
const TOPIC = 'placement.placements.v1';
const UUID = { type: 'string', format: 'uuid' } as const;
const DATE = { type: 'string', format: 'date' } as const;
const COUNTY = { type: 'string', pattern: '^3306[0-9]{2}$' } as const;
const placementKey = {
  description: "the placement's stream id, placement-<placementId>",
  of: (p: { placementId: string }) => `placement-${p.placementId}`,
};

export interface FosterPlacementStarted {
  placementId: string;
  childId: string;
  /** The county that approved the placement and pays the subsidy. */
  county: string;
  familyId: string;
  startedOn: string;
}
export const fosterPlacementStarted = defineContract<'placement.FosterPlacementStarted', FosterPlacementStarted>({
  name: 'placement.FosterPlacementStarted',
  version: 1,
  topic: TOPIC,
  producer: 'placement',
  summary: 'A child joined an approved foster family; the foster-family subsidy starts that day.',
  key: placementKey,
  personalData: 'none',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['placementId', 'childId', 'county', 'familyId', 'startedOn'],
    properties: { placementId: UUID, childId: UUID, county: COUNTY, familyId: UUID, startedOn: DATE },
  },
  example: {
    placementId: '5d2f8a1e-3b4c-4d5e-8f6a-7b8c9d0e1f2a',
    childId: '0c4b6a52-7d1e-4d0e-9a43-6b1b2c3d4e5f',
    county: '330602',
    familyId: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b',
    startedOn: '2026-09-01',
  },
});

export type FosterPlacementEnding = 'adopted' | 'returned-to-family' | 'moved-to-institution' | 'aged-out' | 'other';

export interface FosterPlacementEnded {
  placementId: string;
  childId: string;
  reason: FosterPlacementEnding;
  /** The last day the child lived with the family. */
  endedOn: string;
}
export const fosterPlacementEnded = defineContract<'placement.FosterPlacementEnded', FosterPlacementEnded>({
  name: 'placement.FosterPlacementEnded',
  version: 1,
  topic: TOPIC,
  producer: 'placement',
  summary: 'A foster placement ended (adoption, return home, move to an institution…); the subsidy ends with it.',
  key: placementKey,
  personalData: 'none',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['placementId', 'childId', 'reason', 'endedOn'],
    properties: {
      placementId: UUID,
      childId: UUID,
      reason: { type: 'string', enum: ['adopted', 'returned-to-family', 'moved-to-institution', 'aged-out', 'other'] },
      endedOn: DATE,
    },
  },
  example: {
    placementId: '5d2f8a1e-3b4c-4d5e-8f6a-7b8c9d0e1f2a',
    childId: '0c4b6a52-7d1e-4d0e-9a43-6b1b2c3d4e5f',
    reason: 'adopted',
    endedOn: '2027-03-31',
  },
});

export const PLACEMENT_CONTRACTS = [fosterPlacementStarted, fosterPlacementEnded] as const;
