import t from 'tap';
import { buildApp, seedReferences, studentRow } from '../../services/ingestion/test/helpers.js';
import { startLightHost } from './light-host.js';

/** Issue 15 item 9: valid GB18030 is read whatever it encodes; a JSON body in a charset not read is a 415. */

t.test('the valid GB18030 sequence 84 31 A4 37 (U+FFFD) is read, invalid bytes are still refused', async (t) => {
  const { app, store } = await buildApp();
  t.teardown(() => app.close());
  await seedReferences(store, { schools: ['sch-01'] });
  const row = studentRow(1);
  const header = 'id,schoolId,majorCode,level,graduationYear,consentToBeFound,updatedAt,name,selfIntroduction\r\n';
  const line = (intro: Buffer) =>
    Buffer.concat([Buffer.from(`${header}${row.id},${row.schoolId},${row.majorCode},${row.level},${row.graduationYear},true,${row.updatedAt},test,`), intro, Buffer.from('\r\n')]);
  const send = (body: Buffer) => app.inject({ method: 'POST', url: '/v1/ingest/student', headers: { 'content-type': 'text/csv; charset=gb18030' }, payload: body });
  const ok = await send(line(Buffer.from([0x41, 0x84, 0x31, 0xa4, 0x37, 0x42])));
  t.same([ok.statusCode, ok.json().created, ok.json().rejected], [200, 1, 0], ok.body);
  t.equal((await store.get('student', row.id as string))?.selfIntroduction, 'A\uFFFDB');
  const bad = await send(line(Buffer.from([0x41, 0x84, 0x31, 0x20, 0x42])));
  t.same([bad.statusCode, bad.json().code], [400, 'INGEST_BAD_ENCODING']);
});

t.test('JSON routes answer 415 for a charset they do not read', async (t) => {
  const host = await startLightHost();
  t.teardown(() => host.close());
  const body = JSON.stringify({ query: 'PLC' });
  for (const charset of ['utf-16', 'UTF-16LE', 'gbk', 'iso-8859-1']) {
    const res = await host.call('hr', 'POST', '/v1/candidates/search', body, { 'content-type': `application/json; charset=${charset}` });
    t.same([res.statusCode, res.json().code], [415, 'REQUEST_UNSUPPORTED_MEDIA_TYPE'], charset);
  }
  for (const ok of ['application/json', 'application/json; charset=utf-8', 'application/json;charset="UTF-8"']) {
    const res = await host.call('hr', 'POST', '/v1/candidates/search', body, { 'content-type': ok });
    t.equal(res.statusCode, 200, ok);
  }
});

t.test('a JSON body that is not valid UTF-8 is a 400 naming the body, not text with U+FFFD in it', async (t) => {
  const host = await startLightHost();
  t.teardown(() => host.close());
  const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
  for (const [label, body] of [
    ['a lone 0xFF', bytes('{"query":"PLC', [0xff], '"}')],
    ['GBK bytes of 电工', bytes('{"query":"', [0xb5, 0xe7, 0xb9, 0xa4], '"}')],
    ['a truncated sequence', bytes('{"query":"', [0xe7, 0x94], '"}')],
  ] as const) {
    const res = await host.call('hr', 'POST', '/v1/candidates/search', body, { 'content-type': 'application/json' });
    t.same([res.statusCode, res.json().code, res.json().fields?.[0]?.path], [400, 'REQUEST_INVALID', 'body'], label);
  }
  const ok = await host.call('hr', 'POST', '/v1/candidates/search', Buffer.from('\uFEFF{"query":"电工"}'), { 'content-type': 'application/json' });
  t.equal(ok.statusCode, 200, 'valid UTF-8 (a byte-order mark too) is read');
});
