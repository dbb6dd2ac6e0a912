import { Injectable } from '@nestjs/common';
import {
  ChildAgedOut,
  ChildAgeGroupChanged,
  ChildFileClosed,
  ChildFilesMerged,
  ChildRegistered,
  ChildResidenceChanged,
  ChildTierChanged,
  childAgedOut,
  childAgeGroupChanged,
  childFileClosed,
  childFilesMerged,
  childRegistered,
  childResidenceChanged,
  childTierChanged,
  FosterPlacementEnded,
  FosterPlacementStarted,
  fosterPlacementEnded,
  fosterPlacementStarted,
} from '@app/contracts';
import { systemDecision } from '@app/event-store';
import { HandlerContext, IntegrationEvent, OnIntegrationEvent, PermanentError } from '@app/messaging';
import { BeneficiaryCommand, PROGRAMMES, SubsidyError } from '../domain';
import { SubsidyAccounts } from '../accounts/subsidy-accounts.service';

const POLICY = PROGRAMMES['basic-living'].policy;

/**
 * Process managers (ARCHITECTURE.md §4): facts from the registry and placement become commands on
 * the child's subsidy account. Eligibility is decided from these facts alone, never by calling the
 * registry. Appends use ids derived from the incoming event, so a redelivery changes nothing.
 */
@Injectable()
export class RegistryFactsReactions {
  constructor(private readonly accounts: SubsidyAccounts) {}

  @OnIntegrationEvent(childRegistered, { idempotency: 'deterministic-ids' })
  async registered(event: IntegrationEvent<ChildRegistered>, ctx: HandlerContext): Promise<void> {
    const p = event.payload;
    await this.apply(p.childId, p.county, 'child registered', event, ctx, {
      type: 'RecordChild',
      data: {
        childId: p.childId,
        village: p.village,
        county: p.county,
        ageGroup: p.ageGroup,
        registeredOn: p.registeredOn,
      },
    });
  }

  @OnIntegrationEvent(childTierChanged, { idempotency: 'deterministic-ids' })
  async tierChanged(event: IntegrationEvent<ChildTierChanged>, ctx: HandlerContext): Promise<void> {
    const p = event.payload;
    await this.apply(p.childId, p.county, `tier ${p.previousTier} → ${p.tier}`, event, ctx, {
      type: 'RecordTier',
      data: { tier: p.tier, effectiveFrom: p.effectiveFrom },
    });
  }

  @OnIntegrationEvent(childResidenceChanged, { idempotency: 'deterministic-ids' })
  async residenceChanged(event: IntegrationEvent<ChildResidenceChanged>, ctx: HandlerContext): Promise<void> {
    const p = event.payload;
    await this.apply(p.childId, p.toCounty, `moved ${p.fromVillage} → ${p.toVillage}`, event, ctx, {
      type: 'RecordResidence',
      data: { village: p.toVillage, county: p.toCounty, effectiveOn: p.effectiveOn },
    });
  }

  @OnIntegrationEvent(childAgeGroupChanged, { idempotency: 'deterministic-ids' })
  async ageGroupChanged(event: IntegrationEvent<ChildAgeGroupChanged>, ctx: HandlerContext): Promise<void> {
    const p = event.payload;
    await this.apply(p.childId, p.county, `age group ${p.ageGroup}`, event, ctx, {
      type: 'RecordAgeGroup',
      data: { ageGroup: p.ageGroup, on: p.changedOn },
    });
  }

  @OnIntegrationEvent(childAgedOut, { idempotency: 'deterministic-ids' })
  async agedOut(event: IntegrationEvent<ChildAgedOut>, ctx: HandlerContext): Promise<void> {
    const p = event.payload;
    await this.apply(p.childId, p.county, 'aged 18', event, ctx, {
      type: 'RecordLeaving',
      data: { reason: 'aged-out', on: p.agedOutOn },
    });
  }

  @OnIntegrationEvent(childFileClosed, { idempotency: 'deterministic-ids' })
  async fileClosed(event: IntegrationEvent<ChildFileClosed>, ctx: HandlerContext): Promise<void> {
    const p = event.payload;
    await this.apply(p.childId, p.county, `file closed: ${p.reason}`, event, ctx, {
      type: 'RecordLeaving',
      data: { reason: p.reason, on: p.closedOn },
    });
  }

  @OnIntegrationEvent(childFilesMerged, { idempotency: 'deterministic-ids' })
  async filesMerged(event: IntegrationEvent<ChildFilesMerged>, ctx: HandlerContext): Promise<void> {
    const p = event.payload;
    const { state } = await this.accounts.load(p.childId);
    await this.apply(p.childId, state.county ?? '330600', `merged into ${p.survivorId}`, event, ctx, {
      type: 'RecordLeaving',
      data: { reason: 'merged', on: p.mergedOn, survivorId: p.survivorId },
    });
  }

  @OnIntegrationEvent(fosterPlacementStarted, { idempotency: 'deterministic-ids' })
  async fosterStarted(event: IntegrationEvent<FosterPlacementStarted>, ctx: HandlerContext): Promise<void> {
    const p = event.payload;
    await this.apply(p.childId, p.county, `foster placement ${p.placementId} started`, event, ctx, {
      type: 'StartFosterSubsidy',
      data: { placementId: p.placementId, county: p.county, startedOn: p.startedOn },
    });
  }

  @OnIntegrationEvent(fosterPlacementEnded, { idempotency: 'deterministic-ids' })
  async fosterEnded(event: IntegrationEvent<FosterPlacementEnded>, ctx: HandlerContext): Promise<void> {
    const p = event.payload;
    const { state } = await this.accounts.load(p.childId);
    await this.apply(p.childId, state.county ?? '330600', `foster placement ended: ${p.reason}`, event, ctx, {
      type: 'EndFosterSubsidy',
      data: { placementId: p.placementId, endedOn: p.endedOn },
    });
  }

  private async apply(
    childId: string,
    jurisdiction: string,
    reason: string,
    event: IntegrationEvent<unknown>,
    ctx: HandlerContext,
    command: Omit<BeneficiaryCommand, 'metadata'>,
  ): Promise<void> {
    const decision = systemDecision('subsidies-registry-facts', {
      agency: 'civil-affairs',
      jurisdiction,
      reason: `${event.contract}: ${reason}`,
      policy: POLICY,
    });
    await this.accounts
      .execute(childId, { ...command, metadata: { decision, now: new Date(event.occurredAt) } } as BeneficiaryCommand, {
        eventId: (index) => ctx.deriveEventId(String(index)),
        metadata: () => ctx.causedBy(decision),
        // Facts decide without rates: no need to read the tables for every event.
        rates: {},
      })
      .catch((error: unknown) => {
        // A fact this account can never take (e.g. a tier for a child never registered): retrying
        // cannot help, so it goes to the dead-letter topic with the reason.
        if (error instanceof SubsidyError) throw new PermanentError(error.message, { cause: error });
        throw error;
      });
  }
}
