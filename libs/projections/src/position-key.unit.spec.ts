import fc from 'fast-check';
import { comparePositions, makePosition, Position } from '@app/event-store';
import { changeKey, positionFromKey, positionKey } from './position-key';

const UINT64_MAX = 2n ** 64n - 1n;
const position = fc.tuple(fc.bigInt({ min: 0n, max: UINT64_MAX }), fc.bigInt({ min: 0n, max: UINT64_MAX }));
// Small numbers too, where unpadded strings would sort wrongly ("10" < "9").
const smallPosition = fc.tuple(fc.bigInt({ min: 0n, max: 1000n }), fc.bigInt({ min: 0n, max: 1000n }));

describe('position keys: positions as strings that MongoDB compares in the same order', () => {
  it.each([
    ['9:0', '10:0'],
    ['1:99', '2:0'],
    ['5:9', '5:10'],
    ['0:0', `${UINT64_MAX}:${UINT64_MAX}`],
  ])('%s sorts before %s', (a, b) => {
    expect(positionKey(a as Position) < positionKey(b as Position)).toBe(true);
  });

  it('orders keys exactly as comparePositions orders positions (byte order, as MongoDB compares strings)', () => {
    fc.assert(
      fc.property(fc.oneof(position, smallPosition), fc.oneof(position, smallPosition), ([a1, a2], [b1, b2]) => {
        const [a, b] = [makePosition(a1, a2), makePosition(b1, b2)];
        const [ka, kb] = [positionKey(a), positionKey(b)];
        const byKey = ka < kb ? -1 : ka > kb ? 1 : 0;
        expect(byKey).toBe(comparePositions(a, b));
      }),
      { numRuns: 2000 },
    );
  });

  it('has a fixed width of digits only and turns back into the same position', () => {
    fc.assert(
      fc.property(position, ([major, minor]) => {
        const key = positionKey(makePosition(major, minor));
        expect(key).toMatch(/^\d{40}$/);
        expect(positionFromKey(key)).toBe(makePosition(major, minor));
      }),
    );
  });

  it('orders the changes of events by event first, then by change within the event', () => {
    fc.assert(
      fc.property(position, position, fc.nat(9999), fc.nat(9999), ([a1, a2], [b1, b2], i, j) => {
        const [a, b] = [makePosition(a1, a2), makePosition(b1, b2)];
        const [ka, kb] = [changeKey(a, i), changeKey(b, j)];
        const expected = comparePositions(a, b) || Math.sign(i - j);
        expect(ka < kb ? -1 : ka > kb ? 1 : 0).toBe(expected);
        expect(positionFromKey(ka)).toBe(a);
      }),
    );
  });

  it('refuses a position beyond 64 bits rather than producing a key that sorts wrongly', () => {
    expect(() => positionKey(makePosition(2n ** 70n, 0))).toThrow(/out of range/);
  });
});
