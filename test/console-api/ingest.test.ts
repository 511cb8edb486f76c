/**
 * The upload page's server side: a GBK CSV and an .xlsx, each with one bad row, give that row's
 * error (row as the file numbers it, the column's Chinese header, the message); templates per
 * record type import as they are; the import's change-feed position and the visibility check.
 */
import ExcelJS from 'exceljs';
import { buildApp, gbk, seedReferences, workbook as workbookOf } from '../../services/ingestion/test/helpers.js';
import t from 'tap';
import { RecordType } from '@chanjiao/domain';
import { buildConsoleHost, keyFor } from './helpers.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
// The school the students below name: a student's school must be stored first.
const host = await buildConsoleHost({}, (store) => seedReferences(store, { schools: ['SCH-1'] }));
t.teardown(() => host.close());
const { app } = host;
const office = (await keyFor(app, 'office')).key;
const upload = (type: string, contentType: string, payload: Buffer | string) =>
  app.inject({ method: 'POST', url: `/v1/ingest/${type}`, headers: { authorization: `Bearer ${office}`, 'content-type': contentType }, payload });

const HEADER = ['学号', '学校代码', '姓名', '专业代码', '层次', '毕业年份', '技能', '同意被企业查找', '自我介绍'];
const good = (i: number, intro = '熟悉PLC') => [`STU-X-${i}`, 'SCH-1', `学生${i}`, '460301', '高职专科', '2027', 'PLC:熟练', '是', intro];

t.test('a GBK CSV with one bad row: the others land, the bad one is reported by line, Chinese header and message', async (t) => {
  const rows = [HEADER, good(1), [...good(2).slice(0, 3), '999999', ...good(2).slice(4)], good(3)];
  const csv = gbk(`${rows.map((r) => r.join(',')).join('\r\n')}\r\n`);
  const res = await upload('student', 'text/csv', csv);
  t.equal(res.statusCode, 200, res.body);
  const body = res.json();
  t.same([body.created, body.rejected], [2, 1]);
  t.same(
    body.errors.map((e: Record<string, unknown>) => [e.row, e.id, e.column, e.field, e.code, typeof e.message, typeof e.messageZh]),
    [[3, 'STU-X-2', '专业代码', 'majorCode', 'INGEST_ROW_UNKNOWN_MAJOR', 'string', 'string']],
  );
  t.equal(res.headers['x-change-position'], String(await host.store.lastSeq()), 'the reply carries the change-feed position');
});

t.test('an .xlsx with one bad row: same validation and error shape as CSV, the row numbered as Excel shows it', async (t) => {
  const rows: unknown[][] = [
    [...HEADER, '可到岗时间'],
    [...good(11, '第一行\n第二行\n第三行'), new Date(Date.UTC(2027, 2, 1))], // a multi-line cell and a date cell
    [],
    [...good(12).slice(0, 5), 2027, 'PLC', '也许', '你好'], // row 4: 同意被企业查找 = 也许
    [...good(13).slice(0, 5), 2027, 'PLC', true, { richText: [{ text: '富' }, { text: '文本' }] }],
  ];
  const res = await upload('student', XLSX, await workbookOf(rows, '学生'));
  t.equal(res.statusCode, 200, res.body);
  const body = res.json();
  t.same([body.created, body.rejected], [2, 1]);
  t.same(
    body.errors.map((e: Record<string, unknown>) => [e.row, e.id, e.column, e.field, e.code]),
    [[4, 'STU-X-12', '同意被企业查找', 'consentToBeFound', 'INGEST_ROW_WRONG_TYPE']],
  );
  const s11 = await host.store.get('student', 'STU-X-11');
  t.same([s11?.selfIntroduction, s11?.availability.from], ['第一行\n第二行\n第三行', '2027-03'], 'multi-line text and a date cell read as written');
  t.equal((await host.store.get('student', 'STU-X-13'))?.selfIntroduction, '富文本');
  t.match(res.headers['x-change-position'], /^\d+$/);
  t.ok(Number(res.headers['x-change-position']) >= 1);
});

t.test('a body that is not a workbook: 400 INGEST_BAD_XLSX', async (t) => {
  const res = await upload('student', XLSX, Buffer.from('学号,姓名\r\n'));
  t.same([res.statusCode, res.json().code, res.json().fields[0].path], [400, 'INGEST_BAD_XLSX', 'body']);
  const empty = await upload('student', XLSX, Buffer.from(await new ExcelJS.Workbook().xlsx.writeBuffer()));
  t.same([empty.statusCode, empty.json().code], [400, 'INGEST_BAD_XLSX']);
  // The header is still checked as for CSV.
  const noId = await upload('student', XLSX, await workbookOf([['姓名'], ['张三']], '学生'));
  t.same([noId.statusCode, noId.json().code], [400, 'INGEST_CSV_MISSING_COLUMN']);
});

t.test('templates: required columns marked, allowed values listed, and the example row imports as it is', async (t) => {
  // In dependency order, so the example post's enterprise and the student's school exist.
  for (const type of ['school', 'enterprise', 'term', 'post', 'student'] as RecordType[]) {
    const xlsx = await app.inject({ method: 'GET', url: `/v1/ingest/${type}/template` });
    t.equal(xlsx.statusCode, 200);
    t.equal(xlsx.headers['content-type'], XLSX);
    t.equal(xlsx.headers['content-disposition'], `attachment; filename="${type}-template.xlsx"`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    t.same(wb.worksheets.map((w) => w.name.endsWith('导入') || w.name === '填写说明'), [true, true]);
    const header = (wb.worksheets[0]!.getRow(1).values as string[]).slice(1);
    t.ok(header[0]!.endsWith('*'), `${type}: the id column is marked required`);
    t.ok(header.some((h) => !h.endsWith('*')), `${type}: optional columns are not`);

    const csv = await app.inject({ method: 'GET', url: `/v1/ingest/${type}/template?format=csv` });
    t.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
    t.ok(csv.body.startsWith('\uFEFF'));
    t.match(csv.body, /\r\n# /, 'notes in # lines');

    const fromXlsx = await upload(type, XLSX, xlsx.rawPayload);
    t.same([fromXlsx.statusCode, fromXlsx.json().rejected, fromXlsx.json().created, fromXlsx.json().errors], [200, 0, 1, []], `${type} .xlsx template imports`);
    const fromCsv = await upload(type, 'text/csv', csv.body);
    t.same([fromCsv.statusCode, fromCsv.json().rejected, fromCsv.json().unchanged], [200, 0, 1], `${type} CSV template imports (the same row)`);
  }
  const student = await app.inject({ method: 'GET', url: '/v1/ingest/student/template?format=csv' });
  t.match(student.body, /# 层次\*：必填；可选值：中职 \/ 高职专科 \/ 职业本科/);
  t.match(student.body, /# 同意被企业查找\*：必填；可选值：是 \/ 否/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await app.inject({ method: 'GET', url: '/v1/ingest/post/template' })).rawPayload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const kindCol = (ws.getRow(1).values as string[]).indexOf('岗位类型*');
  t.match(String(ws.getRow(1).getCell(kindCol).note), /可选值：就业岗位 \/ 实习岗位 \/ 订单班/);
  t.same(ws.getRow(2).getCell(kindCol).dataValidation?.formulae, ['"就业岗位,实习岗位,订单班,现代学徒制,项目班"'], 'a drop-down');
  const bad = await app.inject({ method: 'GET', url: '/v1/ingest/student/template?format=pdf' });
  t.same([bad.statusCode, bad.json().fields[0].path], [400, 'querystring.format']);
});

t.test('a # line in a CSV is a note, not a row; a # inside a cell is data; row numbers still count every line', async (t) => {
  const csv = `${HEADER.join(',')}\r\n# 注释\r\n${good(21, '会 C# 编程').join(',')}\r\n${[...good(22).slice(0, 3), 'x', ...good(22).slice(4)].join(',')}\r\n`;
  const res = await upload('student', 'text/csv', csv);
  t.same([res.json().created, res.json().errors.map((e: { row: number }) => e.row)], [1, [4]]);
  t.equal((await host.store.get('student', 'STU-X-21'))?.selfIntroduction, '会 C# 编程');
});

t.test('visibility: the index passes the import position (waiting for it), a later position is not searchable', async (t) => {
  const res = await upload('student', 'text/csv', `${HEADER.join(',')}\r\n${good(31).join(',')}\r\n`);
  const position = Number(res.headers['x-change-position']);
  const seen = await app.inject({ method: 'GET', url: `/v1/ingest/visibility?position=${position}&waitMs=10000`, headers: { authorization: `Bearer ${office}` } });
  t.equal(seen.statusCode, 200);
  t.same(seen.json(), { position, indexedPosition: app.indexer.stats().seq, searchable: true });
  t.ok(seen.json().indexedPosition >= position);
  const later = await app.inject({ method: 'GET', url: `/v1/ingest/visibility?position=${position + 1000}&waitMs=20`, headers: { authorization: `Bearer ${office}` } });
  t.same([later.json().searchable, later.json().position], [false, position + 1000]);
  const tooLong = await app.inject({ method: 'GET', url: '/v1/ingest/visibility?position=1&waitMs=60000', headers: { authorization: `Bearer ${office}` } });
  t.same([tooLong.statusCode, tooLong.json().fields[0].path], [400, 'querystring.waitMs']);
  // A number missing from, or mangled in, the query string is said in words, never as "received NaN".
  for (const [query, message] of [['', 'required'], ['position=abc', 'not a whole number: abc'], ['position=1e2', 'not a whole number: 1e2'], ['position=1&position=2', 'not a number: 1,2']] as const) {
    const bad = await app.inject({ method: 'GET', url: `/v1/ingest/visibility?${query}`, headers: { authorization: `Bearer ${office}` } });
    t.same([bad.statusCode, bad.json().fields[0].path, bad.json().fields[0].message], [400, 'querystring.position', message], query || '(no position)');
  }
  const student = (await keyFor(app, 'student', { studentId: 'STU-X-31' })).key;
  const denied = await app.inject({ method: 'GET', url: '/v1/ingest/visibility?position=1', headers: { authorization: `Bearer ${student}` } });
  t.same([denied.statusCode, denied.json().code], [403, 'AUTH_FORBIDDEN_ROLE']);
});

t.test('visibility in an ingestion service run alone: the indexer checkpoint another process writes to the store', async (t) => {
  // The ingestion app alone (no indexer in its process), as the ingestion tests build it.
  const { app: alone, store } = await buildApp({ LOG_LEVEL: 'silent' });
  t.teardown(async () => {
    await alone.close();
    await store.close();
  });
  const ask = async (position: number, waitMs = 0) => (await alone.inject({ method: 'GET', url: `/v1/ingest/visibility?position=${position}&waitMs=${waitMs}` })).json();
  t.same(await ask(1), { position: 1, indexedPosition: 0, searchable: false });
  await store.putDocument('indexer', 'checkpoint:elasticsearch', { seq: 5, documents: 1 });
  t.same(await ask(5), { position: 5, indexedPosition: 5, searchable: true });
  setTimeout(() => void store.putDocument('indexer', 'checkpoint:elasticsearch', { seq: 9, documents: 1 }), 100);
  t.same(await ask(8, 5000), { position: 8, indexedPosition: 9, searchable: true }, 'waits for the checkpoint to pass');
});
