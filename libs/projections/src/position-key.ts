import { makePosition, parsePosition, Position } from '@app/event-store';

/** Each half of a position is an unsigned 64-bit integer: at most 20 decimal digits. */
const DIGITS = 20;
/** Changes one event makes: up to 9,999 (see changeKey). */
const CHANGE_DIGITS = 4;

/**
 * Encodes an event-store position as a string whose byte order is the positions' order, so that a
 * Mongo filter (`{ lastPosition: { $lt: key } }`) compares positions correctly. Digits only, of
 * fixed width: no separator whose weight a server's collation might ignore.
 */
export function positionKey(position: Position): string {
  const [major, minor] = parsePosition(position);
  return pad(major, DIGITS) + pad(minor, DIGITS);
}

/**
 * The key a document stores: the event's position, then which of the event's changes it was. One
 * event may change one document twice (a child moved within its own village: -1 then +1); with
 * the event's position alone the guard would refuse the second change as already seen.
 */
export function changeKey(position: Position, changeIndex: number): string {
  if (!Number.isInteger(changeIndex) || changeIndex < 0 || changeIndex >= 10 ** CHANGE_DIGITS)
    throw new Error(`an event may make at most ${10 ** CHANGE_DIGITS} changes`);
  return positionKey(position) + pad(BigInt(changeIndex), CHANGE_DIGITS);
}

/** The position a position key or change key was made from (for reading documents while debugging). */
export function positionFromKey(key: string): Position {
  if (!/^\d{40}(\d{4})?$/.test(key)) throw new Error(`not a position key: ${key}`);
  return makePosition(BigInt(key.slice(0, DIGITS)), BigInt(key.slice(DIGITS, 2 * DIGITS)));
}

function pad(value: bigint, width: number): string {
  const digits = value.toString();
  if (digits.length > width) throw new Error(`position part out of range: ${digits}`);
  return digits.padStart(width, '0');
}
