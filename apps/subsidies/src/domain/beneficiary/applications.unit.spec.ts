import { SubsidyError } from '../subsidy-error';
import { CHILD, COUNTY, entitled, given, meta, people, recorded, when } from '../testing/fixtures';

const submit = (actor = people.village, programme = 'basic-living' as const) => ({
  type: 'SubmitApplication' as const,
  data: { applicationId: 'a-1', programme, careSetting: 'scattered' as const, requestedFrom: '2026-09-15' },
  metadata: meta(actor),
});
const review = (actor = people.township, forward = true) => ({
  type: 'ReviewApplication' as const,
  data: { applicationId: 'a-1', forward },
  metadata: meta(actor),
});
const approve = (actor = people.county, approveIt = true, startsOn?: string) => ({
  type: 'DecideApplication' as const,
  data: { applicationId: 'a-1', approve: approveIt, entitlementId: 'e-1', startsOn },
  metadata: meta(actor),
});

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof SubsidyError) return error.code;
    throw error;
  }
  return 'no refusal';
};

describe('applications: village submits → township reviews → county approves', () => {
  it('approval creates an entitlement from the requested day at the rate of the tier and care setting', () => {
    let state = when(given(recorded()), submit()).state;
    state = when(state, review()).state;
    const { events } = when(state, approve());
    expect(events.map((e) => e.type)).toEqual(['ApplicationApproved', 'EntitlementStarted']);
    expect(events[1].data).toMatchObject({
      entitlementId: 'e-1',
      programme: 'basic-living',
      startsOn: '2026-09-15',
      rateKey: 'orphan/scattered',
      county: COUNTY,
    });
  });

  it('the maker may not check: the submitter cannot review, nor the reviewer approve', () => {
    const submitted = when(given(recorded()), submit()).state;
    expect(refusal(() => when(submitted, review(people.village)))).toBe('SUBSIDY.MAKER_CANNOT_CHECK');
    const reviewed = when(submitted, review()).state;
    expect(refusal(() => when(reviewed, approve(people.township)))).toBe('SUBSIDY.MAKER_CANNOT_CHECK');
    expect(refusal(() => when(reviewed, approve(people.village)))).toBe('SUBSIDY.MAKER_CANNOT_CHECK');
  });

  it('steps come in order, and a decided application stays decided', () => {
    const submitted = when(given(recorded()), submit()).state;
    expect(refusal(() => when(submitted, approve()))).toBe('SUBSIDY.WRONG_STEP');
    const rejected = when(submitted, review(people.township, false));
    expect(rejected.events[0]).toEqual({ type: 'ApplicationRejected', data: { applicationId: 'a-1', step: 'review' } });
    expect(refusal(() => when(rejected.state, review()))).toBe('SUBSIDY.ALREADY_DECIDED');
  });

  it('eligibility comes from the registry facts: tier, status, known child', () => {
    expect(refusal(() => when(given([]), submit()))).toBe('SUBSIDY.CHILD_UNKNOWN');
    expect(refusal(() => when(given(recorded('left-behind')), submit()))).toBe('SUBSIDY.NOT_ELIGIBLE');
    const left = given([
      ...recorded(),
      [{ type: 'ChildLeftProtection', data: { reason: 'deceased', on: '2026-10-01' } }],
    ]);
    expect(refusal(() => when(left, submit()))).toBe('SUBSIDY.CHILD_INACTIVE');
  });

  it('one pending application and one open entitlement per programme', () => {
    const submitted = when(given(recorded()), submit()).state;
    expect(refusal(() => when(submitted, { ...submit(), data: { ...submit().data, applicationId: 'a-2' } }))).toBe(
      'SUBSIDY.APPLICATION_PENDING',
    );
    expect(refusal(() => when(given(entitled('2026-01-01')), submit()))).toBe('SUBSIDY.ALREADY_ENTITLED');
  });

  it('a repeated submission is a no-op; a future or ancient start is refused', () => {
    const submitted = when(given(recorded()), submit()).state;
    expect(when(submitted, submit()).events).toEqual([]);
    const future = { ...submit(), data: { ...submit().data, requestedFrom: '2026-12-01' } };
    expect(refusal(() => when(given(recorded()), future))).toBe('SUBSIDY.DATE_INVALID');
    const old = { ...submit(), data: { ...submit().data, requestedFrom: '2020-01-01' } };
    expect(refusal(() => when(given(recorded()), old))).toBe('SUBSIDY.DATE_INVALID');
  });

  it('monthly programmes take applications, claims programmes take claims; placement programmes neither', () => {
    expect(refusal(() => when(given(recorded()), submit(people.village, 'major-illness' as never)))).toBe(
      'SUBSIDY.PROGRAMME_KIND',
    );
    expect(refusal(() => when(given(recorded()), submit(people.village, 'foster-family' as never)))).toBe(
      'SUBSIDY.PROGRAMME_KIND',
    );
  });

  it('records the child once', () => {
    const state = given(recorded());
    const again = when(state, {
      type: 'RecordChild',
      data: { childId: CHILD, village: '330602001001', county: COUNTY, ageGroup: '6-11', registeredOn: '2025-01-10' },
      metadata: meta(people.system),
    });
    expect(again.events).toEqual([]);
  });
});
