import ExcelJS from 'exceljs';
import t, { type Test } from 'tap';
import { configPlugin, createHttpServer, loadConfig } from '@chanjiao/platform';
import { SqliteStore, storePlugin, type Store } from '@chanjiao/store';
import { BatchJobRunner } from '../../src/batch/jobs.js';
import { batchRoutes } from '../../src/batch/routes.js';
import { ELECTRICAL, MECHATRONICS, TERM, enterprise, post, school, student, tableScorer } from './fixtures.js';

const AT = '2026-03-01T00:00:00.000Z';

/** A store whose `count` waits for a gate: holds a job in its loading phase for as long as a test needs. */
function gatedStore(store: Store): { store: Store; open: () => void; close: () => void } {
  let release: () => void = () => {};
  let gate: Promise<void> = Promise.resolve();
  const proxy = new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'count') return async (type: Parameters<Store['count']>[0]) => (await gate, target.count(type));
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return {
    store: proxy,
    close: () => (gate = new Promise<void>((r) => (release = r))),
    open: () => release(),
  };
}

async function setup(t: Test) {
  // The table scorer's 0.1 stands for "eligible", not for a weak match: no floor here (student-wishes.test.ts tests it).
  const config = loadConfig({ BATCH_MIN_SCORE: '0' });
  const raw = new SqliteStore({ path: ':memory:' });
  await raw.upsert('term', [{ record: { id: TERM, startsOn: '2027-09-01', endsOn: '2028-01-21', applicationMonth: 6, updatedAt: AT } }]);
  await raw.upsert('school', [{ record: school('SA', '珠海') }, { record: school('SB', '郴州') }]);
  await raw.upsert('enterprise', [{ record: enterprise('E1', '珠海', '金湾高新区') }]);
  await raw.upsert(
    'student',
    ['s1', 's2', 's3'].map((id) => ({ record: student(id, id === 's3' ? 'SB' : 'SA', id === 's2' ? ELECTRICAL : MECHATRONICS), personal: { name: '张三' } })),
  );
  await raw.upsert('post', [
    { record: post('P1', 'E1', 1, { acceptedMajorCodes: ['4603'] }) },
    { record: post('C1', 'E1', 2, { kind: 'order_class', acceptedMajorCodes: ['4603'] }) },
    { record: post('OLD', 'E1', 1, { term: '2027-spring' }) },
  ]);
  const gated = gatedStore(raw);
  const runner = new BatchJobRunner({ store: gated.store, config, scorerFor: () => tableScorer({ 's1>P1': 0.9, 's2>P1': 0.8, 's3>P1': 0.7 }) });
  const app = createHttpServer(config, { name: 'test', logger: false });
  await app.register(configPlugin, { config });
  await app.register(storePlugin, { store: raw });
  await app.register(batchRoutes, { runner });
  await app.ready();
  t.teardown(async () => {
    gated.open();
    await runner.close();
    await app.close();
    await raw.close();
  });
  return { app, gated, runner };
}

async function waitFor(app: Awaited<ReturnType<typeof setup>>['app'], id: string) {
  for (;;) {
    const job = (await app.inject({ method: 'GET', url: `/v1/batch/jobs/${id}` })).json();
    if (job.status !== 'queued' && job.status !== 'running') return job;
    await new Promise((r) => setTimeout(r, 5));
  }
}

t.test('inputs and validation: term, class rules, applications, interviews', async (t) => {
  const { app } = await setup(t);
  let res = await app.inject({ method: 'POST', url: '/v1/batch/jobs', payload: { term: '2099-spring' } });
  t.equal(res.statusCode, 404);
  t.same(res.json(), {
    statusCode: 404,
    code: 'BATCH_TERM_NOT_FOUND',
    error: 'Not Found',
    message: 'No such term; load the term record first (see details.term). / 学期不存在，请先导入学期记录（见 details.term）。',
    details: { term: '2099-spring' },
  });

  res = await app.inject({ method: 'POST', url: '/v1/batch/jobs', payload: { term: '2027', options: { bogus: 1 } } });
  t.equal(res.statusCode, 400);
  t.equal(res.json().code, 'REQUEST_VALIDATION_FAILED');
  t.same(res.json().fields.map((f: { path: string }) => f.path).sort(), ['body.options.bogus', 'body.term']);
  res = await app.inject({ method: 'POST', url: '/v1/batch/jobs', payload: { term: TERM, options: { minScore: 1.5 } } });
  t.same([res.statusCode, res.json().fields.map((f: { path: string }) => f.path)], [400, ['body.options.minScore']]);

  res = await app.inject({
    method: 'POST',
    url: '/v1/batch/jobs',
    payload: { term: TERM, options: { classes: [{ postId: 'C1', minSize: 3, schoolQuotas: { SA: 2, SX: 1 } }, { postId: 'OLD' }] } },
  });
  t.equal(res.statusCode, 422);
  t.same(res.json().code, 'BATCH_CLASS_RULE_INVALID');
  // A minimum above the seats is not an error: it counts as the seats, as the default does.
  t.same(res.json().fields, [
    { path: 'body.options.classes.0.schoolQuotas', message: 'the quotas reserve 3 seats; the class has 2' },
    { path: 'body.options.classes.0.schoolQuotas.SX', message: 'no school SX' },
    { path: 'body.options.classes.1.postId', message: `no post OLD in term ${TERM}` },
  ]);

  res = await app.inject({
    method: 'PUT',
    url: `/v1/batch/terms/${TERM}/applications`,
    payload: { applications: [{ studentId: 'nobody', postIds: ['P1'] }, { studentId: 's1', postIds: ['OLD', 'P1'] }] },
  });
  t.equal(res.statusCode, 422);
  t.same([res.json().code, res.json().fields], [
    'BATCH_APPLICATION_INVALID',
    [
      { path: 'body.applications.0.studentId', message: 'no student nobody' },
      { path: 'body.applications.1.postIds.0', message: `no open post OLD in term ${TERM}` },
    ],
  ]);

  res = await app.inject({ method: 'PUT', url: `/v1/batch/terms/${TERM}/applications`, payload: { applications: [{ studentId: 's1', postIds: ['P1', 'P1'] }] } });
  t.same([res.statusCode, res.json().fields], [400, [{ path: 'body.applications.0.postIds', message: 'a post is listed twice' }]]);

  res = await app.inject({ method: 'PUT', url: `/v1/batch/terms/${TERM}/interviews`, payload: { results: [{ postId: 'OLD', studentId: 's1', passed: true }] } });
  t.same([res.statusCode, res.json().code, res.json().fields], [422, 'BATCH_INTERVIEW_INVALID', [{ path: 'body.results.0.postId', message: `no post OLD in term ${TERM}` }]]);
});

t.test('an empty list withdraws a student’s application: the next run derives its list again', async (t) => {
  const { app, runner } = await setup(t);
  const put = (applications: unknown) => app.inject({ method: 'PUT', url: `/v1/batch/terms/${TERM}/applications`, payload: { applications } });
  let res = await put([{ studentId: 's3', postIds: ['C1'] }, { studentId: 's1', postIds: ['P1'] }]);
  t.same([res.statusCode, res.json()], [200, { term: TERM, saved: 2 }]);
  // A clerk filed s3's application by mistake: the same route takes it back.
  res = await put([{ studentId: 's3', postIds: [] }]);
  t.same([res.statusCode, res.json()], [200, { term: TERM, saved: 1 }], res.body);
  t.same([...(await runner.results.applications(TERM)).entries()], [['s1', ['P1']]]);
  res = await app.inject({ method: 'POST', url: '/v1/batch/jobs', payload: { term: TERM, options: { seed: 'w' } } });
  const job = await waitFor(app, res.json().id);
  const lists = (await runner.results.result(TERM, job.version))!.lists;
  t.same(lists.filter((l) => l.studentId !== 's2').map((l) => [l.studentId, l.source]), [['s1', 'application'], ['s3', 'derived']]);
});

t.test('a job runs, is watched, cancelled, re-run; results are versioned, reported and compared', async (t) => {
  const { app, gated } = await setup(t);
  // s3 applies to the order class only; s2 passed P1's interview, which puts it above s1 there.
  let res = await app.inject({ method: 'PUT', url: `/v1/batch/terms/${TERM}/applications`, payload: { applications: [{ studentId: 's3', postIds: ['C1'] }] } });
  t.same([res.statusCode, res.json()], [200, { term: TERM, saved: 1 }]);
  res = await app.inject({ method: 'PUT', url: `/v1/batch/terms/${TERM}/interviews`, payload: { results: [{ postId: 'P1', studentId: 's2', passed: true, score: 80 }] } });
  t.same([res.statusCode, res.json()], [200, { term: TERM, saved: 1 }]);

  gated.close();
  res = await app.inject({ method: 'POST', url: '/v1/batch/jobs', payload: { term: TERM, options: { seed: 'first' } } });
  t.equal(res.statusCode, 202);
  const first = res.json();
  t.same(first, {
    id: first.id, term: TERM, status: 'queued', phase: 'loading', progress: 0, done: 0, total: 0,
    createdAt: first.createdAt, startedAt: null, finishedAt: null, version: null, error: null,
  });
  await new Promise((r) => setTimeout(r, 20));
  res = await app.inject({ method: 'GET', url: `/v1/batch/jobs/${first.id}` });
  t.same([res.json().status, res.json().phase], ['running', 'loading']);
  res = await app.inject({ method: 'POST', url: '/v1/batch/jobs', payload: { term: TERM } });
  t.same([res.statusCode, res.json().code, res.json().details], [409, 'BATCH_JOB_ALREADY_RUNNING', { jobId: first.id }]);
  res = await app.inject({ method: 'GET', url: `/v1/batch/jobs/${first.id}/result` });
  t.same([res.statusCode, res.json().code], [409, 'BATCH_JOB_NOT_FINISHED']);

  const cancelling = app.inject({ method: 'POST', url: `/v1/batch/jobs/${first.id}/cancel` });
  await new Promise((r) => setTimeout(r, 20));
  gated.open();
  res = await cancelling;
  t.same([res.statusCode, res.json().status, res.json().version], [200, 'cancelled', null]);
  res = await app.inject({ method: 'POST', url: `/v1/batch/jobs/${first.id}/cancel` });
  t.same([res.statusCode, res.json().code], [409, 'BATCH_JOB_NOT_CANCELLABLE']);
  res = await app.inject({ method: 'GET', url: `/v1/batch/jobs/${first.id}/result` });
  t.same([res.statusCode, res.json().code, res.json().details], [409, 'BATCH_JOB_HAS_NO_RESULT', { jobId: first.id, status: 'cancelled' }]);

  res = await app.inject({ method: 'POST', url: '/v1/batch/jobs', payload: { term: TERM, options: { seed: 'second', secondRound: false } } });
  const second = await waitFor(app, res.json().id);
  // A finished job says so in its phase too, not the last phase it was in (saving).
  t.same([second.status, second.phase, second.version, second.progress, second.error], ['succeeded', 'done', 1, 1, null]);
  res = await app.inject({ method: 'GET', url: `/v1/batch/jobs/${second.id}/result` });
  t.equal(res.statusCode, 200);
  const summary = res.json();
  t.same(summary, {
    term: TERM,
    version: 1,
    jobId: second.id,
    createdAt: summary.createdAt,
    seed: 'second',
    options: { seed: 'second', preferenceListLength: 10, candidateDepth: 40, reserveListLength: 5, secondRound: false, minClassSize: 0, classes: [], minScore: 0 },
    counts: { students: 3, posts: 2, seats: 3, matched: 3, matchedRound1: 3, matchedRound2: 0, unmatched: 0, fromApplications: 1, cancelledClasses: 0 },
    stability: { round1: { students: 3, blockingPairs: 0, capacityViolations: 0, unacceptable: 0 }, round2: null },
    cancelled: [],
  });

  res = await app.inject({ method: 'GET', url: `/v1/batch/terms/${TERM}/results/latest/reports/assignments?offset=1&limit=1` });
  t.equal(res.statusCode, 200);
  const report = res.json();
  t.same([report.version, report.totalRows, report.rows.map((r: Record<string, unknown>) => [r.studentId, r.postId, r.interview])], [1, 3, [['s2', 'P1', '通过 passed 80']]]);

  res = await app.inject({ method: 'GET', url: `/v1/batch/terms/${TERM}/results/1/reports/fill-posts?format=csv` });
  t.equal(res.statusCode, 200);
  t.equal(res.headers['content-type'], 'text/csv; charset=utf-8');
  t.equal(res.headers['content-disposition'], `attachment; filename="batch-${TERM}-v1-fill-posts.csv"`);
  t.equal(
    res.body,
    '\uFEFF城市 city,岗位编号 post id,岗位 post,类型 kind,企业 enterprise,园区 park,名额 seats,取消班级名额 cancelled seats,首轮 round 1,补录 round 2,合计 filled,填充率 fill rate,状态 status,首轮录取线 round-1 cutoff,候补人数 waiting list\r\n' +
      '珠海,C1,C1岗位,订单班,E1公司,园区外,2,0,2,0,2,100.0%,已满 full,0.1,0\r\n' +
      '珠海,P1,P1岗位,就业岗位,E1公司,园区外,1,0,1,0,1,100.0%,已满 full,面试 80 interview,1\r\n',
  );

  // Every report cut to one city (a trailing 市 optional); a city the run does not have is a 404.
  res = await app.inject({ method: 'GET', url: `/v1/batch/terms/${TERM}/results/1/reports/assignments?city=${encodeURIComponent('珠海市')}` });
  t.same([res.json().city, res.json().totalRows], ['珠海市', 3]);
  res = await app.inject({ method: 'GET', url: `/v1/batch/terms/${TERM}/results/1/reports/unmatched?city=${encodeURIComponent('郴州')}` });
  t.same([res.statusCode, res.json().totalRows], [200, 0]);
  res = await app.inject({ method: 'GET', url: `/v1/batch/terms/${TERM}/results/1/reports/supply?format=csv&city=${encodeURIComponent('郴州')}` });
  t.equal(res.body.split('\r\n')[1], '郴州,SB,SB学院,460301,机电一体化技术,高职专科,1,1,1,0');
  t.equal(res.headers['content-disposition'], `attachment; filename="batch-${TERM}-v1-supply-city.csv"; filename*=UTF-8''${encodeURIComponent(`batch-${TERM}-v1-supply-郴州.csv`)}`);
  res = await app.inject({ method: 'GET', url: `/v1/batch/terms/${TERM}/results/1/reports/demand?city=${encodeURIComponent('北京')}` });
  t.same([res.statusCode, res.json().code, res.json().details], [404, 'BATCH_CITY_NOT_IN_RESULT', { city: '北京', cities: ['珠海', '郴州'] }]);

  // The whole run as one workbook, and one city's.
  res = await app.inject({ method: 'GET', url: `/v1/batch/terms/${TERM}/results/1/export` });
  t.equal(res.statusCode, 200);
  t.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  t.equal(res.headers['content-disposition'], `attachment; filename="batch-${TERM}-v1.xlsx"`);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  t.equal(workbook.worksheets.length, 11);
  t.same((workbook.getWorksheet('匹配结果')!.getRow(2).values as unknown[]).slice(1, 3), ['珠海', 's1']);
  res = await app.inject({ method: 'GET', url: `/v1/batch/terms/${TERM}/results/1/export?city=${encodeURIComponent('郴州')}` });
  const cut = new ExcelJS.Workbook();
  await cut.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  t.equal(cut.getWorksheet('匹配结果')!.getRow(2).values?.length ?? 0, 0, 'no placement in 郴州: the sheet has its header only');
  t.same((cut.getWorksheet('供给：院校 × 专业')!.getRow(2).values as unknown[]).slice(1, 3), ['郴州', 'SB']);
  res = await app.inject({ method: 'GET', url: `/v1/batch/terms/${TERM}/results/1/export?city=` });
  t.same([res.statusCode, res.json().code], [400, 'REQUEST_VALIDATION_FAILED']);

  res = await app.inject({ method: 'GET', url: `/v1/batch/terms/${TERM}/results/1/reports` });
  t.same(res.json().reports.map((r: { name: string }) => r.name), [
    'summary', 'assignments', 'supply', 'demand', 'fill-posts', 'fill-classes', 'fill-parks', 'unmatched', 'shortage-majors', 'local', 'subsidy',
  ]);

  // A re-run without s2's interview: s1 takes P1 back, s2 goes to the class.
  res = await app.inject({ method: 'PUT', url: `/v1/batch/terms/${TERM}/interviews`, payload: { results: [{ postId: 'P1', studentId: 's2', passed: false }] } });
  t.equal(res.statusCode, 200);
  res = await app.inject({ method: 'POST', url: '/v1/batch/jobs', payload: { term: TERM, options: { seed: 'second', secondRound: false } } });
  t.equal((await waitFor(app, res.json().id)).version, 2);
  res = await app.inject({ method: 'GET', url: `/v1/batch/terms/${TERM}/results` });
  t.same(res.json().versions.map((v: { version: number }) => v.version), [1, 2]);
  res = await app.inject({ method: 'GET', url: `/v1/batch/terms/${TERM}/compare?from=1` });
  t.equal(res.statusCode, 200);
  t.same(res.json(), {
    term: TERM,
    from: 1,
    to: 2,
    counts: { unchanged: 1, moved: 2, newlyPlaced: 0, noLongerPlaced: 0, stillUnmatched: 0, added: 0, removed: 0 },
    changes: [
      { studentId: 's1', from: 'C1', to: 'P1', reason: 'moved_up', detail: '获得更靠前的第 1 志愿（原第 2 志愿）/ got choice 1, was choice 2' },
      { studentId: 's2', from: 'P1', to: 'C1', reason: 'interview_failed', detail: '面试未通过 interview not passed' },
    ],
  });
});

t.test('unknown jobs, versions and reports', async (t) => {
  const { app } = await setup(t);
  let res = await app.inject({ method: 'GET', url: '/v1/batch/jobs/nope' });
  t.same([res.statusCode, res.json().code], [404, 'BATCH_JOB_NOT_FOUND']);
  res = await app.inject({ method: 'POST', url: '/v1/batch/jobs/nope/cancel' });
  t.same([res.statusCode, res.json().code], [404, 'BATCH_JOB_NOT_FOUND']);
  res = await app.inject({ method: 'GET', url: `/v1/batch/terms/${TERM}/results/7` });
  t.same([res.statusCode, res.json().code, res.json().details], [404, 'BATCH_RESULT_NOT_FOUND', { term: TERM, version: 7 }]);
  res = await app.inject({ method: 'GET', url: `/v1/batch/terms/${TERM}/results/latest/reports/summary` });
  t.same([res.statusCode, res.json().code], [404, 'BATCH_RESULT_NOT_FOUND']);
  res = await app.inject({ method: 'GET', url: `/v1/batch/terms/${TERM}/results/1/reports/payroll` });
  t.same([res.statusCode, res.json().code, res.json().fields.map((f: { path: string }) => f.path)], [400, 'REQUEST_VALIDATION_FAILED', ['params.name']]);
  res = await app.inject({ method: 'GET', url: `/v1/batch/terms/${TERM}/compare?from=1&to=2` });
  t.same([res.statusCode, res.json().code], [404, 'BATCH_RESULT_NOT_FOUND']);
  res = await app.inject({ method: 'GET', url: '/v1/batch/terms/2027-winter/results' });
  t.same([res.statusCode, res.json().fields.map((f: { path: string }) => f.path)], [400, ['params.term']]);
  res = await app.inject({ method: 'GET', url: '/v1/batch/terms/2099-autumn/results' });
  t.same([res.statusCode, res.json().code, res.json().details], [404, 'BATCH_TERM_NOT_FOUND', { term: '2099-autumn' }], 'a term neither stored nor run');
  res = await app.inject({ method: 'GET', url: `/v1/batch/terms/${TERM}/results` });
  t.same([res.statusCode, res.json().versions], [200, []], 'a stored term not run yet: an empty list');
});
