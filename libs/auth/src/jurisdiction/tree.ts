import { ancestors, isWithin, JurisdictionLevel, levelOf, parentOf } from './codes';
import { PlaceData, SHAOXING_DATA } from './shaoxing.data';

export type PlaceLanguage = 'zh-CN' | 'en';

export interface Place {
  code: string;
  level: JurisdictionLevel;
  name: Record<PlaceLanguage, string>;
  parent?: string;
}

/** A set of known places, each under its structural parent. Built from data or from a CSV import. */
export class JurisdictionTree {
  private readonly places = new Map<string, Place>();
  private readonly childrenOf = new Map<string, string[]>();

  constructor(places: Iterable<Place>) {
    for (const place of places) {
      if (this.places.has(place.code)) throw new RangeError(`place ${place.code} listed twice`);
      if (levelOf(place.code) !== place.level) throw new RangeError(`place ${place.code} is not a ${place.level}`);
      this.places.set(place.code, place);
    }
    for (const place of this.places.values()) {
      if (!place.parent) continue;
      if (place.parent !== parentOf(place.code) || !this.places.has(place.parent)) {
        throw new RangeError(`place ${place.code} has no parent ${place.parent} in the tree`);
      }
      const siblings = this.childrenOf.get(place.parent) ?? [];
      siblings.push(place.code);
      this.childrenOf.set(place.parent, siblings);
    }
    for (const siblings of this.childrenOf.values()) siblings.sort();
  }

  get size(): number {
    return this.places.size;
  }

  has(code: string): boolean {
    return this.places.has(code);
  }

  get(code: string): Place | undefined {
    return this.places.get(code);
  }

  /** Every place, parents before children. */
  all(): Place[] {
    return [...this.places.values()].sort((a, b) => a.code.length - b.code.length || a.code.localeCompare(b.code));
  }

  /** The codes of the places directly under `code` (sorted); [] for a village or an unknown code. */
  children(code: string): string[] {
    return [...(this.childrenOf.get(code) ?? [])];
  }

  /** Every known place in the subtree of `code`, itself included. */
  subtree(code: string): Place[] {
    return this.all().filter((place) => isWithin(place.code, code));
  }

  placeName(code: string, language: PlaceLanguage = 'zh-CN'): string | undefined {
    return this.places.get(code)?.name[language];
  }

  /** 绍兴市越城区塔山街道 / Tashan Street, Yuecheng District, Shaoxing City. */
  fullName(code: string, language: PlaceLanguage = 'zh-CN'): string | undefined {
    if (!this.places.has(code)) return undefined;
    const names = [...ancestors(code), code].map((c) => this.placeName(c, language)).filter(Boolean) as string[];
    return language === 'en' ? names.reverse().join(', ') : names.join('');
  }
}

function flatten(data: PlaceData, parent?: string): Place[] {
  const level = levelOf(data.code);
  if (!level) throw new RangeError(`${data.code} is not a jurisdiction code`);
  const self: Place = { code: data.code, level, name: { 'zh-CN': data.zh, en: data.en }, parent };
  return [self, ...(data.children ?? []).flatMap((child) => flatten(child, data.code))];
}

/** Shaoxing's four-level network (city, six counties, demo townships and villages). */
export const SHAOXING = new JurisdictionTree(flatten(SHAOXING_DATA));
export const SHAOXING_CITY = SHAOXING_DATA.code;

export function placeName(code: string, language: PlaceLanguage = 'zh-CN', tree = SHAOXING): string | undefined {
  return tree.placeName(code, language);
}

export function children(code: string, tree = SHAOXING): string[] {
  return tree.children(code);
}

export function isKnownPlace(code: string, tree = SHAOXING): boolean {
  return tree.has(code);
}
