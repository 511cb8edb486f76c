/**
 * What ingestion reads the same however it is typed: list cells split on full-width commas too,
 * full-width digits in numbers and codes, city names in the gazetteer's words; and rows naming a
 * school or enterprise that is not stored are refused (a post's enterprise, an enterprise's
 * partner schools, a student's school), as is a post naming its own enterprise among its
 * co-enterprises.
 */
import t from 'tap';
import { SqliteStore } from '@chanjiao/store';
import { ingest } from '@chanjiao/ingestion';
import { buildApp, seedReferences, storedIds, studentRow, workbook } from './helpers.js';

const EMPTY = { created: 0, updated: 0, unchanged: 0, stale: 0, rejected: 0, errors: [], errorsOmitted: 0 };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const send = (type: string, contentType: string, payload: string | Buffer) => ({
  method: 'POST' as const,
  url: `/v1/ingest/${type}`,
  headers: { 'content-type': contentType },
  payload,
});
const csv = (rows: ReadonlyArray<readonly string[]>) => `${rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',')).join('\r\n')}\r\n`;
const POST_HEADER = ['岗位编号', '企业代码', '岗位类型', '岗位名称', '招聘人数', '学期', '城市'];

t.test('list cells split on the full-width comma (and the others) in every list column of every type', async (t) => {
  const { app, store } = await buildApp();
  t.teardown(() => app.close());
  await seedReferences(store, { schools: ['sch-01', 'sch-02'], enterprises: ['ent-1', 'ent-2', 'ent-3'] });

  const school = csv([
    ['学校代码', '学校名称', '学校类型', '办学层次', '城市', '合作企业'],
    ['sch-09', '示例学院', '高职院校', '中职，高职', '珠海市', 'ent-1，ent-2、ent-3'],
  ]);
  t.same((await app.inject(send('school', 'text/csv', school))).json(), { ...EMPTY, created: 1 });
  const s = await store.get('school', 'sch-09');
  t.same([s?.levels, s?.partnerEnterpriseIds], [['secondary', 'higher'], ['ent-1', 'ent-2', 'ent-3']]);

  const enterprise = csv([
    ['企业代码', '企业名称', '城市', '行业', '合作院校'],
    ['ent-9', '示例公司', '珠海市', '装备制造', 'sch-01，sch-02'],
  ]);
  t.same((await app.inject(send('enterprise', 'text/csv', enterprise))).json(), { ...EMPTY, created: 1 });
  t.same((await store.get('enterprise', 'ent-9'))?.partnerSchoolIds, ['sch-01', 'sch-02']);

  const post = csv([
    [...POST_HEADER, '联合企业', '专业要求', '学历层次', '接受届别', '必备技能', '优先技能', '必备证书', '优先证书'],
    ['p-1', 'ent-1', '订单班', '焊工订单班', '10', '2027-spring', '珠海市', 'ent-2，ent-3', '4601，460110', '中职，高职专科', '2026届，2027届', '焊接，钳工', 'CAD,读图；识图', '焊工证:中级，电工证', '叉车证、登高证'],
  ]);
  t.same((await app.inject(send('post', 'text/csv', post))).json(), { ...EMPTY, created: 1 });
  const p = await store.get('post', 'p-1');
  t.strictSame(
    [p?.coEnterpriseIds, p?.acceptedMajorCodes, p?.acceptedLevels, p?.acceptedGraduationYears, p?.requiredSkills, p?.preferredSkills],
    [['ent-2', 'ent-3'], ['4601', '460110'], ['secondary', 'higher'], [2026, 2027], ['焊接', '钳工'], ['CAD', '读图', '识图']],
  );
  t.strictSame(
    [p?.requiredCertificates, p?.preferredCertificates],
    [[{ name: '焊工证', minLevel: 'intermediate' }, { name: '电工证' }], [{ name: '叉车证' }, { name: '登高证' }]],
  );

  const student = csv([
    ['学号', '学校代码', '姓名', '专业代码', '层次', '毕业年份', '同意被企业查找', '技能', '证书', '意向岗位类型', '意向城市', '意向园区', '意向行业'],
    ['stu-1', 'sch-01', '张三', '460301', '高职', '2027', '是', 'PLC:熟练，CAD', '电工证:初级，焊工证', '实习，就业', '珠海，广州', '高栏港，富山', '装备制造，航空'],
  ]);
  t.same((await app.inject(send('student', 'text/csv', student))).json(), { ...EMPTY, created: 1 });
  const st = await store.get('student', 'stu-1');
  t.strictSame(
    [st?.skills, st?.certificates, st?.preferences.postKinds, st?.preferences.cities, st?.preferences.parks, st?.preferences.industries],
    [
      [{ name: 'PLC', level: 'intermediate' }, { name: 'CAD' }],
      [{ name: '电工证', level: 'junior' }, { name: '焊工证' }],
      ['internship', 'job'],
      ['珠海市', '广州市'],
      ['高栏港经济区', '富山工业园'], // parks by their gazetteer names
      ['装备制造', '航空'],
    ],
  );
});

t.test('full-width digits in numbers, years and codes are read as digits: CSV, Excel and JSON', async (t) => {
  const { app, store } = await buildApp();
  t.teardown(() => app.close());
  await seedReferences(store, { schools: ['sch-01'], enterprises: ['ent-1'] });
  const header = ['学号', '学校代码', '姓名', '专业代码', '层次', '毕业年份', '同意被企业查找', '可工作月数'];
  const body = csv([header, ['ｓｔｕ－１', 'sch-01', '张三', '４６０３０６', '高职', '２０２７', '是', '６'], ['stu-2', 'sch-01', '李四', '460306', '高职', '２０２７届', '是', '']]);
  t.same((await app.inject(send('student', 'text/csv', body))).json(), { ...EMPTY, created: 2 });
  const s1 = await store.get('student', 'stu-1');
  t.same([s1?.majorCode, s1?.graduationYear, s1?.availability.months], ['460306', 2027, 6]);
  t.equal((await store.get('student', 'stu-2'))?.graduationYear, 2027);

  const post = csv([
    [...POST_HEADER, '专业要求', '接受届别', '最低月薪', '最高月薪'],
    ['p-1', 'ent-1', '就业', '电工', '１０', '２０２７-spring', '珠海市', '４６０３，４６０３０６', '２０２７', '４５００', '６，０００'],
  ]);
  t.same((await app.inject(send('post', 'text/csv', post))).json(), { ...EMPTY, created: 1 });
  const p = await store.get('post', 'p-1');
  t.strictSame([p?.seats, p?.term, p?.acceptedMajorCodes, p?.acceptedGraduationYears, p?.salary], [10, '2027-spring', ['4603', '460306'], [2027], { min: 4500, max: 6000 }]);

  // Excel: a cell typed as text keeps the full-width digits; it goes through the CSV path.
  const xlsx = await workbook([header, ['stu-3', 'sch-01', '王五', '４６０３０６', '高职', '２０２７', '是', '６']]);
  t.same((await app.inject(send('student', XLSX, xlsx))).json(), { ...EMPTY, created: 1 });
  const s3 = await store.get('student', 'stu-3');
  t.same([s3?.majorCode, s3?.graduationYear, s3?.availability.months], ['460306', 2027, 6]);

  // JSON: codes are strings there, read the same way; a number stays a number.
  const json = JSON.stringify([studentRow(4, { majorCode: '４６０３０６', schoolId: 'ｓｃｈ－０１' })]);
  t.same((await app.inject(send('student', 'application/json', json))).json(), { ...EMPTY, created: 1 });
  const s4 = await store.get('student', 'stu-0004');
  t.same([s4?.majorCode, s4?.schoolId], ['460306', 'sch-01']);

  // An unknown code still says so, with the digits it was read as.
  const bad = await app.inject(send('student', 'text/csv', csv([header, ['stu-5', 'sch-01', '赵六', '４６０３９９', '高职', '２０２７', '是', '']])));
  t.same(bad.json().errors.map((e: { field: string; code: string }) => [e.field, e.code]), [['majorCode', 'INGEST_ROW_UNKNOWN_MAJOR']]);
});

t.test('cities are stored in the gazetteer words: posts, schools, enterprises and students; unknown names as written', async (t) => {
  const { app, store } = await buildApp();
  t.teardown(() => app.close());
  await seedReferences(store, { schools: ['sch-01'], enterprises: ['ent-1'] });
  const post = csv([POST_HEADER, ['p-1', 'ent-1', '就业', '电工', '1', '2027-spring', '珠海'], ['p-2', 'ent-1', '就业', '电工', '1', '2027-spring', '珠海市'], ['p-3', 'ent-1', '就业', '电工', '1', '2027-spring', '金湾'], ['p-4', 'ent-1', '就业', '电工', '1', '2027-spring', '深圳']]);
  t.same((await app.inject(send('post', 'text/csv', post))).json(), { ...EMPTY, created: 4 });
  const cities = await Promise.all(['p-1', 'p-2', 'p-3', 'p-4'].map(async (id) => (await store.get('post', id))?.city));
  t.same(cities, ['珠海市', '珠海市', '珠海市', '深圳'], 'one city for 珠海 / 珠海市 / 金湾; an unknown city kept');
  // The same file again changes nothing.
  t.same((await app.inject(send('post', 'text/csv', post))).json(), { ...EMPTY, unchanged: 4 });

  const schools = JSON.stringify([
    { id: 'sch-1', name: '甲', kind: 'higher_vocational', levels: ['higher'], city: '广州' },
    { id: 'sch-2', name: '乙', kind: 'higher_vocational', levels: ['higher'], city: '金湾区' },
    { id: 'sch-3', name: '丙', kind: 'higher_vocational', levels: ['higher'], city: '郴州', district: '苏仙区' },
  ]);
  t.same((await app.inject(send('school', 'application/json', schools))).json(), { ...EMPTY, created: 3 });
  const s = await Promise.all(['sch-1', 'sch-2', 'sch-3'].map(async (id) => await store.get('school', id)));
  t.same(
    s.map((x) => [x?.city, x?.district]),
    [['广州市', undefined], ['珠海市', '金湾区'], ['郴州市', '苏仙区']],
    'a district in the city column is kept as the district',
  );

  t.same((await app.inject(send('enterprise', 'application/json', JSON.stringify([{ id: 'ent-2', name: '丁', city: '金华', industry: '制造' }])))).json().created, 1);
  t.equal((await store.get('enterprise', 'ent-2'))?.city, '金华市');

  const student = studentRow(1, { preferences: { cities: ['珠海', '珠海市', '金湾区', '羊城', '深圳'] } });
  t.same((await app.inject(send('student', 'application/json', JSON.stringify([student])))).json().created, 1);
  t.same((await store.get('student', 'stu-0001'))?.preferences.cities, ['珠海市', '金湾区', '广州市', '深圳'], 'cities by name, each once; a preferred district kept');

  // Parks by their gazetteer names too, on posts and enterprises and in a student's wishes: a post's
  // 联港工业区 was a park of its own beside 金湾联港工业区, missed by a filter on the other and by
  // a student who wished for it.
  const parked = JSON.stringify([{ id: 'p-9', enterpriseId: 'ent-1', kind: 'job', title: '电工', seats: 1, term: '2027-spring', city: '珠海', park: '联港工业区' }]);
  t.same((await app.inject(send('post', 'application/json', parked))).json().created, 1);
  t.equal((await store.get('post', 'p-9'))?.park, '金湾联港工业区');
  t.same((await app.inject(send('enterprise', 'application/json', JSON.stringify([{ id: 'ent-3', name: '戊', city: '珠海', park: '航空城', industry: '航空' }])))).json().created, 1);
  t.equal((await store.get('enterprise', 'ent-3'))?.park, '珠海航空产业园');
  const wisher = studentRow(2, { preferences: { parks: ['联港', '金湾联港工业区', '某某园'] } });
  t.same((await app.inject(send('student', 'application/json', JSON.stringify([wisher])))).json().created, 1);
  t.same((await store.get('student', 'stu-0002'))?.preferences.parks, ['金湾联港工业区', '某某园'], 'each once; an unknown park as written');
});

t.test("a post whose enterprise is not stored, or that names its own enterprise as co-enterprise, is a row error", async (t) => {
  const { app, store } = await buildApp();
  t.teardown(() => app.close());
  await seedReferences(store, { enterprises: ['ent-1', 'ent-2'] });
  const base = { kind: 'job', title: '电工', seats: 2, term: '2027-spring', city: '珠海市' };
  const rows = [
    { ...base, id: 'p-ok', enterpriseId: 'ent-1', coEnterpriseIds: ['ent-2'] },
    { ...base, id: 'p-nope', enterpriseId: 'ENT-NOPE' },
    { ...base, id: 'p-self', enterpriseId: 'ent-1', coEnterpriseIds: ['ent-2', 'ent-1'] },
    { ...base, id: 'p-co', enterpriseId: 'ent-1', coEnterpriseIds: ['ent-2', 'ENT-GONE'] },
  ];
  const body = (await app.inject(send('post', 'application/json', JSON.stringify(rows)))).json();
  t.same({ ...body, errors: [] }, { ...EMPTY, created: 1, rejected: 3 });
  t.same(
    body.errors.map((e: { row: number; id: string; field: string; code: string }) => [e.row, e.id, e.field, e.code]).sort(),
    [
      [2, 'p-nope', 'enterpriseId', 'INGEST_ROW_UNKNOWN_REFERENCE'],
      [3, 'p-self', 'coEnterpriseIds.1', 'INGEST_ROW_INVALID_VALUE'],
      [4, 'p-co', 'coEnterpriseIds.1', 'INGEST_ROW_UNKNOWN_REFERENCE'],
    ],
  );
  const nope = body.errors.find((e: { id: string }) => e.id === 'p-nope');
  t.equal(nope.message, 'enterpriseId: no enterprise ENT-NOPE is stored; load the enterprise first');
  t.equal(nope.messageZh, '「企业代码」ENT-NOPE：该企业不存在，请先导入企业');
  t.same([await store.get('post', 'p-nope'), await store.get('post', 'p-self'), await store.get('post', 'p-co')], [undefined, undefined, undefined]);
  t.ok(await store.get('post', 'p-ok'));

  // CSV: the error names the column as the file spells it.
  const res = (await app.inject(send('post', 'text/csv', csv([POST_HEADER, ['p-9', 'ENT-NOPE', '就业', '电工', '1', '2027-spring', '珠海市']])))).json();
  t.same(res.errors.map((e: Record<string, unknown>) => [e.row, e.id, e.field, e.column, e.code]), [[2, 'p-9', 'enterpriseId', '企业代码', 'INGEST_ROW_UNKNOWN_REFERENCE']]);
});

t.test('an enterprise naming an unknown partner school is a row error; loaded in order, enterprises then posts land', async (t) => {
  const store = new SqliteStore({ path: ':memory:' });
  t.teardown(() => store.close());
  const school = { id: 'sch-1', name: '甲', kind: 'higher_vocational', levels: ['higher'], city: '珠海市', partnerEnterpriseIds: ['ent-1'] };
  const enterprises = [
    { id: 'ent-1', name: '甲公司', city: '珠海市', industry: '制造', partnerSchoolIds: ['sch-1'] },
    { id: 'ent-2', name: '乙公司', city: '珠海市', industry: '制造', partnerSchoolIds: ['sch-1', 'SCH-NOPE'] },
  ];
  const post = { id: 'p-1', enterpriseId: 'ent-1', kind: 'job', title: '电工', seats: 2, term: '2027-spring', city: '珠海市' };
  // A school may name its partner enterprises before they are loaded: schools come first.
  t.same((await ingest([JSON.stringify([school])], { type: 'school', format: 'json', store })).created, 1);
  const report = await ingest([JSON.stringify(enterprises)], { type: 'enterprise', format: 'json', store, batchSize: 1 });
  t.same({ ...report, errors: [] }, { ...EMPTY, created: 1, rejected: 1 });
  t.same(report.errors.map((e) => [e.row, e.id, e.field, e.code, e.messageZh]), [[2, 'ent-2', 'partnerSchoolIds.1', 'INGEST_ROW_UNKNOWN_REFERENCE', '「合作院校（第2项）」SCH-NOPE：该学校不存在，请先导入学校']]);
  t.same((await ingest([JSON.stringify([post])], { type: 'post', format: 'json', store })).created, 1);
});

t.test('a student whose school is not stored is a row error, in JSON, CSV and Excel alike', async (t) => {
  const { app, store } = await buildApp();
  t.teardown(() => app.close());
  await seedReferences(store, { schools: ['sch-01'] });
  const json = JSON.stringify([studentRow(1), studentRow(2, { schoolId: 'SCH-NOPE' })]);
  const body = (await app.inject(send('student', 'application/json', json))).json();
  t.same({ ...body, errors: [] }, { ...EMPTY, created: 1, rejected: 1 });
  t.same(body.errors, [
    {
      row: 2,
      id: 'stu-0002',
      field: 'schoolId',
      code: 'INGEST_ROW_UNKNOWN_REFERENCE',
      message: 'schoolId: no school SCH-NOPE is stored; load the school first',
      messageZh: '「学校代码」SCH-NOPE：该学校不存在，请先导入学校',
    },
  ]);
  t.same(await storedIds(store), ['stu-0001']);

  // CSV and Excel: the error names the column as the file spells it.
  const header = ['学号', '学校代码', '姓名', '专业代码', '层次', '毕业年份', '同意被企业查找'];
  const rows = [header, ['stu-3', 'sch-01', '张三', '460301', '高职', '2027', '是'], ['stu-4', 'SCH-NOPE', '李四', '460301', '高职', '2027', '是']];
  for (const [contentType, payload] of [['text/csv', csv(rows)], [XLSX, await workbook(rows)]] as const) {
    const res = (await app.inject(send('student', contentType, payload))).json();
    t.same({ ...res, errors: [] }, { ...EMPTY, ...(contentType === XLSX ? { unchanged: 1 } : { created: 1 }), rejected: 1 }, contentType);
    t.same(res.errors.map((e: Record<string, unknown>) => [e.row, e.id, e.field, e.column, e.code]), [[3, 'stu-4', 'schoolId', '学校代码', 'INGEST_ROW_UNKNOWN_REFERENCE']], contentType);
  }
  t.same(await storedIds(store), ['stu-0001', 'stu-3']);
});

t.test('skill and certificate names in full-width Latin are stored half-width, in every format; Chinese brackets are kept', async (t) => {
  const { app, store } = await buildApp();
  t.teardown(() => app.close());
  await seedReferences(store, { schools: ['sch-01'], enterprises: ['ent-1'] });
  const header = ['学号', '学校代码', '姓名', '专业代码', '层次', '毕业年份', '同意被企业查找', '技能', '证书'];
  const row = (id: string) => [id, 'sch-01', '张三', '460301', '高职', '2027', '是', 'ＰＬＣ编程：熟练，ＣＡＤ', '１＋Ｘ工业机器人应用编程：中级，特种作业操作证（低压电工）'];
  const json = JSON.stringify([
    studentRow(3, {
      skills: [{ name: 'ＰＬＣ编程', level: 'intermediate' }, { name: 'ＣＡＤ' }],
      certificates: [{ name: '１＋Ｘ工业机器人应用编程', level: 'intermediate' }, { name: '特种作业操作证（低压电工）' }],
    }),
  ]);
  t.same((await app.inject(send('student', 'text/csv', csv([header, row('stu-1')])))).json(), { ...EMPTY, created: 1 });
  t.same((await app.inject(send('student', XLSX, await workbook([header, row('stu-2')])))).json(), { ...EMPTY, created: 1 });
  t.same((await app.inject(send('student', 'application/json', json))).json(), { ...EMPTY, created: 1 });
  for (const id of ['stu-1', 'stu-2', 'stu-0003']) {
    const s = await store.get('student', id);
    t.strictSame(
      [s?.skills, s?.certificates],
      [
        [{ name: 'PLC编程', level: 'intermediate' }, { name: 'CAD' }],
        [{ name: '1+X工业机器人应用编程', level: 'intermediate' }, { name: '特种作业操作证（低压电工）' }],
      ],
      id,
    );
  }

  const post = csv([
    [...POST_HEADER, '必备技能', '优先技能', '必备证书', '优先证书'],
    ['p-1', 'ent-1', '就业', '电工', '1', '2027-spring', '珠海市', 'ＰＬＣ编程', 'ＣＡＤ', '特种作业操作证（低压电工）', '１＋Ｘ工业机器人应用编程：中级'],
  ]);
  t.same((await app.inject(send('post', 'text/csv', post))).json(), { ...EMPTY, created: 1 });
  const p = await store.get('post', 'p-1');
  t.strictSame(
    [p?.requiredSkills, p?.preferredSkills, p?.requiredCertificates, p?.preferredCertificates],
    [['PLC编程'], ['CAD'], [{ name: '特种作业操作证（低压电工）' }], [{ name: '1+X工业机器人应用编程', minLevel: 'intermediate' }]],
  );
});
