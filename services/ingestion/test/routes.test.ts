import { Readable } from 'node:stream';
import t from 'tap';
import iconv from 'iconv-lite';
import { Errors } from '@chanjiao/platform';
import { SqliteStore, type Store } from '@chanjiao/store';
import { formatCsv } from '@chanjiao/ingestion';
import { buildApp, jsonErrorOf, ndjson, seedReferences, storedIds, studentRow } from './helpers.js';

const EMPTY = { created: 0, updated: 0, unchanged: 0, stale: 0, rejected: 0, errors: [], errorsOmitted: 0 };
const post = (url: string, contentType: string, payload: string | Buffer | Readable) => ({
  method: 'POST' as const,
  url,
  headers: { 'content-type': contentType },
  payload,
});

t.test('a JSON array lands; personal data is stored apart from the profile', async (t) => {
  const { app, store } = await buildApp();
  t.teardown(() => app.close());
  await seedReferences(store, { schools: ['sch-01'] });
  const res = await app.inject(post('/v1/ingest/student', 'application/json', JSON.stringify([studentRow(1), studentRow(2)])));
  t.equal(res.statusCode, 200);
  t.same(res.json(), { ...EMPTY, created: 2 });
  const { personal, ...profile } = studentRow(1);
  t.strictSame(await store.get('student', 'stu-0001'), {
    ...profile,
    preferences: { postKinds: [], cities: [], parks: [], industries: [], stayLocal: false },
    availability: {},
    status: 'seeking',
  });
  t.strictSame(await store.personal('stu-0001'), personal);
  t.equal(await store.count('student'), 2);
});

t.test('the same file twice changes nothing; a changed row (personal data too) is updated, an older one stale', async (t) => {
  const { app, store } = await buildApp();
  t.teardown(() => app.close());
  await seedReferences(store, { schools: ['sch-01'] });
  const rows = [studentRow(1), studentRow(2), studentRow(3)];
  const csv = formatCsv('student', rows as never, { lang: 'zh' });
  t.same((await app.inject(post('/v1/ingest/student', 'text/csv', csv))).json(), { ...EMPTY, created: 3 });
  t.same((await app.inject(post('/v1/ingest/student', 'text/csv', csv))).json(), { ...EMPTY, unchanged: 3 });
  const body = ndjson([
    studentRow(1, { graduationYear: 2028, updatedAt: '2026-10-01T00:00:00Z' }),
    studentRow(2, { graduationYear: 2028, updatedAt: '2026-01-01T00:00:00Z' }),
    studentRow(3),
    studentRow(3, { personal: { name: '学生3', phone: '13900000000' }, updatedAt: '2026-10-01T00:00:00Z' }),
  ]);
  t.same((await app.inject(post('/v1/ingest/student', 'application/x-ndjson', body))).json(), {
    ...EMPTY,
    updated: 2,
    stale: 1,
    unchanged: 1,
  });
});

t.test('rows without updatedAt get the request time, normalized to UTC', async (t) => {
  const { app, store } = await buildApp();
  t.teardown(() => app.close());
  await seedReferences(store, { schools: ['sch-01'] });
  const before = Date.now();
  const { updatedAt: _drop, ...row } = studentRow(1);
  const res = await app.inject(post('/v1/ingest/student', 'application/json', JSON.stringify([row, studentRow(2, { updatedAt: '2026-09-01T08:00:00+08:00' })])));
  t.same(res.json(), { ...EMPTY, created: 2 });
  const stamped = Date.parse((await store.get('student', 'stu-0001'))!.updatedAt);
  t.ok(stamped >= before && stamped <= Date.now(), 'stamped with the request time');
  t.equal((await store.get('student', 'stu-0002'))!.updatedAt, '2026-09-01T00:00:00.000Z');
});

t.test('wrong type and missing field reject the row with its row number, field and messages; valid rows land', async (t) => {
  const { app, store } = await buildApp();
  t.teardown(() => app.close());
  await seedReferences(store, { schools: ['sch-01'] });
  const { majorCode: _m, ...noMajor } = studentRow(3);
  const res = await app.inject(
    post('/v1/ingest/student', 'application/json', JSON.stringify([studentRow(1), studentRow(2, { graduationYear: '二〇二七' }), noMajor, 'stu-9'])),
  );
  t.equal(res.statusCode, 200);
  t.same(res.json(), {
    ...EMPTY,
    created: 1,
    rejected: 3,
    errors: [
      {
        row: 2,
        id: 'stu-0002',
        field: 'graduationYear',
        code: 'INGEST_ROW_WRONG_TYPE',
        message: 'graduationYear: expected number',
        messageZh: '「毕业年份」类型错误，应为数字',
      },
      {
        row: 3,
        id: 'stu-0003',
        field: 'majorCode',
        code: 'INGEST_ROW_MISSING_FIELD',
        message: 'majorCode is required',
        messageZh: '缺少必填字段「专业代码」',
      },
      { row: 4, field: '', code: 'INGEST_ROW_WRONG_TYPE', message: 'a row must be an object', messageZh: '每一行必须是一个对象' },
    ],
  });
  t.same(
    [await store.get('student', 'stu-0001'), await store.get('student', 'stu-0002')].map((s) => s?.id),
    ['stu-0001', undefined],
  );
});

t.test('CSV row errors carry the CSV line and the column as the file spells it', async (t) => {
  const { app, store } = await buildApp();
  t.teardown(() => app.close());
  await seedReferences(store, { schools: ['sch-01'] });
  const csv = [
    '学号,学校代码,姓名,专业代码,层次,毕业年份,同意被企业查找,技能',
    'a1,sch-01,张三,460301,高职,2027,是,"PLC:精通;CAD"',
    'a2,sch-01,李四,460301,大学,2027届,是,"焊接:很强"',
    '"a3",sch-01,"王五',
    '多行姓名",460301,高职,2027,也许,',
    'a4,sch-01,,460301,高职,2027,是,',
  ].join('\r\n');
  const res = await app.inject(post('/v1/ingest/student', 'text/csv; charset=utf-8', csv));
  t.equal(res.statusCode, 200);
  t.same(res.json(), {
    ...EMPTY,
    created: 1,
    rejected: 3,
    errors: [
      {
        row: 3,
        id: 'a2',
        field: 'level',
        column: '层次',
        code: 'INGEST_ROW_INVALID_VALUE',
        message: 'level: expected one of secondary, higher, bachelor (in Chinese: 中职/中专/中等职业教育 → secondary; 高职专科/高职/专科/大专 → higher; 职业本科/本科/职业本科教育 → bachelor)',
        messageZh: '「层次」取值无效，可选：中职/中专/中等职业教育（secondary）、高职专科/高职/专科/大专（higher）、职业本科/本科/职业本科教育（bachelor）',
      },
      {
        row: 3,
        id: 'a2',
        field: 'skills.0.level',
        column: '技能',
        code: 'INGEST_ROW_INVALID_VALUE',
        message:
          'skills.0.level: expected one of basic, intermediate, advanced (in Chinese: 基础/了解/入门/一般 → basic; 熟练/熟悉/掌握/良好/中等 → intermediate; 精通/高级/擅长 → advanced)',
        messageZh: '「技能（第1项的等级）」取值无效，可选：基础/了解/入门/一般（basic）、熟练/熟悉/掌握/良好/中等（intermediate）、精通/高级/擅长（advanced）',
      },
      {
        row: 4,
        id: 'a3',
        field: 'consentToBeFound',
        column: '同意被企业查找',
        code: 'INGEST_ROW_WRONG_TYPE',
        message: 'consentToBeFound: expected boolean',
        messageZh: '「同意被企业查找」类型错误，应为是/否',
      },
      {
        row: 6,
        id: 'a4',
        field: 'personal.name',
        column: '姓名',
        code: 'INGEST_ROW_MISSING_FIELD',
        message: 'personal.name is required',
        messageZh: '缺少必填字段「姓名」',
      },
    ],
  });
});

t.test('an unknown major code is rejected with the closest catalog majors', async (t) => {
  const { app } = await buildApp();
  t.teardown(() => app.close());
  const res = await app.inject(post('/v1/ingest/student', 'application/x-ndjson', ndjson([studentRow(1, { majorCode: '460399' })])));
  t.equal(res.statusCode, 200);
  const suggestions = [
    { code: '460301', name: '机电一体化技术', level: 'higher' },
    { code: '460302', name: '智能机电技术', level: 'higher' },
    { code: '460303', name: '智能控制技术', level: 'higher' },
    { code: '460304', name: '智能机器人技术', level: 'higher' },
    { code: '460305', name: '工业机器人技术', level: 'higher' },
  ];
  t.same(res.json(), {
    ...EMPTY,
    rejected: 1,
    errors: [
      {
        row: 1,
        id: 'stu-0001',
        field: 'majorCode',
        code: 'INGEST_ROW_UNKNOWN_MAJOR',
        message:
          'majorCode: 460399 is not in the 2021 major catalog; closest: 460301 机电一体化技术, 460302 智能机电技术, 460303 智能控制技术, 460304 智能机器人技术, 460305 工业机器人技术',
        messageZh:
          '「专业代码」460399 不在 2021 年职业教育专业目录中，相近的专业：460301 机电一体化技术、460302 智能机电技术、460303 智能控制技术、460304 智能机器人技术、460305 工业机器人技术',
        suggestions,
      },
    ],
  });
});

t.test('posts: unknown accepted major prefixes and the internship rules are row errors', async (t) => {
  const { app, store } = await buildApp();
  t.teardown(() => app.close());
  await seedReferences(store, { enterprises: ['ent-1'] });
  const base = { enterpriseId: 'ent-1', title: '电气装配', seats: 5, term: '2027-spring', city: '珠海', updatedAt: '2026-09-01T00:00:00Z' };
  const rows = [
    { ...base, id: 'p1', kind: 'job', acceptedMajorCodes: ['4603', '460301', '99'] },
    { ...base, id: 'p2', kind: 'internship', internshipMode: 'shadow', durationMonths: 2 },
    { ...base, id: 'p3', kind: 'order_class', acceptedMajorCodes: ['46'] },
  ];
  const res = await app.inject(post('/v1/ingest/post', 'application/json', JSON.stringify(rows)));
  const body = res.json();
  t.same(
    body.errors.map((e: { row: number; field: string; code: string }) => [e.row, e.field, e.code]),
    [
      [1, 'acceptedMajorCodes.2', 'INGEST_ROW_UNKNOWN_MAJOR'],
      [2, 'durationMonths', 'INGEST_ROW_INVALID_VALUE'],
    ],
  );
  t.same({ ...body, errors: [] }, { ...EMPTY, created: 1, rejected: 2 });
  t.equal((await store.get('post', 'p3'))?.kind, 'order_class');
});

t.test('the error list is capped by INGEST_MAX_ERRORS; every rejected row is counted', async (t) => {
  const { app } = await buildApp({ INGEST_MAX_ERRORS: '2' });
  t.teardown(() => app.close());
  const rows = [1, 2, 3].map((i) => studentRow(i, { level: 'x' }));
  const body = (await app.inject(post('/v1/ingest/student', 'application/json', JSON.stringify(rows)))).json();
  t.same({ ...body, errors: body.errors.map((e: { row: number }) => e.row) }, { ...EMPTY, rejected: 3, errors: [1, 2], errorsOmitted: 1 });
});

t.test('GBK CSV with Chinese headers, sniffed or declared; UTF-8 with BOM', async (t) => {
  const rows = [studentRow(1, { personal: { name: '欧阳娜娜', idNumber: '44040219990101123X' } }), studentRow(2)];
  const expected = async (store: Store) => [await store.get('student', 'stu-0001'), await store.personal('stu-0001')];
  const reference = await buildApp();
  t.teardown(() => reference.app.close());
  await seedReferences(reference.store, { schools: ['sch-01'] });
  await reference.app.inject(post('/v1/ingest/student', 'application/json', JSON.stringify(rows)));
  const want = await expected(reference.store);
  const csv = formatCsv('student', rows as never, { lang: 'zh' });
  for (const [name, contentType, payload] of [
    ['GBK, sniffed', 'text/csv', iconv.encode(csv, 'gbk')],
    ['GBK, declared', 'text/csv; charset=GBK', iconv.encode(csv, 'gbk')],
    ['GB18030, declared', 'text/csv; charset="gb18030"', iconv.encode(csv, 'gb18030')],
    ['UTF-8 with BOM', 'text/csv', Buffer.from(`\uFEFF${csv}`, 'utf8')],
    ['UTF-8 with BOM, declared', 'text/csv; charset=utf-8', Buffer.from(`\uFEFF${csv}`, 'utf8')],
  ] as const) {
    const { app, store } = await buildApp();
    await seedReferences(store, { schools: ['sch-01'] });
    const res = await app.inject(post('/v1/ingest/student', contentType, payload));
    t.same(res.json(), { ...EMPTY, created: 2 }, name);
    t.strictSame(await expected(store), want, name);
    await app.close();
  }
});

t.test('bad encoding: GBK bytes declared as UTF-8 is 400; an unknown charset is 415', async (t) => {
  const { app, store } = await buildApp();
  t.teardown(() => app.close());
  const csv = iconv.encode(formatCsv('student', [studentRow(1)] as never, { lang: 'zh' }), 'gbk');
  const res = await app.inject(post('/v1/ingest/student', 'text/csv; charset=utf-8', csv));
  t.equal(res.statusCode, 400);
  t.equal(res.json().code, 'INGEST_BAD_ENCODING');
  t.same(res.json().details, { lastCommittedRow: 0, committed: EMPTY });
  const nope = await app.inject(post('/v1/ingest/student', 'text/csv; charset=klingon', 'id\n1\n'));
  t.equal(nope.statusCode, 415);
  t.same(nope.json(), {
    statusCode: 415,
    code: 'INGEST_UNSUPPORTED_CHARSET',
    error: 'Unsupported Media Type',
    message: Errors.INGEST_UNSUPPORTED_CHARSET.message,
    details: { charset: 'klingon', lastCommittedRow: 0, committed: EMPTY },
  });
  t.equal(await store.count('student'), 0);
});

t.test('malformed NDJSON line: 400 with the line; the rows before it are committed', async (t) => {
  const { app, store } = await buildApp({ INGEST_BATCH_SIZE: '1' });
  t.teardown(() => app.close());
  await seedReferences(store, { schools: ['sch-01'] });
  const broken = '{"id": "stu-0003",';
  const body = `${JSON.stringify(studentRow(1))}\n\n${JSON.stringify(studentRow(2))}\n${broken}\n${JSON.stringify(studentRow(4))}\n`;
  const res = await app.inject(post('/v1/ingest/student', 'application/x-ndjson', body));
  t.equal(res.statusCode, 400);
  t.same(res.json(), {
    statusCode: 400,
    code: 'INGEST_MALFORMED_NDJSON',
    error: 'Bad Request',
    message: Errors.INGEST_MALFORMED_NDJSON.message,
    fields: [{ path: 'body.row.4', message: jsonErrorOf(broken) }],
    details: { row: 4, lastCommittedRow: 3, committed: { ...EMPTY, created: 2 } },
  });
  t.equal(await store.count('student'), 2);
  t.equal(await store.get('student', 'stu-0004'), undefined);
});

t.test('malformed CSV line (open quote, too many fields): 400 with the line; rows before it committed', async (t) => {
  const header = '学号,学校代码,姓名,专业代码,层次,毕业年份,同意被企业查找';
  const ok = (id: string) => `${id},sch-01,张三,460301,高职,2027,是`;
  for (const [name, line, message] of [
    ['open quote', 'b3,sch-01,"李四,460301,高职,2027,是', 'Quote Not Closed: the parsing is finished with an opening quote at line 5'],
    ['extra field', `${ok('b3')},多余`, '8 fields, but the header has 7'],
  ] as const) {
    const { app, store } = await buildApp();
    await seedReferences(store, { schools: ['sch-01'] });
    const res = await app.inject(post('/v1/ingest/student', 'text/csv', [header, ok('b1'), ok('b2'), line, ok('b4')].join('\n')));
    t.equal(res.statusCode, 400, name);
    const row = name === 'open quote' ? 5 : 4;
    t.same(
      res.json(),
      {
        statusCode: 400,
        code: 'INGEST_MALFORMED_CSV',
        error: 'Bad Request',
        message: Errors.INGEST_MALFORMED_CSV.message,
        fields: [{ path: `body.row.${row}`, message }],
        details: { row, lastCommittedRow: 3, committed: { ...EMPTY, created: 2 } },
      },
      name,
    );
    t.same(await storedIds(store, 'student'), ['b1', 'b2'], name);
    await app.close();
  }
});

t.test('CSV headers: unknown, duplicate or missing columns and an empty file are whole-request 400s', async (t) => {
  const { app, store } = await buildApp();
  t.teardown(() => app.close());
  const send = (csv: string) => app.inject(post('/v1/ingest/student', 'text/csv', csv));
  const unknown = await send('学号,学校代码,姓名,专业代码,层次,毕业年份,同意被企业查找,爱好\nx,s,n,460301,高职,2027,是,跑步\n');
  t.equal(unknown.statusCode, 400);
  t.same(unknown.json().fields, [{ path: 'body.header.爱好', message: 'no such column' }]);
  t.equal(unknown.json().code, 'INGEST_CSV_UNKNOWN_COLUMN');
  const dup = await send('学号,id,学校代码,姓名,专业代码,层次,毕业年份,同意被企业查找\n');
  t.same([dup.statusCode, dup.json().code, dup.json().fields], [400, 'INGEST_CSV_DUPLICATE_COLUMN', [{ path: 'body.header.id', message: 'same field as 学号' }]]);
  const missing = await send('Id,School ID,NAME,level,graduation_year,consentToBeFound\n');
  t.same(
    [missing.statusCode, missing.json().code, missing.json().fields],
    [400, 'INGEST_CSV_MISSING_COLUMN', [{ path: 'body.header.majorCode', message: 'required column: majorCode / 专业代码' }]],
  );
  const empty = await send('');
  t.same([empty.statusCode, empty.json().code], [400, 'INGEST_CSV_NO_HEADER']);
  t.equal(await store.count('student'), 0);
});

t.test('JSON bodies: a syntax error or a non-array body is a whole-request 400', async (t) => {
  const { app, store } = await buildApp();
  t.teardown(() => app.close());
  await seedReferences(store, { schools: ['sch-01'] });
  const bad = await app.inject(post('/v1/ingest/student', 'application/json', `[${JSON.stringify(studentRow(1))}, {"id": ]`));
  t.same([bad.statusCode, bad.json().code, bad.json().details], [400, 'INGEST_MALFORMED_JSON', { row: 2, lastCommittedRow: 1, committed: { ...EMPTY, created: 1 } }]);
  const obj = await app.inject(post('/v1/ingest/student', 'application/json', JSON.stringify(studentRow(2))));
  t.same(obj.json(), {
    statusCode: 400,
    code: 'INGEST_JSON_NOT_ARRAY',
    error: 'Bad Request',
    message: Errors.INGEST_JSON_NOT_ARRAY.message,
    details: { lastCommittedRow: 0, committed: EMPTY },
  });
  const empty = await app.inject(post('/v1/ingest/student', 'application/json', ''));
  t.same([empty.statusCode, empty.json().code], [400, 'INGEST_MALFORMED_JSON']);
  t.same(await storedIds(store, 'student'), ['stu-0001']);
});

t.test('unsupported content type is 415, unknown record type 404', async (t) => {
  const { app } = await buildApp();
  t.teardown(() => app.close());
  const plain = await app.inject(post('/v1/ingest/student', 'text/plain', 'x'));
  t.same(plain.json(), {
    statusCode: 415,
    code: 'REQUEST_UNSUPPORTED_MEDIA_TYPE',
    error: 'Unsupported Media Type',
    message: Errors.REQUEST_UNSUPPORTED_MEDIA_TYPE.message,
  });
  const none = await app.inject({ method: 'POST', url: '/v1/ingest/student', payload: Buffer.from('[]') });
  t.equal(none.statusCode, 415);
  const type = await app.inject(post('/v1/ingest/teacher', 'application/json', '[]'));
  t.same(type.json(), {
    statusCode: 404,
    code: 'INGEST_UNKNOWN_RECORD_TYPE',
    error: 'Not Found',
    message: Errors.INGEST_UNKNOWN_RECORD_TYPE.message,
    details: { type: 'teacher' },
  });
});

t.test('oversize body: 413 from Content-Length before anything is read, or mid-stream with what was committed', async (t) => {
  const { app, store } = await buildApp({ INGEST_BODY_LIMIT_BYTES: '2048', INGEST_BATCH_SIZE: '1' });
  t.teardown(() => app.close());
  await seedReferences(store, { schools: ['sch-01'] });
  const rows = Array.from({ length: 12 }, (_, i) => studentRow(i + 1));
  const body = ndjson(rows);
  t.ok(Buffer.byteLength(body) > 2048);
  const declared = await app.inject(post('/v1/ingest/student', 'application/x-ndjson', body));
  t.same(declared.json(), {
    statusCode: 413,
    code: 'REQUEST_BODY_TOO_LARGE',
    error: 'Payload Too Large',
    message: Errors.REQUEST_BODY_TOO_LARGE.message,
    details: { limitBytes: 2048 },
  });
  t.equal(declared.headers.connection, 'close');
  t.equal(await store.count('student'), 0);
  // Streamed without a length: one line per chunk, so the limit falls between rows.
  const lines = body.split(/(?<=\n)/);
  const streamed = await app.inject(post('/v1/ingest/student', 'application/x-ndjson', Readable.from(lines)));
  t.equal(streamed.statusCode, 413);
  const fit = lines.reduce((acc, l) => (acc.bytes + Buffer.byteLength(l) <= 2048 ? { bytes: acc.bytes + Buffer.byteLength(l), n: acc.n + 1 } : acc), { bytes: 0, n: 0 }).n;
  t.same(streamed.json().details, { limitBytes: 2048, lastCommittedRow: fit, committed: { ...EMPTY, created: fit } });
  t.equal(await store.count('student'), fit);
});

t.test('a store that cannot be written: 503, the failing batch rolled back, earlier batches reported', async (t) => {
  const real = new SqliteStore({ path: ':memory:' });
  await seedReferences(real, { schools: ['sch-01'] });
  let calls = 0;
  const failing: Store = Object.create(real, {
    upsert: {
      value: async (...args: Parameters<Store['upsert']>) => {
        if (++calls === 2) throw new (await import('@chanjiao/platform')).AppError(Errors.STORE_UNAVAILABLE);
        return real.upsert(...args);
      },
    },
    // Read by the reference check (a student's school), which runs before each batch is written.
    getMany: { value: (...args: Parameters<Store['getMany']>) => real.getMany(...args) },
  });
  const { app } = await buildApp({ INGEST_BATCH_SIZE: '2' }, failing);
  t.teardown(() => app.close());
  const res = await app.inject(post('/v1/ingest/student', 'application/x-ndjson', ndjson([1, 2, 3, 4, 5].map((i) => studentRow(i)))));
  t.equal(res.statusCode, 503);
  t.same(res.json(), {
    statusCode: 503,
    code: 'STORE_UNAVAILABLE',
    error: 'Service Unavailable',
    message:
      'The record store cannot be written now; the failing batch was rolled back, earlier batches are saved (see details.committed). / 数据存储暂不可写：出错的这一批已回滚，之前的批次已保存（见 details.committed）。',
    details: { lastCommittedRow: 2, committed: { ...EMPTY, created: 2 } },
  });
  t.same(await storedIds(real, 'student'), ['stu-0001', 'stu-0002']);
});

t.test('delete by ids in JSON, NDJSON or the upsert CSV itself', async (t) => {
  const { app, store } = await buildApp();
  t.teardown(() => app.close());
  await seedReferences(store, { schools: ['sch-01'] });
  const rows = [1, 2, 3, 4].map((i) => studentRow(i));
  await app.inject(post('/v1/ingest/student', 'application/json', JSON.stringify(rows)));
  const del = await app.inject(post('/v1/ingest/student/delete', 'application/json', JSON.stringify(['stu-0001', { id: 'stu-0002' }, 'nobody', 'bad id!', 7])));
  t.same(del.json(), {
    deleted: 2,
    notFound: 1,
    rejected: 2,
    errors: [
      { row: 4, id: 'bad id!', field: 'id', code: 'INGEST_ROW_INVALID_VALUE', message: 'id: letters, digits and _ . : - only', messageZh: '「id」无效：只能包含字母、数字和 _ . : -，并以字母或数字开头' },
      { row: 5, field: 'id', code: 'INGEST_ROW_WRONG_TYPE', message: 'id: Invalid input: expected string, received number', messageZh: '「id」类型错误，应为文本' },
    ],
    errorsOmitted: 0,
  });
  t.equal(await store.personal('stu-0001'), undefined);
  const csv = formatCsv('student', rows.slice(2) as never, { lang: 'zh' });
  const csvDel = await app.inject(post('/v1/ingest/student/delete', 'text/csv', csv));
  t.same(csvDel.json(), { deleted: 2, notFound: 0, rejected: 0, errors: [], errorsOmitted: 0 });
  t.equal(await store.count('student'), 0);
  const nd = await app.inject(post('/v1/ingest/student/delete', 'application/x-ndjson', '"stu-0003"\n'));
  t.same(nd.json(), { deleted: 0, notFound: 1, rejected: 0, errors: [], errorsOmitted: 0 });
});

t.test('the CSV template is the header row, UTF-8 with BOM', async (t) => {
  const { app } = await buildApp();
  t.teardown(() => app.close());
  const res = await app.inject({ method: 'GET', url: '/v1/ingest/term/csv-template' });
  t.equal(res.statusCode, 200);
  t.equal(res.headers['content-type'], 'text/csv; charset=utf-8');
  t.equal(res.body, '\uFEFF学期,名称,开始日期,结束日期,申报月份,更新时间\r\n');
  const en = await app.inject({ method: 'GET', url: '/v1/ingest/term/csv-template?lang=en' });
  t.equal(en.body, '\uFEFFid,name,startsOn,endsOn,applicationMonth,updatedAt\r\n');
});

t.test('an id that is or holds a phone or resident ID number standing alone is a row error; one inside a longer id is fine', async (t) => {
  const { app, store } = await buildApp();
  t.teardown(() => app.close());
  await seedReferences(store, { schools: ['sch-01'] });
  const rows = [
    studentRow(1, { id: '13912345678' }),
    studentRow(2, { id: '44040420050312031X' }),
    studentRow(3, { id: '13912345678:1' }),
    studentRow(4, { id: 'STU-13912345678' }),
    studentRow(5, { id: '2025013912345678' }),
  ];
  const res = await app.inject(post('/v1/ingest/student', 'application/json', JSON.stringify(rows)));
  t.equal(res.statusCode, 200);
  const body = res.json();
  t.same({ created: body.created, rejected: body.rejected }, { created: 2, rejected: 3 });
  t.same(body.errors.map((e: { row: number; field: string }) => [e.row, e.field]), [[1, 'id'], [2, 'id'], [3, 'id']]);
  t.match(body.errors[0].message, /phone or resident ID number/);
  t.match(body.errors[0].messageZh, /手机号或身份证号/);
  t.same((await storedIds(store, 'student')).sort(), ['2025013912345678', 'STU-13912345678']);
});

t.test('a JSON row with a field its schema does not name is a row error at any depth, as an unknown CSV column is', async (t) => {
  const { app, store } = await buildApp();
  t.teardown(() => app.close());
  await seedReferences(store, { schools: ['sch-01'] });
  const typo = { ...studentRow(1), personal2: 'y' } as Record<string, unknown>;
  const nested = { ...studentRow(2), preferences: { citys: ['珠海市'] } } as Record<string, unknown>;
  const res = await app.inject(post('/v1/ingest/student', 'application/json', JSON.stringify([typo, nested, studentRow(3)])));
  const body = res.json();
  t.same({ created: body.created, rejected: body.rejected }, { created: 1, rejected: 2 });
  t.same(body.errors.map((e: { row: number; field: string; code: string }) => [e.row, e.field, e.code]), [
    [1, 'personal2', 'INGEST_ROW_INVALID_VALUE'],
    [2, 'preferences.citys', 'INGEST_ROW_INVALID_VALUE'],
  ]);
  t.match(body.errors[0].messageZh, /不是该类记录的字段/);
  t.same(await storedIds(store, 'student'), ['stu-0003']);
});

t.test("a student id holding the student's own phone or ID number, however split, is a row error; another's digits are fine", async (t) => {
  const { app, store } = await buildApp();
  t.teardown(() => app.close());
  await seedReferences(store, { schools: ['sch-01'] });
  const own = (row: number, id: string) => studentRow(row, { id, personal: { name: '林小雨', phone: '13912345608', idNumber: '44040420050312035X' } });
  const rows = [own(1, 'STU-13912345608'), own(2, 'STU.139.1234.5608'), own(3, 'G44040420050312035x'), own(4, 'STU-13912345678'), own(5, 'STU-2025001')];
  const res = await app.inject(post('/v1/ingest/student', 'application/json', JSON.stringify(rows)));
  t.equal(res.statusCode, 200);
  const body = res.json();
  t.same(body.errors.map((e: { row: number; field: string }) => [e.row, e.field]), [[1, 'id'], [2, 'id'], [3, 'id']]);
  t.match(body.errors[0].messageZh, /本人的手机号或身份证号/);
  t.same((await storedIds(store, 'student')).sort(), ['STU-13912345678', 'STU-2025001']);
});
