import { addMonths } from '../calendar';
import { CHILD, COUNTY, VILLAGE } from '../testing/fixtures';
import { BeneficiaryEvent } from './events';
import { paymentReference } from './schedule';
import { Evolving, evolve, foldBeneficiary, initialBeneficiary } from './state';

/** The payment run's fold gives what `evolve`, one event after the other, gives. */
describe('foldBeneficiary', () => {
  it('equals evolve applied event by event, payment order and outcomes included', () => {
    const events: BeneficiaryEvent[] = [
      {
        type: 'ChildRecorded',
        data: { childId: CHILD, village: VILLAGE, county: COUNTY, ageGroup: '6-11', registeredOn: '2024-01-02' },
      },
      { type: 'TierRecorded', data: { tier: 'orphan', effectiveFrom: '2024-01-02' } },
      {
        type: 'EntitlementStarted',
        data: {
          entitlementId: 'e-1',
          programme: 'basic-living',
          startsOn: '2024-01-10',
          rateKey: 'orphan/scattered',
          county: COUNTY,
          careSetting: 'scattered',
          source: { applicationId: 'a-1' },
        },
      },
    ];
    let month = '2024-01';
    for (let i = 0; i < 14; i++) {
      const reference = paymentReference(CHILD, 'basic-living', month);
      events.push({
        type: 'PaymentScheduled',
        data: {
          reference,
          runId: `r-${i}`,
          programme: 'basic-living',
          month,
          county: COUNTY,
          amount: 208_900,
          lines: [{ kind: 'allowance', month, amount: 208_900 }],
        },
      });
      if (i % 3 !== 2)
        events.push({
          type: 'PaymentSettled',
          data: { reference, outcome: i % 5 === 4 ? 'failed' : 'paid', on: `${month}-20` },
        });
      if (i === 6)
        events.push({
          type: 'EntitlementRateKeyChanged',
          data: { entitlementId: 'e-1', fromMonth: month, rateKey: 'orphan/institution' },
        });
      month = addMonths(month, 1);
    }
    events.push({
      type: 'PaymentSettled',
      data: { reference: paymentReference(CHILD, 'basic-living', '2024-02'), outcome: 'reversed', on: '2025-03-01' },
    });
    const evolving: Evolving[] = events.map((event, i) => ({ event, actorId: i % 2 ? 'u-county' : 'system:facts' }));
    const expected = evolving.reduce(evolve, initialBeneficiary());
    const folded = foldBeneficiary(evolving);
    expect(folded).toEqual(expected);
    expect(Object.keys(folded.payments)).toEqual(Object.keys(expected.payments));
  });
});
