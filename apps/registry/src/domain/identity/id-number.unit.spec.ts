import fc from 'fast-check';
import { agreesWith, checkCharacter, disagreements, makeIdNumber, parseIdNumber, sequenceFor } from './id-number';

const TODAY = '2026-03-15';

describe('resident ID numbers (GB 11643-1999)', () => {
  // Check characters computed independently in Python with the standard's weights
  // (7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, sum mod 11 → "10X98765432"); the first is the standard's own example.
  it.each([
    ['11010519491231002X', '1949-12-31', 'female'],
    ['330602201503011231', '2015-03-01', 'male'],
    ['330681200802290040', '2008-02-29', 'female'],
    ['330624201011110004', '2010-11-11', 'female'],
    ['330603201706150510', '2017-06-15', 'male'],
    ['330604201211300077', '2012-11-30', 'male'],
    ['330683201907040889', '2019-07-04', 'female'],
    ['33060220160512101X', '2016-05-12', 'male'],
  ])('accepts %s: born %s, %s', (idNumber, birthDate, sex) => {
    const result = parseIdNumber(idNumber, TODAY);
    expect(result).toEqual({
      ok: true,
      value: { idNumber, regionCode: idNumber.slice(0, 6), birthDate, sex, sequence: Number(idNumber.slice(14, 17)) },
    });
  });

  it('computes the check character from the first 17 digits', () => {
    expect(checkCharacter('11010519491231002')).toBe('X');
    expect(checkCharacter('33068120080229004')).toBe('0');
    expect(checkCharacter('33060220150301123')).toBe('1');
  });

  it('accepts a lower-case x as the check character and stores it upper-case', () => {
    const result = parseIdNumber('11010519491231002x', TODAY);
    expect(result.ok && result.value.idNumber).toBe('11010519491231002X');
  });

  it.each([
    ['too short', '33060220150301123'],
    ['too long', '3306022015030112310'],
    ['a letter among the digits', '3306022015O3011231'],
    ['X before the last place', '3306022015030112X1'],
    ['spaces', '330602 20150301 1231'],
    ['dashes', '330602-20150301-1231'],
    ['a 15-digit first-generation number', '330602150301123'],
    ['empty', ''],
    ['full-width digits', '３３０６０２２０１５０３０１１２３１'],
  ])('refuses a malformed number (%s) as ID_NUMBER_FORMAT', (_case, idNumber) => {
    expect(parseIdNumber(idNumber, TODAY)).toEqual({ ok: false, problem: 'ID_NUMBER_FORMAT' });
  });

  it('refuses a wrong check character as ID_NUMBER_CHECK_DIGIT', () => {
    expect(parseIdNumber('330602201503011232', TODAY)).toEqual({ ok: false, problem: 'ID_NUMBER_CHECK_DIGIT' });
    expect(parseIdNumber('33060220150301123X', TODAY)).toEqual({ ok: false, problem: 'ID_NUMBER_CHECK_DIGIT' });
  });

  it('refuses a region that is no province as ID_NUMBER_REGION', () => {
    expect(parseIdNumber(makeIdNumber('990602', '2015-03-01', 123), TODAY)).toEqual({
      ok: false,
      problem: 'ID_NUMBER_REGION',
    });
  });

  it.each([
    ['30 February', '2015-02-30'],
    ['month 13', '2015-13-01'],
    ['day 00', '2015-03-00'],
    ['29 February in a common year', '2015-02-29'],
    ['a future day', '2026-03-16'],
    ['before 1900 (the standard’s own example, 1880)', '1880-01-01'],
  ])('refuses an impossible birth date inside the number (%s) as ID_NUMBER_BIRTH_DATE', (_case, birthDate) => {
    // Built by hand: makeIdNumber itself refuses impossible dates. The check character is right, so only the date is wrong.
    const first17 = `330602${birthDate.replaceAll('-', '')}123`;
    const idNumber = first17 + checkCharacter(first17);
    expect(parseIdNumber(idNumber, TODAY)).toEqual({ ok: false, problem: 'ID_NUMBER_BIRTH_DATE' });
  });

  it('refuses the standard’s 1880 example, valid in its check character, for its birth date', () => {
    expect(parseIdNumber('440524188001010014', TODAY)).toEqual({ ok: false, problem: 'ID_NUMBER_BIRTH_DATE' });
  });

  it('accepts a child born today', () => {
    expect(parseIdNumber(makeIdNumber('330602', TODAY, 2), TODAY).ok).toBe(true);
  });

  it('reads the sex from the 17th digit: odd is male, even is female', () => {
    const male = parseIdNumber(makeIdNumber('330602', '2015-03-01', sequenceFor('male', 7)), TODAY);
    const female = parseIdNumber(makeIdNumber('330602', '2015-03-01', sequenceFor('female', 7)), TODAY);
    expect(male.ok && male.value.sex).toBe('male');
    expect(female.ok && female.value.sex).toBe('female');
  });

  it('says whether the number agrees with the birth date and sex entered on the form', () => {
    const result = parseIdNumber('330602201503011231', TODAY);
    if (!result.ok) throw new Error('fixture must parse');
    expect(agreesWith(result.value, '2015-03-01', 'male')).toBe(true);
    expect(disagreements(result.value, '2015-03-02', 'male')).toEqual(['birthDate']);
    expect(disagreements(result.value, '2015-03-01', 'female')).toEqual(['sex']);
    expect(disagreements(result.value, '2016-01-01', 'female')).toEqual(['birthDate', 'sex']);
  });

  it('makes numbers only from a 6-digit region, a calendar date and a 3-digit sequence', () => {
    expect(() => makeIdNumber('33060', '2015-03-01', 1)).toThrow(RangeError);
    expect(() => makeIdNumber('330602', '2015-02-29', 1)).toThrow(RangeError);
    expect(() => makeIdNumber('330602', '2015-03-01', 1000)).toThrow(RangeError);
    expect(() => makeIdNumber('330602', '2015-03-01', -1)).toThrow(RangeError);
  });

  describe('properties', () => {
    const shaoxingCounties = fc.constantFrom('330602', '330603', '330604', '330624', '330681', '330683');
    const birthDates = fc
      .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2026-03-15T00:00:00Z'), noInvalidDate: true })
      .map((date) => date.toISOString().slice(0, 10));
    const numbers = fc.tuple(shaoxingCounties, birthDates, fc.integer({ min: 0, max: 999 }));

    it('every number makeIdNumber makes is valid and parses back to what it was made from', () => {
      fc.assert(
        fc.property(numbers, ([region, birthDate, sequence]) => {
          const result = parseIdNumber(makeIdNumber(region, birthDate, sequence), TODAY);
          expect(result).toEqual({
            ok: true,
            value: expect.objectContaining({
              regionCode: region,
              birthDate,
              sequence,
              sex: sequence % 2 ? 'male' : 'female',
            }),
          });
        }),
      );
    });

    it('any single-character change is caught by the check character', () => {
      fc.assert(
        fc.property(numbers, fc.nat(17), fc.nat(10), ([region, birthDate, sequence], position, pick) => {
          const valid = makeIdNumber(region, birthDate, sequence);
          // Digits anywhere; X only in the check place, where it is a legal character.
          const alphabet = (position === 17 ? '0123456789X' : '0123456789').replace(valid[position], '');
          const replacement = alphabet[pick % alphabet.length];
          const changed = valid.slice(0, position) + replacement + valid.slice(position + 1);
          expect(parseIdNumber(changed, TODAY)).toEqual({ ok: false, problem: 'ID_NUMBER_CHECK_DIGIT' });
        }),
      );
    });

    it('any swap of two different adjacent characters is caught too', () => {
      fc.assert(
        fc.property(numbers, fc.nat(16), ([region, birthDate, sequence], position) => {
          const valid = makeIdNumber(region, birthDate, sequence);
          const [a, b] = [valid[position], valid[position + 1]];
          fc.pre(a !== b);
          const swapped = valid.slice(0, position) + b + a + valid.slice(position + 2);
          expect(parseIdNumber(swapped, TODAY).ok).toBe(false);
        }),
      );
    });
  });
});
