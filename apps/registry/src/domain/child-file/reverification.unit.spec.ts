import { childRegistered, given } from '../testing/child-file-fixtures';
import { by, VILLAGE_OFFICER } from '../testing/fixtures';
import { RecordReverification, ScheduleReverification } from './commands';
import { ChildFileEvent } from './events';
import { childFileFromEvents } from './evolve';
import { isReverificationDue } from './state';

const schedule = (dueOn: string): ScheduleReverification => ({
  type: 'ScheduleReverification',
  data: { dueOn },
  metadata: by(VILLAGE_OFFICER),
});

const verify = (
  outcome: RecordReverification['data']['outcome'],
  nextDueOn?: string,
  findings = '入户核查，情况属实 / home visit, circumstances as recorded',
): RecordReverification => ({
  type: 'RecordReverification',
  data: { outcome, ...(nextDueOn ? { nextDueOn } : {}), personal: { findings } },
  metadata: by(VILLAGE_OFFICER),
});

const scheduled: ChildFileEvent = { type: 'ReverificationScheduled', data: { dueOn: '2026-03-01' } };

describe('periodic re-verification', () => {
  it('schedules a due date; the same date again changes nothing; a past date is refused', () => {
    given([childRegistered()])
      .when(schedule('2026-09-01'))
      .then([{ type: 'ReverificationScheduled', data: { dueOn: '2026-09-01' } }]);
    given([childRegistered(), { type: 'ReverificationScheduled', data: { dueOn: '2026-09-01' } }])
      .when(schedule('2026-09-01'))
      .then([]);
    given([childRegistered()]).when(schedule('2026-03-14')).then('REGISTRY.DATE_INVALID');
  });

  it('knows when a file is due', () => {
    const state = childFileFromEvents([childRegistered(), scheduled]);
    if (state.status !== 'active') throw new Error('active file expected');
    expect(isReverificationDue(state, '2026-02-28')).toBe(false);
    expect(isReverificationDue(state, '2026-03-01')).toBe(true);
  });

  it('confirmed: records the visit, its findings (personal) and the next due date', () => {
    const { state } = given([childRegistered(), scheduled])
      .when(verify('confirmed', '2027-03-15'))
      .then([
        {
          type: 'ReverificationRecorded',
          data: {
            outcome: 'confirmed',
            verifiedOn: '2026-03-15',
            nextDueOn: '2027-03-15',
            personal: { findings: '入户核查，情况属实 / home visit, circumstances as recorded' },
          },
        },
      ]);
    expect(state).toMatchObject({
      reverification: { nextDueOn: '2027-03-15', lastVerifiedOn: '2026-03-15', lastOutcome: 'confirmed' },
    });
  });

  it('confirmed needs a next due date after today; to-close has none; changed may have one', () => {
    given([childRegistered(), scheduled]).when(verify('confirmed')).then('REGISTRY.DATE_INVALID');
    given([childRegistered(), scheduled]).when(verify('confirmed', '2026-03-15')).then('REGISTRY.DATE_INVALID');
    given([childRegistered(), scheduled]).when(verify('to-close', '2027-03-15')).then('REGISTRY.DATE_INVALID');
    given([childRegistered(), scheduled])
      .when(verify('to-close', undefined, '已随父母迁往外省 / moved away with the parents'))
      .then([expect.objectContaining({ data: expect.objectContaining({ outcome: 'to-close', nextDueOn: null }) })]);
    given([childRegistered(), scheduled])
      .when(verify('changed', undefined, '父亲刑满释放 / the father was released'))
      .then([expect.objectContaining({ data: expect.objectContaining({ outcome: 'changed', nextDueOn: null }) })]);
  });

  it('findings are required; unknown outcomes refused; the same record twice in a day changes nothing', () => {
    given([childRegistered()])
      .when(verify('confirmed', '2027-03-15', ' '))
      .then('REGISTRY.REASON_REQUIRED');
    given([childRegistered()])
      .when(verify('fine' as never, '2027-03-15'))
      .then('REGISTRY.REVERIFICATION_OUTCOME_UNKNOWN');
    const recorded = given([childRegistered()])
      .when(verify('confirmed', '2027-03-15'))
      .then([expect.anything()]).events;
    given([childRegistered(), ...recorded])
      .when(verify('confirmed', '2027-03-15'))
      .then([]);
  });
});
