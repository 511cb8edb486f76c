/**
 * Files as a school's office makes them, not as the template does: a title row and blank rows
 * above the header, rows of empty cells that Excel keeps, a workbook whose first sheet is a note
 * and whose students sit on one sheet per 届, a month written as a date or left as Excel's serial
 * number, ticks for yes, skills split by spaces and slashes, an ID number ending in a small x, a
 * 2015 catalog name for a major.
 */
import t, { type Test } from 'tap';
import ExcelJS from 'exceljs';
import { buildApp, gbk, seedReferences, workbook } from './helpers.js';

const EMPTY = { created: 0, updated: 0, unchanged: 0, stale: 0, rejected: 0, errors: [], errorsOmitted: 0 };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const send = (contentType: string, payload: string | Buffer) => ({
  method: 'POST' as const,
  url: '/v1/ingest/student',
  headers: { 'content-type': contentType },
  payload,
});
const HEADER = ['学号', '学校代码', '姓名', '专业代码', '层次', '毕业年份', '同意被企业查找'];
const row = (id: string, ...rest: string[]) => [id, 'sch-01', '王同学', '460306', '高职', '2026', '是', ...rest];
const lines = (rows: ReadonlyArray<readonly string[]>) => `${rows.map((r) => r.join(',')).join('\r\n')}\r\n`;

async function setup(t: Test) {
  const { app, store } = await buildApp();
  t.teardown(() => app.close());
  await seedReferences(store, { schools: ['sch-01'] });
  return { app, store };
}

t.test('a title row and blank rows above the header, and rows of empty cells, are not rows', async (t) => {
  const { app, store } = await setup(t);
  const width = HEADER.length;
  const blank = Array<string>(width).fill('');
  const file = lines([
    ['珠海某职业技术学院2026届毕业生信息汇总表', ...blank.slice(1)],
    ['填表日期：2025年9月1日', '', '', '', '', '制表人：李老师', ''],
    blank,
    HEADER,
    row('s-1'),
    blank,
    row('s-2'),
    ['s-3', 'sch-01', '', '460306', '高职', '2026', '是'],
    blank,
    blank,
  ]);
  const report = (await app.inject(send('text/csv', gbk(file)))).json();
  // Line numbers are the file's own: the header is line 4, s-3 is on line 8.
  t.same(report, {
    ...EMPTY,
    created: 2,
    rejected: 1,
    errors: [{ row: 8, id: 's-3', field: 'personal.name', column: '姓名', code: 'INGEST_ROW_MISSING_FIELD', message: 'personal.name is required', messageZh: '缺少必填字段「姓名」' }],
  });
  t.ok(await store.get('student', 's-2'));
});

t.test('a workbook: a note sheet first, a title row, one sheet per 届; every sheet of students is read, errors name their sheet', async (t) => {
  const { app, store } = await setup(t);
  const wb = new ExcelJS.Workbook();
  const notes = wb.addWorksheet('填表说明');
  notes.addRow(['请按下表填写，带 * 的列必填']);
  notes.addRow(['学号', '必填']);
  const a = wb.addWorksheet('2026届');
  a.addRow(['2026届学生名单']);
  a.mergeCells('A1:H1');
  a.addRow([]);
  a.addRow([...HEADER, '可到岗时间']);
  a.addRow([...row('s-1'), new Date(Date.UTC(2026, 6, 1))]);
  a.addRow(['s-2', 'sch-01', '王同学', '460306', '高职', { formula: '2025+1', result: 2026 }, '是', '下个月']);
  const b = wb.addWorksheet('2027届');
  b.addRow([...HEADER, '可到岗时间']);
  b.addRow(['s-3', 'sch-01', '李同学', '460306', '高职', 2027, '是', '2027-03']);
  const report = (await app.inject(send(XLSX, Buffer.from(await wb.xlsx.writeBuffer())))).json();
  t.match(report, { created: 2, rejected: 1, errors: [{ row: 5, sheet: '2026届', id: 's-2', field: 'availability.from', column: '可到岗时间' }] });
  t.same((await store.get('student', 's-1'))?.availability, { from: '2026-07' });
  t.same((await store.get('student', 's-3'))?.graduationYear, 2027);

  // A workbook with one sheet names no sheet: its errors are as they were.
  const one = await workbook([HEADER, ['s-4', 'sch-01', '', '460306', '高职', '2026', '是']]);
  const single = (await app.inject(send(XLSX, one))).json();
  t.same(single.errors.map((e: { row: number; sheet?: string }) => [e.row, e.sheet]), [[2, undefined]]);
});

t.test('months written as a date or as Excel serial numbers, 毕业年份 written as a month, ticks for yes', async (t) => {
  const { app, store } = await setup(t);
  const file = lines([
    [...HEADER, '可到岗时间', '愿意留在本地'],
    [...row('s-1'), '2025/9/1', '✓'],
    [...row('s-2'), '45901', '✔'],
    [...row('s-3'), '2025年9月1日', '✗'],
    ['s-4', 'sch-01', '王同学', '460306', '高职', '2026年6月', '√', '2025.09', '否'],
    ['s-5', 'sch-01', '王同学', '460306', '高职', '2026.06', '✔', '', ''],
  ]);
  t.same((await app.inject(send('text/csv', file))).json(), { ...EMPTY, created: 5 });
  const got = await Promise.all(['s-1', 's-2', 's-3', 's-4', 's-5'].map((id) => store.get('student', id)));
  t.same(
    got.map((s) => [s?.availability.from, s?.preferences.stayLocal, s?.graduationYear, s?.consentToBeFound]),
    [['2025-09', true, 2026, true], ['2025-09', true, 2026, true], ['2025-09', false, 2026, true], ['2025-09', false, 2026, true], [undefined, false, 2026, true]],
  );
});

t.test('skills and certificates split on spaces and slashes when every part is a known name; other names stay whole', async (t) => {
  const { app, store } = await setup(t);
  const file = lines([
    [...HEADER, '技能', '证书'],
    // 触摸屏 is how a clerk writes 触摸屏组态 (the lexicon knows it, so the cell splits).
    [...row('s-1'), 'PLC/变频器调试/触摸屏', '低压电工证 焊工证'],
    [...row('s-2'), '数控车床 数控编程 CAD:熟练', '1+X Web前端开发 中级'],
    [...row('s-3'), 'PLC 编程、TCP/IP', '电工证 中级'],
  ]);
  t.same((await app.inject(send('text/csv', file))).json(), { ...EMPTY, created: 3 });
  const got = await Promise.all(['s-1', 's-2', 's-3'].map((id) => store.get('student', id)));
  t.same(got.map((s) => s?.skills), [
    [{ name: 'PLC' }, { name: '变频器调试' }, { name: '触摸屏' }],
    [{ name: '数控车床' }, { name: '数控编程' }, { name: 'CAD', level: 'intermediate' }],
    [{ name: 'PLC 编程' }, { name: 'TCP/IP' }],
  ]);
  t.same(got.map((s) => s?.certificates), [[{ name: '低压电工证' }, { name: '焊工证' }], [{ name: '1+X Web前端开发 中级' }], [{ name: '电工证 中级' }]]);
});

t.test('an empty 层次 is a missing field; an ID number ending in x is stored with X; 会计 at 高职 is 大数据与会计', async (t) => {
  const { app, store } = await setup(t);
  const file = lines([
    [...HEADER, '身份证号'],
    ['s-1', 'sch-01', '王同学', '460306', '', '2026', '是', ''],
    [...row('s-2'), '44040019990101123x'],
    ['s-3', 'sch-01', '王同学', '会计', '高职', '2026', '是', ''],
    ['s-4', 'sch-01', '王同学', '机械制造与自动化', '高职', '2026', '是', ''],
  ]);
  const report = (await app.inject(send('text/csv', file))).json();
  t.match(report, { created: 2, rejected: 2 });
  t.match(report.errors, [
    { row: 2, field: 'level', code: 'INGEST_ROW_MISSING_FIELD', messageZh: '缺少必填字段「层次」' },
    // The 2015 name: the 高职 major it became is suggested first.
    { row: 5, field: 'majorCode', code: 'INGEST_ROW_UNKNOWN_MAJOR', suggestions: [{ code: '460104', name: '机械制造及自动化' }] },
  ]);
  t.same((await store.personal('s-2'))?.idNumber, '44040019990101123X');
  t.same((await store.get('student', 's-3'))?.majorCode, '530302');
});

t.test('an 18-digit ID number Excel stored as a number (its last digits lost) is refused, not stored', async (t) => {
  const { app, store } = await setup(t);
  const file = await workbook([
    [...HEADER, '身份证号'],
    [...row('s-1'), 440400199901011234],
    [...row('s-2'), '440400199901011234'],
  ]);
  const report = (await app.inject(send(XLSX, file))).json();
  t.match(report, { created: 1, rejected: 1, errors: [{ row: 2, id: 's-1', field: 'personal.idNumber', column: '身份证号', code: 'INGEST_ROW_INVALID_VALUE' }] });
  t.equal(await store.get('student', 's-1'), undefined);
  t.same((await store.personal('s-2'))?.idNumber, '440400199901011234');
});
