import { PreconditionFailed, PreconditionRequired } from './errors';
import { etagOf, revisionFromIfMatch, revisionMismatch } from './if-match';

describe('ETag and If-Match', () => {
  it('writes a revision as a strong ETag and reads it back', () => {
    expect(etagOf(3)).toBe('"3"');
    expect(revisionFromIfMatch('"3"')).toBe(3);
    expect(revisionFromIfMatch(' "0" ')).toBe(0);
  });

  it('requires If-Match for a change (428) unless told otherwise', () => {
    expect(() => revisionFromIfMatch(undefined)).toThrow(PreconditionRequired);
    expect(() => revisionFromIfMatch('*')).toThrow(PreconditionRequired);
    expect(revisionFromIfMatch(undefined, { required: false })).toBeUndefined();
  });

  it.each(['3', 'W/"3"', '"3", "4"', '"-1"', '"03"', '"abc"', '"99999999999999999"'])(
    'answers %j with 412, as it can never match',
    (header) => {
      expect(() => revisionFromIfMatch(header)).toThrow(PreconditionFailed);
    },
  );

  it('reports a lost race against If-Match with both versions', () => {
    expect(revisionMismatch(3, 5).details).toEqual({ expected: '"3"', actual: '"5"' });
  });
});
