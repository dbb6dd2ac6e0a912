import { DecisionRecord, SYSTEM_ROLE } from '@app/event-store/envelope';
import { LocalDate } from '../shared/dates';
import { CommandMetadata } from '../shared/decider';

/** People and places the decider tests speak about: 越城区 (330602), one township, its villages, and 诸暨市. */

export const YUECHENG = '330602';
export const ZHUJI = '330681';
export const TASHAN_TOWNSHIP = '330602001';
export const VILLAGE_A = '330602001001';
export const VILLAGE_B = '330602001002';
export const OTHER_TOWNSHIP_VILLAGE = '330602002003';
export const ZHUJI_VILLAGE = '330681101201';

const decision = (fields: Partial<DecisionRecord> & Pick<DecisionRecord, 'actorId' | 'role' | 'jurisdiction'>) => ({
  agency: 'civil-affairs',
  reason: '核实情况 / verified on a home visit',
  policy: '浙民儿〔2014〕87号',
  ...fields,
});

export const VILLAGE_OFFICER = decision({
  actorId: 'user-wang-village',
  role: 'village-officer',
  jurisdiction: VILLAGE_A,
});
export const TOWNSHIP_SUPERVISOR = decision({
  actorId: 'user-li-township',
  role: 'township-supervisor',
  jurisdiction: TASHAN_TOWNSHIP,
});
export const COUNTY_CENTRE = decision({ actorId: 'user-zhang-county', role: 'county-centre', jurisdiction: YUECHENG });
export const ZHUJI_COUNTY_CENTRE = decision({ actorId: 'user-chen-zhuji', role: 'county-centre', jurisdiction: ZHUJI });
export const AGEING_OUT_SCHEDULER_DECISION: DecisionRecord = {
  actorId: 'system:ageing-out-scheduler',
  role: SYSTEM_ROLE,
  agency: 'civil-affairs',
  jurisdiction: '330600',
  reason: '年满18周岁 / turned 18',
  policy: '浙民儿〔2014〕87号',
};

/** 10:00 in China on that day. */
export function chinaMorning(date: LocalDate): Date {
  return new Date(`${date}T10:00:00+08:00`);
}

export const TODAY = '2026-03-15';

export function by(decisionRecord: DecisionRecord, on: LocalDate = TODAY): CommandMetadata {
  return { decision: decisionRecord, now: chinaMorning(on) };
}

export const CHILD_ID = 'c-0001';
export const BIRTH_DATE = '2015-03-01';
/** Computed independently (Python, GB 11643 weights): 330602 2015-03-01 sequence 123, check 1. */
export const ID_NUMBER = '330602201503011231';
