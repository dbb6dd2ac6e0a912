import { disagreements, parseIdNumber } from '../identity/id-number';
import { parseRegistryNumber } from '../identity/registry-number';
import { addYears, isCalendarDate } from '../shared/dates';
import { countyOfVillage, isVillageCode, jurisdictionPrefix } from '../shared/places';
import { RegistryError } from '../shared/registry-error';
import { RegisterChild } from './commands';
import { ChildRegistered } from './events';
import { today } from './guards';
import { ChildFile } from './state';
import { AGE_OF_MAJORITY } from './vocabulary';

const EARLIEST_BIRTH_DATE = '1900-01-01';

export function decideRegisterChild(command: RegisterChild, state: ChildFile): ChildRegistered[] {
  const data = command.data;
  if (state.status !== 'unregistered') {
    // A retry of the same registration finds its own file; anything else under this id is a clash.
    const sameChild =
      state.birthDate === data.birthDate &&
      state.sex === data.sex &&
      state.registryNumber === (data.registryNumber ?? null);
    if (sameChild) return [];
    throw new RegistryError('REGISTRY.ALREADY_REGISTERED', { childId: state.childId });
  }

  const on = today(command.metadata);
  if (!isCalendarDate(data.birthDate) || data.birthDate < EARLIEST_BIRTH_DATE || data.birthDate > on) {
    throw new RegistryError('REGISTRY.BIRTH_DATE_INVALID');
  }
  if (addYears(data.birthDate, AGE_OF_MAJORITY) <= on) throw new RegistryError('REGISTRY.NOT_A_CHILD');

  const { villageCode, countyCode } = data.residence;
  if (!isVillageCode(villageCode) || countyOfVillage(villageCode) !== countyCode) {
    throw new RegistryError('REGISTRY.PLACE_INVALID', { field: 'residence' });
  }
  const hukou = data.householdRegistrationRegion;
  if (typeof hukou !== 'string' || hukou.length !== 6 || jurisdictionPrefix(hukou) === null) {
    throw new RegistryError('REGISTRY.PLACE_INVALID', { field: 'householdRegistrationRegion' });
  }

  const idNumber = data.personal.idNumber;
  const registryNumber = data.registryNumber;
  if ((idNumber === undefined) === (registryNumber === undefined)) {
    throw new RegistryError('REGISTRY.IDENTITY_REQUIRED');
  }

  let normalisedIdNumber: string | undefined;
  if (idNumber !== undefined) {
    const parsed = parseIdNumber(idNumber, on);
    if (!parsed.ok) throw new RegistryError(`REGISTRY.${parsed.problem}`);
    const fields = disagreements(parsed.value, data.birthDate, data.sex);
    if (fields.length) throw new RegistryError('REGISTRY.ID_NUMBER_DISAGREES', { fields });
    normalisedIdNumber = parsed.value.idNumber;
    const holder = data.duplicateCheck.idNumberHeldBy;
    // The existing child's id is a pointer the caller may see; the file itself stays behind its own access checks.
    if (holder !== null && holder !== data.childId) {
      throw new RegistryError('REGISTRY.DUPLICATE_ID_NUMBER', { existingChildId: holder });
    }
  } else {
    const parts = parseRegistryNumber(registryNumber as string);
    if (!parts) throw new RegistryError('REGISTRY.REGISTRY_NUMBER_INVALID', { problem: 'format-or-check-letter' });
    if (parts.county !== countyCode) {
      throw new RegistryError('REGISTRY.REGISTRY_NUMBER_INVALID', { problem: 'county', expectedCounty: countyCode });
    }
  }

  const confirmed = [...new Set(data.confirmedNotDuplicateOf ?? [])];
  const unconfirmed = data.duplicateCheck.likelyMatches.filter((id) => id !== data.childId && !confirmed.includes(id));
  if (unconfirmed.length) throw new RegistryError('REGISTRY.LIKELY_DUPLICATE', { likelyMatches: unconfirmed });

  return [
    {
      type: 'ChildRegistered',
      data: {
        childId: data.childId,
        // Picked field by field: nothing the caller adds to `personal` slips into the stored event.
        personal: {
          name: data.personal.name,
          ...(normalisedIdNumber ? { idNumber: normalisedIdNumber } : {}),
          ...(data.personal.address !== undefined ? { address: data.personal.address } : {}),
        },
        identity: normalisedIdNumber ? 'id-number' : 'registry-number',
        registryNumber: registryNumber ?? null,
        birthDate: data.birthDate,
        sex: data.sex,
        householdRegistrationRegion: hukou,
        residence: { villageCode, countyCode },
        responsibleCounty: countyCode,
        foundInCampaign: data.foundInCampaign ?? null,
        confirmedNotDuplicateOf: confirmed,
      },
    },
  ];
}
