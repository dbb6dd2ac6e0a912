/**
 * The structure of statistical division codes (统计用区划代码, GB/T 2260 for the first six digits):
 * 6 digits name a city (`330600`, ending in 00) or a county/district (`330602`); 9 digits a
 * township or street (`330602001`); 12 digits a village or community (`330602001001`).
 * These functions read only the digits, so they hold for any place, listed or imported.
 */

export const LEVELS = ['city', 'county', 'township', 'village'] as const;
export type JurisdictionLevel = (typeof LEVELS)[number];

/** The level a code names, or undefined for anything that is not a city/county/township/village code. */
export function levelOf(code: string): JurisdictionLevel | undefined {
  if (typeof code !== 'string') return undefined;
  if (/^\d{6}$/.test(code)) {
    if (code.startsWith('00') || code.endsWith('0000')) return undefined; // a province, or nothing
    return code.endsWith('00') ? 'city' : 'county';
  }
  if (/^\d{9}$/.test(code)) return levelOf(code.slice(0, 6)) && !code.endsWith('000') ? 'township' : undefined;
  if (/^\d{12}$/.test(code)) return levelOf(code.slice(0, 9)) && !code.endsWith('000') ? 'village' : undefined;
  return undefined;
}

export function isJurisdictionCode(code: unknown): code is string {
  return typeof code === 'string' && levelOf(code) !== undefined;
}

/**
 * The short form of a code written in the 12-digit statistical layout, where the unused levels are
 * zeros: `330602000000` → `330602`, `330602001000` → `330602001`. Other text is returned unchanged.
 */
export function canonicalCode(code: string): string {
  const trimmed = code.trim();
  if (/^\d{12}$/.test(trimmed)) {
    if (trimmed.endsWith('000000')) return trimmed.slice(0, 6);
    if (trimmed.endsWith('000')) return trimmed.slice(0, 9);
  }
  if (/^\d{9}$/.test(trimmed) && trimmed.endsWith('000')) return trimmed.slice(0, 6);
  return trimmed;
}

/** The place one level up; undefined for a city (provinces are not modelled) or a malformed code. */
export function parentOf(code: string): string | undefined {
  switch (levelOf(code)) {
    case 'village':
      return code.slice(0, 9);
    case 'township':
      return code.slice(0, 6);
    case 'county':
      return `${code.slice(0, 4)}00`;
    default:
      return undefined;
  }
}

/** Every place above `code`, the city first: `330602001001` → [`330600`, `330602`, `330602001`]. */
export function ancestors(code: string): string[] {
  const chain: string[] = [];
  for (let parent = parentOf(code); parent; parent = parentOf(parent)) chain.unshift(parent);
  return chain;
}

/**
 * Whether `code` lies in the subtree of `ancestor` (itself included). A city covers every code that
 * starts with its first four digits, a county its 6-digit prefix, a township its 9-digit prefix,
 * a village only itself. Malformed codes are within nothing.
 */
export function isWithin(code: string, ancestor: string): boolean {
  const level = levelOf(code);
  const ancestorLevel = levelOf(ancestor);
  if (!level || !ancestorLevel) return false;
  if (LEVELS.indexOf(level) < LEVELS.indexOf(ancestorLevel)) return false;
  return code.startsWith(subtreePrefix(ancestor));
}

/** The prefix every code of the subtree starts with: `330600` → `3306`, `330602` → `330602`. */
export function subtreePrefix(code: string): string {
  const level = levelOf(code);
  if (!level) throw new RangeError(`not a jurisdiction code: ${JSON.stringify(code)}`);
  return level === 'city' ? code.slice(0, 4) : code;
}
