import { makeIdNumber } from '../identity/id-number';
import { childRegistered, given } from '../testing/child-file-fixtures';
import { by, COUNTY_CENTRE, VILLAGE_OFFICER, YUECHENG } from '../testing/fixtures';
import { AbsorbDuplicate, MergeIntoSurvivor } from './commands';
import { decideMerge } from './decide-merge';
import { ChildFileEvent } from './events';
import { childFileFromEvents } from './evolve';

// A street child registered under a registry number, later identified and found to have a file already.
const SURVIVOR = 'c-0001';
const DUPLICATE = 'c-0002';
const survivorHistory: ChildFileEvent[] = [
  childRegistered({ childId: SURVIVOR }),
  {
    type: 'GuardianRecorded',
    data: { guardianId: 'g-1', relation: 'mother', situations: ['imprisoned'], personal: {} },
  },
];
const duplicateHistory: ChildFileEvent[] = [
  childRegistered({
    childId: DUPLICATE,
    personal: { name: '小安' },
    identity: 'registry-number',
    registryNumber: 'SXR-330602-2026-00042-Z',
  }),
  { type: 'ReverificationScheduled', data: { dueOn: '2026-09-01' } },
];

const mergeInto = (
  survivorId = SURVIVOR,
  survivorStatus: MergeIntoSurvivor['data']['survivorStatus'] = 'active',
): MergeIntoSurvivor => ({
  type: 'MergeIntoSurvivor',
  data: { survivorId, survivorStatus },
  metadata: by(COUNTY_CENTRE),
});
const absorb = (duplicateId = DUPLICATE): AbsorbDuplicate => ({
  type: 'AbsorbDuplicate',
  data: { duplicateId },
  metadata: by(COUNTY_CENTRE),
});

describe('merging duplicate files', () => {
  it('the duplicate points to the survivor and becomes read-only; its history stays', () => {
    const { state } = given(duplicateHistory)
      .when(mergeInto())
      .then([{ type: 'FileMergedInto', data: { survivorId: SURVIVOR } }]);
    expect(state).toMatchObject({
      status: 'merged',
      survivorId: SURVIVOR,
      reverification: { nextDueOn: '2026-09-01' },
    });
    given([...duplicateHistory, { type: 'FileMergedInto', data: { survivorId: SURVIVOR } }])
      .when({ type: 'ScheduleReverification', data: { dueOn: '2026-10-01' }, metadata: by(VILLAGE_OFFICER) })
      .then('REGISTRY.FILE_MERGED', { survivorId: SURVIVOR });
  });

  it('the survivor records the file it absorbed and keeps its own history', () => {
    const { state } = given(survivorHistory)
      .when(absorb())
      .then([{ type: 'DuplicateFileMerged', data: { duplicateId: DUPLICATE } }]);
    expect(state).toMatchObject({
      status: 'active',
      mergedDuplicates: [DUPLICATE],
      guardians: [{ guardianId: 'g-1' }],
    });
  });

  it('decides both sides together for the one atomic write, and a retry writes nothing', () => {
    const files = { duplicate: childFileFromEvents(duplicateHistory), survivor: childFileFromEvents(survivorHistory) };
    const ids = { duplicateId: DUPLICATE, survivorId: SURVIVOR };
    const decision = decideMerge(ids, files, by(COUNTY_CENTRE));
    expect(decision).toEqual({
      duplicate: [{ type: 'FileMergedInto', data: { survivorId: SURVIVOR } }],
      survivor: [{ type: 'DuplicateFileMerged', data: { duplicateId: DUPLICATE } }],
    });
    const after = {
      duplicate: childFileFromEvents([...duplicateHistory, ...decision.duplicate]),
      survivor: childFileFromEvents([...survivorHistory, ...decision.survivor]),
    };
    expect(decideMerge(ids, after, by(COUNTY_CENTRE))).toEqual({ duplicate: [], survivor: [] });
  });

  it('refuses to merge a file into itself, into a file that is not active, or a file that does not exist', () => {
    given(duplicateHistory).when(mergeInto(DUPLICATE)).then('REGISTRY.MERGE_INVALID', { problem: 'same-file' });
    given(duplicateHistory)
      .when(mergeInto(SURVIVOR, 'deceased'))
      .then('REGISTRY.MERGE_INVALID', { problem: 'survivor-not-active' });
    given(survivorHistory).when(absorb(SURVIVOR)).then('REGISTRY.MERGE_INVALID');
    expect(() =>
      decideMerge(
        { duplicateId: 'c-none', survivorId: SURVIVOR },
        { duplicate: childFileFromEvents([]), survivor: childFileFromEvents(survivorHistory) },
        by(COUNTY_CENTRE),
      ),
    ).toThrow(expect.objectContaining({ code: 'REGISTRY.NOT_FOUND' }));
  });

  it('a file merged into one survivor cannot be merged into another', () => {
    given([...duplicateHistory, { type: 'FileMergedInto', data: { survivorId: SURVIVOR } }])
      .when(mergeInto('c-0003'))
      .then('REGISTRY.FILE_MERGED', { survivorId: SURVIVOR });
  });

  it('a survivor can absorb several duplicates, each once', () => {
    const absorbed: ChildFileEvent = { type: 'DuplicateFileMerged', data: { duplicateId: DUPLICATE } };
    given([...survivorHistory, absorbed])
      .when(absorb())
      .then([]);
    given([...survivorHistory, absorbed])
      .when(absorb('c-0003'))
      .then([{ type: 'DuplicateFileMerged', data: { duplicateId: 'c-0003' } }]);
  });

  it('folds a whole stream into the state the decider uses, ignoring nothing it knows', () => {
    const state = childFileFromEvents([
      childRegistered({ personal: { name: '王小明', idNumber: makeIdNumber(YUECHENG, '2015-03-01', 123) } }),
      ...survivorHistory.slice(1),
      { type: 'DuplicateFileMerged', data: { duplicateId: DUPLICATE } },
    ]);
    expect(state).toMatchObject({
      status: 'active',
      guardians: [{ relation: 'mother' }],
      mergedDuplicates: [DUPLICATE],
    });
    expect(JSON.stringify(state)).not.toContain('王小明');
  });
});
