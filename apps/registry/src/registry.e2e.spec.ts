import { INestApplication, Type } from '@nestjs/common';
import { Consumer, Kafka, logLevel } from 'kafkajs';
import { Pool } from 'pg';
import { testSigner } from '@app/auth/testing';
import { createServiceApp } from '@app/platform';
import { createTestDatabase, eventually, testSettings, uniqueName, withDatabase } from '@app/testing';
import { makeIdNumber, makeRegistryNumber } from './domain';

/**
 * The first vertical slice in the users' terms: a village officer opens a file, the township
 * forwards a classification, the county approves, and the tier change reaches Kafka and the list.
 */
const signer = testSigner();
const VILLAGE = '330602001001';
const OTHER_COUNTY_VILLAGE = '330681001001';

let app: INestApplication;
let url: string;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: Pool;

const users = {
  villageOfficer: signer.token({ roles: ['village-officer'], jurisdiction: VILLAGE, sub: 'u-village' }),
  townshipSupervisor: signer.token({
    roles: ['township-supervisor'],
    jurisdiction: VILLAGE.slice(0, 9),
    sub: 'u-township',
  }),
  countyCentre: signer.token({ roles: ['county-centre'], jurisdiction: VILLAGE.slice(0, 6), sub: 'u-county' }),
  cityBureau: signer.token({ roles: ['city-bureau'], jurisdiction: '330600', sub: 'u-city' }),
  otherVillageOfficer: signer.token({
    roles: ['village-officer'],
    jurisdiction: OTHER_COUNTY_VILLAGE,
    sub: 'u-other-village',
  }),
  otherCounty: signer.token({ roles: ['county-centre'], jurisdiction: '330681', sub: 'u-other-county' }),
  partnerAgency: signer.token({ roles: ['partner-agency'], jurisdiction: '330600', agency: 'education', sub: 'u-edu' }),
};

async function call(
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    etag: response.headers.get('etag') ?? undefined,
    body: text ? JSON.parse(text) : undefined,
  };
}

let serial = 0;
function registration(overrides: Record<string, unknown> = {}) {
  serial += 1;
  const birthDate = '2015-03-0' + ((serial % 9) + 1);
  return {
    name: `测试儿童${String.fromCharCode(0x4e00 + serial)}`,
    idNumber: makeIdNumber('330602', birthDate, (serial * 2 + 1) % 1000),
    birthDate,
    sex: 'male',
    householdRegistrationRegion: '330602',
    villageCode: VILLAGE,
    reason: '入户走访发现',
    ...overrides,
  };
}

const eventCount = async () => Number((await pool.query('SELECT count(*) FROM es_events')).rows[0].count);

beforeAll(async () => {
  database = await createTestDatabase('registry_e2e');
  pool = new Pool({ connectionString: database.url });
  Object.assign(process.env, {
    DATABASE_URL: database.url,
    MONGO_URL: withDatabase(testSettings().MONGO_URL, uniqueName('registry')),
    AUTH_PUBLIC_KEYS: signer.publicKeys,
    LOG_LEVEL: 'warn',
  });
  // Configuration is read when the module is declared: import it after the settings are in place.
  const { RegistryModule } = (await import('./registry.module.js')) as { RegistryModule: Type<unknown> };
  app = await createServiceApp('registry', RegistryModule);
  await app.listen(0, '127.0.0.1');
  url = await app.getUrl();
});

afterAll(async () => {
  await app?.close();
  await pool?.end();
  await database?.drop();
});

describe('a child is found, registered and classified through the four levels', () => {
  let consumer: Consumer;
  afterAll(async () => consumer?.disconnect());

  it('village registers → township forwards → county approves → tier on Kafka and in the list', async () => {
    const kafka = new Kafka({
      clientId: 'registry-e2e',
      brokers: testSettings().KAFKA_BROKERS.split(','),
      logLevel: logLevel.NOTHING,
    });
    consumer = kafka.consumer({ groupId: uniqueName('registry_e2e') });
    const published: { contract: string; payload: Record<string, unknown> }[] = [];
    // On a broker that has just started, the topic may not be served yet: make sure it is.
    const admin = kafka.admin();
    await admin.connect();
    await admin
      .createTopics({ topics: [{ topic: 'registry.children.v1', numPartitions: 3 }], waitForLeaders: true })
      .catch(() => undefined);
    await eventually(
      async () => {
        const [topic] = (await admin.fetchTopicMetadata({ topics: ['registry.children.v1'] })).topics;
        return topic.partitions.length && topic.partitions.every((p) => p.leader >= 0) ? true : undefined;
      },
      30_000,
      'the topic to be served',
    );
    await admin.disconnect();
    await consumer.connect();
    await eventually(
      () => consumer.subscribe({ topic: 'registry.children.v1', fromBeginning: true }).then(() => true),
      30_000,
      'the subscription',
    );
    await consumer.run({
      eachMessage: async ({ message }) => {
        published.push({
          contract: message.headers?.contract?.toString() ?? '',
          payload: JSON.parse(message.value!.toString()),
        });
      },
    });

    const registered = await call('POST', '/v1/children', users.villageOfficer, registration({ name: '王小明' }));
    expect(registered.status).toBe(201);
    expect(registered.etag).toBe('"0"');
    const { childId } = registered.body as { childId: string };

    const proposed = await call(
      'POST',
      `/v1/children/${childId}/classification/proposals`,
      users.villageOfficer,
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
    const { proposalId } = proposed.body as { proposalId: string };

    const reviewed = await call(
      'POST',
      `/v1/children/${childId}/classification/proposals/${proposalId}/review`,
      users.townshipSupervisor,
      { outcome: 'forward', reason: '材料齐全' },
      { 'if-match': proposed.etag! },
    );
    expect(reviewed.status).toBe(200);

    // The proposer may not approve, even holding the county role.
    const proposerAsCounty = signer.token({ roles: ['county-centre'], jurisdiction: '330602', sub: 'u-village' });
    const self = await call(
      'POST',
      `/v1/children/${childId}/classification/proposals/${proposalId}/decision`,
      proposerAsCounty,
      { outcome: 'approve', effectiveFrom: '2026-12-01', reason: '同意' },
      { 'if-match': reviewed.etag! },
    );
    expect(self.status).toBe(403);
    expect(self.body.error.code).toBe('REGISTRY.PROPOSER_CANNOT_APPROVE');

    const approved = await call(
      'POST',
      `/v1/children/${childId}/classification/proposals/${proposalId}/decision`,
      users.countyCentre,
      { outcome: 'approve', effectiveFrom: '2026-12-01', reason: '符合孤儿认定条件' },
      { 'if-match': reviewed.etag! },
    );
    expect(approved.status).toBe(200);

    await eventually(
      async () => published.find((m) => m.contract === 'registry.ChildTierChanged' && m.payload.childId === childId),
      30_000,
      'tier change on Kafka',
    );
    const tierChange = published.find(
      (m) => m.contract === 'registry.ChildTierChanged' && m.payload.childId === childId,
    )!;
    expect(tierChange.payload).toEqual({
      childId,
      county: '330602',
      tier: 'orphan',
      previousTier: 'universal',
      effectiveFrom: '2026-12-01',
    });
    expect(JSON.stringify(published)).not.toContain('王小明');

    const listed = await eventually(
      async () => {
        const list = await call('GET', `/v1/children?tier=orphan&jurisdiction=330602`, users.countyCentre);
        return list.body.items.find((i: { childId: string }) => i.childId === childId);
      },
      20_000,
      'the list to show the tier',
    );
    expect(listed).toMatchObject({ childId, tier: 'orphan', status: 'active', village: VILLAGE });

    const file = await call(
      'GET',
      `/v1/children/${childId}?purpose=${encodeURIComponent('审批后核对')}`,
      users.countyCentre,
    );
    expect(file.status).toBe(200);
    expect(file.body.personal.name).toBe('王小明');
    const reads = await pool.query('SELECT * FROM file_reads WHERE file_id = $1', [childId]);
    expect(reads.rows).toHaveLength(1);

    const history = await call('GET', `/v1/children/${childId}/history?purpose=audit`, users.cityBureau);
    expect(history.body.map((h: { type: string }) => h.type)).toEqual([
      'ChildRegistered',
      'ClassificationProposed',
      'ClassificationForwarded',
      'ClassificationApproved',
      'ReverificationScheduled',
    ]);
    expect(history.body[3].decision).toMatchObject({
      actorId: 'u-county',
      role: 'county-centre',
      jurisdiction: '330602',
    });
  });

  it('refuses a second file for the same ID number, and asks to confirm a likely duplicate', async () => {
    const first = registration();
    expect((await call('POST', '/v1/children', users.villageOfficer, first)).status).toBe(201);
    const again = await call('POST', '/v1/children', users.villageOfficer, { ...first, name: '另一个名字' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('REGISTRY.DUPLICATE_ID_NUMBER');
  });

  it('merges a duplicate file into the survivor, keeping both histories, and freezes the duplicate', async () => {
    const survivor = await call('POST', '/v1/children', users.villageOfficer, registration());
    const duplicate = await call(
      'POST',
      '/v1/children',
      users.villageOfficer,
      registration({
        idNumber: undefined,
        registryNumber: makeRegistryNumber({ county: '330602', year: 2026, serial: 7 }),
        birthDate: '2014-06-01',
        name: '王小明',
      }),
    );
    expect(duplicate.status).toBe(201);
    const merged = await call('POST', `/v1/children/${duplicate.body.childId}/merge`, users.countyCentre, {
      survivorId: survivor.body.childId,
      reason: '同一儿童重复建档',
    });
    expect(merged.status).toBe(200);
    const frozen = await call(
      'POST',
      `/v1/children/${duplicate.body.childId}/death`,
      users.villageOfficer,
      { diedOn: '2026-01-01', reason: '核实' },
      { 'if-match': '"1"' },
    );
    expect(frozen.status).toBe(409);
    expect(frozen.body.error.code).toBe('REGISTRY.FILE_MERGED');
    const histories = await Promise.all(
      [duplicate, survivor].map((r) =>
        call('GET', `/v1/children/${r.body.childId}/history?purpose=audit`, users.countyCentre),
      ),
    );
    expect(histories[0].body.map((h: { type: string }) => h.type)).toEqual(['ChildRegistered', 'FileMergedInto']);
    expect(histories[1].body.map((h: { type: string }) => h.type)).toEqual(['ChildRegistered', 'DuplicateFileMerged']);
  });

  it('answers a stale If-Match with 412 and a missing one with 428', async () => {
    const { body, etag } = await call('POST', '/v1/children', users.villageOfficer, registration());
    const guardian = { relation: 'father', situations: ['imprisoned'], reason: '父亲服刑' };
    expect((await call('POST', `/v1/children/${body.childId}/guardians`, users.villageOfficer, guardian)).status).toBe(
      428,
    );
    expect(
      (
        await call('POST', `/v1/children/${body.childId}/guardians`, users.villageOfficer, guardian, {
          'if-match': etag!,
        })
      ).status,
    ).toBe(200);
    const stale = await call(
      'POST',
      `/v1/children/${body.childId}/guardians`,
      users.villageOfficer,
      { ...guardian, relation: 'mother', situations: ['missing'] },
      { 'if-match': etag! },
    );
    expect(stale.status).toBe(412);
  });
});

describe('census, the leading group report and ageing out', () => {
  it('plans a campaign, records a village visit with the files opened, and reports progress', async () => {
    const planned = await call('POST', '/v1/census-campaigns', users.countyCentre, {
      title: '2026年越城区困境儿童普查',
      jurisdiction: '330602',
      from: '2026-01-01',
      to: '2027-12-31',
      villageCodes: [VILLAGE, '330602001002'],
      reason: '年度普查',
    });
    expect(planned.status).toBe(201);
    const { campaignId } = planned.body;
    const found = await call(
      'POST',
      '/v1/children',
      users.villageOfficer,
      registration({ foundInCampaign: campaignId }),
    );
    const today = new Date().toISOString().slice(0, 10);
    const visit = await call('POST', `/v1/census-campaigns/${campaignId}/visits`, users.villageOfficer, {
      villageCode: VILLAGE,
      visitedOn: today,
      householdsVisited: 40,
      childrenFound: 3,
      filesOpened: [found.body.childId],
      alreadyKnown: [],
      reason: '入户走访',
    });
    expect(visit.status).toBe(200);
    const elsewhere = await call('POST', `/v1/census-campaigns/${campaignId}/visits`, users.otherVillageOfficer, {
      villageCode: VILLAGE,
      visitedOn: today,
      householdsVisited: 1,
      childrenFound: 0,
      filesOpened: [],
      alreadyKnown: [],
      reason: '走访',
    });
    expect(elsewhere.status).toBe(403);
    const progress = await call('GET', `/v1/census-campaigns/${campaignId}/progress`, users.townshipSupervisor);
    expect(progress.status).toBe(200);
    expect(JSON.stringify(progress.body.progress)).toContain(VILLAGE);
  });

  it('counts open files by county and tier for the city bureau', async () => {
    const report = await eventually(
      async () => {
        const answer = await call('GET', '/v1/reports/children-by-county-and-tier', users.cityBureau);
        const county = answer.body.counties?.find((c: { county: string }) => c.county === '330602');
        return county?.tiers?.orphan >= 1 ? answer.body : undefined;
      },
      20_000,
      'the report',
    );
    expect(report.counties[0]).toMatchObject({ county: '330602', name: '越城区' });
    expect((await call('GET', '/v1/reports/children-by-county-and-tier', users.villageOfficer)).status).toBe(403);
  });

  it('ages a file out at 18, by the named system actor, once', async () => {
    const birth = new Date(Date.now() - 18 * 365.25 * 86_400_000 + 3 * 86_400_000).toISOString().slice(0, 10);
    const almostAdult = await call(
      'POST',
      '/v1/children',
      users.villageOfficer,
      registration({
        birthDate: birth,
        idNumber: makeIdNumber('330602', birth, 101),
      }),
    );
    expect(almostAdult.status).toBe(201);
    const { AgeingOutScheduler } = await import('./ageing-out/ageing-out.scheduler.js');
    const scheduler = app.get(AgeingOutScheduler);
    await eventually(
      async () =>
        (await call('GET', `/v1/children?idNumber=${makeIdNumber('330602', birth, 101)}`, users.villageOfficer)).body
          .total === 1 || undefined,
      20_000,
      'the read model',
    );
    expect(await scheduler.runOnce(new Date())).toBe(0);
    const later = new Date(Date.now() + 5 * 86_400_000);
    expect(await scheduler.runOnce(later)).toBeGreaterThanOrEqual(1);
    const history = await call(
      'GET',
      `/v1/children/${almostAdult.body.childId}/history?purpose=audit`,
      users.countyCentre,
    );
    const agedOut = history.body.find((h: { type: string }) => h.type === 'ChildAgedOut');
    expect(agedOut.decision).toMatchObject({ actorId: 'system:ageing-out-scheduler', role: 'system' });
    await eventually(
      async () =>
        (
          await call('GET', `/v1/children?status=aged_out&jurisdiction=${VILLAGE}`, users.villageOfficer)
        ).body.items.find((i: { childId: string }) => i.childId === almostAdult.body.childId),
      20_000,
      'aged out in the list',
    );
    expect(await scheduler.runOnce(later)).toBe(0);
  });

  it('records the next age group after the 6th birthday, by the same system actor, once', async () => {
    const birth = new Date(Date.now() - 6 * 365.25 * 86_400_000 + 3 * 86_400_000).toISOString().slice(0, 10);
    const almostSix = await call(
      'POST',
      '/v1/children',
      users.villageOfficer,
      registration({ birthDate: birth, idNumber: makeIdNumber('330602', birth, 103) }),
    );
    expect(almostSix.status).toBe(201);
    const { AgeingOutScheduler } = await import('./ageing-out/ageing-out.scheduler.js');
    const scheduler = app.get(AgeingOutScheduler);
    await eventually(
      async () =>
        (await call('GET', `/v1/children?idNumber=${makeIdNumber('330602', birth, 103)}`, users.villageOfficer)).body
          .total === 1 || undefined,
      20_000,
      'the index of files',
    );
    const later = new Date(Date.now() + 5 * 86_400_000);
    expect(await scheduler.advanceAgeGroups(new Date())).toBe(0);
    expect(await scheduler.advanceAgeGroups(later)).toBeGreaterThanOrEqual(1);
    const history = await call(
      'GET',
      `/v1/children/${almostSix.body.childId}/history?purpose=audit`,
      users.countyCentre,
    );
    const reached = history.body.find((h: { type: string }) => h.type === 'AgeGroupReached');
    expect(reached.decision).toMatchObject({ actorId: 'system:ageing-out-scheduler', role: 'system' });
    await eventually(
      async () => {
        const rows = await pool.query(
          "SELECT doc->>'ageGroup' AS age_group FROM registry_child_index WHERE child_id = $1",
          [almostSix.body.childId],
        );
        return rows.rows[0]?.age_group === '6-11' || undefined;
      },
      20_000,
      'the new age group in the index',
    );
    expect(await scheduler.advanceAgeGroups(later)).toBe(0);
  });
});

describe('isolation: nobody acts or sees outside their subtree', () => {
  let childId: string;
  let etag: string;
  beforeAll(async () => {
    const registered = await call('POST', '/v1/children', users.villageOfficer, registration());
    childId = registered.body.childId;
    etag = registered.etag!;
  });

  const outsiders: [string, () => string][] = [
    ['a village officer of another county', () => users.otherVillageOfficer],
    ['a county centre of another county', () => users.otherCounty],
  ];
  const endpoints: [string, string, (id: string) => string, unknown][] = [
    ['read the file', 'GET', (id) => `/v1/children/${id}?purpose=check`, undefined],
    ['read the history', 'GET', (id) => `/v1/children/${id}/history?purpose=check`, undefined],
    [
      'record a guardian',
      'POST',
      (id) => `/v1/children/${id}/guardians`,
      { relation: 'father', situations: ['dead'], reason: '核实' },
    ],
    [
      'update a guardian',
      'POST',
      (id) => `/v1/children/${id}/guardians/7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d/situation`,
      { situations: ['dead'], since: '2026-01-01', reason: '核实' },
    ],
    [
      'change residence',
      'POST',
      (id) => `/v1/children/${id}/residence`,
      { villageCode: '330602001002', movedOn: '2026-05-01', reason: '搬家' },
    ],
    ['record a death', 'POST', (id) => `/v1/children/${id}/death`, { diedOn: '2026-05-01', reason: '核实' }],
    ['close the file', 'POST', (id) => `/v1/children/${id}/closure`, { reasonCode: 'other', reason: '核实' }],
    [
      'propose a tier',
      'POST',
      (id) => `/v1/children/${id}/classification/proposals`,
      { tierCode: 'orphan', evidence: [], reason: '核实' },
    ],
    [
      'review',
      'POST',
      (id) => `/v1/children/${id}/classification/proposals/7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d/review`,
      { outcome: 'forward', reason: '核实' },
    ],
    [
      'decide',
      'POST',
      (id) => `/v1/children/${id}/classification/proposals/7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d/decision`,
      { outcome: 'refuse', reason: '核实' },
    ],
    [
      're-verify',
      'POST',
      (id) => `/v1/children/${id}/reverifications`,
      { outcome: 'confirmed', findings: '正常', nextDueOn: '2027-01-01', reason: '核实' },
    ],
  ];

  for (const [who, token] of outsiders) {
    it.each(endpoints)(`${who} may not %s`, async (_what, method, path, body) => {
      const before = await eventCount();
      const answer = await call(method, path(childId), token(), body, { 'if-match': etag });
      expect([403, 404]).toContain(answer.status);
      if (answer.status === 403) expect(answer.body.error.code).toMatch(/^AUTH\.(OUTSIDE_JURISDICTION|FORBIDDEN)$/);
      expect(await eventCount()).toBe(before);
    });
  }

  it('a partner agency may not read children’s files at all', async () => {
    expect((await call('GET', `/v1/children/${childId}?purpose=check`, users.partnerAgency)).status).toBe(403);
    expect((await call('GET', '/v1/children', users.partnerAgency)).status).toBe(403);
  });

  it('lists never leak: an outsider sees none of these files, and may not ask for another county', async () => {
    const own = await call('GET', '/v1/children?pageSize=100', users.otherCounty);
    expect(own.status).toBe(200);
    expect(own.body.items.every((i: { village: string }) => i.village.startsWith('330681'))).toBe(true);
    const asked = await call('GET', '/v1/children?jurisdiction=330602', users.otherCounty);
    expect(asked.status).toBe(403);
    const refusals = await pool.query("SELECT count(*) FROM access_refusals WHERE code = 'AUTH.OUTSIDE_JURISDICTION'");
    expect(Number(refusals.rows[0].count)).toBeGreaterThan(0);
  });

  it('no token is 401, and a village officer may not register in another village', async () => {
    expect((await call('GET', '/v1/children', undefined)).status).toBe(401);
    const elsewhere = await call(
      'POST',
      '/v1/children',
      users.villageOfficer,
      registration({ villageCode: '330602001002' }),
    );
    expect(elsewhere.status).toBe(403);
  });
});

describe('bad input is a 4xx with a stable code, and nothing is written', () => {
  const base = () => registration();
  const cases: [string, Record<string, unknown> | string, number, RegExp][] = [
    [
      'a wrong check digit',
      { idNumber: '330602201503011230' },
      400,
      /REGISTRY.ID_NUMBER_CHECK_DIGIT|REGISTRY.ID_NUMBER_DISAGREES/,
    ],
    ['a 17-character ID number', { idNumber: '33060220150301123' }, 400, /VALIDATION.FAILED/],
    ['letters in the ID number', { idNumber: '33060220150301A23X' }, 400, /VALIDATION.FAILED/],
    [
      'an ID number that disagrees with the birth date',
      { birthDate: '2016-03-01' },
      400,
      /REGISTRY.ID_NUMBER_DISAGREES/,
    ],
    [
      'an impossible date',
      { birthDate: '2015-02-30', idNumber: undefined, registryNumber: undefined },
      400,
      /REGISTRY\.|VALIDATION/,
    ],
    ['a future birth date', { birthDate: '2099-01-01', idNumber: undefined }, 400, /REGISTRY\./],
    ['an unknown village', { villageCode: '330602999999' }, 400, /REGISTRY.PLACE_INVALID/],
    ['a village outside Shaoxing', { villageCode: '110101001001' }, 400, /VALIDATION.FAILED/],
    ['sex as a number', { sex: 1 }, 400, /VALIDATION.FAILED/],
    ['an oversized name', { name: '王'.repeat(5000) }, 400, /VALIDATION.FAILED/],
    ['markup in the name', { name: '<script>alert(1)</script>' }, 400, /VALIDATION.FAILED/],
    ['a Mongo operator as a value', { name: { $gt: '' } }, 400, /VALIDATION.FAILED/],
    ['an unknown field', { isAdmin: true }, 400, /VALIDATION.FAILED/],
    ['malformed JSON', '{"name": ', 400, /REQUEST.MALFORMED_JSON/],
  ];
  it.each(cases)('%s', async (_what, change, status, code) => {
    const before = await eventCount();
    const body = typeof change === 'string' ? change : { ...base(), ...change };
    const answer = await call('POST', '/v1/children', users.villageOfficer, body);
    expect(answer.status).toBe(status);
    expect(answer.body.error.code).toMatch(code);
    expect(answer.body.error.message).toBeTruthy();
    expect(await eventCount()).toBe(before);
  });

  it.each([
    ['a Mongo operator in the query string', '/v1/children?tier[$ne]=orphan'],
    ['a regex injection', '/v1/children?jurisdiction=.*'],
    ['a page beyond range', '/v1/children?page=0'],
    ['a huge page size', '/v1/children?pageSize=100000'],
  ])('%s in a list query', async (_what, path) => {
    const answer = await call('GET', path, users.countyCentre);
    expect(answer.status).toBe(400);
  });

  it('answers in English when asked', async () => {
    const answer = await call(
      'POST',
      '/v1/children',
      users.villageOfficer,
      { ...base(), villageCode: '330602999999' },
      { 'accept-language': 'en' },
    );
    expect(answer.body.error.message).toMatch(/place code/i);
  });
});
