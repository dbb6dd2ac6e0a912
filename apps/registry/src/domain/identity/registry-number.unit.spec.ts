import fc from 'fast-check';
import { isRegistryNumber, makeRegistryNumber, parseRegistryNumber } from './registry-number';

describe('registry numbers for children without an ID number', () => {
  // Check letters computed independently in Python: weights 2^k mod 23 from the right, letters A–Z without I, O, Q.
  it.each([
    ['SXR-330602-2026-00042-Z', { county: '330602', year: 2026, serial: 42 }],
    ['SXR-330681-2025-00001-C', { county: '330681', year: 2025, serial: 1 }],
    ['SXR-330683-2026-99999-C', { county: '330683', year: 2026, serial: 99999 }],
  ])('%s is county, year and serial with its check letter', (number, parts) => {
    expect(makeRegistryNumber(parts)).toBe(number);
    expect(parseRegistryNumber(number)).toEqual(parts);
    expect(isRegistryNumber(number)).toBe(true);
  });

  it.each([
    ['a wrong check letter', 'SXR-330602-2026-00042-A'],
    ['a lower-case letter', 'SXR-330602-2026-00042-z'],
    ['another prefix', 'ABC-330602-2026-00042-Z'],
    ['a city instead of a county', 'SXR-330600-2026-00042-Z'],
    ['serial zero', makeRegistryNumberUnchecked('330602', '2026', '00000')],
    ['a short serial', 'SXR-330602-2026-0042-Z'],
    ['no check letter', 'SXR-330602-2026-00042'],
    ['an ID number', '330602201503011231'],
  ])('refuses %s', (_case, number) => {
    expect(isRegistryNumber(number)).toBe(false);
  });

  it('makes numbers only for a county, a plausible year and a serial 1–99999', () => {
    expect(() => makeRegistryNumber({ county: '330600', year: 2026, serial: 1 })).toThrow(RangeError);
    expect(() => makeRegistryNumber({ county: '330602', year: 1899, serial: 1 })).toThrow(RangeError);
    expect(() => makeRegistryNumber({ county: '330602', year: 2026, serial: 0 })).toThrow(RangeError);
    expect(() => makeRegistryNumber({ county: '330602', year: 2026, serial: 100000 })).toThrow(RangeError);
  });

  const parts = fc.record({
    county: fc.constantFrom('330602', '330603', '330604', '330624', '330681', '330683'),
    year: fc.integer({ min: 2014, max: 2099 }),
    serial: fc.integer({ min: 1, max: 99999 }),
  });

  it('round-trips: every number made is valid and parses back', () => {
    fc.assert(fc.property(parts, (p) => expect(parseRegistryNumber(makeRegistryNumber(p))).toEqual(p)));
  });

  it('any single-digit change and any swap of adjacent different digits is caught by the check letter', () => {
    fc.assert(
      fc.property(parts, fc.nat(14), fc.nat(9), (p, index, pick) => {
        const number = makeRegistryNumber(p);
        const digitPositions = [...number.matchAll(/\d/g)].map((match) => match.index);
        const position = digitPositions[index];
        const alphabet = '0123456789'.replace(number[position], '');
        const changed = number.slice(0, position) + alphabet[pick % alphabet.length] + number.slice(position + 1);
        expect(isRegistryNumber(changed)).toBe(false);

        const next = digitPositions[index + 1];
        if (next === position + 1 && number[position] !== number[next]) {
          const swapped = number.slice(0, position) + number[next] + number[position] + number.slice(next + 1);
          expect(isRegistryNumber(swapped)).toBe(false);
        }
      }),
    );
  });
});

/** A number with a correct-looking shape but an impossible serial, built without the maker's checks. */
function makeRegistryNumberUnchecked(county: string, year: string, serial: string): string {
  return `SXR-${county}-${year}-${serial}-A`;
}
