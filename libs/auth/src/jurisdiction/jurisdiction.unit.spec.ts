import { ancestors, canonicalCode, isWithin, levelOf, parentOf, subtreePrefix } from './codes';
import { children, isKnownPlace, placeName, SHAOXING } from './tree';

describe('division codes', () => {
  it.each([
    ['330600', 'city'],
    ['330602', 'county'],
    ['330681', 'county'],
    ['330602001', 'township'],
    ['330602001001', 'village'],
    ['330681109201', 'village'],
  ])('%s is a %s', (code, level) => {
    expect(levelOf(code)).toBe(level);
  });

  it.each(['330000', '3306', '33060', '3306020010', '330602000', '330602001000', 'abcdef', '', ' 330602', '330602\n'])(
    'reads %j as no level',
    (code) => {
      expect(levelOf(code)).toBeUndefined();
    },
  );

  it('finds the parent one level up, and none above the city', () => {
    expect(parentOf('330602001001')).toBe('330602001');
    expect(parentOf('330602001')).toBe('330602');
    expect(parentOf('330602')).toBe('330600');
    expect(parentOf('330600')).toBeUndefined();
    expect(parentOf('bogus')).toBeUndefined();
  });

  it('lists ancestors from the city down', () => {
    expect(ancestors('330681109201')).toEqual(['330600', '330681', '330681109']);
    expect(ancestors('330600')).toEqual([]);
  });

  it('reads the 12-digit layout of higher levels as the short code', () => {
    expect(canonicalCode('330602000000')).toBe('330602');
    expect(canonicalCode('330602001000')).toBe('330602001');
    expect(canonicalCode('330602001001')).toBe('330602001001');
    expect(canonicalCode(' 330602 ')).toBe('330602');
  });

  describe('isWithin: a user covers their own subtree and nothing else', () => {
    it.each([
      // city: every code starting 3306
      ['330600', '330600', true],
      ['330683', '330600', true],
      ['330683100202', '330600', true],
      ['330702001001', '330600', false],
      // county: its 6-digit prefix
      ['330602', '330602', true],
      ['330602108203', '330602', true],
      ['330603001001', '330602', false],
      ['330600', '330602', false],
      // township: its 9-digit prefix
      ['330602001002', '330602001', true],
      ['330602002001', '330602001', false],
      ['330602', '330602001', false],
      // village: exactly itself
      ['330602001001', '330602001001', true],
      ['330602001002', '330602001001', false],
      ['330602001', '330602001001', false],
      // malformed codes are within nothing, and cover nothing
      ['3306020010019', '330602', false],
      ['330602;drop', '330602', false],
      ['330602001001', '3306', false],
      ['', '330600', false],
    ])('%s within %s → %s', (code, ancestor, expected) => {
      expect(isWithin(code, ancestor)).toBe(expected);
    });
  });

  it('gives the prefix a list query filters on', () => {
    expect(subtreePrefix('330600')).toBe('3306');
    expect(subtreePrefix('330681')).toBe('330681');
    expect(subtreePrefix('330681109')).toBe('330681109');
    expect(() => subtreePrefix('33')).toThrow(RangeError);
  });
});

describe("Shaoxing's four-level network as data", () => {
  const counties = children('330600');

  it('has the six counties with their GB/T 2260 codes and names', () => {
    expect(counties).toEqual(['330602', '330603', '330604', '330624', '330681', '330683']);
    expect(counties.map((c) => placeName(c))).toEqual(['越城区', '柯桥区', '上虞区', '新昌县', '诸暨市', '嵊州市']);
    expect(placeName('330600')).toBe('绍兴市');
    expect(placeName('330681', 'en')).toBe('Zhuji City');
  });

  it('has two or three townships per county and two or three villages per township', () => {
    for (const county of counties) {
      const townships = children(county);
      expect(townships.length).toBeGreaterThanOrEqual(2);
      expect(townships.length).toBeLessThanOrEqual(3);
      for (const township of townships) {
        expect(levelOf(township)).toBe('township');
        const villages = children(township);
        expect(villages.length).toBeGreaterThanOrEqual(2);
        expect(villages.length).toBeLessThanOrEqual(3);
        for (const village of villages) {
          expect(levelOf(village)).toBe('village');
          expect(parentOf(village)).toBe(township);
          expect(children(village)).toEqual([]);
        }
      }
    }
  });

  it('names every place in both languages and spells out the full name', () => {
    for (const place of SHAOXING.all()) {
      expect(place.name['zh-CN']).toMatch(/^[\u4e00-\u9fff]+$/);
      expect(place.name.en).toMatch(/^[A-Z][A-Za-z' ]+$/);
    }
    expect(SHAOXING.fullName('330681109201')).toBe('绍兴市诸暨市枫桥镇枫源村');
    expect(SHAOXING.fullName('330681109201', 'en')).toBe('Fengyuan Village, Fengqiao Town, Zhuji City, Shaoxing City');
  });

  it('knows only the places it lists', () => {
    expect(isKnownPlace('330602001001')).toBe(true);
    expect(isKnownPlace('330602001099')).toBe(false);
    expect(placeName('330602001099')).toBeUndefined();
    expect(SHAOXING.subtree('330602001').map((p) => p.code)).toEqual(['330602001', '330602001001', '330602001002']);
  });
});
