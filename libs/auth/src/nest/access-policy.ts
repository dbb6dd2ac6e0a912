import { Injectable } from '@nestjs/common';
import { Forbidden, OutsideJurisdiction } from '@app/platform';
import { isWithin, JurisdictionLevel, levelOf, subtreePrefix } from '../jurisdiction/codes';
import { Principal } from '../principal';
import { AccessRefusalLog } from './access-refusal-log';
import { requestOf } from './request-of';

/** The part of the network a list query is confined to. */
export interface JurisdictionScope {
  /** The place the list is restricted to (the caller's own, or a narrower one they asked for). */
  jurisdiction: string;
  level: JurisdictionLevel;
  /** Every code in the scope starts with this: filter with `code LIKE prefix || '%'` or `^prefix`. */
  prefix: string;
}

/**
 * Jurisdiction and agency checks that depend on the record being touched; roles are checked
 * earlier, by the guard (@Allow). The assertions throw synchronously — a forgotten `await` cannot
 * let a request through — and record the refusal in the background.
 */
@Injectable()
export class AccessPolicy {
  constructor(private readonly refusals: AccessRefusalLog) {}

  /** 403 AUTH.OUTSIDE_JURISDICTION unless `jurisdiction` lies in the caller's subtree. */
  assertWithin(principal: Principal, jurisdiction: string, action: string, resource?: string): void {
    if (isWithin(jurisdiction, principal.jurisdiction)) return;
    void this.refusals.record({
      ...this.where(principal),
      status: 403,
      code: 'AUTH.OUTSIDE_JURISDICTION',
      reason: levelOf(jurisdiction) ? 'outside-jurisdiction' : 'unknown-place',
      principal,
      action,
      targetJurisdiction: String(jurisdiction).slice(0, 40),
      targetResource: resource,
    });
    throw new OutsideJurisdiction(jurisdiction);
  }

  /** 403 AUTH.FORBIDDEN unless the caller works for `agency` (a referral addressed to it, …). */
  assertAgency(principal: Principal, agency: string, action: string, resource?: string): void {
    if (principal.agency === agency) return;
    void this.refusals.record({
      ...this.where(principal),
      status: 403,
      code: 'AUTH.FORBIDDEN',
      reason: 'other-agency',
      principal,
      action,
      targetAgency: agency,
      targetResource: resource,
    });
    throw new Forbidden('other-agency');
  }

  /** The caller's whole subtree: what an unfiltered list must be restricted to. */
  scopeFor(principal: Principal): JurisdictionScope {
    const level = levelOf(principal.jurisdiction);
    if (!level) throw new TypeError(`principal ${principal.sub} has no valid jurisdiction`);
    return { jurisdiction: principal.jurisdiction, level, prefix: subtreePrefix(principal.jurisdiction) };
  }

  /**
   * The scope of a list query that asks for `requested` (e.g. `?jurisdiction=330602001`): that
   * place when it lies in the caller's subtree, the caller's whole subtree when nothing was asked,
   * and a recorded 403 when it lies outside.
   */
  scopeWithin(principal: Principal, requested: string | undefined, action: string): JurisdictionScope {
    if (requested === undefined || requested === '') return this.scopeFor(principal);
    this.assertWithin(principal, requested, action);
    return { jurisdiction: requested, level: levelOf(requested)!, prefix: subtreePrefix(requested) };
  }

  private where(principal: Principal): { method?: string; path?: string } {
    return requestOf(principal) ?? {};
  }
}
