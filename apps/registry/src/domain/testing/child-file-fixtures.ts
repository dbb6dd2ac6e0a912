import {
  ChildRegistered,
  ClassificationApproved,
  ClassificationForwarded,
  ClassificationProposed,
  GuardianRecorded,
  ProposeClassification,
  RegisterChild,
} from '../child-file';
import { childFile } from '../child-file/decide';
import { ZHEJIANG_DEFAULT_TIERS } from '../tiers/zhejiang-defaults';
import {
  BIRTH_DATE,
  by,
  CHILD_ID,
  COUNTY_CENTRE,
  ID_NUMBER,
  TODAY,
  TOWNSHIP_SUPERVISOR,
  VILLAGE_A,
  VILLAGE_OFFICER,
  YUECHENG,
} from './fixtures';
import { deciderSpec } from './given-when-then';

export const given = deciderSpec(childFile);

export function registerChild(data: Partial<RegisterChild['data']> = {}, on = TODAY): RegisterChild {
  return {
    type: 'RegisterChild',
    data: {
      childId: CHILD_ID,
      personal: { name: '王小明', idNumber: ID_NUMBER, address: '塔山街道某村12号' },
      birthDate: BIRTH_DATE,
      sex: 'male',
      householdRegistrationRegion: YUECHENG,
      residence: { villageCode: VILLAGE_A, countyCode: YUECHENG },
      duplicateCheck: { idNumberHeldBy: null, likelyMatches: [] },
      ...data,
    },
    metadata: by(VILLAGE_OFFICER, on),
  };
}

export function childRegistered(data: Partial<ChildRegistered['data']> = {}): ChildRegistered {
  return {
    type: 'ChildRegistered',
    data: {
      childId: CHILD_ID,
      personal: { name: '王小明', idNumber: ID_NUMBER, address: '塔山街道某村12号' },
      identity: 'id-number',
      registryNumber: null,
      birthDate: BIRTH_DATE,
      sex: 'male',
      householdRegistrationRegion: YUECHENG,
      residence: { villageCode: VILLAGE_A, countyCode: YUECHENG },
      responsibleCounty: YUECHENG,
      foundInCampaign: null,
      confirmedNotDuplicateOf: [],
      ...data,
    },
  };
}

/** A child whose parents both died: what an orphan proposal rests on. */
export const bothParentsDead: GuardianRecorded[] = [
  {
    type: 'GuardianRecorded',
    data: { guardianId: 'g-father', relation: 'father', situations: ['dead'], personal: {} },
  },
  {
    type: 'GuardianRecorded',
    data: { guardianId: 'g-mother', relation: 'mother', situations: ['dead'], personal: {} },
  },
];

export function proposeOrphan(data: Partial<ProposeClassification['data']> = {}, on = TODAY): ProposeClassification {
  return {
    type: 'ProposeClassification',
    data: {
      proposalId: 'p-1',
      tierCode: 'orphan',
      evidence: [
        { kind: 'household-register', documentRef: 'doc-hukou-1' },
        { kind: 'death-certificate', documentRef: 'doc-death-1' },
      ],
      reason: '父母双亡 / both parents dead',
      policyTable: ZHEJIANG_DEFAULT_TIERS,
      ...data,
    },
    metadata: by(VILLAGE_OFFICER, on),
  };
}

export function orphanProposed(data: Partial<ClassificationProposed['data']> = {}): ClassificationProposed {
  return {
    type: 'ClassificationProposed',
    data: {
      proposalId: 'p-1',
      tierCode: 'orphan',
      evidence: [
        { kind: 'household-register', documentRef: 'doc-hukou-1' },
        { kind: 'death-certificate', documentRef: 'doc-death-1' },
      ],
      reason: '父母双亡 / both parents dead',
      proposedBy: VILLAGE_OFFICER.actorId,
      proposedOn: TODAY,
      policyReference: '浙民儿〔2014〕87号',
      unmetEligibilityHints: [],
      ...data,
    },
  };
}

export function orphanForwarded(proposalId = 'p-1'): ClassificationForwarded {
  return {
    type: 'ClassificationForwarded',
    data: {
      proposalId,
      tierCode: 'orphan',
      reviewedBy: TOWNSHIP_SUPERVISOR.actorId,
      reason: '材料齐全 / evidence complete',
    },
  };
}

export function orphanApproved(effectiveFrom = '2026-04-01', proposalId = 'p-1'): ClassificationApproved {
  return {
    type: 'ClassificationApproved',
    data: {
      proposalId,
      tierCode: 'orphan',
      protectionTierCode: 'orphan',
      previousProtectionTierCode: null,
      effectiveFrom,
      policyReference: '浙民儿〔2014〕87号',
      approvedBy: COUNTY_CENTRE.actorId,
      reason: '符合孤儿认定条件 / meets the orphan criteria',
    },
  };
}
