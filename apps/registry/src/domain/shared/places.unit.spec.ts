import {
  countyOfVillage,
  isCountyCode,
  isVillageCode,
  isWithin,
  jurisdictionPrefix,
  townshipOfVillage,
} from './places';

describe('place codes of the four-level network', () => {
  it('tells counties and villages from provinces, cities and townships', () => {
    expect(isCountyCode('330602')).toBe(true);
    expect(isCountyCode('330600')).toBe(false);
    expect(isVillageCode('330602001001')).toBe(true);
    expect(isVillageCode('330602001000')).toBe(false);
    expect(isVillageCode('330600001001')).toBe(false);
    expect(isVillageCode('33060200100')).toBe(false);
  });

  it('reads the county and township out of a village code', () => {
    expect(countyOfVillage('330602001001')).toBe('330602');
    expect(townshipOfVillage('330602001001')).toBe('330602001');
  });

  it.each([
    ['330000', '33'],
    ['330600', '3306'],
    ['330602', '330602'],
    ['330602001', '330602001'],
    ['330602001000', '330602001'],
    ['330602000000', '330602'],
    ['330602001001', '330602001001'],
    ['000000', null],
    ['3306', null],
  ])('%s has the significant prefix %s', (code, prefix) => {
    expect(jurisdictionPrefix(code)).toBe(prefix);
  });

  it('a place is within a jurisdiction when its code starts with the jurisdiction’s prefix', () => {
    expect(isWithin('330602001001', '330600')).toBe(true);
    expect(isWithin('330602001001', '330602')).toBe(true);
    expect(isWithin('330602001001', '330602001')).toBe(true);
    expect(isWithin('330602001001', '330681')).toBe(false);
    expect(isWithin('330602', '330602001')).toBe(false);
    expect(isWithin('330602', 'not-a-code')).toBe(false);
  });
});
