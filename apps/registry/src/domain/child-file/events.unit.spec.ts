import { childRegistered, given, orphanProposed, proposeOrphan } from '../testing/child-file-fixtures';
import { CHILD_FILE_EVENT_TYPES, personalDataFields } from './events';

describe('what the application layer encrypts', () => {
  it('marks the personal part of an event, and nothing on events without one', () => {
    expect(personalDataFields(childRegistered())).toEqual(['personal']);
    expect(personalDataFields({ type: 'ChildDied', data: { diedOn: '2026-03-10' } })).toEqual([]);
    expect(
      personalDataFields({
        type: 'ResidenceChanged',
        data: {
          villageCode: '330602001002',
          countyCode: '330602',
          previousVillageCode: '330602001001',
          movedOn: '2026-03-01',
          personal: null,
        },
      }),
    ).toEqual([]);
  });

  it('lists every stored event type once', () => {
    expect(new Set(CHILD_FILE_EVENT_TYPES).size).toBe(20);
  });
});

describe('personal data stays out of decisions', () => {
  it('a file whose personal data was erased (key shredded) still folds and decides', () => {
    const erased = childRegistered({ personal: { $redacted: 'personal data erased / 个人信息已删除' } as never });
    given([erased])
      .when(proposeOrphan())
      .then([orphanProposed({ unmetEligibilityHints: ['orphan.both-parents-dead-or-missing'] })]);
  });
});
