import t from 'tap';
import { SqliteStore } from '@chanjiao/store';
import { buildApp, ndjson, seedReferences, storedIds, studentRow } from './helpers.js';

const EMPTY = { created: 0, updated: 0, unchanged: 0, stale: 0, rejected: 0, errors: [], errorsOmitted: 0 };

async function setup() {
  const { app, store } = await buildApp({}, new SqliteStore({ path: ':memory:' }), { auth: true });
  await seedReferences(store, { schools: ['sch-01', 'sch-02'] });
  const key = async (role: 'operator' | 'hr' | 'office', scope: Record<string, string> = {}) =>
    (await app.apiKeys.create({ role, scope, label: `test ${role}` })).key;
  const send = (url: string, key: string | undefined, body: string) =>
    app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-ndjson', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      payload: body,
    });
  return { app, store, key, send };
}

t.test('behind the auth plugin: operators and the office may load, others may not', async (t) => {
  const { app, key, send } = await setup();
  t.teardown(() => app.close());
  const body = ndjson([studentRow(1)]);
  t.same([(await send('/v1/ingest/student', undefined, body)).json().code], ['AUTH_MISSING_KEY']);
  const hr = await send('/v1/ingest/student', await key('hr', { enterpriseId: 'ent-1' }), body);
  t.same([hr.statusCode, hr.json().code], [403, 'AUTH_FORBIDDEN_ROLE']);
  const office = await send('/v1/ingest/student', await key('office'), body);
  t.same([office.statusCode, office.json()], [200, { ...EMPTY, created: 1 }]);
  const template = await app.inject({ method: 'GET', url: '/v1/ingest/student/csv-template' });
  t.equal(template.statusCode, 200, 'the CSV template needs no key');
});

t.test("an operator's key writes and deletes only its own school's or enterprise's records", async (t) => {
  const { app, store, key, send } = await setup();
  t.teardown(() => app.close());
  const school1 = await key('operator', { schoolId: 'sch-01' });
  const ent1 = await key('operator', { enterpriseId: 'ent-1' });
  const office = await key('office');
  const rows = ndjson([studentRow(1), studentRow(2, { schoolId: 'sch-02' }), studentRow(3)]);
  t.same((await send('/v1/ingest/student', school1, rows)).json(), {
    ...EMPTY,
    created: 2,
    rejected: 1,
    errors: [
      {
        row: 2,
        id: 'stu-0002',
        field: 'schoolId',
        code: 'INGEST_ROW_OUT_OF_SCOPE',
        message: 'schoolId: this API key may not write records of this owner',
        messageZh: '「学校代码」：当前 API 密钥无权写入该记录',
      },
    ],
  });
  t.same((await send('/v1/ingest/student', ent1, rows)).json().rejected, 3, 'an enterprise operator writes no students');
  const term = JSON.stringify({ id: '2027-spring', startsOn: '2027-02-20', endsOn: '2027-07-10', applicationMonth: 12 });
  t.same((await send('/v1/ingest/term', school1, term)).json().errors.map((e: { code: string }) => e.code), ['INGEST_ROW_OUT_OF_SCOPE']);
  t.same((await send('/v1/ingest/term', office, term)).json().created, 1);
  const post = JSON.stringify({ id: 'p1', enterpriseId: 'ent-1', kind: 'job', title: '电工', seats: 2, term: '2027-spring', city: '珠海' });
  t.same((await send('/v1/ingest/post', ent1, post)).json().errors.map((e: { code: string }) => e.code), ['INGEST_ROW_UNKNOWN_REFERENCE'], 'no post before its enterprise');
  t.same((await send('/v1/ingest/enterprise', ent1, JSON.stringify({ id: 'ent-1', name: '格力', city: '珠海', industry: '家电制造' }))).json().created, 1);
  t.same((await send('/v1/ingest/post', ent1, post)).json().created, 1);

  await send('/v1/ingest/student', office, ndjson([studentRow(2, { schoolId: 'sch-02' })]));
  const del = await send('/v1/ingest/student/delete', school1, ndjson(['stu-0001', 'stu-0002', 'stu-0404']));
  t.same(del.json(), {
    deleted: 1,
    notFound: 1,
    rejected: 1,
    errors: [
      {
        row: 2,
        id: 'stu-0002',
        field: 'schoolId',
        code: 'INGEST_ROW_OUT_OF_SCOPE',
        message: 'schoolId: this API key may not write records of this owner',
        messageZh: '「学校代码」：当前 API 密钥无权写入该记录',
      },
    ],
    errorsOmitted: 0,
  });
  t.same(await storedIds(store), ['stu-0002', 'stu-0003']);
});
