import { Schema } from 'mongoose';
import { RecordedEvent } from '@app/event-store';
import { defineProjection, DocumentChange, readModelSchema } from '@app/projections';
import { BeneficiaryEvent } from '../domain';

/**
 * One document per child (`_id` = child id, the one key FerretDB looks up by index): the child's
 * facts, applications, entitlements, claims (without the encrypted diagnosis) and the payment
 * ledger with the lines that explain every amount. Sub-records are maps keyed by their id so an
 * event changes one of them with a dotted $set.
 */
export const SUBSIDY_ACCOUNTS = 'subsidy_accounts';

type Recorded = RecordedEvent<string, Record<string, unknown>>;
const Mixed = Schema.Types.Mixed;

const change = (
  e: Recorded,
  set: Record<string, unknown>,
  extra: Partial<DocumentChange['update']> = {},
): DocumentChange => ({
  collection: SUBSIDY_ACCOUNTS,
  id: e.streamId.slice('subsidy-'.length),
  update: { $set: { ...set, revision: e.revision, updatedAt: e.occurredAt }, ...extra },
});

const data = <T extends BeneficiaryEvent['type']>(e: Recorded) =>
  e.data as Extract<BeneficiaryEvent, { type: T }>['data'];
const actor = (e: Recorded) => e.metadata.decision.actorId;

export const accountsProjection = defineProjection<Recorded>({
  name: SUBSIDY_ACCOUNTS,
  categories: ['subsidy'],
  collections: {
    [SUBSIDY_ACCOUNTS]: readModelSchema({
      childId: String,
      village: String,
      county: String,
      ageGroup: String,
      tier: String,
      status: String,
      leftReason: String,
      leftOn: String,
      applications: { type: Mixed, default: {} },
      entitlements: { type: Mixed, default: {} },
      claims: { type: Mixed, default: {} },
      payments: { type: Mixed, default: {} },
      revision: Number,
      updatedAt: Date,
    }),
  },
  handlers: {
    ChildRecorded: (e) => {
      const d = data<'ChildRecorded'>(e);
      const set = { childId: d.childId, village: d.village, county: d.county, ageGroup: d.ageGroup, status: 'active' };
      // The account's first event: inserted, not upserted (on FerretDB an upsert reads the whole collection).
      return { ...change(e, set, { $setOnInsert: { tier: 'universal' } }), create: true };
    },
    TierRecorded: (e) => change(e, { tier: data<'TierRecorded'>(e).tier }),
    ResidenceRecorded: (e) => {
      const d = data<'ResidenceRecorded'>(e);
      return change(e, { village: d.village, county: d.county });
    },
    AgeGroupRecorded: (e) => change(e, { ageGroup: data<'AgeGroupRecorded'>(e).ageGroup }),
    ChildLeftProtection: (e) => {
      const d = data<'ChildLeftProtection'>(e);
      return change(e, { status: 'left', leftReason: d.reason, leftOn: d.on });
    },
    ApplicationSubmitted: (e) => {
      const d = data<'ApplicationSubmitted'>(e);
      return change(e, {
        [`applications.${d.applicationId}`]: {
          ...d,
          step: 'submitted',
          submittedBy: actor(e),
          submittedAt: e.occurredAt,
        },
      });
    },
    ApplicationReviewed: (e) => {
      const { applicationId } = data<'ApplicationReviewed'>(e);
      return change(e, {
        [`applications.${applicationId}.step`]: 'reviewed',
        [`applications.${applicationId}.reviewedBy`]: actor(e),
      });
    },
    ApplicationApproved: (e) => {
      const { applicationId, entitlementId } = data<'ApplicationApproved'>(e);
      return change(e, {
        [`applications.${applicationId}.step`]: 'approved',
        [`applications.${applicationId}.decidedBy`]: actor(e),
        [`applications.${applicationId}.entitlementId`]: entitlementId,
      });
    },
    ApplicationRejected: (e) => {
      const { applicationId, step } = data<'ApplicationRejected'>(e);
      return change(e, {
        [`applications.${applicationId}.step`]: 'rejected',
        [`applications.${applicationId}.rejectedAt`]: step,
        [`applications.${applicationId}.decidedBy`]: actor(e),
      });
    },
    EntitlementStarted: (e) => {
      const d = data<'EntitlementStarted'>(e);
      return change(e, {
        [`entitlements.${d.entitlementId}`]: {
          entitlementId: d.entitlementId,
          programme: d.programme,
          startsOn: d.startsOn,
          endsBefore: null,
          rateKey: d.rateKey,
          county: d.county,
          careSetting: d.careSetting ?? null,
          source: d.source,
          changes: [],
        },
      });
    },
    EntitlementRateKeyChanged: (e) => {
      const d = data<'EntitlementRateKeyChanged'>(e);
      return change(
        e,
        { [`entitlements.${d.entitlementId}.rateKey`]: d.rateKey },
        {
          $push: { [`entitlements.${d.entitlementId}.changes`]: { kind: 'rate', ...d } },
        },
      );
    },
    EntitlementMoved: (e) => {
      const d = data<'EntitlementMoved'>(e);
      return change(
        e,
        { [`entitlements.${d.entitlementId}.county`]: d.county },
        {
          $push: { [`entitlements.${d.entitlementId}.changes`]: { kind: 'county', ...d } },
        },
      );
    },
    EntitlementEnded: (e) => {
      const d = data<'EntitlementEnded'>(e);
      return change(e, {
        [`entitlements.${d.entitlementId}.endsBefore`]: d.endsBefore,
        [`entitlements.${d.entitlementId}.endReason`]: d.reason,
      });
    },
    ClaimSubmitted: (e) => {
      // The diagnosis and hospital stay in the encrypted event: never in a read model.
      const { personal: _personal, ...d } = data<'ClaimSubmitted'>(e);
      return change(e, { [`claims.${d.claimId}`]: { ...d, step: 'submitted', submittedBy: actor(e) } });
    },
    ClaimReviewed: (e) => {
      const { claimId } = data<'ClaimReviewed'>(e);
      return change(e, { [`claims.${claimId}.step`]: 'reviewed', [`claims.${claimId}.reviewedBy`]: actor(e) });
    },
    ClaimApproved: (e) => {
      const d = data<'ClaimApproved'>(e);
      return change(e, { [`claims.${d.claimId}.step`]: 'approved', [`claims.${d.claimId}.approval`]: d });
    },
    ClaimRejected: (e) => {
      const { claimId, step } = data<'ClaimRejected'>(e);
      return change(e, { [`claims.${claimId}.step`]: 'rejected', [`claims.${claimId}.rejectedAt`]: step });
    },
    PaymentScheduled: (e) => {
      const d = data<'PaymentScheduled'>(e);
      return change(e, { [`payments.${d.reference}`]: { ...d, outcome: 'scheduled', scheduledAt: e.occurredAt } });
    },
    PaymentSettled: (e) => {
      const d = data<'PaymentSettled'>(e);
      return change(e, {
        [`payments.${d.reference}.outcome`]: d.outcome,
        [`payments.${d.reference}.settledOn`]: d.on,
        [`payments.${d.reference}.bankNote`]: d.bankNote ?? null,
      });
    },
  },
});
