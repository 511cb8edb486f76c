/**
 * Hand-written post and student files: majors named rather than coded (专业, 类 and 大类 names of
 * the 2021 catalog), accepted levels as a floor (`大专及以上`) or `不限`, and row errors whose
 * Chinese message is Chinese throughout.
 */
import t from 'tap';
import { ingest } from '@chanjiao/ingestion';
import { SqliteStore } from '@chanjiao/store';
import { validateUpsertRow } from '../src/validate.js';
import { seedReferences, studentRow } from './helpers.js';

const T = '2026-01-01T00:00:00.000Z';
const csv = (rows: ReadonlyArray<readonly string[]>) => `${rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',')).join('\r\n')}\r\n`;
const HEADER = ['岗位编号', '企业代码', '岗位类型', '岗位名称', '招聘人数', '学期', '城市', '专业要求', '学历层次'];
const postRow = (id: string, majors: string, levels = '') => [id, 'ent-1', '就业', '电工', '2', '2027-spring', '珠海市', majors, levels];

async function loadPosts(rows: string[][]) {
  const store = new SqliteStore({ path: ':memory:' });
  await seedReferences(store, { enterprises: ['ent-1'] });
  const report = await ingest([csv([HEADER, ...rows])], { type: 'post', format: 'csv', store });
  return { store, report };
}

t.test('专业要求 takes 专业, 类 and 大类 names of the catalog as their codes, on every level', async (t) => {
  const { store, report } = await loadPosts([
    postRow('p1', '机电一体化技术'),
    postRow('p2', '机械设计制造类'),
    postRow('p3', '装备制造大类、460306'),
    postRow('p4', '数控技术；机电一体化 技术；4603'),
    postRow('p5', '药学专业'),
  ]);
  t.teardown(() => store.close());
  t.same(report.errors, []);
  t.equal(report.created, 5);
  const majors = async (id: string) => (await store.get('post', id))?.acceptedMajorCodes;
  t.same(await majors('p1'), ['460301'], 'a 专业 name: its code');
  t.same(await majors('p2'), ['6601', '4601', '2601'], 'a 类 name: its 4-digit code on each level');
  t.same(await majors('p3'), ['66', '46', '26', '460306'], 'a 大类 name: its 2-digit code on each level, beside a code');
  t.same(await majors('p4'), ['460103', '260103', '460301', '4603'], 'a name on two levels: both codes; spaces do not matter');
  t.same(await majors('p5'), ['520301', '320301'], 'a trailing 专业 is allowed');
});

t.test('JSON rows get the names too; an unknown name is an unknown major with the closest catalog majors', async (t) => {
  const base = { enterpriseId: 'ent-1', kind: 'job', title: '电工', seats: 2, term: '2027-spring', city: '珠海市', updatedAt: T };
  const ok = validateUpsertRow('post', 1, { ...base, id: 'j1', acceptedMajorCodes: ['机械设计制造类', '4603'] }, T);
  t.ok(ok.ok);
  if (ok.ok) t.same(ok.value.record.acceptedMajorCodes, ['6601', '4601', '2601', '4603']);

  const bad = validateUpsertRow('post', 2, { ...base, id: 'j2', acceptedMajorCodes: ['机电一体化技术', '机电一体化技朮', '469999', 'x1'] }, T);
  t.notOk(bad.ok);
  if (bad.ok) return;
  t.same(
    bad.errors.map((e) => [e.field, e.code]),
    [
      ['acceptedMajorCodes.3', 'INGEST_ROW_INVALID_VALUE'],
      ['acceptedMajorCodes.1', 'INGEST_ROW_UNKNOWN_MAJOR'],
      ['acceptedMajorCodes.2', 'INGEST_ROW_UNKNOWN_MAJOR'],
    ],
    'errors name the items as sent, not as the names expanded',
  );
  const unknown = bad.errors.find((e) => e.field === 'acceptedMajorCodes.1')!;
  t.ok(unknown.suggestions?.some((s) => s.name === '机电一体化技术'), 'suggests the closest catalog names');
  t.match(unknown.messageZh, /^「专业要求（第2项）」机电一体化技朮 不是 2021 年职业教育专业目录中的专业、类或大类名称，相近的专业：.*机电一体化技术/);
  t.match(unknown.message, /is not a 专业, 类 or 大类 name of the 2021 major catalog; closest: /);
  t.match(bad.errors[0]!.messageZh, /^「专业要求（第4项）」格式不正确：应为 2 位大类、4 位类或 6 位专业代码/);
});

t.test("a student's 专业代码 may be a 专业 name when it is one major at the student's level", async (t) => {
  const one = validateUpsertRow('student', 1, studentRow(1, { majorCode: '电气自动化技术', level: 'higher' }), T);
  t.ok(one.ok);
  if (one.ok) t.equal(one.value.record.majorCode, '460306');
  const twoLevels = validateUpsertRow('student', 2, studentRow(2, { majorCode: '数控技术', level: 'bachelor' }), T);
  t.ok(twoLevels.ok);
  if (twoLevels.ok) t.equal(twoLevels.value.record.majorCode, '260103', 'the name read at the student level');
  const otherLevel = validateUpsertRow('student', 3, studentRow(3, { majorCode: '数控技术', level: 'secondary' }), T);
  t.notOk(otherLevel.ok, 'no 中职 major of that name: left to the schema');
  if (!otherLevel.ok) t.same(otherLevel.errors.map((e) => [e.field, e.code]), [['majorCode', 'INGEST_ROW_INVALID_VALUE']]);
  const unknown = validateUpsertRow('student', 4, studentRow(4, { majorCode: '机电一体化技朮' }), T);
  t.notOk(unknown.ok);
  if (!unknown.ok) {
    t.same(unknown.errors.map((e) => [e.field, e.code]), [['majorCode', 'INGEST_ROW_UNKNOWN_MAJOR']]);
    t.ok(unknown.errors[0]!.suggestions?.some((s) => s.code === '460301'));
    t.match(unknown.errors[0]!.messageZh, /^「专业代码」机电一体化技朮 不是 2021 年职业教育专业目录中的专业名称，相近的专业：/);
  }
  const className = validateUpsertRow('student', 5, studentRow(5, { majorCode: '自动化类' }), T);
  t.notOk(className.ok, 'a 类 name is not a student major: left to the schema');
  if (!className.ok) t.same(className.errors.map((e) => [e.field, e.code]), [['majorCode', 'INGEST_ROW_INVALID_VALUE']]);
});

t.test('学历层次: `X及以上` / `X以上` is that level and every higher one; 不限 is no restriction', async (t) => {
  const { store, report } = await loadPosts([
    postRow('l1', '', '大专及以上'),
    postRow('l2', '', '中职以上'),
    postRow('l3', '', '本科及以上学历'),
    postRow('l4', '', '不限'),
    postRow('l5', '', '中职、高职'),
    postRow('l6', '', '高中及以上'),
  ]);
  t.teardown(() => store.close());
  const levels = async (id: string) => (await store.get('post', id))?.acceptedLevels;
  t.same(await levels('l1'), ['higher', 'bachelor']);
  t.same(await levels('l2'), ['secondary', 'higher', 'bachelor']);
  t.same(await levels('l3'), ['bachelor']);
  t.same(await levels('l4'), [], 'no restriction, as an empty cell');
  t.same(await levels('l5'), ['secondary', 'higher']);
  t.equal(report.created, 5);
  t.same(report.errors.map((e) => [e.id, e.field, e.code]), [['l6', 'acceptedLevels.0', 'INGEST_ROW_INVALID_VALUE']], 'an unknown level is still refused');
  t.match(report.errors[0]!.messageZh, /^「学历层次（第1项）」取值无效，可选：/);
});

t.test('messageZh is Chinese throughout for the common formats; a union of values lists them', async (t) => {
  const zh = (type: 'student' | 'term', row: Record<string, unknown>) => {
    const out = validateUpsertRow(type, 1, row, T);
    return out.ok ? [] : out.errors.map((e) => e.messageZh);
  };
  t.same(zh('student', studentRow(1, { personal: { name: '王小明', idNumber: '12345' } })), ['「身份证号」格式不正确：应为 18 位居民身份证号（最后一位可为 X）']);
  t.same(zh('student', studentRow(1, { id: '学号1' })), ['「学号」格式不正确：只能包含字母、数字和 _ . : -，并以字母或数字开头']);
  t.same(zh('student', studentRow(1, { majorCode: '4603011' })), ['「专业代码」格式不正确：应为 6 位专业代码（国家控制专业末尾带 K），或目录中的专业名称']);
  t.same(zh('student', studentRow(1, { availability: { from: '2027-3' } })), ['「可到岗时间」格式不正确：应为年月，如 2027-03']);
  t.same(zh('student', studentRow(1, { id: '13800001111' })), ['「学号」格式不正确：编号不能含手机号或身份证号（编号会展示给企业）']);
  t.same(zh('student', studentRow(1, { graduationYear: 2027.5 })), ['「毕业年份」类型错误，应为整数']);
  const term = { id: '2027-spring', startsOn: '2027-02-20', endsOn: '2027-07-10', applicationMonth: 12, updatedAt: T };
  t.same(zh('term', { ...term, applicationMonth: 7 }), ['「申报月份」取值无效，可选：6、12']);
  const post = { id: 'p1', enterpriseId: 'e1', kind: 'internship', internshipMode: 'shadow', title: '实习', seats: 1, term: '2027-x', city: '珠海市', durationMonths: 2, updatedAt: T };
  const out = validateUpsertRow('post', 1, post, T);
  t.same(out.ok ? [] : out.errors.map((e) => e.messageZh), ['「学期」格式不正确：应为学期代码，如 2027-spring（春季）或 2027-autumn（秋季）', '「期限（月）」取值无效：跟岗实习至少 3 个月']);
});

t.test('专业要求 `不限` (专业不限, 均可) is any major, as an empty cell; 状态 as clerks write it', async (t) => {
  const { store, report } = await loadPosts([postRow('m1', '不限', '不限'), postRow('m2', '专业不限'), postRow('m3', '均可'), postRow('m4', '不限、4603')]);
  t.teardown(() => store.close());
  const majors = async (id: string) => (await store.get('post', id))?.acceptedMajorCodes;
  t.same(await majors('m1'), [], 'no restriction');
  t.same(await majors('m2'), []);
  t.same(await majors('m3'), []);
  t.equal(report.created, 3);
  t.same(report.errors.map((e) => [e.id, e.code]), [['m4', 'INGEST_ROW_UNKNOWN_MAJOR']], '不限 beside a major is still a question for the clerk');

  const withStatus = [...HEADER, '状态'];
  const store2 = new SqliteStore({ path: ':memory:' });
  t.teardown(() => store2.close());
  await seedReferences(store2, { enterprises: ['ent-1'] });
  const statuses = ['已关闭', '停招', '已招满', '已发布', '未发布'];
  const r2 = await ingest([csv([withStatus, ...statuses.map((s, i) => [...postRow(`s${i}`, ''), s])])], { type: 'post', format: 'csv', store: store2 });
  t.same(r2.errors, []);
  t.same(await Promise.all(statuses.map(async (_, i) => (await store2.get('post', `s${i}`))?.status)), ['closed', 'closed', 'closed', 'open', 'draft']);
});
