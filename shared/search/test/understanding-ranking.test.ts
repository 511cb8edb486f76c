/**
 * Ranking for the ways people really write (issue 16), exact orders on a small hand-made corpus:
 * homophone typos from pinyin input, colloquial intents (直播带货, 看图纸, 会修…的), which of
 * location and preference a city filter matched, and student-aware post search. The vector side
 * is off (no model in unit tests), so the order comes from the words and the structured features.
 */
import t from 'tap';
import { School, type StudentProfile } from '@chanjiao/domain';
import { createAnalyzer } from '../src/analyzer.js';
import { buildIndexDocument } from '../src/documents.js';
import { EmbeddedSearchIndex } from '../src/embedded/embedded-index.js';
import { HybridEngine, ReferenceData } from '../src/engine.js';
import { post, student } from './helpers.js';

const analyzer = createAnalyzer();
const T = '2026-03-01T00:00:00.000Z';
const school = (id: string, city: string, district?: string): School =>
  School.parse({ id, name: `${city}职业技术学院${id}`, kind: 'higher_vocational', levels: ['higher'], city, ...(district ? { district } : {}), updatedAt: T });
const schools = [school('sch-zh', '珠海市', '金湾区'), school('sch-gz', '广州市', '黄埔区'), school('sch-jy', '嘉峪关市')];
const references = new ReferenceData({ schools });

const skills = (...names: string[]) => names.map((name) => ({ name }));
const STUDENTS: StudentProfile[] = [
  // Cars: two repair majors, one manufacturing major, all with car skills.
  student({ id: 'car-repair', majorCode: '500211', skills: skills('汽车维修', '汽车故障诊断') }),
  student({ id: 'car-repair-sec', majorCode: '700206', level: 'secondary', skills: skills('汽车维修') }),
  student({ id: 'car-make', majorCode: '460701', skills: skills('汽车装配调试', '汽车维修') }),
  student({ id: 'car-make-2', majorCode: '460701', skills: skills('汽车装配调试') }),
  // E-commerce: live-streaming skills or not, in e-commerce majors or not.
  student({ id: 'live-ecom', majorCode: '530701', skills: skills('直播带货', '网店运营') }),
  student({ id: 'live-zb', majorCode: '730705', level: 'secondary', skills: skills('直播带货', '短视频运营') }),
  student({ id: 'ecom-shop', majorCode: '530701', skills: skills('网店运营', '电商数据分析') }),
  student({ id: 'live-other', majorCode: '460301', skills: skills('直播带货', 'PLC编程') }),
  // Machining: 数控 with and without drawing skills, other 机械 majors with drawing skills.
  student({ id: 'nc-draw', majorCode: '460103', skills: skills('数控加工', '机械制图') }),
  student({ id: 'nc', majorCode: '460103', skills: skills('数控加工') }),
  student({ id: 'mech-draw', majorCode: '460101', skills: skills('机械制图', 'CAD制图') }),
  student({ id: 'mech', majorCode: '460104', skills: skills('机械加工工艺') }),
  // Places: a 珠海 school, a student elsewhere who prefers 珠海, one who does not.
  student({ id: 'plc-zh', schoolId: 'sch-zh', majorCode: '460301', skills: skills('PLC编程') }),
  student({ id: 'plc-pref-zh', schoolId: 'sch-jy', majorCode: '460301', skills: skills('PLC编程'), preferences: { cities: ['珠海'] } as StudentProfile['preferences'] }),
  student({ id: 'plc-jy', schoolId: 'sch-jy', majorCode: '460301', skills: skills('PLC编程') }),
];

const index = new EmbeddedSearchIndex({ analyzer, dimensions: 4 });
index.upsertSync(STUDENTS.map((profile) => buildIndexDocument({ profile, school: references.school(profile.schoolId) }, analyzer)));
const fusion = { method: 'rrf' as const, lexicalWeight: 1, vectorWeight: 0, rrfK: 60 };
const engine = new HybridEngine({ index, analyzer, references, fusion, now: () => new Date('2026-12-01T00:00:00Z') });

async function ids(query: string, limit = 8): Promise<string[]> {
  const page = await engine.searchCandidates({ query, limit });
  return page.hits.map((h) => h.id);
}

t.test('a homophone typo of a lexicon word ranks exactly like the word, and the reply says what it searched', async (t) => {
  const cases: Array<[string, string, string[]]> = [
    ['汽车维休', '汽车维修', ['car-repair-sec', 'car-repair', 'car-make', 'car-make-2']],
    ['数空车床', '数控车床', ['nc', 'nc-draw']],
    ['电子商物', '电子商务', ['ecom-shop', 'live-ecom', 'live-zb']],
  ];
  for (const [typo, word, order] of cases) {
    t.strictSame(await ids(word), order, word);
    t.strictSame(await ids(typo), order, typo);
    const page = await engine.searchCandidates({ query: typo, limit: 1 });
    t.strictSame(page.understood?.corrections, [{ from: typo, to: word }]);
    // What the routes embed: the corrected text, so the vector side lands where the words do.
    t.equal(engine.searchText(`找 ${typo} 的学生`), `找 ${word} 的学生`);
  }
  t.equal(engine.searchText('PLC 电气 顶岗实习'), 'PLC 电气 顶岗实习', 'a query without typos is embedded as typed');
});

t.test('找几个会做直播带货的: live-streamers of the e-commerce majors first', async (t) => {
  const page = await engine.searchCandidates({ query: '找几个会做直播带货的', limit: 8 });
  t.strictSame(
    page.hits.map((h) => h.id),
    ['live-zb', 'live-ecom', 'ecom-shop', 'live-other'],
  );
  t.strictSame(page.understood?.intents.map((i) => [i.kind, i.text, i.skills]), [['phrase', '直播带货', ['直播带货']]]);
  t.ok(page.hits[0]!.explanation.matchedSkills.includes('直播带货'));
});

t.test('要会看图纸的数控操作工: 数控 students who read drawings, then other 数控, then other 机械', async (t) => {
  t.strictSame(await ids('要会看图纸的数控操作工'), ['nc-draw', 'nc', 'mech-draw']);
});

t.test('会修车的: the repair majors above the manufacturing major of the same product', async (t) => {
  t.strictSame(await ids('会修车的'), ['car-repair-sec', 'car-repair', 'car-make']);
  // Without the repair wish the manufacturing students lead on the word 汽车 alone.
  t.strictSame(await ids('汽车'), ['car-make', 'car-make-2', 'car-repair', 'car-repair-sec']);
});

t.test('a city filter takes the short name and each hit says whether its school or its preference matched', async (t) => {
  const plcPost = post({ id: 'p-plc', title: 'PLC 调试员', acceptedMajorCodes: ['460301'], requiredSkills: ['PLC编程'] });
  // For the post, stating 珠海 as a wish outranks only studying there (the pair's place feature);
  // for free text both meet the place equally and the tie goes by id.
  const cases: Array<[string, { post?: typeof plcPost; query?: string }, string[]]> = [
    ['for a post', { post: plcPost }, ['plc-pref-zh', 'plc-zh']],
    ['free text', { query: 'PLC' }, ['plc-pref-zh', 'plc-zh']],
  ];
  for (const [name, q, order] of cases) {
    const page = await engine.searchCandidates({ ...q, filter: { cities: ['珠海'] }, limit: 10 });
    t.strictSame(
      page.hits.map((h) => h.id),
      order,
      name,
    );
    const note = (id: string) => page.hits.find((h) => h.id === id)?.explanation.notes.find((n) => n.includes('学校所在地') || n.includes('学生意向地'));
    t.match(note('plc-zh'), /珠海市.*学校所在地/u, name);
    t.match(note('plc-pref-zh'), /珠海市.*学生意向地/u, name);
  }
});

t.test('a student searching posts gets the reasons recommendations give', async (t) => {
  const posts = [
    post({ id: 'p-zh', title: 'PLC 编程 技术员', city: '珠海市', acceptedMajorCodes: ['460301'], requiredSkills: ['PLC编程'] }),
    post({ id: 'p-gz', title: 'PLC 电气 工程师', city: '广州市', acceptedMajorCodes: ['4603'], requiredSkills: ['PLC编程', '电气CAD'] }),
    post({ id: 'p-any', title: 'PLC 销售', city: '广州市', requiredSkills: ['客户服务', '商务谈判'] }),
    post({ id: 'p-nurse', title: '护士', city: '珠海市', acceptedMajorCodes: ['520201'], requiredSkills: ['基础护理'] }),
  ];
  const postIndex = new EmbeddedSearchIndex({ analyzer, dimensions: 4 });
  postIndex.upsertSync(posts.map((p) => buildIndexDocument({ post: p }, analyzer)));
  const postEngine = new HybridEngine({ index: postIndex, analyzer, references, fusion, now: () => new Date('2026-12-01T00:00:00Z') });
  const me = STUDENTS.find((s) => s.id === 'plc-pref-zh')!;

  const anonymous = await postEngine.searchPosts({ query: 'PLC', limit: 10 });
  t.strictSame(
    anonymous.hits.map((h) => [h.id, h.explanation.majorRelation]),
    [
      ['p-zh', ''],
      ['p-gz', ''],
      ['p-any', ''],
    ],
    'without a student: no major relation, no place fit',
  );

  const mine = await postEngine.searchPosts({ query: 'PLC', student: me, limit: 10 });
  t.strictSame(
    mine.hits.map((h) => h.id),
    ['p-zh', 'p-gz', 'p-any'],
  );
  const [zh, gz, any] = mine.hits.map((h) => h.explanation);
  t.match(zh!.majorRelation, /专业对口/u);
  t.strictSame(zh!.matchedSkills, ['PLC编程']);
  t.ok(zh!.notes.some((n) => n.startsWith('地点：珠海市')), zh!.notes.join(' / '));
  t.match(gz!.majorRelation, /相近专业|专业对口/u);
  t.strictSame(gz!.missingRequiredSkills, ['电气CAD']);
  t.strictSame(any!.missingRequiredSkills, ['客户服务', '商务谈判']);
  t.ok(typeof zh!.contributions.query === 'number' && zh!.contributions.major! > 0);

  // A post the student may not apply to stays findable (they are browsing), below, saying why.
  const nurse = await postEngine.searchPosts({ query: '护士', student: me, limit: 10 });
  t.strictSame(
    nurse.hits.map((h) => h.id),
    ['p-nurse'],
  );
  t.match(nurse.hits[0]!.explanation.notes[0], /^不符合报名条件：/u);
  t.equal(nurse.hits[0]!.explanation.contributions.constraintFactor, 0.7);
});

t.test('月薪5000以上: posts that cannot pay it rank below those that can, and say why; a post naming no pay is not marked down', async (t) => {
  const posts = [
    post({ id: 'p-low', title: 'PLC 调试员', acceptedMajorCodes: ['4603'], requiredSkills: ['PLC编程'], salary: { min: 3000, max: 3800 } }),
    post({ id: 'p-high', title: 'PLC 调试员', acceptedMajorCodes: ['4603'], requiredSkills: ['PLC编程'], salary: { min: 4500, max: 6000 } }),
    post({ id: 'p-none', title: 'PLC 调试员', acceptedMajorCodes: ['4603'], requiredSkills: ['PLC编程'] }),
  ];
  const postIndex = new EmbeddedSearchIndex({ analyzer, dimensions: 4 });
  postIndex.upsertSync(posts.map((p) => buildIndexDocument({ post: p }, analyzer)));
  const postEngine = new HybridEngine({ index: postIndex, analyzer, references, fusion, now: () => new Date('2026-12-01T00:00:00Z') });
  const me = STUDENTS.find((s) => s.id === 'plc-pref-zh')!;

  const plain = await postEngine.searchPosts({ query: 'PLC', student: me, limit: 10 });
  t.strictSame(plain.hits.map((h) => h.id), ['p-high', 'p-low', 'p-none'], 'without a pay wish: the three tie on everything but the id');
  for (const q of ['PLC 月薪5000以上', 'PLC 工资不低于 5,000', 'PLC 5k+', 'PLC 薪资4-6k']) {
    const page = await postEngine.searchPosts({ query: q, student: me, limit: 10 });
    t.strictSame(page.hits.map((h) => h.id), ['p-high', 'p-none', 'p-low'], q);
    t.ok(page.understood?.salary, `${q}: the pay is read`);
    const low = page.hits.find((h) => h.id === 'p-low')!.explanation;
    t.match(low.notes.join(' / '), /薪资不符：岗位3000–3800元\/月/u);
    t.match(page.hits[0]!.explanation.notes.join(' / '), /薪资：4500–6000元\/月/u);
    // The unmet wish scales the whole score, as in an HR search; the post naming no pay keeps it whole.
    t.equal(low.contributions.constraintFactor, 0.7, `${q}: the unmet wish is a factor on the post's score`);
    t.equal(page.hits.find((h) => h.id === 'p-none')!.explanation.contributions.constraintFactor, undefined, 'no pay named: no penalty');
    t.ok(page.hits.find((h) => h.id === 'p-low')!.score < 0.75 * page.hits.find((h) => h.id === 'p-none')!.score, 'well below the post naming no pay');
  }
});

t.test('a pay wish outranks the student\'s fit: the best-fitting post that cannot pay falls below one that can', async (t) => {
  const posts = [
    post({ id: 'p-fit', title: 'PLC 编程 技术员', city: '珠海市', acceptedMajorCodes: ['460301'], requiredSkills: ['PLC编程'], salary: { min: 3000, max: 3800 } }),
    post({ id: 'p-pay', title: 'PLC 设备 技术员', city: '珠海市', acceptedMajorCodes: ['46'], requiredSkills: ['PLC编程', '设备维修'], salary: { min: 5500, max: 8000 } }),
  ];
  const postIndex = new EmbeddedSearchIndex({ analyzer, dimensions: 4 });
  postIndex.upsertSync(posts.map((p) => buildIndexDocument({ post: p }, analyzer)));
  const postEngine = new HybridEngine({ index: postIndex, analyzer, references, fusion, now: () => new Date('2026-12-01T00:00:00Z') });
  const me = STUDENTS.find((s) => s.id === 'plc-pref-zh')!;
  t.strictSame((await postEngine.searchPosts({ query: 'PLC 技术员', student: me, limit: 10 })).hits.map((h) => h.id), ['p-fit', 'p-pay'], 'by fit alone');
  t.strictSame((await postEngine.searchPosts({ query: 'PLC 技术员 月薪5000以上', student: me, limit: 10 })).hits.map((h) => h.id), ['p-pay', 'p-fit'], 'with the wish');
});

t.test('an HR query\'s pay words ask nothing of students: the same order and scores as without them', async (t) => {
  for (const q of ['PLC', '直播带货 电商']) {
    const plain = await engine.searchCandidates({ query: q, limit: 20 });
    const paid = await engine.searchCandidates({ query: `${q} 月薪5000以上`, limit: 20 });
    t.ok(paid.understood?.salary, `${q}: the pay is read`);
    t.strictSame(paid.hits.map((h) => [h.id, h.score]), plain.hits.map((h) => [h.id, h.score]), q);
  }
});

t.test('a query that rules out a place or a year ranks what is there lower, and says why', async (t) => {
  // Three PLC students: at a 珠海 school, at a 嘉峪关 school preferring 珠海, at a 嘉峪关 school.
  const scoreOf = (hits: ReadonlyArray<{ id: string; score: number }>, id: string) => hits.find((h) => h.id === id)!.score;
  const plain = (await engine.searchCandidates({ query: 'PLC', limit: 10 })).hits;
  t.equal(scoreOf(plain, 'plc-zh'), scoreOf(plain, 'plc-jy'), 'without the exclusion the three score alike');
  const page = await engine.searchCandidates({ query: 'PLC 珠海以外', limit: 10 });
  t.ok(scoreOf(page.hits, 'plc-zh') < scoreOf(page.hits, 'plc-jy') && scoreOf(page.hits, 'plc-pref-zh') === scoreOf(page.hits, 'plc-jy'), 'with it, the student at a 珠海 school scores lower');
  t.strictSame(page.understood?.excluded?.places.map((p) => p.label), ['珠海市']);
  t.strictSame(page.understood?.places, [], 'the ruled-out city is not asked for');
  const order = page.hits.map((h) => h.id).filter((id) => id.startsWith('plc-'));
  t.equal(order[order.length - 1], 'plc-zh', `the student at a 珠海 school comes last: ${order.join(' ')}`);
  t.ok(order.indexOf('plc-pref-zh') < order.indexOf('plc-zh'), 'a wish to work in 珠海 does not put a student there');
  t.match(page.hits.find((h) => h.id === 'plc-zh')!.explanation.notes, [/地点不符：查询排除珠海市（学校所在地：珠海市金湾区）/u]);

  // A district: the school's own district, not its city.
  const jinwan = await engine.searchCandidates({ query: 'PLC 不要金湾', limit: 10 });
  t.ok(scoreOf(jinwan.hits, 'plc-zh') < scoreOf(jinwan.hits, 'plc-jy'), 'the student at a 金湾 school scores lower');
  const doumen = await engine.searchCandidates({ query: 'PLC 不要斗门', limit: 10 });
  t.equal(scoreOf(doumen.hits, 'plc-zh'), scoreOf(doumen.hits, 'plc-jy'), 'another district of the same city rules nothing out here');

  const years = await engine.searchCandidates({ query: 'PLC 非2027届', limit: 10 });
  t.strictSame(years.understood?.excluded?.graduationYears, [2027]);
  t.strictSame(years.understood?.graduationYears, []);
  t.match(years.hits[0]!.explanation.notes, [/届别不符：查询排除2027届/u], 'every student here is of 2027');

  const posts = [
    post({ id: 'p-zh', title: 'PLC 编程 技术员', city: '珠海市', requiredSkills: ['PLC编程'] }),
    post({ id: 'p-gz', title: 'PLC 编程 技术员', city: '广州市', requiredSkills: ['PLC编程'] }),
  ];
  const postIndex = new EmbeddedSearchIndex({ analyzer, dimensions: 4 });
  postIndex.upsertSync(posts.map((p) => buildIndexDocument({ post: p }, analyzer)));
  const postEngine = new HybridEngine({ index: postIndex, analyzer, references, fusion, now: () => new Date('2026-12-01T00:00:00Z') });
  const both = (await postEngine.searchPosts({ query: 'PLC', limit: 10 })).hits;
  t.equal(scoreOf(both, 'p-zh'), scoreOf(both, 'p-gz'), 'without the exclusion the two posts score alike');
  const away = await postEngine.searchPosts({ query: 'PLC 不要珠海', limit: 10 });
  t.strictSame(away.hits.map((h) => h.id), ['p-gz', 'p-zh']);
  t.ok(scoreOf(away.hits, 'p-zh') < scoreOf(away.hits, 'p-gz'), 'with it, the post in 珠海 scores lower');
  t.match(away.hits[1]!.explanation.notes, [/地点不符：岗位在珠海市，查询排除珠海市/u]);
  // A place asked for and not met names what was asked: beside a student's own wish for the post's
  // city, a bare "岗位在珠海市" read as if the one place were both right and wrong.
  const asked = await postEngine.searchPosts({ query: 'PLC 广州', limit: 10 });
  t.ok(asked.hits.find((h) => h.id === 'p-zh')!.explanation.notes.includes('地点不符：查询要求广州市，岗位在珠海市'));
});

t.test('大专及以上: the floor a job ad writes takes every level from it up, and marks down only those below', async (t) => {
  const page = await engine.searchCandidates({ query: '汽车维修 大专及以上', limit: 10 });
  t.strictSame(page.understood?.levels.map((l) => l.level), ['higher', 'bachelor']);
  const notes = (id: string) => page.hits.find((h) => h.id === id)!.explanation.notes.join(' ');
  t.match(notes('car-repair-sec'), /层次不符：学生为中职/u, 'the 中职 student is below the floor');
  t.notMatch(notes('car-repair'), /层次不符/u, 'a 高职 student meets it');
  const order = page.hits.map((h) => h.id);
  t.ok(order.indexOf('car-repair') < order.indexOf('car-repair-sec'), `order: ${order.join(' ')}`);
  // 中专以上 takes all three levels: nobody is below it.
  const all = await engine.searchCandidates({ query: '汽车维修 中专以上', limit: 10 });
  t.notMatch(all.hits.map((h) => h.explanation.notes.join(' ')).join(' '), /层次不符/u);
});

t.test('searching for a post with words too: the conditions the words state weigh, with their notes, as without a post', async (t) => {
  const job = post({ id: 'p-plc', title: 'PLC 编程 技术员', kind: 'job', city: '珠海', requiredSkills: ['PLC编程'], acceptedMajorCodes: ['4603'] });
  const scoreOf = (hits: ReadonlyArray<{ id: string; score: number }>, id: string) => hits.find((h) => h.id === id)?.score;
  const plain = (await engine.searchCandidates({ post: job, limit: 20 })).hits;
  const worded = await engine.searchCandidates({ post: job, query: 'PLC 嘉峪关', limit: 20 });
  t.strictSame(worded.understood?.places.map((p) => p.label), ['嘉峪关市']);
  const zh = scoreOf(worded.hits, 'plc-zh');
  const jy = scoreOf(worded.hits, 'plc-jy');
  t.ok(zh !== undefined && jy !== undefined, 'both PLC students are candidates for the post');
  t.ok(scoreOf(plain, 'plc-zh')! >= scoreOf(plain, 'plc-jy')!, 'for the post alone the 珠海 student is not behind');
  t.ok(zh! < jy!, `with 嘉峪关 asked for, the 珠海 student falls behind: ${zh} < ${jy}`);
  const note = worded.hits.find((h) => h.id === 'plc-zh')!.explanation.notes.join(' ');
  t.match(note, /地点不符：学校与意向地都不在嘉峪关市/u, 'and its card says why');
  t.equal(worded.hits.find((h) => h.id === 'plc-zh')!.explanation.contributions.constraintFactor, 0.7);
  const same = await engine.searchCandidates({ post: job, query: 'PLC', limit: 20 });
  t.equal(scoreOf(same.hits, 'plc-zh'), scoreOf(plain.length ? plain : [], 'plc-zh'), 'words that state no condition change no score');
});
