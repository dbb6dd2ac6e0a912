import { Position } from './envelope';

/**
 * Positions are two unsigned integers `major:minor`, compared in that order: PostgreSQL uses
 * (transaction id, global position), KurrentDB (commit, prepare). Callers treat them as opaque.
 */
export const START: Position = '0:0' as Position;

export function makePosition(major: bigint | number | string, minor: bigint | number | string): Position {
  return `${major}:${minor}` as Position;
}

export function parsePosition(position: Position): [bigint, bigint] {
  const match = /^(\d+):(\d+)$/.exec(position);
  if (!match) throw new Error(`not a position: ${position}`);
  return [BigInt(match[1]), BigInt(match[2])];
}

export function comparePositions(a: Position, b: Position): number {
  const [a1, a2] = parsePosition(a);
  const [b1, b2] = parsePosition(b);
  if (a1 !== b1) return a1 < b1 ? -1 : 1;
  return a2 === b2 ? 0 : a2 < b2 ? -1 : 1;
}
