import { chinaDateOf, isCalendarDate, LocalDate } from '../shared/dates';
import { assertNever, Command, Decider, DomainEvent } from '../shared/decider';
import { isVillageCode, isWithin, jurisdictionPrefix, VillageCode } from '../shared/places';
import { RegistryError } from '../shared/registry-error';

/**
 * Census campaigns (普查): "定期开展普查，及时发现孤儿和困境儿童并为其建立档案". A campaign covers a
 * jurisdiction's villages for a period; village officers record each visit — households visited,
 * children found, and the files those children have (opened on the visit, or already known).
 * The files themselves are opened through RegisterChild; a visit only refers to them by id.
 */

export interface CampaignPeriod {
  from: LocalDate;
  to: LocalDate;
}

export type PlanCampaign = Command<
  'PlanCampaign',
  { campaignId: string; title: string; jurisdiction: string; period: CampaignPeriod; villageCodes: VillageCode[] }
>;

export type RecordVisit = Command<
  'RecordVisit',
  {
    /** Made by the client, so a visit sent twice from a phone with a poor signal counts once. */
    visitId: string;
    villageCode: VillageCode;
    visitedOn: LocalDate;
    householdsVisited: number;
    childrenFound: number;
    /** Children found without a file, for whom one was opened on this visit. */
    filesOpened: string[];
    /** Children found who already had a file. */
    alreadyKnown: string[];
  }
>;

export type CloseCampaign = Command<'CloseCampaign', { reason: string }>;

export type CensusCommand = PlanCampaign | RecordVisit | CloseCampaign;

export type CampaignPlanned = DomainEvent<'CampaignPlanned', PlanCampaign['data']>;
export type VisitRecorded = DomainEvent<'VisitRecorded', RecordVisit['data']>;
export type CampaignClosed = DomainEvent<'CampaignClosed', { closedOn: LocalDate; reason: string }>;

export type CensusEvent = CampaignPlanned | VisitRecorded | CampaignClosed;

export interface CampaignFacts {
  campaignId: string;
  title: string;
  jurisdiction: string;
  period: CampaignPeriod;
  villageCodes: VillageCode[];
  visits: VisitRecorded['data'][];
}

export type Campaign =
  | { status: 'unplanned' }
  | (CampaignFacts & { status: 'open' })
  | (CampaignFacts & { status: 'closed'; closedOn: LocalDate });

function samePlan(facts: CampaignFacts, plan: PlanCampaign['data']): boolean {
  return (
    facts.title === plan.title?.trim() &&
    facts.jurisdiction === plan.jurisdiction &&
    facts.period.from === plan.period.from &&
    facts.period.to === plan.period.to &&
    facts.villageCodes.join() === [...new Set(plan.villageCodes)].sort().join()
  );
}

function decidePlan(command: PlanCampaign, state: Campaign): CampaignPlanned[] {
  const data = command.data;
  if (state.status !== 'unplanned') {
    if (samePlan(state, data)) return [];
    throw new RegistryError('REGISTRY.CAMPAIGN_ALREADY_PLANNED', { campaignId: state.campaignId });
  }
  const { jurisdiction, period } = data;
  if (!data.title?.trim()) throw new RegistryError('REGISTRY.CAMPAIGN_INVALID', { field: 'title' });
  if (jurisdictionPrefix(jurisdiction) === null)
    throw new RegistryError('REGISTRY.CAMPAIGN_INVALID', { field: 'jurisdiction' });
  if (!isCalendarDate(period.from) || !isCalendarDate(period.to) || period.to < period.from) {
    throw new RegistryError('REGISTRY.CAMPAIGN_INVALID', { field: 'period' });
  }
  const villageCodes = [...new Set(data.villageCodes)].sort();
  const outside = villageCodes.filter((code) => !isVillageCode(code) || !isWithin(code, jurisdiction));
  if (!villageCodes.length || outside.length) {
    throw new RegistryError('REGISTRY.CAMPAIGN_INVALID', { field: 'villageCodes', outside });
  }
  return [{ type: 'CampaignPlanned', data: { ...data, title: data.title.trim(), villageCodes } }];
}

const isCount = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;

function decideVisit(command: RecordVisit, state: Campaign): VisitRecorded[] {
  if (state.status === 'unplanned') throw new RegistryError('REGISTRY.NOT_FOUND');
  const data = command.data;
  if (state.visits.some((visit) => visit.visitId === data.visitId)) return [];
  if (state.status === 'closed') throw new RegistryError('REGISTRY.CAMPAIGN_CLOSED', { closedOn: state.closedOn });
  if (!state.villageCodes.includes(data.villageCode)) {
    throw new RegistryError('REGISTRY.VILLAGE_NOT_IN_SCOPE', { villageCode: data.villageCode });
  }
  const today = chinaDateOf(command.metadata.now);
  if (!isCalendarDate(data.visitedOn) || data.visitedOn > today) {
    throw new RegistryError('REGISTRY.DATE_INVALID', { field: 'visitedOn', notAfter: today });
  }
  if (data.visitedOn < state.period.from || data.visitedOn > state.period.to) {
    throw new RegistryError('REGISTRY.OUTSIDE_CAMPAIGN_PERIOD', { period: state.period });
  }
  const filesOpened = [...new Set(data.filesOpened)];
  const alreadyKnown = [...new Set(data.alreadyKnown)];
  const listedTwice = filesOpened.some((id) => alreadyKnown.includes(id));
  if (
    !isCount(data.householdsVisited) ||
    !isCount(data.childrenFound) ||
    listedTwice ||
    data.childrenFound < filesOpened.length + alreadyKnown.length
  ) {
    throw new RegistryError('REGISTRY.VISIT_COUNTS_INCONSISTENT');
  }
  return [{ type: 'VisitRecorded', data: { ...data, filesOpened, alreadyKnown } }];
}

function decideClose(command: CloseCampaign, state: Campaign): CampaignClosed[] {
  if (state.status === 'unplanned') throw new RegistryError('REGISTRY.NOT_FOUND');
  if (state.status === 'closed') return [];
  const reason = command.data.reason?.trim();
  if (!reason) throw new RegistryError('REGISTRY.REASON_REQUIRED');
  return [{ type: 'CampaignClosed', data: { closedOn: chinaDateOf(command.metadata.now), reason } }];
}

export function decideCensus(command: CensusCommand, state: Campaign): CensusEvent[] {
  switch (command.type) {
    case 'PlanCampaign':
      return decidePlan(command, state);
    case 'RecordVisit':
      return decideVisit(command, state);
    case 'CloseCampaign':
      return decideClose(command, state);
    default:
      return assertNever(command, 'census command');
  }
}

export function evolveCensus(state: Campaign, event: CensusEvent): Campaign {
  switch (event.type) {
    case 'CampaignPlanned':
      return { status: 'open', ...event.data, visits: [] };
    case 'VisitRecorded':
      return state.status === 'unplanned' ? state : { ...state, visits: [...state.visits, event.data] };
    case 'CampaignClosed':
      return state.status === 'unplanned' ? state : { ...state, status: 'closed', closedOn: event.data.closedOn };
    default:
      return assertNever(event, 'census event');
  }
}

export const initialCampaign = (): Campaign => ({ status: 'unplanned' });

export const census: Decider<CensusCommand, CensusEvent, Campaign> = {
  initialState: initialCampaign,
  decide: decideCensus,
  evolve: evolveCensus,
};

export function campaignFromEvents(events: Iterable<CensusEvent>): Campaign {
  let state = initialCampaign();
  for (const event of events) state = evolveCensus(state, event);
  return state;
}
