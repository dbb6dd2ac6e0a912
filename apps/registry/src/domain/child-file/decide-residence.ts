import { countyOfVillage, isVillageCode, isWithin } from '../shared/places';
import { RegistryError, requireReason } from '../shared/registry-error';
import { AcceptResidenceTransfer, ChangeResidence, DeclineResidenceTransfer } from './commands';
import {
  ResidenceChanged,
  ResidenceTransferAccepted,
  ResidenceTransferDeclined,
  ResidenceTransferRequested,
} from './events';
import { requireActive, requirePastDate, today } from './guards';
import { ActiveChildFile, ChildFile } from './state';

/**
 * A move inside the responsible county is recorded at once. A move to another county is a transfer:
 * the file stays with the sending county until the receiving county accepts it, so a child is never
 * in nobody's care list.
 */
export function decideChangeResidence(
  command: ChangeResidence,
  state: ChildFile,
): (ResidenceChanged | ResidenceTransferRequested)[] {
  const file = requireActive(state);
  const { villageCode, countyCode, personal } = command.data;
  if (!isVillageCode(villageCode) || countyOfVillage(villageCode) !== countyCode) {
    throw new RegistryError('REGISTRY.PLACE_INVALID', { field: 'residence' });
  }
  const movedOn = requirePastDate(command.data.movedOn, file.birthDate, today(command.metadata), 'movedOn');

  if (file.pendingTransfer) {
    if (file.pendingTransfer.toVillageCode === villageCode) return [];
    throw new RegistryError('REGISTRY.TRANSFER_PENDING', { toCounty: file.pendingTransfer.toCounty });
  }
  if (villageCode === file.residenceVillage) return [];

  const address = personal ? { address: personal.address } : null;
  if (countyCode === file.responsibleCounty) {
    return [
      {
        type: 'ResidenceChanged',
        data: { villageCode, countyCode, previousVillageCode: file.residenceVillage, movedOn, personal: address },
      },
    ];
  }
  return [
    {
      type: 'ResidenceTransferRequested',
      data: {
        fromCounty: file.responsibleCounty,
        toCounty: countyCode,
        toVillageCode: villageCode,
        movedOn,
        personal: address,
      },
    },
  ];
}

/** The answer must come from inside the receiving county (its decision record's jurisdiction). */
function requireReceivingCounty(file: ActiveChildFile, jurisdiction: string, outcome: 'accepted' | 'declined') {
  const pending = file.pendingTransfer;
  if (!pending) {
    const answered = file.lastTransfer;
    if (answered && answered.outcome === outcome && isWithin(jurisdiction, answered.toCounty)) return null;
    throw new RegistryError('REGISTRY.WRONG_STEP', { expected: 'a pending transfer' });
  }
  if (!isWithin(jurisdiction, pending.toCounty)) {
    throw new RegistryError('REGISTRY.NOT_RECEIVING_COUNTY', { receivingCounty: pending.toCounty });
  }
  return pending;
}

export function decideAcceptResidenceTransfer(
  command: AcceptResidenceTransfer,
  state: ChildFile,
): ResidenceTransferAccepted[] {
  const file = requireActive(state);
  const reason = requireReason(command.data.reason);
  const pending = requireReceivingCounty(file, command.metadata.decision.jurisdiction, 'accepted');
  if (!pending) return [];
  return [
    {
      type: 'ResidenceTransferAccepted',
      data: {
        fromCounty: pending.fromCounty,
        toCounty: pending.toCounty,
        villageCode: pending.toVillageCode,
        movedOn: pending.movedOn,
        reason,
      },
    },
  ];
}

export function decideDeclineResidenceTransfer(
  command: DeclineResidenceTransfer,
  state: ChildFile,
): ResidenceTransferDeclined[] {
  const file = requireActive(state);
  const reason = requireReason(command.data.reason);
  const pending = requireReceivingCounty(file, command.metadata.decision.jurisdiction, 'declined');
  if (!pending) return [];
  return [
    {
      type: 'ResidenceTransferDeclined',
      data: { fromCounty: pending.fromCounty, toCounty: pending.toCounty, villageCode: pending.toVillageCode, reason },
    },
  ];
}
