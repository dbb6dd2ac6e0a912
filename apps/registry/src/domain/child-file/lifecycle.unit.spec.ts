import {
  bothParentsDead,
  childRegistered,
  given,
  orphanApproved,
  orphanForwarded,
  orphanProposed,
  proposeOrphan,
} from '../testing/child-file-fixtures';
import {
  AGEING_OUT_SCHEDULER_DECISION,
  by,
  COUNTY_CENTRE,
  VILLAGE_B,
  VILLAGE_OFFICER,
  YUECHENG,
} from '../testing/fixtures';
import { AgeOut, ChildFileCommand, CloseFile, RecordDeath } from './commands';
import { ChildFileEvent } from './events';

const recordDeath = (diedOn = '2026-03-10'): RecordDeath => ({
  type: 'RecordDeath',
  data: { diedOn },
  metadata: by(VILLAGE_OFFICER),
});

const closeFile = (reasonCode: CloseFile['data']['reasonCode'] = 'moved-out-of-city', note?: string): CloseFile => ({
  type: 'CloseFile',
  data: { reasonCode, ...(note === undefined ? {} : { note }) },
  metadata: by(COUNTY_CENTRE),
});

const ageOut = (on: string, decision = AGEING_OUT_SCHEDULER_DECISION): AgeOut => ({
  type: 'AgeOut',
  data: {},
  metadata: by(decision, on),
});

describe('death', () => {
  it('records the death; the file takes no further commands', () => {
    const { state } = given([childRegistered()])
      .when(recordDeath())
      .then([{ type: 'ChildDied', data: { diedOn: '2026-03-10' } }]);
    expect(state).toMatchObject({ status: 'deceased', diedOn: '2026-03-10' });
  });

  it('recording the same death again changes nothing; a different date is refused as the file is closed', () => {
    const died: ChildFileEvent = { type: 'ChildDied', data: { diedOn: '2026-03-10' } };
    given([childRegistered(), died]).when(recordDeath()).then([]);
    given([childRegistered(), died])
      .when(recordDeath('2026-03-11'))
      .then('REGISTRY.FILE_CLOSED', { status: 'deceased' });
  });

  it('refuses a death in the future or before the birth', () => {
    given([childRegistered()]).when(recordDeath('2026-03-16')).then('REGISTRY.DATE_INVALID');
    given([childRegistered()]).when(recordDeath('2015-02-28')).then('REGISTRY.DATE_INVALID');
  });
});

describe('closing a file', () => {
  it('closes with a reason code', () => {
    given([childRegistered()])
      .when(closeFile('moved-out-of-city'))
      .then([{ type: 'FileClosed', data: { reasonCode: 'moved-out-of-city', note: null, closedOn: '2026-03-15' } }]);
  });

  it('"other" needs a note; unknown reason codes are refused', () => {
    given([childRegistered()]).when(closeFile('other')).then('REGISTRY.REASON_REQUIRED');
    given([childRegistered()])
      .when(closeFile('other', '父母接回户籍地 / taken back to the home province'))
      .then([
        {
          type: 'FileClosed',
          data: {
            reasonCode: 'other',
            note: '父母接回户籍地 / taken back to the home province',
            closedOn: '2026-03-15',
          },
        },
      ]);
    given([childRegistered()])
      .when(closeFile('bored' as never))
      .then('REGISTRY.CLOSURE_REASON_UNKNOWN');
  });

  it('closing again for the same reason changes nothing', () => {
    given([
      childRegistered(),
      { type: 'FileClosed', data: { reasonCode: 'moved-out-of-city', note: null, closedOn: '2026-03-01' } },
    ])
      .when(closeFile('moved-out-of-city'))
      .then([]);
  });
});

describe('ageing out at 18', () => {
  // Born 2015-03-01: 18 on 2033-03-01.
  const holdingOrphan = [childRegistered(), ...bothParentsDead, orphanProposed(), orphanForwarded(), orphanApproved()];

  it('the scheduler ages the child out on the 18th birthday, saying which tier the child left', () => {
    const { state } = given(holdingOrphan)
      .when(ageOut('2033-03-01'))
      .then([
        { type: 'ChildAgedOut', data: { agedOutOn: '2033-03-01', protectionTierCode: 'orphan', county: YUECHENG } },
      ]);
    expect(state).toMatchObject({ status: 'aged_out', agedOutOn: '2033-03-01' });
  });

  it('not a day before', () => {
    given(holdingOrphan).when(ageOut('2033-02-28')).then('REGISTRY.NOT_YET_18', { eighteenthBirthday: '2033-03-01' });
  });

  it('a late run records the birthday, not the day it ran', () => {
    given([childRegistered()])
      .when(ageOut('2033-04-10'))
      .then([{ type: 'ChildAgedOut', data: { agedOutOn: '2033-03-01', protectionTierCode: null, county: YUECHENG } }]);
  });

  it('a child born on 29 February ages out on 1 March in a common year', () => {
    const leapDay = childRegistered({
      birthDate: '2008-02-29',
      registryNumber: 'SXR-330602-2026-00042-Z',
      identity: 'registry-number',
    });
    given([leapDay]).when(ageOut('2026-02-28')).then('REGISTRY.NOT_YET_18');
    given([leapDay])
      .when(ageOut('2026-03-01'))
      .then([{ type: 'ChildAgedOut', data: { agedOutOn: '2026-03-01', protectionTierCode: null, county: YUECHENG } }]);
  });

  it('running twice changes nothing', () => {
    const agedOut: ChildFileEvent = {
      type: 'ChildAgedOut',
      data: { agedOutOn: '2033-03-01', protectionTierCode: 'orphan' },
    };
    given([...holdingOrphan, agedOut])
      .when(ageOut('2033-03-02'))
      .then([]);
  });

  it('only the ageing-out scheduler may do it — not a person, not another system process', () => {
    given(holdingOrphan).when(ageOut('2033-03-01', COUNTY_CENTRE)).then('REGISTRY.SYSTEM_ACTOR_REQUIRED');
    given(holdingOrphan)
      .when(ageOut('2033-03-01', { ...AGEING_OUT_SCHEDULER_DECISION, actorId: 'system:census-import' }))
      .then('REGISTRY.SYSTEM_ACTOR_REQUIRED');
    given(holdingOrphan)
      .when(ageOut('2033-03-01', { ...AGEING_OUT_SCHEDULER_DECISION, role: 'county-centre' }))
      .then('REGISTRY.SYSTEM_ACTOR_REQUIRED');
  });
});

describe('a closed, deceased, aged-out or merged file takes no further commands', () => {
  const commands: ChildFileCommand[] = [
    proposeOrphan(),
    {
      type: 'RecordGuardian',
      data: { guardianId: 'g-1', relation: 'mother', situations: ['dead'], personal: {} },
      metadata: by(VILLAGE_OFFICER),
    },
    {
      type: 'ChangeResidence',
      data: { villageCode: VILLAGE_B, countyCode: YUECHENG, movedOn: '2026-03-01' },
      metadata: by(VILLAGE_OFFICER),
    },
    { type: 'ScheduleReverification', data: { dueOn: '2026-09-01' }, metadata: by(VILLAGE_OFFICER) },
    { type: 'AbsorbDuplicate', data: { duplicateId: 'c-0002' }, metadata: by(COUNTY_CENTRE) },
    closeFile('registered-in-error'),
  ];
  const ends: [string, ChildFileEvent, string, Record<string, unknown>][] = [
    ['deceased', { type: 'ChildDied', data: { diedOn: '2026-03-10' } }, 'REGISTRY.FILE_CLOSED', { status: 'deceased' }],
    [
      'closed',
      { type: 'FileClosed', data: { reasonCode: 'moved-out-of-city', note: null, closedOn: '2026-03-01' } },
      'REGISTRY.FILE_CLOSED',
      { status: 'closed' },
    ],
    [
      'aged out',
      { type: 'ChildAgedOut', data: { agedOutOn: '2026-03-01', protectionTierCode: null } },
      'REGISTRY.FILE_CLOSED',
      { status: 'aged_out' },
    ],
    [
      'merged',
      { type: 'FileMergedInto', data: { survivorId: 'c-0002' } },
      'REGISTRY.FILE_MERGED',
      { survivorId: 'c-0002' },
    ],
  ];

  it.each(
    ends.flatMap(([status, end, code, details]) =>
      commands.map((command) => [status, command.type, end, code, details, command] as const),
    ),
  )('%s file: %s is refused', (_status, _type, end, code, details, command) => {
    given([childRegistered(), end])
      .when(command)
      .then(code as 'REGISTRY.FILE_CLOSED', details);
  });

  it('and a file never registered is not found', () => {
    given([]).when(proposeOrphan()).then('REGISTRY.NOT_FOUND');
  });
});

describe('age groups (no birth date leaves the registry: other services learn the group)', () => {
  const advance = (on: string, decision = AGEING_OUT_SCHEDULER_DECISION): ChildFileCommand => ({
    type: 'AdvanceAgeGroup',
    data: {},
    metadata: by(decision, on),
  });

  it('records 6–11 from the 6th birthday and 12–17 from the 12th, each once', () => {
    // Born 2015-03-01: 6 on 2021-03-01, 12 on 2027-03-01.
    given([childRegistered()])
      .when(advance('2026-03-15'))
      .then([{ type: 'AgeGroupReached', data: { ageGroup: '6-11', reachedOn: '2021-03-01', county: YUECHENG } }]);
    const six: ChildFileEvent = {
      type: 'AgeGroupReached',
      data: { ageGroup: '6-11', reachedOn: '2021-03-01', county: YUECHENG },
    };
    given([childRegistered(), six]).when(advance('2026-03-15')).then([]);
    given([childRegistered(), six])
      .when(advance('2027-03-01'))
      .then([{ type: 'AgeGroupReached', data: { ageGroup: '12-17', reachedOn: '2027-03-01', county: YUECHENG } }]);
  });

  it('says nothing before the 6th birthday, and only the scheduler may decide it', () => {
    given([childRegistered({ birthDate: '2022-05-01' })])
      .when(advance('2026-03-15'))
      .then([]);
    given([childRegistered()])
      .when(advance('2026-03-15', by(VILLAGE_OFFICER).decision))
      .then('REGISTRY.SYSTEM_ACTOR_REQUIRED');
  });
});
