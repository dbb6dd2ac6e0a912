import { countyOfVillage, townshipOfVillage } from '../shared/places';
import { Campaign } from './census';

export interface ProgressCounts {
  villagesInScope: number;
  villagesVisited: number;
  householdsVisited: number;
  childrenFound: number;
  /** Distinct children whose files were opened during the campaign. */
  filesOpened: number;
  /** Distinct children found who already had a file. */
  alreadyKnown: number;
}

export interface PlaceProgress extends ProgressCounts {
  code: string;
}

export interface CampaignProgress {
  campaignId: string;
  status: 'open' | 'closed';
  total: ProgressCounts;
  byCounty: PlaceProgress[];
  byTownship: PlaceProgress[];
  byVillage: PlaceProgress[];
}

interface Tally {
  villagesInScope: Set<string>;
  villagesVisited: Set<string>;
  householdsVisited: number;
  childrenFound: number;
  filesOpened: Set<string>;
  alreadyKnown: Set<string>;
}

const emptyTally = (): Tally => ({
  villagesInScope: new Set(),
  villagesVisited: new Set(),
  householdsVisited: 0,
  childrenFound: 0,
  filesOpened: new Set(),
  alreadyKnown: new Set(),
});

function counts(tally: Tally): ProgressCounts {
  return {
    villagesInScope: tally.villagesInScope.size,
    villagesVisited: tally.villagesVisited.size,
    householdsVisited: tally.householdsVisited,
    childrenFound: tally.childrenFound,
    filesOpened: tally.filesOpened.size,
    alreadyKnown: tally.alreadyKnown.size,
  };
}

/**
 * Progress by village, township and county (and in total): visited / in scope, children found,
 * files opened. Children are counted by distinct file id at every level, so a child met on two
 * visits is one child. Households and children found are the visitors' counts, summed.
 */
export function campaignProgress(campaign: Campaign): CampaignProgress | null {
  if (campaign.status === 'unplanned') return null;
  const levels = {
    county: new Map<string, Tally>(),
    township: new Map<string, Tally>(),
    village: new Map<string, Tally>(),
  };
  const total = emptyTally();
  const tallies = (village: string): Tally[] => {
    const keys = { county: countyOfVillage(village), township: townshipOfVillage(village), village };
    const found = (Object.keys(levels) as (keyof typeof levels)[]).map((level) => {
      const map = levels[level];
      if (!map.has(keys[level])) map.set(keys[level], emptyTally());
      return map.get(keys[level]) as Tally;
    });
    return [total, ...found];
  };

  for (const village of campaign.villageCodes) for (const tally of tallies(village)) tally.villagesInScope.add(village);
  for (const visit of campaign.visits) {
    for (const tally of tallies(visit.villageCode)) {
      tally.villagesVisited.add(visit.villageCode);
      tally.householdsVisited += visit.householdsVisited;
      tally.childrenFound += visit.childrenFound;
      for (const id of visit.filesOpened) tally.filesOpened.add(id);
      for (const id of visit.alreadyKnown) tally.alreadyKnown.add(id);
    }
  }

  const rows = (map: Map<string, Tally>): PlaceProgress[] =>
    [...map.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([code, tally]) => ({ code, ...counts(tally) }));
  return {
    campaignId: campaign.campaignId,
    status: campaign.status,
    total: counts(total),
    byCounty: rows(levels.county),
    byTownship: rows(levels.township),
    byVillage: rows(levels.village),
  };
}
