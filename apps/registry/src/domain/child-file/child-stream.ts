/** The one place a child's stream name is made (STYLE.md §10). */
export const CHILD_CATEGORY = 'child';

export function childStream(childId: string): string {
  // The event store's stream-name rule: the category, a dash, then [A-Za-z0-9_.:-].
  if (typeof childId !== 'string' || !/^[A-Za-z0-9_.:-]{1,100}$/.test(childId)) {
    throw new RangeError(`not a child id: ${JSON.stringify(childId)}`);
  }
  return `${CHILD_CATEGORY}-${childId}`;
}
