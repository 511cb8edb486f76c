import t, { type Test } from 'tap';
import type { RecordType } from '@chanjiao/domain';
import { SqliteStore, type Store } from '@chanjiao/store';
import { CSV_COLUMNS, formatCsv, ingest } from '@chanjiao/ingestion';
import { normalizeHeader } from '../src/csv-spec.js';
import { validateUpsertRow } from '../src/validate.js';
import { seedReferences, studentRow } from './helpers.js';

const T = '2026-09-01T00:00:00.000Z';
/** One record of each type with every optional field filled, the way an owner would send it. */
const SAMPLES: Record<RecordType, Array<Record<string, unknown>>> = {
  school: [
    { id: 'sch-01', name: '珠海市技师学院', kind: 'technician_college', levels: ['secondary', 'higher'], city: '珠海', district: '金湾区', partnerEnterpriseIds: ['ent-1', 'ent-2'], updatedAt: T },
  ],
  student: [
    studentRow(1, {
      personal: { name: '欧阳, "娜娜"', phone: '13800000001', idNumber: '44040219990101123X' },
      skills: [{ name: 'PLC', level: 'advanced' }, { name: 'CAD', level: 'basic' }, { name: '焊接' }],
      certificates: [{ name: '低压电工作业证', level: 'junior' }, { name: '1+X 工业机器人', level: 'intermediate' }],
      preferences: { postKinds: ['internship', 'order_class'], cities: ['珠海', '广州'], parks: ['高新区'], industries: ['装备制造'], stayLocal: true },
      availability: { from: '2027-03', months: 6 },
      selfIntroduction: '第一行\n第二行，带逗号',
      status: 'placed',
    }),
  ],
  enterprise: [
    { id: 'ent-1', name: '格力电器（珠海）', city: '珠海', park: '金湾开发区', industry: '家电制造', keyEnterprise: true, employees: 12000, technicalPositions: 800, partnerSchoolIds: ['sch-01'], updatedAt: T },
  ],
  post: [
    {
      id: 'post-1', enterpriseId: 'ent-1', coEnterpriseIds: ['ent-2'], kind: 'internship', internshipMode: 'on_post', title: '电气装配顶岗实习',
      description: '负责产线电气装配。', acceptedMajorCodes: ['4603', '660301'], acceptedLevels: ['secondary', 'higher'], acceptedGraduationYears: [2027, 2028],
      requiredSkills: ['PLC'], preferredSkills: ['CAD', '焊接'], requiredCertificates: [{ name: '低压电工作业证' }], preferredCertificates: [{ name: '电工', minLevel: 'intermediate' }],
      seats: 30, term: '2027-spring', city: '珠海', park: '金湾开发区', salary: { min: 3500, max: 4800.5 }, durationMonths: 6, trainingMode: '工学交替', status: 'open', updatedAt: T,
    },
  ],
  term: [{ id: '2027-spring', name: '2027 春季学期', startsOn: '2027-02-20', endsOn: '2027-07-10', applicationMonth: 12, updatedAt: T }],
};

async function* chunks(text: string | Buffer, size = 7): AsyncGenerator<Buffer> {
  const b = Buffer.isBuffer(text) ? text : Buffer.from(text);
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

/** What a type's samples name that must be stored first (a post's enterprises, an enterprise's partner schools, a student's school). */
async function seed(store: Store, type: RecordType): Promise<void> {
  if (type === 'enterprise' || type === 'student') await seedReferences(store, { schools: ['sch-01'] });
  if (type === 'post') await seedReferences(store, { enterprises: ['ent-1', 'ent-2'] });
}

/** A store in memory with the references rows of `type` name, closed when the test ends. */
async function seededStore(t: Test, type: RecordType): Promise<SqliteStore> {
  const store = new SqliteStore({ path: ':memory:' });
  t.teardown(() => store.close());
  await seed(store, type);
  return store;
}

async function stored(store: Store, type: RecordType, ids: string[]) {
  return Promise.all(ids.map(async (id) => [await store.get(type, id), type === 'student' ? await store.personal(id) : null]));
}

t.test('formatCsv writes what the import reads back: every type, English and Chinese, byte by byte', async (t) => {
  for (const type of Object.keys(SAMPLES) as RecordType[]) {
    const rows = SAMPLES[type];
    const ids = rows.map((r) => r.id as string);
    const viaJson = new SqliteStore({ path: ':memory:' });
    await seed(viaJson, type);
    t.same(await ingest(chunks(JSON.stringify(rows), 4096), { type, format: 'json', store: viaJson }), {
      created: rows.length, updated: 0, unchanged: 0, stale: 0, rejected: 0, errors: [], errorsOmitted: 0,
    });
    const want = await stored(viaJson, type, ids);
    for (const lang of ['en', 'zh'] as const) {
      const csv = formatCsv(type, rows as never, { lang, bom: lang === 'zh' });
      const store = new SqliteStore({ path: ':memory:' });
      await seed(store, type);
      const report = await ingest(chunks(csv), { type, format: 'csv', store });
      t.same(report, { created: rows.length, updated: 0, unchanged: 0, stale: 0, rejected: 0, errors: [], errorsOmitted: 0 }, `${type} ${lang}`);
      t.strictSame(await stored(store, type, ids), want, `${type} ${lang}`);
      await store.close();
    }
    await viaJson.close();
  }
});

t.test('formatCsv output, English and Chinese', async (t) => {
  t.equal(
    formatCsv('term', SAMPLES.term as never),
    'id,name,startsOn,endsOn,applicationMonth,updatedAt\r\n2027-spring,2027 春季学期,2027-02-20,2027-07-10,12,2026-09-01T00:00:00.000Z\r\n',
  );
  t.equal(
    formatCsv('student', SAMPLES.student as never, { lang: 'zh' }),
    '学号,学校代码,姓名,手机号,身份证号,专业代码,层次,毕业年份,技能,证书,意向岗位类型,意向城市,意向园区,意向行业,愿意留在本地,可到岗时间,可工作月数,自我介绍,同意被企业查找,状态,更新时间\r\n' +
      'stu-0001,sch-01,"欧阳, ""娜娜""",13800000001,44040219990101123X,460301,高职专科,2027,PLC:精通;CAD:基础;焊接,低压电工作业证:初级;1+X 工业机器人:中级,实习岗位;订单班,珠海;广州,高新区,装备制造,是,2027-03,6,"第一行\n第二行，带逗号",是,已落实,2026-09-01T00:00:00.000Z\r\n',
  );
});

t.test('cells as Excel and people write them', async (t) => {
  const csv = [
    '*学号,学校代码,姓名,专业代码,培养层次,届别,技能,证书,同意推荐,可到岗时间,更新时间',
    'c1,sch-01,张三,460301,大专,2027届,PLC：熟练、CAD,电工证：中级工,Y,2027年3月,2026/9/1 8:00',
  ].join('\n');
  const store = await seededStore(t, 'student');
  t.same((await ingest(chunks(csv), { type: 'student', format: 'csv', store })).created, 1);
  const s = await store.get('student', 'c1');
  t.strictSame(
    [s?.level, s?.graduationYear, s?.skills, s?.certificates, s?.consentToBeFound, s?.availability, s?.updatedAt],
    ['higher', 2027, [{ name: 'PLC', level: 'intermediate' }, { name: 'CAD' }], [{ name: '电工证', level: 'intermediate' }], true, { from: '2027-03' }, '2026-09-01T00:00:00.000Z'],
  );
});

t.test('headers as people write them in their own sheets: 是否… on a yes/no column, a bracketed note at the end', async (t) => {
  const csv = [
    '学号（必填）,学校代码(必填),姓名,专业代码,层次,毕业年份,是否同意被企业查找,是否愿意留在本地（是/否）,可工作月数（月）,手机号 (选填)',
    'c1,sch-01,张三,460301,高职专科,2027,是,否,6,13800000009',
  ].join('\n');
  const store = await seededStore(t, 'student');
  const report = await ingest(chunks(csv), { type: 'student', format: 'csv', store });
  t.same(report.created, 1, JSON.stringify(report.errors));
  const s = await store.get('student', 'c1');
  t.strictSame([s?.consentToBeFound, s?.preferences?.stayLocal, s?.availability?.months], [true, false, 6]);
  t.equal((await store.personal('c1'))?.phone, '13800000009');
  // A header that names no column with or without the additions is still refused, by its own words.
  await t.rejects(ingest(chunks('学号,学校代码,是否党员\nc2,sch-01,是'), { type: 'student', format: 'csv', store }), { code: 'INGEST_CSV_UNKNOWN_COLUMN', fields: [{ path: 'body.header.是否党员' }] });
  // A bracket that says whose number it is names another field: not the student's phone.
  await t.rejects(ingest(chunks('学号,学校代码,联系电话（家长）\nc3,sch-01,13900000001'), { type: 'student', format: 'csv', store }), { code: 'INGEST_CSV_UNKNOWN_COLUMN', fields: [{ path: 'body.header.联系电话（家长）' }] });
});

t.test('within a record type, no two columns answer to the same header', async (t) => {
  for (const [type, columns] of Object.entries(CSV_COLUMNS)) {
    const seen = new Map<string, string>();
    for (const c of columns) {
      for (const h of [c.name, ...c.zh]) {
        const k = normalizeHeader(h);
        t.notOk(seen.has(k) && seen.get(k) !== c.name, `${type}: ${h} is claimed by ${seen.get(k)} and ${c.name}`);
        seen.set(k, c.name);
      }
    }
  }
});

t.test('schema round trip: what the store holds is valid input again, unchanged as JSON and as CSV, for every type', async (t) => {
  for (const type of Object.keys(SAMPLES) as RecordType[]) {
    const rows = SAMPLES[type];
    const store = new SqliteStore({ path: ':memory:' });
    await seed(store, type);
    await ingest(chunks(JSON.stringify(rows), 4096), { type, format: 'json', store });
    const held: Array<Record<string, unknown>> = [];
    for await (const r of store.scan(type)) {
      held.push(type === 'student' ? { ...r, personal: await store.personal(r.id) } : { ...r });
    }
    t.equal(held.length, rows.length, type);
    const unchanged = { created: 0, updated: 0, unchanged: rows.length, stale: 0, rejected: 0, errors: [], errorsOmitted: 0 };
    t.same(await ingest(chunks(JSON.stringify(held), 4096), { type, format: 'json', store }), unchanged, `${type} as JSON`);
    for (const lang of ['en', 'zh'] as const) {
      t.same(await ingest(chunks(formatCsv(type, held as never, { lang })), { type, format: 'csv', store }), unchanged, `${type} as CSV (${lang})`);
    }
    await store.close();
  }
});

t.test('skill levels in the words résumés use, and skill names that contain a colon', async (t) => {
  const csv = [
    '学号,学校代码,姓名,专业代码,培养层次,届别,技能,同意推荐,更新时间',
    'c2,sch-01,李四,460301,高职,2027,PLC编程:熟悉;CAD：了解;电气控制:掌握;焊接:精通;ISO 9001:2015内审;C:,是,2026-09-01',
  ].join('\n');
  const store = await seededStore(t, 'student');
  t.same((await ingest(chunks(csv), { type: 'student', format: 'csv', store })).created, 1);
  const s = await store.get('student', 'c2');
  t.strictSame(s?.skills, [
    { name: 'PLC编程', level: 'intermediate' },
    { name: 'CAD', level: 'basic' },
    { name: '电气控制', level: 'intermediate' },
    { name: '焊接', level: 'advanced' },
    { name: 'ISO 9001:2015内审' },
    { name: 'C' },
  ]);
});

t.test('a clerk\'s phone and ID cells (spaces, dashes, +86, full-width) and 顶岗实习, 学徒, 全职 as wanted post kinds', async (t) => {
  const csv = [
    '学号,学校代码,姓名,手机号,身份证号,专业代码,层次,毕业年份,意向岗位类型,同意被企业查找,更新时间',
    'p1,sch-01,王小明,138 1234 5678,440402 20050101 1234,460306,高职,2027届,顶岗实习；就业,是,2026/11/20 9:30',
    'p2,sch-01,李娜,+86 139-0000-1111,４４０４０２２００５０２０２２２２Ｘ,460306,高职,2027,跟岗实习,是,2026-11-20',
    'p3,sch-01,张伟,１３７００００２２２２,,460306,高职,2027,岗位实习；学徒；全职,是,2026-11-20',
    'p4,sch-01,赵敏,1380000,,460306,高职,2027,实习,是,2026-11-20',
  ].join('\n');
  const store = await seededStore(t, 'student');
  const report = await ingest(chunks(csv), { type: 'student', format: 'csv', store });
  t.equal(report.created, 3);
  t.strictSame(report.errors.map((e) => [e.id, e.field]), [['p4', 'personal.phone']], 'a number too short is still refused, with its field');
  t.strictSame(
    await Promise.all(['p1', 'p2', 'p3'].map(async (id) => [(await store.personal(id))?.phone, (await store.personal(id))?.idNumber, (await store.get('student', id))?.preferences.postKinds])),
    [
      ['13812345678', '440402200501011234', ['internship', 'job']],
      ['13900001111', '44040220050202222X', ['internship']],
      ['13700002222', undefined, ['internship', 'apprenticeship', 'job']],
    ],
  );
});

t.test('row errors in Chinese say the field by its column name and the problem in Chinese, not the schema\'s English', async (t) => {
  const base = { id: 'S1', schoolId: 'SCH', majorCode: '460301', level: 'higher', graduationYear: 2027, consentToBeFound: true, updatedAt: '2026-01-01T00:00:00Z', personal: { name: '王小明' } };
  const zh = (row: Record<string, unknown>) => {
    const out = validateUpsertRow('student', 1, row, '2026-01-01T00:00:00.000Z');
    return out.ok ? [] : out.errors.map((e) => e.messageZh);
  };
  t.same(zh({ ...base, schoolId: '' }), ['「学校代码」不能为空']);
  t.same(zh({ ...base, schoolId: '学校' }), ['「学校代码」格式不正确：只能包含字母、数字和 _ . : -，并以字母或数字开头']);
  t.same(zh({ ...base, updatedAt: 'yesterday' }), ['「更新时间」格式不正确：应为时间，如 2026-09-01T08:00:00+08:00']);
  t.same(zh({ ...base, personal: { name: '王小明', phone: '123' } }), ['「手机号」格式不正确：应为以 1 开头的 11 位手机号']);
  t.same(zh({ ...base, skills: [{ name: 'PLC' }, { name: '' }] }), ['「技能（第2项的名称）」不能为空']);
  const { personal: _personal, ...withoutPersonal } = base;
  t.same(zh(withoutPersonal), ['缺少必填字段「个人信息（姓名、手机号等）」']);
});
