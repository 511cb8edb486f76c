import t from 'tap';
import { buildApp, studentRow } from '../../services/ingestion/test/helpers.js';

/**
 * Issue 15 item 5: what a reply echoes from the request is capped, so a huge value cannot make a
 * reply many times the request (or crash the process building it).
 */
t.test('a 10 MB id is echoed clipped in every row error, and the reply stays small', async (t) => {
  const { app } = await buildApp();
  t.teardown(() => app.close());
  const id = 'x'.repeat(10 * 1024 * 1024);
  const row = { ...studentRow(1), id, schoolId: id, majorCode: id, level: id, graduationYear: id, consentToBeFound: id, updatedAt: id };
  const res = await app.inject({ method: 'POST', url: '/v1/ingest/student', headers: { 'content-type': 'application/x-ndjson' }, payload: `${JSON.stringify(row)}\n` });
  t.equal(res.statusCode, 200);
  const body = res.json();
  t.equal(body.rejected, 1);
  t.ok(body.errors.length >= 5, `${body.errors.length} row errors`);
  t.ok(res.body.length < 64 * 1024, `reply of ${res.body.length} bytes for a 10 MB id`);
  for (const e of body.errors) {
    t.ok(e.id.length <= 100 && e.id.startsWith('xxxx'), 'the id is clipped, and says so');
    t.match(e.id, /…\(\+\d+ chars\)$/);
    t.ok(e.message.length <= 400 && e.messageZh.length <= 400);
  }
});

t.test('a CSV header of 50,000 unknown columns gets a small error reply that says how many were left out', async (t) => {
  const { app } = await buildApp();
  t.teardown(() => app.close());
  const header = Array.from({ length: 50_000 }, (_, i) => `bogus_column_${i}`).join(',');
  const res = await app.inject({ method: 'POST', url: '/v1/ingest/student', headers: { 'content-type': 'text/csv' }, payload: `${header}\n` });
  t.same([res.statusCode, res.json().code], [400, 'INGEST_CSV_UNKNOWN_COLUMN']);
  t.ok(res.body.length < 64 * 1024, `reply of ${res.body.length} bytes`);
  t.equal(res.json().fields.length, 100);
  t.equal(res.json().details.fieldsOmitted, 49_900);
});
