import { RecordedEvent } from '@app/event-store';
import { defineProjection, readModelSchema } from '@app/projections';
import { ageGroupOn } from '../domain';

/**
 * The registry's list and search model: one document per file, by place, tier and status. No
 * personal data: names and ID numbers are found through keyed hashes, and shown only by
 * GET /v1/children/{id}, which reads the encrypted file and records the read.
 */
export const CHILD_FILES = 'registry_child_files';

type Data = Record<string, unknown>;
const village = (code: string) => ({ village: code, township: code.slice(0, 9), county: code.slice(0, 6) });

export const childFilesProjection = defineProjection<RecordedEvent<string, Data>>({
  name: CHILD_FILES,
  categories: ['child'],
  collections: {
    [CHILD_FILES]: readModelSchema({
      childId: { type: String, index: true },
      village: { type: String, index: true },
      township: { type: String, index: true },
      county: { type: String, index: true },
      tier: { type: String, index: true },
      status: { type: String, index: true },
      sex: String,
      birthYear: Number,
      ageGroup: String,
      agesOutOn: { type: String, index: true },
      identity: String,
      registryNumber: String,
      idNumberKey: { type: String, index: true },
      nameKey: { type: String, index: true },
      birthDate: String,
      pendingStep: String,
      pendingTransferTo: String,
      mergedInto: String,
      registeredAt: Date,
      updatedAt: Date,
      revision: Number,
    }),
  },
  handlers: {
    ChildRegistered: (e) => {
      const d = e.data as {
        childId: string;
        birthDate: string;
        sex: string;
        identity: string;
        registryNumber: string | null;
        residence: { villageCode: string };
        lookup?: { idNumber: string | null; name: string };
      };
      return {
        collection: CHILD_FILES,
        id: e.streamId,
        // The file's first event: inserted, not upserted (on FerretDB the insert reads nothing first).
        create: true,
        update: {
          $set: {
            childId: d.childId,
            ...village(d.residence.villageCode),
            tier: 'universal',
            status: 'active',
            sex: d.sex,
            birthYear: Number(d.birthDate.slice(0, 4)),
            // The birth date is kept only to match likely duplicates and to schedule ageing out.
            birthDate: d.birthDate,
            agesOutOn: `${Number(d.birthDate.slice(0, 4)) + 18}${d.birthDate.slice(4)}`,
            ageGroup: ageGroupOn(d.birthDate, e.occurredAt.toISOString().slice(0, 10)),
            identity: d.identity,
            registryNumber: d.registryNumber,
            idNumberKey: d.lookup?.idNumber ?? null,
            nameKey: d.lookup?.name ?? null,
            registeredAt: e.occurredAt,
            updatedAt: e.occurredAt,
            revision: e.revision,
          },
        },
      };
    },
    ...Object.fromEntries(
      [
        'GuardianRecorded',
        'GuardianSituationUpdated',
        'ReverificationScheduled',
        'ReverificationRecorded',
        'ClassificationReturned',
        'ClassificationRefused',
        'DuplicateFileMerged',
      ].map((type) => [type, (e: RecordedEvent<string, Data>) => touch(e, type)]),
    ),
    ResidenceChanged: (e) => update(e, { ...village(e.data.villageCode as string) }),
    ResidenceTransferRequested: (e) => update(e, { pendingTransferTo: e.data.toCounty as string }),
    ResidenceTransferDeclined: (e) => update(e, { pendingTransferTo: null }),
    ResidenceTransferAccepted: (e) => update(e, { ...village(e.data.villageCode as string), pendingTransferTo: null }),
    ClassificationProposed: (e) => update(e, { pendingStep: 'proposed' }),
    ClassificationForwarded: (e) => update(e, { pendingStep: 'forwarded' }),
    ClassificationApproved: (e) =>
      update(e, { tier: (e.data.protectionTierCode as string | null) ?? 'universal', pendingStep: null }),
    ChildDied: (e) => update(e, { status: 'deceased' }),
    FileClosed: (e) => update(e, { status: 'closed' }),
    ChildAgedOut: (e) => update(e, { status: 'aged_out' }),
    AgeGroupReached: (e) => update(e, { ageGroup: e.data.ageGroup as string }),
    FileMergedInto: (e) => update(e, { status: 'merged', mergedInto: e.data.survivorId as string }),
  },
});

function update(e: RecordedEvent<string, Data>, fields: Record<string, unknown>) {
  return {
    collection: CHILD_FILES,
    id: e.streamId,
    update: { $set: { ...fields, updatedAt: e.occurredAt, revision: e.revision } },
  };
}

function touch(e: RecordedEvent<string, Data>, type: string) {
  return type === 'ClassificationReturned' || type === 'ClassificationRefused'
    ? update(e, { pendingStep: null })
    : update(e, {});
}
