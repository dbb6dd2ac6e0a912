import { bothParentsDead, childRegistered, given } from '../testing/child-file-fixtures';
import {
  by,
  COUNTY_CENTRE,
  OTHER_TOWNSHIP_VILLAGE,
  TOWNSHIP_SUPERVISOR,
  VILLAGE_A,
  VILLAGE_B,
  VILLAGE_OFFICER,
  YUECHENG,
  ZHUJI,
  ZHUJI_COUNTY_CENTRE,
  ZHUJI_VILLAGE,
} from '../testing/fixtures';
import {
  AcceptResidenceTransfer,
  ChangeResidence,
  DeclineResidenceTransfer,
  RecordGuardian,
  UpdateGuardianSituation,
} from './commands';
import { ResidenceTransferRequested } from './events';

const recordFather = (data: Partial<RecordGuardian['data']> = {}): RecordGuardian => ({
  type: 'RecordGuardian',
  data: {
    guardianId: 'g-father',
    relation: 'father',
    situations: ['imprisoned'],
    personal: { name: '王大明' },
    ...data,
  },
  metadata: by(VILLAGE_OFFICER),
});

const updateSituation = (data: Partial<UpdateGuardianSituation['data']> = {}): UpdateGuardianSituation => ({
  type: 'UpdateGuardianSituation',
  data: { guardianId: 'g-father', situations: ['dead'], since: '2026-01-10', ...data },
  metadata: by(VILLAGE_OFFICER),
});

describe('guardians and their situation', () => {
  it('records a parent and their situation', () => {
    given([childRegistered()])
      .when(recordFather())
      .then([
        {
          type: 'GuardianRecorded',
          data: {
            guardianId: 'g-father',
            relation: 'father',
            situations: ['imprisoned'],
            personal: { name: '王大明' },
          },
        },
      ]);
  });

  it('records situations as a set, whatever order they were ticked in', () => {
    given([childRegistered()])
      .when(
        recordFather({
          relation: 'grandparent',
          situations: ['low-income-family', 'severely-ill-or-disabled', 'low-income-family'],
        }),
      )
      .then([
        {
          type: 'GuardianRecorded',
          data: {
            guardianId: 'g-father',
            relation: 'grandparent',
            situations: ['low-income-family', 'severely-ill-or-disabled'],
            personal: { name: '王大明' },
          },
        },
      ]);
  });

  it('refuses unknown relations and situation codes', () => {
    given([childRegistered()])
      .when(recordFather({ situations: ['on-holiday' as never] }))
      .then('REGISTRY.GUARDIAN_INVALID', { field: 'situations' });
    given([childRegistered()])
      .when(recordFather({ relation: 'neighbour' as never }))
      .then('REGISTRY.GUARDIAN_INVALID', { field: 'relation' });
  });

  it('refuses a second father; the first one’s situation is updated instead', () => {
    given([childRegistered(), ...bothParentsDead])
      .when(recordFather({ guardianId: 'g-another-father' }))
      .then('REGISTRY.GUARDIAN_ALREADY_RECORDED', { existingGuardianId: 'g-father' });
  });

  it('a repeated record of the same guardian changes nothing', () => {
    const recorded = given([childRegistered()]).when(recordFather()).then([expect.anything()]).events;
    given([childRegistered(), ...recorded])
      .when(recordFather())
      .then([]);
  });

  it('updates a situation (father imprisoned → died), keeping what it was', () => {
    const { state } = given([childRegistered(), { type: 'GuardianRecorded', data: recordFather().data }])
      .when(updateSituation())
      .then([
        {
          type: 'GuardianSituationUpdated',
          data: {
            guardianId: 'g-father',
            situations: ['dead'],
            previousSituations: ['imprisoned'],
            since: '2026-01-10',
          },
        },
      ]);
    expect(state).toMatchObject({
      guardians: [{ guardianId: 'g-father', situations: ['dead'], situationsSince: '2026-01-10' }],
    });
  });

  it('an update to the same situations changes nothing; an unknown guardian or a future date is refused', () => {
    const history = [childRegistered(), { type: 'GuardianRecorded' as const, data: recordFather().data }];
    given(history)
      .when(updateSituation({ situations: ['imprisoned'] }))
      .then([]);
    given(history)
      .when(updateSituation({ guardianId: 'g-nobody' }))
      .then('REGISTRY.GUARDIAN_NOT_FOUND');
    given(history)
      .when(updateSituation({ since: '2026-03-16' }))
      .then('REGISTRY.DATE_INVALID');
  });
});

const move = (villageCode: string, countyCode: string, by_ = VILLAGE_OFFICER): ChangeResidence => ({
  type: 'ChangeResidence',
  data: { villageCode, countyCode, movedOn: '2026-03-01', personal: { address: '新地址 8 号' } },
  metadata: by(by_),
});

const transferRequested: ResidenceTransferRequested = {
  type: 'ResidenceTransferRequested',
  data: {
    fromCounty: YUECHENG,
    toCounty: ZHUJI,
    toVillageCode: ZHUJI_VILLAGE,
    movedOn: '2026-03-01',
    personal: { address: '新地址 8 号' },
  },
};

const accept = (decision = ZHUJI_COUNTY_CENTRE): AcceptResidenceTransfer => ({
  type: 'AcceptResidenceTransfer',
  data: { reason: '已核实入住 / residence verified' },
  metadata: by(decision),
});
const decline = (decision = ZHUJI_COUNTY_CENTRE): DeclineResidenceTransfer => ({
  type: 'DeclineResidenceTransfer',
  data: { reason: '未在该村居住 / not living in that village' },
  metadata: by(decision),
});

describe('residence changes and transfers between counties', () => {
  it('a move within the county is recorded at once', () => {
    const { state } = given([childRegistered()])
      .when(move(OTHER_TOWNSHIP_VILLAGE, YUECHENG))
      .then([
        {
          type: 'ResidenceChanged',
          data: {
            villageCode: OTHER_TOWNSHIP_VILLAGE,
            countyCode: YUECHENG,
            previousVillageCode: VILLAGE_A,
            movedOn: '2026-03-01',
            personal: { address: '新地址 8 号' },
          },
        },
      ]);
    expect(state).toMatchObject({ residenceVillage: OTHER_TOWNSHIP_VILLAGE, responsibleCounty: YUECHENG });
  });

  it('moving to the village the child already lives in changes nothing', () => {
    given([childRegistered()]).when(move(VILLAGE_A, YUECHENG)).then([]);
  });

  it('a move to another county is a transfer request; the sending county stays responsible meanwhile', () => {
    const { state } = given([childRegistered()]).when(move(ZHUJI_VILLAGE, ZHUJI)).then([transferRequested]);
    expect(state).toMatchObject({ responsibleCounty: YUECHENG, residenceVillage: VILLAGE_A });
  });

  it('the receiving county accepts: the file moves to it', () => {
    const { state } = given([childRegistered(), transferRequested])
      .when(accept())
      .then([
        {
          type: 'ResidenceTransferAccepted',
          data: {
            fromCounty: YUECHENG,
            toCounty: ZHUJI,
            villageCode: ZHUJI_VILLAGE,
            movedOn: '2026-03-01',
            reason: '已核实入住 / residence verified',
          },
        },
      ]);
    expect(state).toMatchObject({ responsibleCounty: ZHUJI, residenceVillage: ZHUJI_VILLAGE, pendingTransfer: null });
  });

  it('the receiving county declines: the decline is recorded with its reason and the file stays', () => {
    const { state } = given([childRegistered(), transferRequested])
      .when(decline())
      .then([
        {
          type: 'ResidenceTransferDeclined',
          data: {
            fromCounty: YUECHENG,
            toCounty: ZHUJI,
            villageCode: ZHUJI_VILLAGE,
            reason: '未在该村居住 / not living in that village',
          },
        },
      ]);
    expect(state).toMatchObject({ responsibleCounty: YUECHENG, residenceVillage: VILLAGE_A, pendingTransfer: null });
  });

  it('only the receiving county answers: not the sending county, not a township of it', () => {
    given([childRegistered(), transferRequested])
      .when(accept(COUNTY_CENTRE))
      .then('REGISTRY.NOT_RECEIVING_COUNTY', { receivingCounty: ZHUJI });
    given([childRegistered(), transferRequested])
      .when(decline(TOWNSHIP_SUPERVISOR))
      .then('REGISTRY.NOT_RECEIVING_COUNTY');
  });

  it('a repeated answer changes nothing; an answer with nothing pending is out of step', () => {
    const accepted = given([childRegistered(), transferRequested]).when(accept()).then([expect.anything()]).events;
    given([childRegistered(), transferRequested, ...accepted])
      .when(accept())
      .then([]);
    given([childRegistered(), transferRequested, ...accepted])
      .when(decline())
      .then('REGISTRY.WRONG_STEP');
    given([childRegistered()]).when(accept()).then('REGISTRY.WRONG_STEP');
  });

  it('while a transfer waits, another move is refused (the same move again changes nothing)', () => {
    given([childRegistered(), transferRequested]).when(move(VILLAGE_B, YUECHENG)).then('REGISTRY.TRANSFER_PENDING');
    given([childRegistered(), transferRequested]).when(move(ZHUJI_VILLAGE, ZHUJI)).then([]);
  });

  it('refuses a village outside the county given, and a move dated in the future', () => {
    given([childRegistered()]).when(move(ZHUJI_VILLAGE, YUECHENG)).then('REGISTRY.PLACE_INVALID');
    const future = move(VILLAGE_B, YUECHENG);
    given([childRegistered()])
      .when({ ...future, data: { ...future.data, movedOn: '2026-04-01' } })
      .then('REGISTRY.DATE_INVALID');
  });
});
