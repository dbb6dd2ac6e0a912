import { makeIdNumber } from '../identity/id-number';
import { makeRegistryNumber } from '../identity/registry-number';
import { childRegistered, given, registerChild } from '../testing/child-file-fixtures';
import { BIRTH_DATE, CHILD_ID, TODAY, VILLAGE_A, YUECHENG, ZHUJI } from '../testing/fixtures';
import { childStream } from './child-stream';

describe('registering a child (search before create)', () => {
  it('opens a file for a child whose ID number agrees with the birth date and sex entered', () => {
    given([]).when(registerChild()).then([childRegistered()]);
  });

  it('keeps name, ID number and address together in the personal part, which gets encrypted', () => {
    const [registered] = given([]).when(registerChild()).then([childRegistered()]).events;
    if (registered.type !== 'ChildRegistered') throw new Error('ChildRegistered expected');
    expect(Object.keys(registered.data.personal).sort()).toEqual(['address', 'idNumber', 'name']);
    expect(JSON.stringify({ ...registered.data, personal: undefined })).not.toContain('330602201503011231');
  });

  it('stores only the known personal fields, whatever else the caller sent', () => {
    const command = registerChild();
    const personal = { ...command.data.personal, diagnosis: '不应在此 / does not belong here' };
    given([])
      .when({ ...command, data: { ...command.data, personal } })
      .then([childRegistered()]);
  });

  it('stores a lower-case x as X', () => {
    const idNumber = '33060220160512101X';
    given([])
      .when(registerChild({ personal: { name: '王小红', idNumber: idNumber.toLowerCase() }, birthDate: '2016-05-12' }))
      .then([childRegistered({ personal: { name: '王小红', idNumber }, birthDate: '2016-05-12' })]);
  });

  it('opens a file for a foundling with a registry number of the registering county', () => {
    const registryNumber = makeRegistryNumber({ county: YUECHENG, year: 2026, serial: 42 });
    given([])
      .when(registerChild({ personal: { name: '党小安' }, registryNumber }))
      .then([childRegistered({ personal: { name: '党小安' }, identity: 'registry-number', registryNumber })]);
  });

  it('links the file to the census campaign that found the child', () => {
    given([])
      .when(registerChild({ foundInCampaign: 'census-2026-yuecheng' }))
      .then([childRegistered({ foundInCampaign: 'census-2026-yuecheng' })]);
  });

  describe('the ID number must be valid and agree with the form', () => {
    it.each([
      ['malformed', '33060220150301123', 'REGISTRY.ID_NUMBER_FORMAT'],
      ['mistyped (check digit)', '330602201503011232', 'REGISTRY.ID_NUMBER_CHECK_DIGIT'],
      ['with no such province', makeIdNumber('990602', BIRTH_DATE, 123), 'REGISTRY.ID_NUMBER_REGION'],
    ] as const)('refuses a number that is %s', (_case, idNumber, code) => {
      given([])
        .when(registerChild({ personal: { name: '王小明', idNumber } }))
        .then(code);
    });

    it('refuses a number whose embedded birth date is in the future', () => {
      given([])
        .when(registerChild({ personal: { name: '王小明', idNumber: makeIdNumber(YUECHENG, '2026-03-16', 123) } }))
        .then('REGISTRY.ID_NUMBER_BIRTH_DATE');
    });

    it('refuses a number whose birth date disagrees with the entered one', () => {
      given([])
        .when(registerChild({ birthDate: '2015-03-02' }))
        .then('REGISTRY.ID_NUMBER_DISAGREES', { fields: ['birthDate'] });
    });

    it('refuses a number whose sex digit disagrees with the entered sex', () => {
      given([])
        .when(registerChild({ sex: 'female' }))
        .then('REGISTRY.ID_NUMBER_DISAGREES', { fields: ['sex'] });
    });
  });

  describe('exactly one identity', () => {
    it('refuses a child with neither an ID number nor a registry number', () => {
      given([])
        .when(registerChild({ personal: { name: '无名' } }))
        .then('REGISTRY.IDENTITY_REQUIRED');
    });

    it('refuses a child with both', () => {
      given([])
        .when(registerChild({ registryNumber: makeRegistryNumber({ county: YUECHENG, year: 2026, serial: 1 }) }))
        .then('REGISTRY.IDENTITY_REQUIRED');
    });

    it('refuses a registry number that fails its check letter or belongs to another county', () => {
      given([])
        .when(registerChild({ personal: { name: '党小安' }, registryNumber: 'SXR-330602-2026-00042-A' }))
        .then('REGISTRY.REGISTRY_NUMBER_INVALID');
      given([])
        .when(
          registerChild({
            personal: { name: '党小安' },
            registryNumber: makeRegistryNumber({ county: ZHUJI, year: 2026, serial: 42 }),
          }),
        )
        .then('REGISTRY.REGISTRY_NUMBER_INVALID', { problem: 'county' });
    });
  });

  describe('dates and places', () => {
    it.each([
      ['an impossible date', '2015-02-30'],
      ['a future date', '2026-03-16'],
      ['a date before 1900', '1899-12-31'],
      ['not a date', 'yesterday'],
    ])('refuses %s of birth', (_case, birthDate) => {
      given([])
        .when(registerChild({ personal: { name: '党小安' }, birthDate, registryNumber: 'SXR-330602-2026-00042-Z' }))
        .then('REGISTRY.BIRTH_DATE_INVALID');
    });

    it('refuses someone who is already 18, and accepts a child the day before', () => {
      const registryNumber = 'SXR-330602-2026-00042-Z';
      given([])
        .when(registerChild({ personal: { name: '党小安' }, birthDate: '2008-03-15', registryNumber }))
        .then('REGISTRY.NOT_A_CHILD');
      given([])
        .when(registerChild({ personal: { name: '党小安' }, birthDate: '2008-03-16', registryNumber }))
        .then([
          childRegistered({
            personal: { name: '党小安' },
            birthDate: '2008-03-16',
            identity: 'registry-number',
            registryNumber,
          }),
        ]);
    });

    it('refuses a village that is not in the county given, or is no village code', () => {
      given([])
        .when(registerChild({ residence: { villageCode: VILLAGE_A, countyCode: ZHUJI } }))
        .then('REGISTRY.PLACE_INVALID', { field: 'residence' });
      given([])
        .when(registerChild({ residence: { villageCode: '330602001000', countyCode: YUECHENG } }))
        .then('REGISTRY.PLACE_INVALID');
      given([])
        .when(registerChild({ householdRegistrationRegion: '33' }))
        .then('REGISTRY.PLACE_INVALID', { field: 'householdRegistrationRegion' });
    });
  });

  describe('duplicates', () => {
    it('refuses an ID number that already has a file anywhere, pointing to that file', () => {
      given([])
        .when(registerChild({ duplicateCheck: { idNumberHeldBy: 'c-0999', likelyMatches: [] } }))
        .then('REGISTRY.DUPLICATE_ID_NUMBER', { existingChildId: 'c-0999' });
    });

    it('refuses a likely match (same name, birth date and place) until the officer confirms it is another child', () => {
      const likely = registerChild({ duplicateCheck: { idNumberHeldBy: null, likelyMatches: ['c-0777', 'c-0778'] } });
      given([])
        .when(likely)
        .then('REGISTRY.LIKELY_DUPLICATE', { likelyMatches: ['c-0777', 'c-0778'] });
      given([])
        .when({ ...likely, data: { ...likely.data, confirmedNotDuplicateOf: ['c-0777'] } })
        .then('REGISTRY.LIKELY_DUPLICATE', { likelyMatches: ['c-0778'] });
      given([])
        .when({ ...likely, data: { ...likely.data, confirmedNotDuplicateOf: ['c-0777', 'c-0778'] } })
        .then([childRegistered({ confirmedNotDuplicateOf: ['c-0777', 'c-0778'] })]);
    });

    it('a retried registration finds its own file and records nothing', () => {
      given([childRegistered()]).when(registerChild()).then([]);
      given([childRegistered()])
        .when(registerChild({ duplicateCheck: { idNumberHeldBy: CHILD_ID, likelyMatches: [CHILD_ID] } }))
        .then([]);
    });

    it('refuses a different child under a file id already used', () => {
      const other = makeIdNumber(YUECHENG, '2016-01-01', 124);
      given([childRegistered()])
        .when(registerChild({ personal: { name: '李四', idNumber: other }, birthDate: '2016-01-01', sex: 'female' }))
        .then('REGISTRY.ALREADY_REGISTERED');
    });
  });

  it('names the stream child-<id>, and nothing else', () => {
    expect(childStream(CHILD_ID)).toBe('child-c-0001');
    expect(() => childStream('a b')).toThrow(RangeError);
    expect(() => childStream('')).toThrow(RangeError);
  });

  it('registers on the day it is in China', () => {
    // 2026-03-15 23:30 UTC is 16 March in Shaoxing: a child born on 16 March is not in the future.
    const command = registerChild({
      personal: { name: '王小明', idNumber: makeIdNumber(YUECHENG, '2026-03-16', 123) },
      birthDate: '2026-03-16',
    });
    given([])
      .when({ ...command, metadata: { ...command.metadata, now: new Date(`${TODAY}T23:30:00Z`) } })
      .then([
        childRegistered({
          personal: { name: '王小明', idNumber: makeIdNumber(YUECHENG, '2026-03-16', 123) },
          birthDate: '2026-03-16',
        }),
      ]);
  });
});
