/** Shortlist entries one at a time (add, note, remove) and the .xlsx export checked cell by cell against the API. */
import ExcelJS from 'exceljs';
import t from 'tap';
import { enterprise, post, school, student } from '../../services/matching/test/batch/fixtures.js';
import { buildConsoleHost, keyFor } from './helpers.js';

const host = await buildConsoleHost({}, async (store) => {
  await store.upsert('school', [{ record: school('SA', '珠海') }]);
  await store.upsert('enterprise', [{ record: enterprise('E1', '珠海', '金湾高新区') }, { record: enterprise('E2', '珠海', undefined) }]);
  await store.upsert('post', [{ record: post('P1', 'E1', 3) }]);
  await store.upsert('student', [
    { record: student('s1', 'SA', '460301', { skills: [{ name: 'PLC' }], graduationYear: 2027 }), personal: { name: '张三', phone: '13912345678' } },
    { record: student('s2', 'SA', '460306'), personal: { name: '李四' } },
    { record: student('s3', 'SA', '460306'), personal: { name: '王五' } },
    { record: student('hidden', 'SA', '460306', { consentToBeFound: false }), personal: { name: '赵六' } },
  ]);
});
t.teardown(() => host.close());
const { app } = host;
const hr = (await keyFor(app, 'hr', { enterpriseId: 'E1' })).key;
const otherHr = (await keyFor(app, 'hr', { enterpriseId: 'E2' })).key;
const call = (key: string, method: 'GET' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload === undefined ? {} : { payload: payload as object }) });
const ids = (res: { json(): { entries: Array<{ studentId: string; note?: string }> } }) => res.json().entries.map((e) => [e.studentId, e.note ?? null]);

t.test('add, annotate and remove entries one at a time', async (t) => {
  const empty = await call(hr, 'GET', '/v1/posts/P1/shortlist');
  t.same([empty.statusCode, empty.json().updatedAt, empty.json().entries], [200, null, []], 'a shortlist never saved has no date');
  let res = await call(hr, 'PUT', '/v1/posts/P1/shortlist/s1', { note: '=HYPERLINK("x") 面试优先' });
  t.equal(res.statusCode, 200, res.body);
  t.ok(Date.parse(res.json().updatedAt) > Date.parse('2026-01-01'), res.json().updatedAt);
  res = await call(hr, 'PUT', '/v1/posts/P1/shortlist/s2', {});
  res = await call(hr, 'PUT', '/v1/posts/P1/shortlist/s3', { note: '备选' });
  t.same(ids(res), [['s1', '=HYPERLINK("x") 面试优先'], ['s2', null], ['s3', '备选']]);
  res = await call(hr, 'PUT', '/v1/posts/P1/shortlist/s2', { note: 'PLC 熟练' });
  t.same(ids(res), [['s1', '=HYPERLINK("x") 面试优先'], ['s2', 'PLC 熟练'], ['s3', '备选']], 'a note changes in place');
  res = await call(hr, 'PUT', '/v1/posts/P1/shortlist/s2', {});
  t.same(ids(res)[1], ['s2', 'PLC 熟练'], 'no note keeps the note');
  res = await call(hr, 'DELETE', '/v1/posts/P1/shortlist/s3');
  t.same(ids(res), [['s1', '=HYPERLINK("x") 面试优先'], ['s2', 'PLC 熟练']]);
  res = await call(hr, 'DELETE', '/v1/posts/P1/shortlist/s3');
  t.same([res.statusCode, ids(res).length], [200, 2], 'removing twice is fine');
  t.same(ids(await call(hr, 'GET', '/v1/posts/P1/shortlist')), [['s1', '=HYPERLINK("x") 面试优先'], ['s2', 'PLC 熟练']]);
});

t.test('rules: findable students only, own enterprise only, notes ≤ 500', async (t) => {
  let res = await call(hr, 'PUT', '/v1/posts/P1/shortlist/hidden', {});
  t.same([res.statusCode, res.json().code, res.json().fields[0].path], [400, 'MATCH_SHORTLIST_UNKNOWN_STUDENT', 'params.studentId']);
  const unknown = await call(hr, 'PUT', '/v1/posts/P1/shortlist/nobody', {});
  t.same({ ...unknown.json(), fields: null }, { ...res.json(), fields: null }, 'invisible = unknown');
  res = await call(otherHr, 'PUT', '/v1/posts/P1/shortlist/s1', {});
  t.same([res.statusCode, res.json().code], [403, 'AUTH_FORBIDDEN_SCOPE']);
  res = await call(otherHr, 'DELETE', '/v1/posts/P1/shortlist/s1');
  t.same([res.statusCode, res.json().code], [403, 'AUTH_FORBIDDEN_SCOPE']);
  res = await call(hr, 'PUT', '/v1/posts/P1/shortlist/s1', { note: 'x'.repeat(501) });
  t.same([res.statusCode, res.json().fields[0].path], [400, 'body.note']);
  res = await call(hr, 'PUT', '/v1/posts/NOPE/shortlist/s1', {});
  t.same([res.statusCode, res.json().code], [404, 'MATCH_POST_NOT_FOUND']);
});

t.test('.xlsx export: the API shortlist, row by row; notes stay text; the phone is not in it', async (t) => {
  const api = (await call(hr, 'GET', '/v1/posts/P1/shortlist')).json();
  const res = await app.inject({ method: 'GET', url: '/v1/posts/P1/shortlist/export?format=xlsx', headers: { authorization: `Bearer ${hr}` } });
  t.equal(res.statusCode, 200);
  t.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  t.equal(res.headers['content-disposition'], 'attachment; filename="shortlist-P1.xlsx"');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('候选名单')!;
  const rows: unknown[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  t.same(rows[0], ['序号', '学生编号', '称呼', '学校', '专业代码', '专业', '层次', '毕业年份', '技能', '证书', '备注']);
  t.same(
    rows.slice(1).map((r) => [r[0], r[1], r[2], r[4], r[7], r[10] ?? null]),
    api.entries.map((e: { studentId: string; note?: string; student: { displayName: string; major: { code: string }; graduationYear: number } }, i: number) => [
      i + 1,
      e.studentId,
      e.student.displayName,
      e.student.major.code,
      e.student.graduationYear,
      e.note ?? null,
    ]),
  );
  t.equal(typeof ws.getCell('K2').value, 'string', 'a note starting with = is a string, not a formula');
  t.equal(ws.getCell('C2').value, api.entries[0].student.displayName);
  t.not(ws.getCell('C2').value, '张三', 'the name is masked as in the API');
  t.notOk(JSON.stringify(rows).includes('13912345678'), 'no phone number');
  const csv = await app.inject({ method: 'GET', url: '/v1/posts/P1/shortlist/export?format=csv', headers: { authorization: `Bearer ${hr}` } });
  t.equal(csv.body.split('\r\n').length, 2 + api.entries.length, 'the CSV has the same rows');
  t.match(csv.body, /,"'=HYPERLINK\(""x""\) 面试优先"\r\n/, 'and neutralises the formula');
  const bad = await app.inject({ method: 'GET', url: '/v1/posts/P1/shortlist/export?format=pdf', headers: { authorization: `Bearer ${hr}` } });
  t.same([bad.statusCode, bad.json().fields[0].path], [400, 'querystring.format']);
});

t.test('.xlsx export: a number in HR notes is masked as in the CSV; a student who withdrew says why the row is blank', async (t) => {
  await call(hr, 'PUT', '/v1/posts/P1/shortlist/s2', { note: '学生电话 13812345678，周三面试' });
  await host.store.upsert('student', [{ record: student('s1', 'SA', '460301', { consentToBeFound: false, updatedAt: '2026-09-02T00:00:00Z' }) }]);
  const res = await app.inject({ method: 'GET', url: '/v1/posts/P1/shortlist/export?format=xlsx', headers: { authorization: `Bearer ${hr}` } });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('候选名单')!;
  const byId = new Map<string, unknown[]>();
  ws.eachRow((row, n) => n > 1 && byId.set(String((row.values as unknown[])[2]), (row.values as unknown[]).slice(1)));
  t.equal(byId.get('s2')![10], '学生电话 ***********，周三面试', 'masked as the reply guard masks the CSV');
  t.notOk(JSON.stringify([...byId.values()]).includes('13812345678'));
  t.equal(byId.get('s1')![2], '（已撤回授权或不再求职）', 'the blank row says why');
  const csv = await app.inject({ method: 'GET', url: '/v1/posts/P1/shortlist/export?format=csv', headers: { authorization: `Bearer ${hr}` } });
  t.match(csv.body, /学生电话 \*{11}，/);
  t.match(csv.body, /（已撤回授权或不再求职）/);
});
