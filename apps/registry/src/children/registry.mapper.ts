import { RecordedEvent } from '@app/event-store';
import {
  childAgedOut,
  childAgeGroupChanged,
  childFileClosed,
  childFilesMerged,
  childRegistered,
  childResidenceChanged,
  childTierChanged,
} from '@app/contracts';
import { defineMapper, publishAs } from '@app/messaging';
import { ageGroupOn } from '../domain';

/**
 * Stored events → integration events (STYLE.md §5: mapped explicitly, at the boundary). The
 * `personal` fields and the lookup keys stay in the registry; guardians, proposals, reviews and
 * re-verifications are internal and not published.
 */
const day = (e: RecordedEvent) => e.occurredAt.toISOString().slice(0, 10);
const childIdOf = (e: RecordedEvent) => e.streamId.slice('child-'.length);

type Data = Record<string, never>;

export const registryMapper = defineMapper({
  ChildRegistered: publishAs(
    childRegistered,
    (e: RecordedEvent<string, { birthDate: string; residence: { villageCode: string; countyCode: string } }>) => ({
      childId: childIdOf(e),
      village: e.data.residence.villageCode,
      county: e.data.residence.countyCode,
      ageGroup: ageGroupOn(e.data.birthDate, day(e)),
      registeredOn: day(e),
    }),
  ),
  ClassificationApproved: publishAs(
    childTierChanged,
    (
      e: RecordedEvent<
        string,
        {
          protectionTierCode: string | null;
          previousProtectionTierCode: string | null;
          effectiveFrom: string;
          county?: string;
        }
      >,
    ) => ({
      childId: childIdOf(e),
      county: e.metadata.decision.jurisdiction.slice(0, 6),
      tier: e.data.protectionTierCode ?? 'universal',
      previousTier: e.data.previousProtectionTierCode ?? 'universal',
      effectiveFrom: e.data.effectiveFrom,
    }),
  ),
  ResidenceChanged: publishAs(
    childResidenceChanged,
    (
      e: RecordedEvent<
        string,
        { villageCode: string; countyCode: string; previousVillageCode: string; movedOn: string }
      >,
    ) => ({
      childId: childIdOf(e),
      fromVillage: e.data.previousVillageCode,
      toVillage: e.data.villageCode,
      fromCounty: e.data.previousVillageCode.slice(0, 6),
      toCounty: e.data.countyCode,
      effectiveOn: e.data.movedOn,
    }),
  ),
  ResidenceTransferAccepted: publishAs(
    childResidenceChanged,
    (
      e: RecordedEvent<
        string,
        { fromCounty: string; toCounty: string; villageCode: string; movedOn: string; fromVillage?: string }
      >,
    ) => ({
      childId: childIdOf(e),
      fromVillage: e.data.fromVillage ?? `${e.data.fromCounty}000000`,
      toVillage: e.data.villageCode,
      fromCounty: e.data.fromCounty,
      toCounty: e.data.toCounty,
      effectiveOn: e.data.movedOn,
    }),
  ),
  AgeGroupReached: publishAs(
    childAgeGroupChanged,
    (e: RecordedEvent<string, { ageGroup: '6-11' | '12-17'; reachedOn: string; county: string }>) => ({
      childId: childIdOf(e),
      county: e.data.county,
      ageGroup: e.data.ageGroup,
      changedOn: e.data.reachedOn,
    }),
  ),
  ChildAgedOut: publishAs(childAgedOut, (e: RecordedEvent<string, { agedOutOn?: string; county?: string }>) => ({
    childId: childIdOf(e),
    // The scheduler decides for the whole city: the county is the file's (older events lack it).
    county: e.data.county ?? e.metadata.decision.jurisdiction.slice(0, 6),
    agedOutOn: e.data.agedOutOn ?? day(e),
  })),
  ChildDied: publishAs(childFileClosed, (e: RecordedEvent<string, { diedOn: string }>) => ({
    childId: childIdOf(e),
    county: e.metadata.decision.jurisdiction.slice(0, 6),
    reason: 'deceased',
    closedOn: e.data.diedOn,
  })),
  FileClosed: publishAs(childFileClosed, (e: RecordedEvent<string, { reasonCode: string; closedOn: string }>) => ({
    childId: childIdOf(e),
    county: e.metadata.decision.jurisdiction.slice(0, 6),
    reason:
      e.data.reasonCode === 'moved-out-of-city'
        ? 'moved-out-of-city'
        : e.data.reasonCode === 'registered-in-error'
          ? 'no-longer-eligible'
          : 'other',
    closedOn: e.data.closedOn,
  })),
  FileMergedInto: publishAs(childFilesMerged, (e: RecordedEvent<string, { survivorId: string }>) => ({
    childId: childIdOf(e),
    survivorId: e.data.survivorId,
    mergedOn: day(e),
  })),
} satisfies Record<string, unknown> as Record<string, ReturnType<typeof publishAs>>);

export type { Data };
