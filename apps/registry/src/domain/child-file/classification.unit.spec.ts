import {
  bothParentsDead,
  childRegistered,
  given,
  orphanApproved,
  orphanForwarded,
  orphanProposed,
  proposeOrphan,
} from '../testing/child-file-fixtures';
import { by, COUNTY_CENTRE, TOWNSHIP_SUPERVISOR } from '../testing/fixtures';
import { PolicyTable } from '../tiers/policy-table';
import { ZHEJIANG_DEFAULT_TIERS } from '../tiers/zhejiang-defaults';
import { ChildFileCommand, DecideClassification, ReviewClassification } from './commands';
import { ChildFileEvent } from './events';
import { protectionTierOn } from './state';

const review = (
  outcome: 'forward' | 'return',
  proposalId = 'p-1',
  reason = '材料齐全 / evidence complete',
): ReviewClassification => ({
  type: 'ReviewClassification',
  data: { proposalId, outcome, reason },
  metadata: by(TOWNSHIP_SUPERVISOR),
});

const approve = (
  effectiveFrom = '2026-04-01',
  options: { proposalId?: string; decision?: typeof COUNTY_CENTRE; policyTable?: PolicyTable } = {},
): DecideClassification => ({
  type: 'DecideClassification',
  data: {
    proposalId: options.proposalId ?? 'p-1',
    outcome: 'approve',
    reason: '符合孤儿认定条件 / meets the orphan criteria',
    effectiveFrom,
    policyTable: options.policyTable ?? ZHEJIANG_DEFAULT_TIERS,
  },
  metadata: by(options.decision ?? COUNTY_CENTRE),
});

const refuse = (proposalId = 'p-1'): DecideClassification => ({
  type: 'DecideClassification',
  data: { proposalId, outcome: 'refuse', reason: '母亲健在，不符合孤儿条件 / the mother is alive' },
  metadata: by(COUNTY_CENTRE),
});

const orphanFile: ChildFileEvent[] = [childRegistered(), ...bothParentsDead];

describe('classification: village proposes → township reviews → county approves or refuses', () => {
  it('the village proposes a tier with evidence; the proposal names its policy and who proposed it', () => {
    given(orphanFile).when(proposeOrphan()).then([orphanProposed()]);
  });

  it('a proposal whose records do not bear the tier out says so to the reviewers, but is not blocked', () => {
    given([childRegistered()])
      .when(proposeOrphan())
      .then([orphanProposed({ unmetEligibilityHints: ['orphan.both-parents-dead-or-missing'] })]);
  });

  it('refuses a proposal without the evidence the tier requires, saying what is missing', () => {
    given(orphanFile)
      .when(proposeOrphan({ evidence: [{ kind: 'household-register', documentRef: 'doc-1' }] }))
      .then('REGISTRY.EVIDENCE_MISSING', {
        missing: [{ anyOf: ['death-certificate', 'declaration-of-missing', 'foundling-record'] }],
      });
  });

  it('refuses a tier the policy table does not have, or one not in force', () => {
    given(orphanFile)
      .when(proposeOrphan({ tierCode: 'deserving-poor' }))
      .then('REGISTRY.TIER_UNKNOWN');
    // Before 2020 the de facto unsupported tier did not exist yet.
    given(orphanFile)
      .when(proposeOrphan({ tierCode: 'de-facto-unsupported' }, '2019-06-01'))
      .then('REGISTRY.TIER_NOT_IN_FORCE', { tierCode: 'de-facto-unsupported', on: '2019-06-01' });
  });

  it('the township forwards, the county approves: the tier holds from the effective date, and re-verification is due a year on', () => {
    const { state } = given([...orphanFile, orphanProposed(), orphanForwarded()])
      .when(approve('2026-04-01'))
      .then([orphanApproved('2026-04-01'), { type: 'ReverificationScheduled', data: { dueOn: '2027-04-01' } }]);
    if (state.status !== 'active') throw new Error('the file stays active');
    expect(protectionTierOn(state, '2026-03-31')).toBeNull();
    expect(protectionTierOn(state, '2026-04-01')).toBe('orphan');
    expect(state.pendingClassification).toBeNull();
  });

  it('the whole path from an empty file, step by step', () => {
    const forwarded = given([...orphanFile, orphanProposed()])
      .when(review('forward'))
      .then([orphanForwarded()]).events;
    given([...orphanFile, orphanProposed(), ...forwarded])
      .when(approve())
      .then([orphanApproved(), expect.objectContaining({ type: 'ReverificationScheduled' })]);
  });

  it('the proposer may not approve their own proposal', () => {
    const proposedByCountyStaff = orphanProposed({ proposedBy: COUNTY_CENTRE.actorId });
    given([...orphanFile, proposedByCountyStaff, orphanForwarded()])
      .when(approve())
      .then('REGISTRY.PROPOSER_CANNOT_APPROVE');
  });

  it('the township returns a proposal with its reason; the village proposes again and it goes through', () => {
    const returned = given([...orphanFile, orphanProposed()])
      .when(review('return', 'p-1', '缺少母亲死亡证明 / the mother’s death certificate is missing'))
      .then([
        {
          type: 'ClassificationReturned',
          data: {
            proposalId: 'p-1',
            tierCode: 'orphan',
            returnedBy: TOWNSHIP_SUPERVISOR.actorId,
            reason: '缺少母亲死亡证明 / the mother’s death certificate is missing',
          },
        },
      ]);
    const history = [...orphanFile, orphanProposed(), ...returned.events];
    expect(returned.state).toMatchObject({ pendingClassification: null, settledProposals: { 'p-1': 'returned' } });

    given(history)
      .when(proposeOrphan({ proposalId: 'p-2' }))
      .then([orphanProposed({ proposalId: 'p-2' })]);
    given([...history, orphanProposed({ proposalId: 'p-2' }), orphanForwarded('p-2')])
      .when(approve('2026-04-01', { proposalId: 'p-2' }))
      .then([orphanApproved('2026-04-01', 'p-2'), expect.objectContaining({ type: 'ReverificationScheduled' })]);
  });

  it('the county refuses: the refusal is recorded with its reason and the child keeps the universal tier', () => {
    const { state } = given([...orphanFile, orphanProposed(), orphanForwarded()])
      .when(refuse())
      .then([
        {
          type: 'ClassificationRefused',
          data: {
            proposalId: 'p-1',
            tierCode: 'orphan',
            refusedBy: COUNTY_CENTRE.actorId,
            reason: '母亲健在，不符合孤儿条件 / the mother is alive',
          },
        },
      ]);
    expect(state).toMatchObject({
      tierHistory: [],
      pendingClassification: null,
      settledProposals: { 'p-1': 'refused' },
    });
  });

  it('every step needs a reason', () => {
    given([...orphanFile, orphanProposed()])
      .when(review('return', 'p-1', '  '))
      .then('REGISTRY.REASON_REQUIRED');
    given(orphanFile)
      .when(proposeOrphan({ reason: '' }))
      .then('REGISTRY.REASON_REQUIRED');
  });

  describe('steps out of order', () => {
    it('the county cannot decide before the township has forwarded', () => {
      given([...orphanFile, orphanProposed()])
        .when(approve())
        .then('REGISTRY.WRONG_STEP', { step: 'proposed' });
      given([...orphanFile, orphanProposed()])
        .when(refuse())
        .then('REGISTRY.WRONG_STEP');
    });

    it('nothing to review or decide without a proposal, or for another proposal', () => {
      given(orphanFile).when(review('forward')).then('REGISTRY.WRONG_STEP');
      given([...orphanFile, orphanProposed()])
        .when(review('forward', 'p-other'))
        .then('REGISTRY.WRONG_STEP');
      given(orphanFile).when(approve()).then('REGISTRY.WRONG_STEP');
    });

    it('a forwarded proposal cannot be returned by the township any more', () => {
      given([...orphanFile, orphanProposed(), orphanForwarded()])
        .when(review('return'))
        .then('REGISTRY.WRONG_STEP');
    });

    it('one proposal at a time', () => {
      given([...orphanFile, orphanProposed()])
        .when(proposeOrphan({ proposalId: 'p-2' }))
        .then('REGISTRY.CLASSIFICATION_PENDING', { pendingProposalId: 'p-1' });
    });

    it('an approved proposal cannot be refused afterwards', () => {
      given([...orphanFile, orphanProposed(), orphanForwarded(), orphanApproved()])
        .when(refuse())
        .then('REGISTRY.WRONG_STEP');
    });
  });

  describe('retries change nothing', () => {
    it.each<[string, ChildFileEvent[], ChildFileCommand]>([
      ['a repeated proposal', [orphanProposed()], proposeOrphan()],
      ['a repeated forward', [orphanProposed(), orphanForwarded()], review('forward')],
      ['a repeated approval', [orphanProposed(), orphanForwarded(), orphanApproved()], approve()],
      [
        'a repeated return',
        [
          orphanProposed(),
          {
            type: 'ClassificationReturned',
            data: { proposalId: 'p-1', tierCode: 'orphan', returnedBy: 'x', reason: 'r' },
          },
        ],
        review('return'),
      ],
    ])('%s', (_case, steps, command) => {
      given([...orphanFile, ...steps])
        .when(command)
        .then([]);
    });
  });

  describe('one protection tier at a time, plus the universal tier', () => {
    const holdingOrphan = [...orphanFile, orphanProposed(), orphanForwarded(), orphanApproved('2026-04-01')];

    it('refuses to propose the tier the child already holds', () => {
      given(holdingOrphan)
        .when(proposeOrphan({ proposalId: 'p-2' }))
        .then('REGISTRY.TIER_ALREADY_HELD');
    });

    it('a new tier replaces the old one from its effective date', () => {
      const familyInDifficulty = { kind: 'low-income-certificate', documentRef: 'doc-dibao' };
      given(holdingOrphan)
        .when(
          proposeOrphan({
            proposalId: 'p-2',
            tierCode: 'family-in-difficulty',
            evidence: [{ kind: 'household-register', documentRef: 'doc-hukou-1' }, familyInDifficulty],
          }),
        )
        .then([expect.objectContaining({ type: 'ClassificationProposed' })]);
      const history: ChildFileEvent[] = [
        ...holdingOrphan,
        orphanProposed({ proposalId: 'p-2', tierCode: 'family-in-difficulty', proposedOn: '2026-03-15' }),
        { ...orphanForwarded('p-2'), data: { ...orphanForwarded('p-2').data, tierCode: 'family-in-difficulty' } },
      ];
      const { state } = given(history)
        .when(approve('2026-07-01', { proposalId: 'p-2' }))
        .then([
          expect.objectContaining({
            type: 'ClassificationApproved',
            data: expect.objectContaining({
              protectionTierCode: 'family-in-difficulty',
              previousProtectionTierCode: 'orphan',
              effectiveFrom: '2026-07-01',
              policyReference: '浙民儿〔2014〕87号',
            }),
          }),
          { type: 'ReverificationScheduled', data: { dueOn: '2027-01-01' } },
        ]);
      if (state.status !== 'active') throw new Error('the file stays active');
      expect(protectionTierOn(state, '2026-06-30')).toBe('orphan');
      expect(protectionTierOn(state, '2026-07-01')).toBe('family-in-difficulty');
    });

    it('proposing the universal tier withdraws the protection tier; no re-verification follows', () => {
      const withdraw = proposeOrphan({ proposalId: 'p-2', tierCode: 'universal', evidence: [] });
      given(holdingOrphan)
        .when(withdraw)
        .then([
          orphanProposed({
            proposalId: 'p-2',
            tierCode: 'universal',
            evidence: [],
            policyReference: '民函〔2014〕105号',
          }),
        ]);
      given([...holdingOrphan, orphanProposed({ proposalId: 'p-2', tierCode: 'universal' }), orphanForwarded('p-2')])
        .when(approve('2026-05-01', { proposalId: 'p-2' }))
        .then([
          expect.objectContaining({
            data: expect.objectContaining({
              tierCode: 'universal',
              protectionTierCode: null,
              previousProtectionTierCode: 'orphan',
            }),
          }),
        ]);
      given(orphanFile).when(withdraw).then('REGISTRY.TIER_ALREADY_HELD');
    });
  });

  describe('the effective date is checked against the policy table in force on it', () => {
    const orphanUntilMarch: PolicyTable = {
      ...ZHEJIANG_DEFAULT_TIERS,
      tiers: ZHEJIANG_DEFAULT_TIERS.tiers.map((tier) =>
        tier.code === 'orphan' ? { ...tier, effectiveTo: '2026-03-31' } : tier,
      ),
    };

    it('refuses an approval from a date on which the tier has expired', () => {
      given([...orphanFile, orphanProposed(), orphanForwarded()])
        .when(approve('2026-04-01', { policyTable: orphanUntilMarch }))
        .then('REGISTRY.TIER_NOT_IN_FORCE', { tierCode: 'orphan', on: '2026-04-01' });
      given([...orphanFile, orphanProposed(), orphanForwarded()])
        .when(approve('2026-03-31', { policyTable: orphanUntilMarch }))
        .then([orphanApproved('2026-03-31'), expect.objectContaining({ type: 'ReverificationScheduled' })]);
    });

    it('refuses an effective date before birth, before the current tier began, or from the 18th birthday', () => {
      const pending = [...orphanFile, orphanProposed(), orphanForwarded()];
      given(pending).when(approve('2015-02-28')).then('REGISTRY.DATE_INVALID');
      given(pending).when(approve('2033-03-01')).then('REGISTRY.DATE_INVALID');
      given(pending).when(approve('2026-02-30')).then('REGISTRY.DATE_INVALID');
      const holding = [
        ...orphanFile,
        ...[orphanProposed(), orphanForwarded(), orphanApproved('2026-04-01')],
        orphanProposed({ proposalId: 'p-2', tierCode: 'universal' }),
        orphanForwarded('p-2'),
      ];
      given(holding)
        .when(approve('2026-03-31', { proposalId: 'p-2' }))
        .then('REGISTRY.DATE_INVALID');
    });

    it('a backdated approval is allowed (retroactive protection) and re-verification runs from today', () => {
      given([...orphanFile, orphanProposed(), orphanForwarded()])
        .when(approve('2026-01-01'))
        .then([orphanApproved('2026-01-01'), { type: 'ReverificationScheduled', data: { dueOn: '2027-03-15' } }]);
    });
  });
});
