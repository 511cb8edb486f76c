/**
 * The matching API end to end: the embedded host over real HTTP, the real model, generated data
 * loaded through the ingestion API (issue 5's scenarios).
 */
import t from 'tap';
import { CandidateSearchReply, majorCatalog } from '@chanjiao/domain';
import type { Embedder } from '@chanjiao/embedding';
import { startTestHost, type TestHost } from '../helpers/host.js';

type Reply = { hits: Array<{ rank: number; score: number; student?: { id: string; displayName: string; major: { code: string } }; post?: { post: { id: string; enterpriseId: string; title: string } }; explanation: { matchedSkills: string[] } }>; total: number; nextCursor: string | null; degraded?: string; facets: Record<string, unknown> };

/** Phone numbers and ID numbers, wherever they might hide in a reply. */
// Not after a dot: the digits of a float score are not a phone number.
const PERSONAL = /(?<![\d.])1\d{10}(?!\d)|(?<![\d.])\d{17}[\dXx](?!\d)/;

let host: TestHost;
const bodies: string[] = [];
t.before(async () => {
  host = await startTestHost();
});
t.teardown(async () => host?.close());

async function hr(method: string, path: string, body?: unknown) {
  const r = await host.call(method, path, host.keys.hr, body);
  bodies.push(r.text);
  return r;
}

t.test('HR query "PLC 电气 顶岗实习 2027届 金湾" puts 机电/电气 students with PLC skills first', async (t) => {
  const r = await hr('POST', '/v1/candidates/search', { query: 'PLC 电气 顶岗实习 2027届 金湾', limit: 10, facets: ['majorClass', 'level'] });
  t.equal(r.status, 200);
  const reply = r.body as Reply;
  // The best fit (电气, PLC, 2027届, 金湾, wants 顶岗实习) first; the synonym-writer (可编程控制器) near the top;
  // and the whole head of the list is 装备制造 students whose PLC skill the explanation names.
  t.equal(reply.hits[0]!.student!.id, 'STU-ANCHOR-ZH-PLC-1');
  t.ok(reply.hits.slice(0, 5).some((h) => h.student!.id === 'STU-ANCHOR-ZH-PLC-2'), 'the 可编程控制器 student is in the top 5');
  const catalog = majorCatalog();
  for (const h of reply.hits.slice(0, 5)) {
    t.equal(catalog.lineage(h.student!.major.code).category?.name, '装备制造大类', `${h.student!.id} is 装备制造`);
    t.ok(h.explanation.matchedSkills.some((s) => /plc|可编程/i.test(s)), `${h.student!.id} matched PLC`);
  }
  const ids = reply.hits.map((h) => h.student!.id);
  t.notOk(ids.includes('STU-ANCHOR-ZH-PLC-NOCONSENT'), 'a student without consent is never found');
  t.notOk(ids.includes('STU-ANCHOR-ZH-PLC-PLACED'), 'a placed student is not offered');
  t.ok(reply.facets.majorClass, 'facets asked for are returned');
  // Code-valued buckets carry their words: 类 names from the catalog, levels in Chinese.
  const facets = reply.facets as Record<string, Array<{ value: string; count: number; label?: string }>>;
  t.ok(facets.majorClass!.length > 0);
  const levelWords = { secondary: '中职', higher: '高职专科', bachelor: '职业本科' } as const;
  for (const b of facets.majorClass!) {
    const entry = catalog.get(b.value)!;
    t.equal(b.label, `${entry.name}（${levelWords[entry.level]}）`, `类 ${b.value} is labelled with its level`);
  }
  t.equal(new Set(facets.majorClass!.map((b) => b.label)).size, facets.majorClass!.length, 'no two 类 buckets read the same');
  t.ok(facets.majorClass!.some((b) => b.label === '自动化类（高职专科）'), '自动化类 students are counted');
  t.same(new Set(facets.level!.map((b) => b.label)), new Set(facets.level!.map((b) => levelWords[b.value as keyof typeof levelWords])));
});

t.test('post search facets name enterprises and post kinds, not only their ids', async (t) => {
  const r = await host.call('POST', '/v1/posts/search', host.keys.student, { query: '护理 医院', facets: ['kind', 'enterpriseId', 'city', 'term'], limit: 5 });
  t.equal(r.status, 200);
  const facets = (r.body as Reply).facets as Record<string, Array<{ value: string; count: number; label?: string }>>;
  const hospital = facets.enterpriseId!.find((b) => b.value === 'ENT-ANCHOR-CZ-HOSP');
  t.ok(hospital, 'the hospital is a bucket');
  t.match(hospital!.label, /医院/, "the bucket carries the enterprise's name");
  const kinds = Object.fromEntries(facets.kind!.map((b) => [b.value, b.label]));
  if (kinds.order_class !== undefined) t.equal(kinds.order_class, '订单班');
  t.ok(facets.kind!.every((b) => typeof b.label === 'string' && b.label.length > 0), 'every kind is labelled');
  t.ok(facets.city!.every((b) => b.label === undefined), 'cities are words already: no label');
  t.ok(facets.term!.every((b) => /^\d{4}年(春|秋)季学期$/.test(b.label ?? '')), 'terms are labelled');
});

t.test("a student's own post search explains each post for them, as recommendations do (issue 16)", async (t) => {
  type Explained = { hits: Array<{ explanation: { majorRelation: string; matchedSkills: string[]; missingRequiredSkills: string[]; contributions: Record<string, number> } }> };
  // A query that names no major: whatever major tier a hit shows is the student's.
  const mine = await host.call('POST', '/v1/posts/search', host.keys.student, { query: 'PLC', limit: 5 });
  const anyone = await host.call('POST', '/v1/posts/search', host.keys.office, { query: 'PLC', limit: 5 });
  t.equal(mine.status, 200);
  const hits = (mine.body as Explained).hits;
  t.ok(hits.length > 0);
  t.ok(hits.every((h) => h.explanation.majorRelation !== ''), 'each post names its major tier for the student');
  t.ok(hits.every((h) => typeof h.explanation.contributions.query === 'number' && 'place' in h.explanation.contributions), 'the fit features beside the query');
  const others = (anyone.body as Explained).hits;
  t.ok(others.length > 0);
  t.ok(others.every((h) => h.explanation.majorRelation === '' && !('query' in h.explanation.contributions)), 'an office key is nobody to explain for');
});

t.test("a 护理 student's recommendations are hospital posts", async (t) => {
  const r = await host.call('GET', '/v1/students/STU-ANCHOR-CZ-NURSE-1/recommendations?limit=5', host.keys.office);
  t.equal(r.status, 200);
  const reply = r.body as Reply;
  t.ok(reply.hits.length >= 1);
  t.equal(reply.hits[0]!.post!.post.id, 'POST-ANCHOR-NURSE-JOB');
  for (const h of reply.hits.slice(0, 2)) t.equal(h.post!.post.enterpriseId, 'ENT-ANCHOR-CZ-HOSP');
});

t.test('a student sees only their own recommendations and profile', async (t) => {
  const own = await host.call('GET', '/v1/students/STU-ANCHOR-ZH-PLC-1/recommendations?limit=3', host.keys.student);
  t.equal(own.status, 200);
  const other = await host.call('GET', '/v1/students/STU-ANCHOR-CZ-NURSE-1/recommendations', host.keys.student);
  t.equal(other.status, 403);
  t.equal((other.body as { code: string }).code, 'AUTH_FORBIDDEN_SCOPE');
  const profile = await host.call('GET', '/v1/students/STU-ANCHOR-ZH-PLC-1/profile', host.keys.student);
  t.equal(profile.status, 200);
  t.equal((profile.body as { personal: { name: string } }).personal.name.length > 0, true);
});

t.test('recommendations by city on the server: short names, every page filtered, the cursor bound to the city', async (t) => {
  const path = '/v1/students/STU-ANCHOR-ZH-PLC-1/recommendations';
  const cityOf = (r: { body: unknown }) => (r.body as { hits: Array<{ post: { post: { city: string } } }> }).hits.map((h) => h.post.post.city);
  const idsOf = (r: { body: unknown }) => (r.body as Reply).hits.map((h) => h.post!.post.id);
  const all = await host.call('GET', `${path}?limit=100&kinds=internship,job,order_class,apprenticeship`, host.keys.office);
  t.equal(all.status, 200);
  t.equal(idsOf(all).length, (all.body as Reply).total, 'the whole unfiltered list fits one page');
  t.ok(cityOf(all).includes('珠海市'), 'the 金湾 student has 珠海 posts');
  for (const [city, official] of [['珠海', '珠海市'], ['金湾', '珠海市'], ['郴州市', '郴州市']] as const) {
    const r = await host.call('GET', `${path}?limit=100&kinds=internship,job,order_class,apprenticeship&city=${encodeURIComponent(city)}`, host.keys.office);
    t.equal(r.status, 200, city);
    // The same ranking, narrowed on the server: the unfiltered list's posts of that city, in order.
    const expected = idsOf(all).filter((_, i) => cityOf(all)[i] === official);
    t.strictSame(idsOf(r), expected, `${city}: the ${official} posts of the unfiltered list, in order (${expected.length})`);
  }
  const none = await host.call('GET', `${path}?limit=100&kinds=internship,job,order_class,apprenticeship&city=${encodeURIComponent('嘉峪关')}`, host.keys.office);
  t.equal(idsOf(none).length, cityOf(all).filter((c) => c === '嘉峪关市').length, 'a city the list has no post in gives that many');
  // Paging a city's list: page 2 is still that city, and a cursor does not carry over to another city.
  const q = `${path}?limit=2&kinds=internship,job,order_class,apprenticeship&city=${encodeURIComponent('珠海')}`;
  const p1 = await host.call('GET', q, host.keys.office);
  const cursor = (p1.body as Reply).nextCursor;
  t.ok(cursor, 'a second page');
  const p2 = await host.call('GET', `${q}&cursor=${encodeURIComponent(cursor!)}`, host.keys.office);
  t.ok(cityOf(p2).length > 0 && cityOf(p2).every((c) => c === '珠海市'), 'page 2 is 珠海 too');
  const other = await host.call('GET', `${path}?limit=2&kinds=internship,job,order_class,apprenticeship&city=${encodeURIComponent('郴州')}&cursor=${encodeURIComponent(cursor!)}`, host.keys.office);
  t.same([other.status, (other.body as { code: string }).code], [400, 'MATCH_BAD_CURSOR']);
  const empty = await host.call('GET', `${path}?city=`, host.keys.office);
  t.same([empty.status, (empty.body as { fields: Array<{ path: string }> }).fields?.[0]?.path], [400, 'querystring.city']);
});

t.test('HR filters by district: the school district or a preferred one, short names, with a district facet', async (t) => {
  type Hits = { hits: Array<{ student: { id: string; school: { city: string } | null } }>; total: number; facets: Record<string, Array<{ value: string; count: number; label?: string }>> };
  const jw = (await hr('POST', '/v1/candidates/search', { query: '', filters: { districts: ['金湾'] }, limit: 100, facets: ['district', 'city'] })).body as Hits;
  const full = (await hr('POST', '/v1/candidates/search', { query: '', filters: { districts: ['金湾区'] }, limit: 100 })).body as Hits;
  t.ok(jw.total > 0, 'students in 金湾区');
  t.strictSame(jw.hits.map((h) => h.student.id), full.hits.map((h) => h.student.id), '金湾 = 金湾区');
  t.ok(jw.hits.some((h) => h.student.id === 'STU-ANCHOR-ZH-PLC-1'), 'the anchor of the 金湾 school is found');
  t.ok(jw.facets.district!.some((b) => b.value === '金湾区' && b.count === jw.total), 'every hit counts under 金湾区');
  const bh = (await hr('POST', '/v1/candidates/search', { query: '', filters: { districts: ['北湖区'] }, limit: 100 })).body as Hits;
  t.ok(bh.total > 0, 'students in 北湖区');
  t.notOk(bh.hits.some((h) => h.student.id === 'STU-ANCHOR-ZH-PLC-1'), 'the 金湾 anchor is not in 北湖区');
  const unknown = (await hr('POST', '/v1/candidates/search', { query: '', filters: { districts: ['不存在区'] }, limit: 5 })).body as Hits;
  t.equal(unknown.total, 0, 'an unknown district finds nobody');
});

t.test('pagination is stable: no duplicates or gaps across pages', async (t) => {
  const all = (await hr('POST', '/v1/candidates/search', { query: '机电 电气 自动化', limit: 60 })).body as Reply;
  const paged: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: Reply = (await hr('POST', '/v1/candidates/search', { query: '机电 电气 自动化', limit: 7, ...(cursor ? { cursor } : {}) })).body as Reply;
    paged.push(...page.hits.map((h) => h.student!.id));
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 50);
  t.same(paged.slice(0, all.hits.length), all.hits.map((h) => h.student!.id));
  t.equal(new Set(paged).size, paged.length, 'no duplicates');
});

t.test('post → candidates honours the post and the shortlist export round-trips', async (t) => {
  const r = await hr('GET', '/v1/posts/POST-ANCHOR-PLC-INTERN/candidates?limit=5');
  t.equal(r.status, 200);
  const ids = (r.body as Reply).hits.map((h) => h.student!.id);
  t.ok(ids.includes('STU-ANCHOR-ZH-PLC-1'));
  const put = await hr('PUT', '/v1/posts/POST-ANCHOR-PLC-INTERN/shortlist', {
    entries: [{ studentId: 'STU-ANCHOR-ZH-PLC-1', note: '面试 "优先"' }, { studentId: 'STU-ANCHOR-ZH-PLC-2' }],
  });
  t.equal(put.status, 200);
  const csv = await hr('GET', '/v1/posts/POST-ANCHOR-PLC-INTERN/shortlist/export?format=csv');
  t.equal(csv.status, 200);
  t.match(csv.headers.get('content-type') ?? '', /text\/csv/);
  // fetch's text() drops a BOM, so look at the bytes.
  const raw = Buffer.from(await (await fetch(`${host.base}/v1/posts/POST-ANCHOR-PLC-INTERN/shortlist/export`, { headers: { authorization: `Bearer ${host.keys.hr}` } })).arrayBuffer());
  t.same([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM for Excel');
  const lines = csv.text.trim().split('\r\n');
  t.equal(lines.length, 3);
  t.same(lines.slice(1).map((l) => l.split(',')[1]), ['STU-ANCHOR-ZH-PLC-1', 'STU-ANCHOR-ZH-PLC-2']);
  t.match(lines[1]!, /"面试 ""优先"""$/);
  const json = await hr('GET', '/v1/posts/POST-ANCHOR-PLC-INTERN/shortlist/export?format=json');
  const back = json.body as { entries: Array<{ studentId: string; note?: string; student: { displayName: string } }> };
  t.same(back.entries.map((e) => [e.studentId, e.note ?? null]), [['STU-ANCHOR-ZH-PLC-1', '面试 "优先"'], ['STU-ANCHOR-ZH-PLC-2', null]]);
  t.match(back.entries[0]!.student.displayName, /^同学 [0-9A-F]{4}$/, "a pseudonym, nothing of the name");
  // Another enterprise's HR cannot read this shortlist.
  const other = await host.app.apiKeys.create({ role: 'hr', scope: { enterpriseId: 'ENT-ANCHOR-CZ-HOSP' }, label: 'other hr' });
  const denied = await host.call('GET', '/v1/posts/POST-ANCHOR-PLC-INTERN/shortlist', other.key);
  t.equal(denied.status, 403);
  t.equal((denied.body as { code: string }).code, 'AUTH_FORBIDDEN_SCOPE');
});

t.test('unknown ids are 404s with codes; bad filters are 400s naming the field', async (t) => {
  const s = await hr('GET', '/v1/candidates/NOPE');
  t.same([s.status, (s.body as { code: string }).code], [404, 'MATCH_STUDENT_NOT_FOUND']);
  const p = await hr('GET', '/v1/posts/NOPE/candidates');
  t.same([p.status, (p.body as { code: string }).code], [404, 'MATCH_POST_NOT_FOUND']);
  const nc = await hr('GET', '/v1/candidates/STU-ANCHOR-ZH-PLC-NOCONSENT');
  t.same([nc.status, (nc.body as { code: string }).code], [404, 'MATCH_STUDENT_NOT_FOUND']);
  const bad = await hr('POST', '/v1/candidates/search', { query: 'x', filters: { levels: ['college'], colour: 'red' } });
  t.equal(bad.status, 400);
  const b = bad.body as { code: string; fields: Array<{ path: string }> };
  t.equal(b.code, 'REQUEST_VALIDATION_FAILED');
  t.same(b.fields.map((f) => f.path).sort(), ['body.filters.colour', 'body.filters.levels.0']);
  const cur = await hr('POST', '/v1/candidates/search', { query: 'x', cursor: 'garbage' });
  t.same([cur.status, (cur.body as { code: string }).code], [400, 'MATCH_BAD_CURSOR']);
  // A major code outside the 2021 catalog is a typo to point at, not an empty page.
  const major = await hr('POST', '/v1/candidates/search', { query: 'x', filters: { majorCodes: ['4603', '99'] } });
  t.equal(major.status, 400);
  t.same((major.body as { fields: Array<{ path: string }> }).fields.map((f) => f.path), ['body.filters.majorCodes.1']);
  const postMajor = await host.call('POST', '/v1/posts/search', host.keys.student, { query: 'x', filters: { majorCodes: ['520299'] } });
  t.same([postMajor.status, (postMajor.body as { fields: Array<{ path: string }> }).fields?.[0]?.path], [400, 'body.filters.majorCodes.0']);
});

t.test('a query with nothing to search for (emoji, punctuation) is answered as no query, not by the model', async (t) => {
  const ids = (r: { body: unknown }) => (r.body as Reply).hits.map((h) => h.student!.id);
  const none = await hr('POST', '/v1/candidates/search', { query: '', limit: 10 });
  const symbols = await hr('POST', '/v1/candidates/search', { query: '🙂🙂🙂 ！！！ ...', limit: 10 });
  t.equal(symbols.status, 200);
  t.same(ids(symbols), ids(none), 'the browse order, not the nearest neighbours of an embedded [UNK]');
  t.notOk((symbols.body as { degraded?: string }).degraded, 'and nothing was lost, so nothing is degraded');
  const posts = await host.call('POST', '/v1/posts/search', host.keys.student, { query: '？？', limit: 5 });
  t.equal(posts.status, 200);
  t.notOk((posts.body as { degraded?: string }).degraded);
});

t.test('a student ingested through the API is findable by search once indexed', async (t) => {
  const started = performance.now();
  const res = await host.call('POST', '/v1/ingest/student', host.keys.office, [
    {
      id: 'STU-NEW-1', schoolId: 'SCH-ANCHOR-ZH', majorCode: '460301', level: 'higher', graduationYear: 2027,
      skills: [{ name: '工业机器人编程' }, { name: 'PLC编程' }], consentToBeFound: true,
      selfIntroduction: '擅长工业机器人示教编程与PLC调试', personal: { name: '王小明', phone: '13912345678' },
    },
  ]);
  t.equal(res.status, 200);
  let found = false;
  while (!found && performance.now() - started < 10_000) {
    const r = (await hr('POST', '/v1/candidates/search', { query: '工业机器人示教编程', limit: 5 })).body as Reply;
    found = r.hits.some((h) => h.student!.id === 'STU-NEW-1');
    if (!found) await new Promise((r) => setTimeout(r, 50));
  }
  t.ok(found, `found after ${Math.round(performance.now() - started)} ms`);
});

t.test('nobody is found by a phone number: not in the index, not as a query', async (t) => {
  const res = await host.call('POST', '/v1/ingest/student', host.keys.office, [
    {
      id: 'STU-PHONE-1', schoolId: 'SCH-ANCHOR-ZH', majorCode: '460301', level: 'higher', graduationYear: 2027,
      skills: [{ name: '数控铣床编程' }], consentToBeFound: true,
      selfIntroduction: '数控铣削加工方向，有事请打13712345670联系。', personal: { name: '赵六', phone: '13712345670' },
    },
  ]);
  t.equal(res.status, 200);
  // The profile route reads the store, which answers before the indexer has the row: wait for the
  // index, or the two browse queries below can straddle its arrival (one sees it, one does not).
  await host.app.indexer.waitFor(undefined, 30_000);
  const r = await host.call('GET', '/v1/candidates/STU-PHONE-1', host.keys.hr);
  t.equal(r.status, 200);
  const profile = r.body as { selfIntroduction: string };
  t.equal(profile.selfIntroduction, '数控铣削加工方向，有事请打***********联系。', 'not one digit of it is kept');
  const indexed = await host.app.searcher.index.get('student', 'STU-PHONE-1');
  t.ok(indexed, 'indexed');
  t.notMatch(JSON.stringify(indexed?.source), /1371|5670/, 'nor in the index');
  const byPhone = (await hr('POST', '/v1/candidates/search', { query: '13712345670', limit: 20 })).body as Reply;
  const byNothing = (await hr('POST', '/v1/candidates/search', { query: '', limit: 20 })).body as Reply;
  t.same(byPhone.hits.map((h) => h.student!.id), byNothing.hits.map((h) => h.student!.id), 'a phone number as the query is searched as no query at all');
  t.same((byPhone as { ignoredPersonalData?: string[] }).ignoredPersonalData, ['phone'], 'and the reply says a phone number was left out');
  t.notMatch(JSON.stringify(byPhone), /1371|5670/, 'without echoing it');
  t.equal((byNothing as { ignoredPersonalData?: string[] }).ignoredPersonalData, undefined, 'nothing is said when nothing was left out');
  const mixed = (await hr('POST', '/v1/candidates/search', { query: '数控 440404200503120318 微信：zhaoliu_99', limit: 5 })).body as { ignoredPersonalData?: string[] };
  t.same(mixed.ignoredPersonalData?.sort(), ['handle', 'idNumber'], 'each kind once: an ID number and a WeChat account');
});

t.test('a search reply is written exactly as its zod schema reads it (the hot routes are written without zod, by a writer compiled from it)', async (t) => {
  const asks = [
    { query: 'PLC 电气 顶岗实习 2027届 金湾 汽车维休', limit: 20, facets: ['schoolId', 'majorClass', 'level', 'graduationYear', 'city', 'district', 'skills', 'certificates'] },
    { query: '护理 本地', filters: { levels: ['higher'], graduationYears: [2026, 2027] }, limit: 5 },
    { query: '', limit: 100 },
  ];
  let checked = 0;
  for (const ask of asks) {
    const r = await hr('POST', '/v1/candidates/search', ask);
    t.equal(r.status, 200);
    // Nothing missing, nothing extra, every value of the declared type: parsing changes nothing.
    t.same(CandidateSearchReply.parse(r.body), r.body, ask.query || '(no query)');
    checked += (r.body as Reply).hits.length;
    const cursor = (r.body as Reply).nextCursor;
    if (cursor) {
      const next = await hr('POST', '/v1/candidates/search', { ...ask, cursor });
      t.same(CandidateSearchReply.parse(next.body), next.body, `${ask.query || '(no query)'}, next page`);
    }
  }
  const forPost = await hr('GET', '/v1/posts/POST-ANCHOR-PLC-INTERN/candidates?limit=20');
  t.equal(forPost.status, 200);
  t.same(CandidateSearchReply.parse(forPost.body), forPost.body, 'post → candidates');
  t.ok(checked > 20, `${checked} hits checked`);
});

t.test('no enterprise-facing reply carries a phone or ID number, and names are masked', async (t) => {
  t.ok(bodies.length > 10);
  for (const b of bodies) t.notMatch(b, PERSONAL);
  t.notMatch(bodies.join('\n'), /王小明/);
});

t.test('an embedder that is down: search still answers, lexical-only, and says so', async (t) => {
  const down: Embedder = {
    model: 'down', dimensions: 512, isReady: () => true, close: async () => undefined,
    embed: async () => { throw new Error('embedder down'); },
    embedWithUsage: async () => { throw new Error('embedder down'); },
  };
  const degradedHost = await startTestHost({ students: 40, posts: 10, embedder: down });
  t.teardown(() => degradedHost.close());
  const r = await degradedHost.call('POST', '/v1/candidates/search', degradedHost.keys.hr, { query: 'PLC 电气', limit: 5 });
  t.equal(r.status, 200);
  const reply = r.body as Reply;
  t.equal(reply.degraded, 'lexical-only');
  t.equal(reply.hits[0]?.student?.id.startsWith('STU-ANCHOR-ZH-PLC'), true);
  const metrics = await degradedHost.call('GET', '/metrics', degradedHost.keys.admin);
  t.match(metrics.text, /chanjiao_search_degraded_total\{route="candidates.search"\} 1/);
});
