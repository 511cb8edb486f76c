import t from 'tap';
import { SqliteStore } from '@chanjiao/store';
import { buildApp, ndjson, seedReferences, studentRow } from '../../services/ingestion/test/helpers.js';

/**
 * Issue 15 item 1: an operator key may not take over another owner's record by upserting it with
 * its own school or enterprise id, and a row dated far in the future (which would make every
 * later upload by the owner `stale`) is rejected.
 */
async function setup() {
  const store = new SqliteStore({ path: ':memory:' });
  const { app } = await buildApp({}, store, { auth: true });
  await seedReferences(store, { schools: ['sch-01', 'sch-02'] }); // a student's school must be stored
  const key = async (scope: Record<string, string>) => (await app.apiKeys.create({ role: 'operator', scope, label: 'op' })).key;
  const send = (url: string, key: string, body: string) =>
    app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${key}` }, payload: body });
  return { app, store, key, send };
}

const codes = (body: { errors: Array<{ code: string; field: string }> }) => body.errors.map((e) => `${e.field}:${e.code}`);

t.test("a school's operator cannot take over another school's student", async (t) => {
  const { app, store, key, send } = await setup();
  t.teardown(() => app.close());
  const schoolA = await key({ schoolId: 'sch-01' });
  const schoolB = await key({ schoolId: 'sch-02' });
  t.equal((await send('/v1/ingest/student', schoolA, ndjson([studentRow(1)]))).json().created, 1);

  const takeover = studentRow(1, { schoolId: 'sch-02', updatedAt: '2026-10-01T00:00:00.000Z', personal: { name: '冒名', phone: '13700000000' } });
  const res = await send('/v1/ingest/student', schoolB, ndjson([takeover]));
  t.equal(res.statusCode, 200);
  t.same([res.json().updated, res.json().created, res.json().rejected], [0, 0, 1]);
  t.same(codes(res.json()), ['schoolId:INGEST_ROW_OUT_OF_SCOPE']);
  t.equal((await store.get('student', 'stu-0001'))?.schoolId, 'sch-01', 'the stored record keeps its owner');
  t.equal((await store.personal('stu-0001'))?.name, '学生1', 'and its personal data');

  // The owner still updates and deletes it.
  const again = await send('/v1/ingest/student', schoolA, ndjson([studentRow(1, { graduationYear: 2028, updatedAt: '2026-09-02T00:00:00.000Z' })]));
  t.equal(again.json().updated, 1);
  t.equal((await send('/v1/ingest/student/delete', schoolA, ndjson(['stu-0001']))).json().deleted, 1);
});

t.test("an enterprise's operator cannot take over another enterprise's post", async (t) => {
  const { app, store, key, send } = await setup();
  t.teardown(() => app.close());
  const ent1 = await key({ enterpriseId: 'ent-1' });
  const ent2 = await key({ enterpriseId: 'ent-2' });
  await seedReferences(store, { enterprises: ['ent-1', 'ent-2'] }); // a post's enterprise must be stored
  const post = { id: 'p1', enterpriseId: 'ent-1', kind: 'job', title: '电工', seats: 2, term: '2027-spring', city: '珠海', updatedAt: '2026-09-01T00:00:00.000Z' };
  t.equal((await send('/v1/ingest/post', ent1, JSON.stringify(post))).json().created, 1);
  const res = await send('/v1/ingest/post', ent2, JSON.stringify({ ...post, enterpriseId: 'ent-2', title: '抢走', updatedAt: '2026-10-01T00:00:00.000Z' }));
  t.same([res.json().updated, res.json().rejected], [0, 1]);
  t.same(codes(res.json()), ['enterpriseId:INGEST_ROW_OUT_OF_SCOPE']);
  t.equal((await store.get('post', 'p1'))?.enterpriseId, 'ent-1');
});

t.test('an updatedAt beyond a small clock skew is rejected', async (t) => {
  const { app, store, key, send } = await setup();
  t.teardown(() => app.close());
  const schoolA = await key({ schoolId: 'sch-01' });
  const future = new Date(Date.now() + 60 * 60_000).toISOString();
  const res = await send('/v1/ingest/student', schoolA, ndjson([studentRow(1, { updatedAt: '2030-01-01T00:00:00.000Z' }), studentRow(2, { updatedAt: future })]));
  t.same([res.json().created, res.json().rejected], [0, 2]);
  t.same(codes(res.json()), ['updatedAt:INGEST_ROW_INVALID_VALUE', 'updatedAt:INGEST_ROW_INVALID_VALUE']);
  t.equal(await store.get('student', 'stu-0001'), undefined);
  // A minute ahead (a client clock slightly fast) is fine.
  const soon = new Date(Date.now() + 60_000).toISOString();
  t.equal((await send('/v1/ingest/student', schoolA, ndjson([studentRow(3, { updatedAt: soon })]))).json().created, 1);
});
