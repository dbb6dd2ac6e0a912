import { INestApplication, Type } from '@nestjs/common';
import { Pool } from 'pg';
import { testSigner } from '@app/auth/testing';
import { MessagingRuntime } from '@app/messaging';
import { createServiceApp } from '@app/platform';
import { createTestDatabase, eventually, testSettings, uniqueName, withDatabase } from '@app/testing';
import { makeIdNumber } from '../../apps/registry/src/domain';
import { addMonths, chinaDay, monthOf } from '../../apps/subsidies/src/domain';

/**
 * Two services, one scenario (kept under test/: a service may not import another).
 * Money for a child the registry found, in the users' terms: the county classifies a child as an
 * orphan in the registry; the fact reaches subsidies over Kafka; the village applies, the township
 * reviews, the county approves; the monthly run pays arrears and the month, a second person approves
 * it, the bank file goes out, the bank's results come back, a failed payment is re-issued next
 * month, and the ledger explains every amount.
 */
const signer = testSigner();
const VILLAGE = '330602001001';
const COUNTY = '330602';
const today = chinaDay(new Date());
const thisMonth = monthOf(today);
const lastMonth = addMonths(thisMonth, -1);
const startMonth = addMonths(thisMonth, -2);

const users = {
  village: signer.token({ roles: ['village-officer'], jurisdiction: VILLAGE, sub: 'u-village' }),
  township: signer.token({ roles: ['township-supervisor'], jurisdiction: VILLAGE.slice(0, 9), sub: 'u-township' }),
  county: signer.token({ roles: ['county-centre'], jurisdiction: COUNTY, sub: 'u-county' }),
  countyChecker: signer.token({ roles: ['county-centre'], jurisdiction: COUNTY, sub: 'u-county-checker' }),
  otherCounty: signer.token({ roles: ['county-centre'], jurisdiction: '330681', sub: 'u-other-county' }),
  otherVillage: signer.token({ roles: ['village-officer'], jurisdiction: '330602001002', sub: 'u-other-village' }),
  city: signer.token({ roles: ['city-bureau'], jurisdiction: '330600', sub: 'u-city' }),
  regulator: signer.token({ roles: ['regulator'], jurisdiction: '330600', agency: 'discipline-audit', sub: 'u-audit' }),
};

let registry: INestApplication;
let subsidies: INestApplication;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: Pool;

async function call(
  base: INestApplication,
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${await base.getUrl()}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  const json = response.headers.get('content-type')?.includes('json');
  return {
    status: response.status,
    etag: response.headers.get('etag') ?? undefined,
    body: json && text ? JSON.parse(text) : text,
  };
}
const reg = (...args: Parameters<typeof call> extends [unknown, ...infer R] ? R : never) => call(registry, ...args);
const sub = (...args: Parameters<typeof call> extends [unknown, ...infer R] ? R : never) => call(subsidies, ...args);

/** Events people's commands wrote (the registry facts the consumer keeps recording in the background are the system's). */
const eventCount = async () =>
  Number(
    (await pool.query("SELECT count(*) FROM es_events WHERE metadata->'decision'->>'role' <> 'system'")).rows[0].count,
  );

beforeAll(async () => {
  database = await createTestDatabase('subsidies_e2e');
  pool = new Pool({ connectionString: database.url });
  Object.assign(process.env, {
    DATABASE_URL: database.url,
    MONGO_URL: withDatabase(testSettings().MONGO_URL, uniqueName('subsidies')),
    AUTH_PUBLIC_KEYS: signer.publicKeys,
    // Topics and groups of its own: the demo platform may be running on the same broker.
    KAFKA_TOPIC_PREFIX: `${uniqueName('e2e').toLowerCase()}.`,
    MESSAGING_GROUP_PREFIX: `${uniqueName('e2e').toLowerCase()}.`,
    LOG_LEVEL: 'warn',
  });
  const { RegistryModule } = (await import('../../apps/registry/src/registry.module.js')) as {
    RegistryModule: Type<unknown>;
  };
  const { SubsidiesModule } = (await import('../../apps/subsidies/src/subsidies.module.js')) as {
    SubsidiesModule: Type<unknown>;
  };
  registry = await createServiceApp('registry', RegistryModule);
  await registry.listen(0, '127.0.0.1');
  subsidies = await createServiceApp('subsidies', SubsidiesModule);
  await subsidies.listen(0, '127.0.0.1');
  await subsidies.get(MessagingRuntime).ready();
}, 120_000);

afterAll(async () => {
  await subsidies?.close();
  await registry?.close();
  await pool?.end();
  await database?.drop();
});

let childId: string;

async function orphanFromTheRegistry(): Promise<string> {
  const birthDate = '2016-04-12';
  const registered = await reg('POST', '/v1/children', users.village, {
    name: '李小明',
    idNumber: makeIdNumber(COUNTY, birthDate, 2 * Math.floor(Math.random() * 400) + 1),
    birthDate,
    sex: 'male',
    householdRegistrationRegion: COUNTY,
    villageCode: VILLAGE,
    reason: '入户走访发现',
  });
  expect([registered.status, registered.body.error]).toEqual([201, undefined]);
  const id = registered.body.childId as string;
  const proposed = await reg(
    'POST',
    `/v1/children/${id}/classification/proposals`,
    users.village,
    {
      tierCode: 'orphan',
      evidence: [
        { kind: 'death-certificate', documentRef: 'doc-1' },
        { kind: 'household-register', documentRef: 'doc-2' },
      ],
      reason: '父母双亡',
    },
    { 'if-match': registered.etag! },
  );
  expect(proposed.status).toBe(200);
  const reviewed = await reg(
    'POST',
    `/v1/children/${id}/classification/proposals/${proposed.body.proposalId}/review`,
    users.township,
    { outcome: 'forward', reason: '材料齐全' },
    { 'if-match': proposed.etag! },
  );
  expect(reviewed.status).toBe(200);
  const approved = await reg(
    'POST',
    `/v1/children/${id}/classification/proposals/${proposed.body.proposalId}/decision`,
    users.county,
    { outcome: 'approve', effectiveFrom: today, reason: '符合孤儿认定条件' },
    { 'if-match': reviewed.etag! },
  );
  expect(approved.status).toBe(200);
  return id;
}

async function computed(month: string) {
  return eventually(
    async () => {
      const run = await sub('GET', `/v1/payruns/${COUNTY}/${month}`, users.county);
      return run.status === 200 && run.body.status === 'computed' ? run.body : undefined;
    },
    60_000,
    `the ${month} run to be computed`,
  );
}

describe('registry fact → application → approvals → run → bank → ledger', () => {
  it('learns the tier from the registry over Kafka', async () => {
    childId = await orphanFromTheRegistry();
    const account = await eventually(
      async () => {
        const res = await sub('GET', `/v1/beneficiaries/${childId}`, users.county);
        return res.status === 200 && res.body.tier === 'orphan' ? res : undefined;
      },
      90_000,
      'the tier to reach subsidies',
    );
    expect(account.body).toMatchObject({ village: VILLAGE, county: COUNTY, status: 'active' });
  }, 120_000);

  it('village applies, township reviews, county approves: the entitlement starts on the requested day', async () => {
    const submitted = await sub('POST', `/v1/beneficiaries/${childId}/applications`, users.village, {
      programme: 'basic-living',
      careSetting: 'scattered',
      requestedFrom: `${startMonth}-10`,
      reason: '孤儿，社会散居，申请基本生活费',
    });
    expect(submitted.status).toBe(201);
    const applicationId = submitted.body.applicationId as string;
    const byVillage = await sub(
      'POST',
      `/v1/beneficiaries/${childId}/applications/${applicationId}/decision`,
      users.village,
      {
        approve: true,
        reason: '自批',
      },
    );
    expect(byVillage.status).toBe(403);
    const early = await sub(
      'POST',
      `/v1/beneficiaries/${childId}/applications/${applicationId}/decision`,
      users.county,
      {
        approve: true,
        reason: '同意',
      },
    );
    expect([early.status, early.body.error.code]).toEqual([409, 'SUBSIDY.WRONG_STEP']);
    const reviewed = await sub(
      'POST',
      `/v1/beneficiaries/${childId}/applications/${applicationId}/review`,
      users.township,
      { forward: true, reason: '材料齐全，同意上报' },
      { 'if-match': submitted.etag! },
    );
    expect(reviewed.status).toBe(200);
    const stale = await sub(
      'POST',
      `/v1/beneficiaries/${childId}/applications/${applicationId}/decision`,
      users.county,
      { approve: true, reason: '同意' },
      { 'if-match': submitted.etag! },
    );
    expect(stale.status).toBe(412);
    const approved = await sub(
      'POST',
      `/v1/beneficiaries/${childId}/applications/${applicationId}/decision`,
      users.county,
      { approve: true, reason: '符合条件，同意发放', policy: '浙民儿〔2014〕87号' },
      { 'if-match': reviewed.etag! },
    );
    expect(approved.status).toBe(200);
    const account = await sub('GET', `/v1/beneficiaries/${childId}`, users.township);
    expect(account.body.entitlements).toEqual([
      expect.objectContaining({ programme: 'basic-living', startsOn: `${startMonth}-10`, endsBefore: null }),
    ]);
  });

  it("pays last month's run with the first month's arrears; the maker cannot approve; a failed payment is recorded", async () => {
    const opened = await sub('POST', '/v1/payruns', users.county, {
      county: COUNTY,
      month: lastMonth,
      reason: '月度发放',
    });
    expect(opened.status).toBe(202);
    const run = await computed(lastMonth);
    expect(run.controlTotals.count).toBe(1);
    const maker = await sub('POST', `/v1/payruns/${COUNTY}/${lastMonth}/approval`, users.county, {
      count: run.controlTotals.count,
      amountFen: run.controlTotals.amountFen,
      reason: '复核',
    });
    expect([maker.status, maker.body.error.code]).toEqual([403, 'SUBSIDY.MAKER_CANNOT_CHECK']);
    const wrong = await sub('POST', `/v1/payruns/${COUNTY}/${lastMonth}/approval`, users.countyChecker, {
      count: 1,
      amountFen: 1,
      reason: '复核',
    });
    expect([wrong.status, wrong.body.error.code]).toEqual([409, 'SUBSIDY.CONTROL_TOTALS_DIFFER']);
    const notYet = await sub('POST', `/v1/payruns/${COUNTY}/${lastMonth}/bank-results`, users.county, 'x', {
      'content-type': 'text/csv',
    });
    expect(notYet.status).toBe(400);
    const approved = await sub('POST', `/v1/payruns/${COUNTY}/${lastMonth}/approval`, users.countyChecker, {
      count: 1,
      amountFen: run.controlTotals.amountFen,
      reason: '控制数核对无误',
    });
    expect(approved.status).toBe(200);
    const file = await sub('GET', `/v1/payruns/${COUNTY}/${lastMonth}/bank-file`, users.county);
    expect(file.status).toBe(200);
    const lines = (file.body as string).trim().split('\n');
    expect(lines).toHaveLength(2);
    const [reference, beneficiary, programme, , amount] = lines[1].split(',');
    expect([beneficiary, programme]).toEqual([childId, 'basic-living']);
    expect(Math.round(Number(amount) * 100)).toBe(run.controlTotals.amountFen);
    const again = await sub('GET', `/v1/payruns/${COUNTY}/${lastMonth}/bank-file`, users.county);
    expect(again.body).toBe(file.body);

    const results = await sub(
      'POST',
      `/v1/payruns/${COUNTY}/${lastMonth}/bank-results?reason=${encodeURIComponent('银行回盘')}`,
      users.county,
      `reference,outcome,amount,note\n${reference},failed,${amount},账户冻结\n`,
      { 'content-type': 'text/csv' },
    );
    expect(results.status).toBe(200);
    expect(results.body.summary).toMatchObject({ failed: { count: 1, amount: run.controlTotals.amountFen } });
  }, 90_000);

  it('a medical claim is approved up to 70% of the out-of-pocket part; its diagnosis is encrypted and reads are recorded', async () => {
    const submitted = await sub('POST', `/v1/beneficiaries/${childId}/claims`, users.village, {
      programme: 'major-illness',
      disease: 'leukaemia',
      serviceDate: today,
      billFen: 5_000_000,
      insurancePaidFen: 3_000_000,
      diagnosis: '急性淋巴细胞白血病',
      hospital: '浙江大学医学院附属儿童医院',
      reason: '住院治疗费用报销',
    });
    expect(submitted.status).toBe(201);
    const claimId = submitted.body.claimId as string;
    expect(
      (
        await sub('POST', `/v1/beneficiaries/${childId}/claims/${claimId}/review`, users.township, {
          forward: true,
          reason: '票据齐全',
        })
      ).status,
    ).toBe(200);
    const decided = await sub('POST', `/v1/beneficiaries/${childId}/claims/${claimId}/decision`, users.county, {
      approve: true,
      reason: '同意',
    });
    expect(decided.body.subsidyFen).toBe(1_400_000);
    const stored = await pool.query("SELECT data::text AS data FROM es_events WHERE type = 'ClaimSubmitted'");
    expect(stored.rows[0].data).not.toContain('白血病');
    expect((await sub('GET', `/v1/beneficiaries/${childId}/claims/${claimId}`, users.county)).status).toBe(400);
    const read = await sub(
      'GET',
      `/v1/beneficiaries/${childId}/claims/${claimId}?purpose=${encodeURIComponent('审核报销')}`,
      users.county,
    );
    expect(read.body.personal).toEqual({ diagnosis: '急性淋巴细胞白血病', hospital: '浙江大学医学院附属儿童医院' });
    const reads = await pool.query('SELECT count(*) FROM file_reads WHERE file_id = $1', [childId]);
    expect(Number(reads.rows[0].count)).toBeGreaterThanOrEqual(1);
  });

  it("this month's run re-issues the failed payment, pays the month and the claim; running it again pays nothing twice", async () => {
    await sub('POST', '/v1/payruns', users.county, { county: COUNTY, month: thisMonth, reason: '月度发放' });
    const run = await computed(thisMonth);
    expect(run.controlTotals.count).toBe(2);
    const before = await eventCount();
    const rerun = await sub('POST', '/v1/payruns', users.county, {
      county: COUNTY,
      month: thisMonth,
      reason: '重复提交',
    });
    expect(rerun.status).toBe(202);
    await computed(thisMonth);
    expect(await eventCount()).toBe(before);
    const scheduled = await pool.query(
      "SELECT data->>'month' AS month, count(*)::int AS n FROM es_events WHERE type = 'PaymentScheduled' AND stream_id = $1 GROUP BY 1 ORDER BY 1",
      [`subsidy-${childId}`],
    );
    expect(scheduled.rows).toEqual([
      { month: lastMonth, n: 1 },
      { month: thisMonth, n: 2 },
    ]);
    await sub('POST', `/v1/payruns/${COUNTY}/${thisMonth}/approval`, users.countyChecker, {
      count: 2,
      amountFen: run.controlTotals.amountFen,
      reason: '核对无误',
    });
    const file = await sub('GET', `/v1/payruns/${COUNTY}/${thisMonth}/bank-file`, users.county);
    const rows = (file.body as string).trim().split('\n').slice(1);
    const results = rows.map((r) => {
      const [reference, , , , amount] = r.split(',');
      return `${reference},paid,${amount}`;
    });
    const imported = await sub(
      'POST',
      `/v1/payruns/${COUNTY}/${thisMonth}/bank-results?reason=bank`,
      users.county,
      results.join('\n'),
      {
        'content-type': 'text/csv',
      },
    );
    expect(imported.body.summary.paid.count).toBe(2);
    const twice = await sub(
      'POST',
      `/v1/payruns/${COUNTY}/${thisMonth}/bank-results?reason=bank`,
      users.county,
      results.join('\n'),
      {
        'content-type': 'text/csv',
      },
    );
    expect(twice.body.summary).toBeNull();
  }, 120_000);

  it('the ledger explains every amount; commitments and run summaries are there for the county', async () => {
    const ledger = await eventually(
      async () => {
        const res = await sub('GET', `/v1/beneficiaries/${childId}/ledger`, users.village);
        return res.status === 200 &&
          res.body.payments.length === 3 &&
          res.body.payments.every((p: { outcome: string }) => p.outcome !== 'scheduled')
          ? res.body
          : undefined;
      },
      30_000,
      'the ledger',
    );
    const basic = ledger.payments.filter((p: { programme: string }) => p.programme === 'basic-living');
    expect(basic.map((p: { month: string; outcome: string }) => [p.month, p.outcome])).toEqual([
      [lastMonth, 'failed'],
      [thisMonth, 'paid'],
    ]);
    expect(basic[1].lines.map((l: { kind: string; month: string }) => [l.kind, l.month])).toEqual([
      ['reissue', startMonth],
      ['reissue', lastMonth],
      ['allowance', thisMonth],
    ]);
    expect(basic[1].lines[0].reason['zh-CN']).toContain('重发');
    expect(ledger.payments.find((p: { programme: string }) => p.programme === 'major-illness').amountFen).toBe(
      1_400_000,
    );

    const commitments = await eventually(async () => {
      const res = await sub('GET', `/v1/commitments?county=${COUNTY}&from=${lastMonth}`, users.city);
      return res.status === 200 && res.body.length === 2 ? res.body : undefined;
    });
    expect(commitments[1].programmes['major-illness']).toEqual({ count: 1, amount: 1_400_000 });
    const runs = await sub('GET', `/v1/payruns?county=${COUNTY}`, users.regulator);
    expect(runs.body.map((r: { month: string; status: string }) => [r.month, r.status])).toEqual([
      [thisMonth, 'exported'],
      [lastMonth, 'exported'],
    ]);
  }, 60_000);
});

describe('concurrent users', () => {
  it('five county users approving one claim at once: one approval, the others told it is decided', async () => {
    const submitted = await sub('POST', `/v1/beneficiaries/${childId}/claims`, users.village, {
      programme: 'major-illness',
      disease: 'leukaemia',
      serviceDate: today,
      billFen: 1_000_000,
      insurancePaidFen: 0,
      diagnosis: '白血病复查',
      hospital: '绍兴市人民医院',
      reason: '复查费用',
    });
    const claimId = submitted.body.claimId as string;
    await sub('POST', `/v1/beneficiaries/${childId}/claims/${claimId}/review`, users.township, {
      forward: true,
      reason: '票据齐全',
    });
    const approvers = Array.from({ length: 5 }, (_, i) =>
      signer.token({ roles: ['county-centre'], jurisdiction: COUNTY, sub: `u-county-${i}` }),
    );
    const answers = await Promise.all(
      approvers.map((token) =>
        sub('POST', `/v1/beneficiaries/${childId}/claims/${claimId}/decision`, token, {
          approve: true,
          reason: '同意',
        }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409, 409]);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.error.code === 'SUBSIDY.ALREADY_DECIDED')).toBe(
      true,
    );
    const approvals = await pool.query(
      "SELECT count(*)::int AS n FROM es_events WHERE type = 'ClaimApproved' AND data->>'claimId' = $1",
      [claimId],
    );
    expect(approvals.rows[0].n).toBe(1);
  });
});

describe('access: role × jurisdiction on every endpoint', () => {
  it('refuses places outside the caller’s subtree and roles that may not act', async () => {
    expect((await sub('GET', `/v1/beneficiaries/${childId}`, users.otherCounty)).status).toBe(403);
    expect((await sub('GET', `/v1/beneficiaries/${childId}/ledger`, users.otherVillage)).status).toBe(403);
    expect((await sub('GET', `/v1/beneficiaries/${childId}`, undefined)).status).toBe(401);
    expect(
      (
        await sub('POST', `/v1/beneficiaries/${childId}/applications`, users.otherVillage, {
          programme: 'basic-living',
          careSetting: 'scattered',
          reason: '越权',
        })
      ).status,
    ).toBe(403);
    expect(
      (await sub('POST', '/v1/payruns', users.otherCounty, { county: COUNTY, month: thisMonth, reason: '越权' }))
        .status,
    ).toBe(403);
    expect(
      (await sub('POST', '/v1/payruns', users.village, { county: COUNTY, month: thisMonth, reason: '越权' })).status,
    ).toBe(403);
    expect((await sub('GET', `/v1/payruns/${COUNTY}/${thisMonth}/bank-file`, users.otherCounty)).status).toBe(403);
    expect((await sub('GET', `/v1/payruns?county=${COUNTY}`, users.otherCounty)).status).toBe(403);
    expect(
      (
        await sub('POST', '/v1/rates/basic-living/versions', users.county, {
          effectiveFrom: '2027-01',
          amounts: {},
          reason: 'x1',
        })
      ).status,
    ).toBe(403);
    const foreignRuns = await sub('GET', '/v1/payruns', users.otherCounty);
    expect(foreignRuns.body).toEqual([]);
  });
});

describe('isolation matrix: every subsidies endpoint × callers outside the child or county', () => {
  const partner = signer.token({
    roles: ['partner-agency'],
    jurisdiction: '330600',
    agency: 'education',
    sub: 'u-edu',
  });
  const hotline = signer.token({
    roles: ['hotline-operator'],
    jurisdiction: '330600',
    agency: 'hotline',
    sub: 'u-hot',
  });
  const someId = '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f';
  const endpoints = (): [string, string, unknown?][] => [
    ['GET', `/v1/beneficiaries/${childId}`],
    ['GET', `/v1/beneficiaries/${childId}/ledger`],
    [
      'POST',
      `/v1/beneficiaries/${childId}/applications`,
      { programme: 'basic-living', careSetting: 'scattered', reason: '越权' },
    ],
    ['POST', `/v1/beneficiaries/${childId}/applications/${someId}/review`, { forward: true, reason: '越权' }],
    ['POST', `/v1/beneficiaries/${childId}/applications/${someId}/decision`, { approve: true, reason: '越权' }],
    ['POST', `/v1/beneficiaries/${childId}/claims/${someId}/review`, { forward: true, reason: '越权' }],
    ['POST', `/v1/beneficiaries/${childId}/claims/${someId}/decision`, { approve: true, reason: '越权' }],
    ['GET', `/v1/beneficiaries/${childId}/claims/${someId}?purpose=${encodeURIComponent('越权查看')}`],
    ['POST', '/v1/payruns', { county: COUNTY, month: thisMonth, reason: '越权' }],
    ['GET', `/v1/payruns/${COUNTY}/${thisMonth}`],
    ['POST', `/v1/payruns/${COUNTY}/${thisMonth}/approval`, { count: 0, amountFen: 0, reason: '越权' }],
    ['GET', `/v1/payruns/${COUNTY}/${thisMonth}/bank-file`],
    ['GET', `/v1/payruns?county=${COUNTY}`],
    ['GET', `/v1/commitments?county=${COUNTY}`],
    [
      'POST',
      '/v1/rates/basic-living/versions',
      { effectiveFrom: '2027-01', amounts: { 'orphan/scattered': 1 }, reason: '越权' },
    ],
    [
      'POST',
      '/v1/rates/basic-living/indexations',
      { effectiveFrom: '2027-01', kind: 'annual-percent', percent: 5, reason: '越权' },
    ],
  ];
  const callers = { 'another county': users.otherCounty, 'another village': users.otherVillage, partner, hotline };

  it.each(Object.entries(callers))('%s is refused everywhere and nothing is written', async (_who, token) => {
    const before = await eventCount();
    for (const [method, path, body] of endpoints()) {
      const res = await sub(method, path, token, body);
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 403 });
    }
    expect(await eventCount()).toBe(before);
  });

  it('lists never leak another county', async () => {
    expect(await (await sub('GET', '/v1/payruns', users.otherCounty)).body).toEqual([]);
    expect(await (await sub('GET', '/v1/commitments', users.otherCounty)).body).toEqual([]);
  });
});

describe('bad input: 4xx with a stable code, nothing written', () => {
  const apply = (body: Record<string, unknown>) =>
    sub('POST', `/v1/beneficiaries/${childId}/applications`, users.village, body);
  const good = { programme: 'basic-living', careSetting: 'institution', reason: '申请' };

  it.each([
    ['an unknown programme', { ...good, programme: 'nope' }, 400, 'VALIDATION.FAILED'],
    ['an unknown care setting', { ...good, careSetting: 'street' }, 400, 'VALIDATION.FAILED'],
    ['an impossible date', { ...good, requestedFrom: '2026-02-30' }, 400, 'SUBSIDY.DATE_INVALID'],
    ['a future date', { ...good, requestedFrom: '2099-01-01' }, 400, 'SUBSIDY.DATE_INVALID'],
    ['a Mongo operator', { ...good, programme: { $gt: '' } }, 400, undefined],
    ['markup in the reason', { ...good, reason: '<script>alert(1)</script>' }, 400, 'VALIDATION.FAILED'],
    ['an oversized reason', { ...good, reason: '长'.repeat(5000) }, 400, 'VALIDATION.FAILED'],
    ['a second pending application', { ...good }, 409, 'SUBSIDY.ALREADY_ENTITLED'],
  ])('%s', async (_what, body, status, code) => {
    const before = await eventCount();
    const res = await apply(body);
    expect(res.status).toBe(status);
    if (code) expect(res.body.error.code).toBe(code);
    expect(await eventCount()).toBe(before);
  });

  it.each([
    ['a bill with insurance above it', { billFen: 100, insurancePaidFen: 200 }, 'SUBSIDY.CLAIM_INVALID'],
    ['a disease outside the five', { disease: 'influenza' }, 'VALIDATION.FAILED'],
    ['a negative bill', { billFen: -5 }, 'VALIDATION.FAILED'],
    ['a bill as text', { billFen: '100' }, 'VALIDATION.FAILED'],
  ])('claims: %s', async (_what, overrides, code) => {
    const before = await eventCount();
    const res = await sub('POST', `/v1/beneficiaries/${childId}/claims`, users.village, {
      programme: 'major-illness',
      disease: 'leukaemia',
      serviceDate: today,
      billFen: 1000,
      insurancePaidFen: 0,
      diagnosis: '白血病',
      hospital: '某医院',
      reason: '报销',
      ...overrides,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(code);
    expect(await eventCount()).toBe(before);
  });

  it('payment runs: a future month, a malformed month, a malformed bank file, an unknown child', async () => {
    const before = await eventCount();
    const future = await sub('POST', '/v1/payruns', users.county, {
      county: COUNTY,
      month: addMonths(thisMonth, 1),
      reason: '预发',
    });
    expect([future.status, future.body.error.code]).toEqual([400, 'SUBSIDY.PAYRUN_MONTH_INVALID']);
    expect(
      (await sub('POST', '/v1/payruns', users.county, { county: COUNTY, month: '2026-13', reason: '月' })).status,
    ).toBe(400);
    const bad = await sub(
      'POST',
      `/v1/payruns/${COUNTY}/${thisMonth}/bank-results?reason=bank`,
      users.county,
      'garbage,line\n',
      {
        'content-type': 'text/csv',
      },
    );
    expect([bad.status, bad.body.error.code]).toEqual([400, 'SUBSIDY.BANK_FILE_INVALID']);
    const unknown = await sub('GET', '/v1/beneficiaries/6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f', users.county);
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'SUBSIDY.CHILD_UNKNOWN']);
    expect(await eventCount()).toBe(before);
  });

  it('answers in English when asked', async () => {
    const res = await sub(
      'POST',
      '/v1/payruns',
      users.county,
      { county: COUNTY, month: addMonths(thisMonth, 1), reason: '预发' },
      {
        'accept-language': 'en',
      },
    );
    expect(res.body.error.message).toMatch(/month after the current one/);
  });
});
