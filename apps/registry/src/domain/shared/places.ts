/**
 * Place codes of the four-level network. Counties use GB/T 2260 six-digit codes; townships and
 * villages the statistical division codes (统计用区划代码): 9 digits for a township, 12 for a
 * village. A lower level's code starts with its parents', so "within a jurisdiction" is a prefix test.
 */
export type CountyCode = string;
export type TownshipCode = string;
export type VillageCode = string;

export function isCountyCode(code: unknown): code is CountyCode {
  // xx0000 is a province and xxxx00 a prefecture-level city, not a county.
  return typeof code === 'string' && /^\d{6}$/.test(code) && !code.endsWith('00');
}

export function isVillageCode(code: unknown): code is VillageCode {
  // The last three digits number the village inside its township: 000 is the township itself.
  return typeof code === 'string' && /^\d{12}$/.test(code) && isCountyCode(code.slice(0, 6)) && !code.endsWith('000');
}

export function countyOfVillage(village: VillageCode): CountyCode {
  return village.slice(0, 6);
}

export function townshipOfVillage(village: VillageCode): TownshipCode {
  return village.slice(0, 9);
}

/**
 * The significant prefix of any jurisdiction code: `330000` → `33` (province), `330600` → `3306`
 * (city), `330602` → `330602`, `330602001` → `330602001`, and the 12-digit forms padded with zeros
 * (`330602001000` → `330602001`). Returns null for something that is not a place code.
 */
export function jurisdictionPrefix(code: string): string | null {
  if (!/^(\d{6}|\d{9}|\d{12})$/.test(code)) return null;
  let prefix = code;
  if (prefix.length === 12 && prefix.endsWith('000')) prefix = prefix.slice(0, 9);
  if (prefix.length === 9 && prefix.endsWith('000')) prefix = prefix.slice(0, 6);
  if (prefix.length === 6) {
    while (prefix.length > 2 && prefix.endsWith('00')) prefix = prefix.slice(0, -2);
    if (prefix === '00') return null;
  }
  return prefix;
}

/** Is `place` inside (or equal to) `jurisdiction`? Both are codes of any level. */
export function isWithin(place: string, jurisdiction: string): boolean {
  const placePrefix = jurisdictionPrefix(place);
  const jurisdictionPrefixValue = jurisdictionPrefix(jurisdiction);
  return placePrefix !== null && jurisdictionPrefixValue !== null && placePrefix.startsWith(jurisdictionPrefixValue);
}
