import { decisionBy, Principal, Role } from '@app/auth';
import { CommandMetadata, PROGRAMMES, ProgrammeCode } from '../domain';

/** The decision record of a command: who, in which of their roles and places, why, under which policy. */
export function decisionOf(
  principal: Principal,
  allowed: readonly Role[],
  body: { reason: string; policy?: string },
  programme?: ProgrammeCode,
): CommandMetadata {
  return {
    decision: decisionBy(principal, allowed, {
      reason: body.reason,
      policy: body.policy ?? (programme ? PROGRAMMES[programme].policy : '浙民儿〔2014〕87号'),
    }),
    now: new Date(),
  };
}

export const CIVIL_AFFAIRS: Role[] = [
  'village-officer',
  'township-supervisor',
  'county-centre',
  'city-bureau',
  'welfare-home-staff',
];
export const READERS: Role[] = [...CIVIL_AFFAIRS, 'regulator'];
