import { by, COUNTY_CENTRE, VILLAGE_OFFICER, YUECHENG, ZHUJI_VILLAGE } from '../testing/fixtures';
import { deciderSpec } from '../testing/given-when-then';
import { campaignProgress } from './campaign-progress';
import {
  CampaignPlanned,
  census,
  CensusEvent,
  CloseCampaign,
  PlanCampaign,
  RecordVisit,
  VisitRecorded,
} from './census';
import { campaignFromEvents } from './census';
import { censusStream } from './census-stream';

const given = deciderSpec(census);

// 越城区 2026 spring census over three villages in two townships.
const VILLAGES = ['330602001001', '330602001002', '330602002001'];

const plan = (data: Partial<PlanCampaign['data']> = {}): PlanCampaign => ({
  type: 'PlanCampaign',
  data: {
    campaignId: 'yuecheng-2026-spring',
    title: '2026年春季儿童普查',
    jurisdiction: YUECHENG,
    period: { from: '2026-03-01', to: '2026-04-30' },
    villageCodes: VILLAGES,
    ...data,
  },
  metadata: by(COUNTY_CENTRE),
});

const planned: CampaignPlanned = { type: 'CampaignPlanned', data: plan().data };

const visit = (data: Partial<RecordVisit['data']> = {}): RecordVisit => ({
  type: 'RecordVisit',
  data: {
    visitId: 'v-1',
    villageCode: '330602001001',
    visitedOn: '2026-03-10',
    householdsVisited: 40,
    childrenFound: 12,
    filesOpened: ['c-1', 'c-2'],
    alreadyKnown: ['c-3'],
    ...data,
  },
  metadata: by(VILLAGE_OFFICER),
});

const visited = (data: Partial<RecordVisit['data']> = {}): VisitRecorded => ({
  type: 'VisitRecorded',
  data: visit(data).data,
});

const close: CloseCampaign = {
  type: 'CloseCampaign',
  data: { reason: '普查期满 / the period is over' },
  metadata: by(VILLAGE_OFFICER, '2026-05-02'),
};

describe('census campaigns', () => {
  it('names the stream census-<id>', () => {
    expect(censusStream('yuecheng-2026-spring')).toBe('census-yuecheng-2026-spring');
  });

  it('plans a campaign over villages of its jurisdiction for a period', () => {
    given([]).when(plan()).then([planned]);
  });

  it('planning the same campaign again changes nothing; planning it differently is refused', () => {
    given([planned])
      .when(plan({ villageCodes: [...VILLAGES].reverse() }))
      .then([]);
    given([planned])
      .when(plan({ title: '另一次普查' }))
      .then('REGISTRY.CAMPAIGN_ALREADY_PLANNED');
  });

  it('refuses villages outside the jurisdiction, an empty scope or a period that ends before it starts', () => {
    given([])
      .when(plan({ villageCodes: [...VILLAGES, ZHUJI_VILLAGE] }))
      .then('REGISTRY.CAMPAIGN_INVALID', { outside: [ZHUJI_VILLAGE] });
    given([])
      .when(plan({ villageCodes: [] }))
      .then('REGISTRY.CAMPAIGN_INVALID');
    given([])
      .when(plan({ period: { from: '2026-04-30', to: '2026-03-01' } }))
      .then('REGISTRY.CAMPAIGN_INVALID', { field: 'period' });
    given([])
      .when(plan({ jurisdiction: 'Shaoxing' }))
      .then('REGISTRY.CAMPAIGN_INVALID', { field: 'jurisdiction' });
    given([])
      .when(plan({ title: ' ' }))
      .then('REGISTRY.CAMPAIGN_INVALID', { field: 'title' });
  });

  it('records a visit: households visited, children found and their files', () => {
    given([planned]).when(visit()).then([visited()]);
  });

  it('a visit sent twice counts once', () => {
    given([planned, visited()]).when(visit()).then([]);
  });

  it('refuses a visit to a village outside the scope, outside the period, or in the future', () => {
    given([planned])
      .when(visit({ villageCode: '330602002002' }))
      .then('REGISTRY.VILLAGE_NOT_IN_SCOPE');
    given([planned])
      .when(visit({ visitedOn: '2026-02-28' }))
      .then('REGISTRY.OUTSIDE_CAMPAIGN_PERIOD');
    given([planned])
      .when(visit({ visitedOn: '2026-03-20' }))
      .then('REGISTRY.DATE_INVALID');
  });

  it('refuses counts that cannot be: fewer children found than files listed, a child listed twice, negative numbers', () => {
    given([planned])
      .when(visit({ childrenFound: 2 }))
      .then('REGISTRY.VISIT_COUNTS_INCONSISTENT');
    given([planned])
      .when(visit({ alreadyKnown: ['c-1'] }))
      .then('REGISTRY.VISIT_COUNTS_INCONSISTENT');
    given([planned])
      .when(visit({ householdsVisited: -1 }))
      .then('REGISTRY.VISIT_COUNTS_INCONSISTENT');
    given([planned])
      .when(visit({ householdsVisited: 2.5 }))
      .then('REGISTRY.VISIT_COUNTS_INCONSISTENT');
  });

  it('closes the campaign; later visits are refused, closing again changes nothing', () => {
    const closed: CensusEvent = {
      type: 'CampaignClosed',
      data: { closedOn: '2026-05-02', reason: '普查期满 / the period is over' },
    };
    given([planned, visited()]).when(close).then([closed]);
    given([planned, closed])
      .when(visit({ visitId: 'v-9' }))
      .then('REGISTRY.CAMPAIGN_CLOSED');
    given([planned, closed]).when(close).then([]);
    given([]).when(close).then('REGISTRY.NOT_FOUND');
    given([]).when(visit()).then('REGISTRY.NOT_FOUND');
  });
});

describe('campaign progress by village, township and county', () => {
  const events: CensusEvent[] = [
    planned,
    visited(),
    // A second visit to the same village meets c-3 again: one child, counted once.
    visited({
      visitId: 'v-2',
      visitedOn: '2026-03-12',
      householdsVisited: 10,
      childrenFound: 2,
      filesOpened: ['c-4'],
      alreadyKnown: ['c-3'],
    }),
    visited({
      visitId: 'v-3',
      villageCode: '330602002001',
      householdsVisited: 25,
      childrenFound: 5,
      filesOpened: [],
      alreadyKnown: ['c-9'],
    }),
  ];

  it('counts visited villages against those in scope, children found and files opened', () => {
    const progress = campaignProgress(campaignFromEvents(events));
    expect(progress).toEqual({
      campaignId: 'yuecheng-2026-spring',
      status: 'open',
      total: {
        villagesInScope: 3,
        villagesVisited: 2,
        householdsVisited: 75,
        childrenFound: 19,
        filesOpened: 3,
        alreadyKnown: 2,
      },
      byCounty: [
        {
          code: '330602',
          villagesInScope: 3,
          villagesVisited: 2,
          householdsVisited: 75,
          childrenFound: 19,
          filesOpened: 3,
          alreadyKnown: 2,
        },
      ],
      byTownship: [
        {
          code: '330602001',
          villagesInScope: 2,
          villagesVisited: 1,
          householdsVisited: 50,
          childrenFound: 14,
          filesOpened: 3,
          alreadyKnown: 1,
        },
        {
          code: '330602002',
          villagesInScope: 1,
          villagesVisited: 1,
          householdsVisited: 25,
          childrenFound: 5,
          filesOpened: 0,
          alreadyKnown: 1,
        },
      ],
      byVillage: [
        {
          code: '330602001001',
          villagesInScope: 1,
          villagesVisited: 1,
          householdsVisited: 50,
          childrenFound: 14,
          filesOpened: 3,
          alreadyKnown: 1,
        },
        {
          code: '330602001002',
          villagesInScope: 1,
          villagesVisited: 0,
          householdsVisited: 0,
          childrenFound: 0,
          filesOpened: 0,
          alreadyKnown: 0,
        },
        {
          code: '330602002001',
          villagesInScope: 1,
          villagesVisited: 1,
          householdsVisited: 25,
          childrenFound: 5,
          filesOpened: 0,
          alreadyKnown: 1,
        },
      ],
    });
  });

  it('has nothing to say about a campaign never planned', () => {
    expect(campaignProgress(campaignFromEvents([]))).toBeNull();
  });
});
