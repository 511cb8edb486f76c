/**
 * The hybrid engine on a small fixed corpus. Each expected order follows from the domain rules:
 * every candidate listed earlier is at least as good on every feature (major closeness, required
 * and preferred skills, place, partner school, semantic closeness) and better on one.
 */
import t from 'tap';
import { Enterprise, School, type Post, type StudentProfile } from '@chanjiao/domain';
import { createAnalyzer } from '../src/analyzer.js';
import { buildIndexDocument } from '../src/documents.js';
import { EmbeddedSearchIndex } from '../src/embedded/embedded-index.js';
import { HybridEngine, ReferenceData, SearchInputError } from '../src/engine.js';
import type { FusionOptions } from '../src/fusion.js';
import { post, student } from './helpers.js';

const analyzer = createAnalyzer();
const T = '2026-03-01T00:00:00.000Z';
const schools = [
  School.parse({ id: 'sch-jw', name: '珠海城市职业技术学院', kind: 'higher_vocational', levels: ['higher'], city: '珠海', partnerEnterpriseIds: ['ent-1'], updatedAt: T }),
  School.parse({ id: 'sch-cz', name: '郴州职业技术学院', kind: 'higher_vocational', levels: ['secondary', 'higher'], city: '郴州', updatedAt: T }),
];
const enterprises = [
  Enterprise.parse({ id: 'ent-1', name: '格力电器', city: '珠海', park: '金湾联港工业区', industry: '智能制造', partnerSchoolIds: ['sch-jw'], updatedAt: T }),
  Enterprise.parse({ id: 'ent-2', name: '郴州医院', city: '郴州', industry: '医疗卫生', updatedAt: T }),
];
const references = new ReferenceData({ schools, enterprises });

const students: Array<[StudentProfile, number[] | null]> = [
  [
    student({
      id: 's-elec',
      majorCode: '460306',
      skills: [{ name: 'PLC' }, { name: '变频器调试' }],
      certificates: [{ name: '中级电工' }],
      preferences: { postKinds: ['internship'], cities: ['珠海'], parks: [], industries: [], stayLocal: true },
      selfIntroduction: '电气自动化专业，熟悉PLC编程和变频器调试，想留在珠海。',
    }),
    [1, 0, 0, 0],
  ],
  [student({ id: 's-mech', majorCode: '460301', skills: [{ name: '可编程控制器' }], selfIntroduction: '机电一体化，会PLC。' }), [0.8, 0.6, 0, 0]],
  [
    student({ id: 's-sec', schoolId: 'sch-cz', majorCode: '660301', level: 'secondary', skills: [{ name: 'PLC编程' }], selfIntroduction: '中职机电技术应用专业。' }),
    [0.5, 0.866, 0, 0],
  ],
  [student({ id: 's-robot', schoolId: 'sch-cz', majorCode: '460305', skills: [{ name: '工业机器人编程' }], selfIntroduction: '工业机器人技术。' }), [0, 1, 0, 0]],
  [
    student({ id: 's-nurse', schoolId: 'sch-cz', majorCode: '520201', skills: [{ name: '静脉输液' }], certificates: [{ name: '护士证' }], selfIntroduction: '护理专业，擅长静脉输液。' }),
    [0, 0, 1, 0],
  ],
  [student({ id: 's-noconsent', majorCode: '460306', skills: [{ name: 'PLC' }], consentToBeFound: false }), [1, 0, 0, 0]],
  [student({ id: 's-placed', majorCode: '460306', skills: [{ name: 'PLC' }], status: 'placed' }), [1, 0, 0, 0]],
];
const posts: Array<[Post, number[] | null]> = [
  [
    post({
      id: 'p-intern',
      kind: 'internship',
      internshipMode: 'on_post',
      title: 'PLC电气调试顶岗实习',
      description: '负责产线电气设备的PLC程序调试与维护。',
      acceptedMajorCodes: ['4603'],
      requiredSkills: ['PLC'],
      preferredSkills: ['变频器调试'],
      city: '珠海',
      park: '金湾联港工业区',
    }),
    [1, 0, 0, 0],
  ],
  [
    post({
      id: 'p-order',
      enterpriseId: 'ent-2',
      kind: 'order_class',
      title: '智能制造订单班',
      acceptedMajorCodes: ['4603'],
      requiredSkills: ['PLC'],
      term: '2026-autumn',
      city: '郴州',
    }),
    [0.6, 0.8, 0, 0],
  ],
  [post({ id: 'p-job-2026', kind: 'job', title: '电气工程师', acceptedMajorCodes: ['4603'], requiredSkills: ['PLC'], term: '2026-autumn' }), [1, 0, 0, 0]],
  [post({ id: 'p-nurse', enterpriseId: 'ent-2', kind: 'job', title: '护士', acceptedMajorCodes: ['5202'], requiredSkills: ['静脉输液'], city: '郴州' }), [0, 0, 1, 0]],
];

const rrf: FusionOptions = { method: 'rrf', lexicalWeight: 0.5, vectorWeight: 0.5, rrfK: 60 };

async function engine(fusion: FusionOptions = rrf, rerank = true): Promise<HybridEngine> {
  const index = new EmbeddedSearchIndex({ analyzer, dimensions: 4 });
  await index.upsert([
    ...students.map(([profile, v]) =>
      buildIndexDocument({ profile, school: references.school(profile.schoolId), vector: v ? Float32Array.from(v) : null }, analyzer),
    ),
    ...posts.map(([p, v]) => buildIndexDocument({ post: p, enterprise: references.enterprise(p.enterpriseId), vector: v ? Float32Array.from(v) : null }, analyzer)),
  ]);
  return new HybridEngine({ index, analyzer, references, fusion, rerank });
}

const ids = (page: { hits: Array<{ id: string }> }) => page.hits.map((h) => h.id);

t.test('post → candidates: eligible, consenting, seeking students, best fit first', async (t) => {
  const e = await engine();
  const page = await e.searchCandidates({ post: 'p-intern', limit: 10, facets: ['majorClass', 'city'] });
  t.strictSame(ids(page), ['s-elec', 's-mech', 's-sec', 's-robot']);
  t.strictSame(page.hits.map((h) => h.rank), [1, 2, 3, 4]);
  t.equal(page.total, 4);
  t.strictSame(page.facets, {
    majorClass: [
      { value: '4603', count: 3 },
      { value: '6603', count: 1 },
    ],
    city: [
      { value: '珠海', count: 2 },
      { value: '郴州', count: 2 },
    ],
  });
  t.equal(page.nextCursor, null);
  t.equal(page.degraded, undefined);
  const top = page.hits[0]!.explanation;
  t.strictSame(top.matchedSkills, ['PLC', '变频器调试']);
  t.equal(top.majorRelation, '相近专业：电气自动化技术 属于 自动化类');
  t.equal(page.hits[1]!.explanation.majorRelation, '相近专业：机电一体化技术 属于 自动化类');
  t.strictSame(page.hits[3]!.explanation.missingRequiredSkills, ['PLC']);
  t.ok(page.hits.every((h) => h.explanation.semanticScore !== null && Object.keys(h.explanation.contributions).length === 11));
});

t.test('the same order with either fusion side switched off, and with convex fusion', async (t) => {
  for (const fusion of [
    { ...rrf, vectorWeight: 0 },
    { ...rrf, lexicalWeight: 0 },
    { ...rrf, method: 'convex' as const },
  ]) {
    const page = await (await engine(fusion)).searchCandidates({ post: 'p-intern', limit: 10 });
    t.strictSame(ids(page), ['s-elec', 's-mech', 's-sec', 's-robot'], JSON.stringify(fusion));
    const c = page.hits[0]!.explanation.contributions;
    if (fusion.vectorWeight === 0) t.strictSame([c.semantic, page.hits[0]!.explanation.semanticScore], [undefined, null], 'vector side off');
    if (fusion.lexicalWeight === 0) t.strictSame([c.lexical, page.hits[0]!.explanation.lexicalScore], [undefined, null], 'lexical side off');
  }
});

t.test('user filters narrow the post search further', async (t) => {
  const page = await (await engine()).searchCandidates({ post: 'p-intern', filter: { cities: ['珠海'] }, limit: 10 });
  t.strictSame(ids(page), ['s-elec', 's-mech']);
  t.equal(page.total, 2);
});

t.test('HR free text without a post; no query vector means lexical only, and the reply says so', async (t) => {
  const page = await (await engine()).searchCandidates({ query: '护理 静脉输液', limit: 10 });
  t.strictSame(ids(page), ['s-nurse']);
  t.equal(page.degraded, 'lexical-only');
  t.equal(page.hits[0]!.explanation.majorRelation, '专业对口：护理');
  t.strictSame(page.hits[0]!.explanation.matchedSkills, ['静脉输液']);
  const withVector = await (await engine()).searchCandidates({ query: '护理 静脉输液', queryVector: Float32Array.from([0, 0, 1, 0]), limit: 1 });
  t.strictSame(ids(withVector), ['s-nurse']);
  t.equal(withVector.degraded, undefined);
  t.equal(withVector.total, 1, 'total counts the answers: the others are neither matched by the words nor close in meaning');
  t.equal(withVector.totalIsEstimate, undefined);
});

t.test('total is what a client can page through; nonsense finds nothing; a cut at the depth is said', async (t) => {
  const e = await engine();
  // Far from every student (cosine 0) and no word matches: nothing, and total says so.
  const nonsense = await e.searchCandidates({ query: 'zzqqxx', queryVector: Float32Array.from([0, 0, 0, 1]), limit: 10 });
  t.strictSame([ids(nonsense), nonsense.total, nonsense.totalIsEstimate], [[], 0, undefined]);
  // Browsing with no words: every consenting seeking student, all pageable.
  const browse = await e.searchCandidates({ query: '', limit: 2 });
  t.equal(browse.total, 5);
  let seen = browse.hits.length;
  let cursor = browse.nextCursor;
  while (cursor) {
    const next = await e.searchCandidates({ query: '', limit: 2, cursor });
    seen += next.hits.length;
    cursor = next.nextCursor;
  }
  t.equal(seen, browse.total, 'paging reaches exactly total hits');
  // A depth below the filtered set: the reply says its total is an estimate.
  const shallow = new HybridEngine({ index: e.index, analyzer, references, fusion: rrf, depth: 2 });
  const cut = await shallow.searchCandidates({ query: '', limit: 10 });
  t.strictSame([cut.total, cut.totalIsEstimate], [2, true]);
});

t.test('a free-text explanation names skills as people spell them, not as canonical tokens', async (t) => {
  // 可编程控制器 folds to the token plc编程: the student wrote "PLC". 焊接 is a synonym of the lexicon's 焊接技术.
  const page = await (await engine()).searchCandidates({ query: '可编程控制器 焊接', filter: { majorCodes: ['460306'] }, limit: 10 });
  const elec = page.hits.find((h) => h.id === 's-elec')!;
  t.ok(elec, 's-elec is found');
  t.strictSame(elec.explanation.matchedSkills, ['PLC'], "the student's own spelling");
  t.strictSame(elec.explanation.missingRequiredSkills, ['焊接技术'], "the lexicon's spelling");
  const posts = await (await engine()).searchPosts({ query: 'plc 变频器调试', limit: 10 });
  const intern = posts.hits.find((h) => h.id === 'p-intern')!;
  t.ok(intern, 'p-intern is found');
  t.ok(intern.explanation.matchedSkills.every((s) => [...intern.source.requiredSkills, ...intern.source.preferredSkills].includes(s)), "a post's matched skills as the post spells them");
  t.ok(intern.explanation.matchedSkills.length > 0);
});

t.test('filters alone (no words, no vector): the filtered set in id order', async (t) => {
  const page = await (await engine()).searchCandidates({ filter: { majorCodes: ['46'] }, limit: 10 });
  t.strictSame(ids(page), ['s-elec', 's-mech', 's-robot', 's-sec']);
});

t.test('student → recommended posts: eligible ones only (term, kind and major rules), best fit first', async (t) => {
  const e = await engine();
  const page = await e.recommendPosts({ student: 's-elec', limit: 10 });
  // p-job-2026: a 2026 job for a 2027届 student; p-nurse: another field.
  t.strictSame(ids(page), ['p-intern', 'p-order']);
  t.strictSame((await e.recommendPosts({ student: 's-elec', kinds: ['order_class'], limit: 10 })).hits.map((h) => h.id), ['p-order']);
  await t.rejects(e.recommendPosts({ student: 'nobody', limit: 10 }), SearchInputError);
});

t.test('cursor pages: stable, complete, and refused when forged', async (t) => {
  const e = await engine();
  const all = ids(await e.searchCandidates({ post: 'p-intern', limit: 10 }));
  const seen: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await e.searchCandidates({ post: 'p-intern', limit: 3, ...(cursor ? { cursor } : {}) });
    seen.push(...ids(page));
    cursor = page.nextCursor ?? undefined;
    pages++;
  } while (cursor);
  t.strictSame(seen, all);
  t.equal(pages, 2);
  const second = await e.searchCandidates({ post: 'p-intern', limit: 3, cursor: (await e.searchCandidates({ post: 'p-intern', limit: 3 })).nextCursor! });
  t.strictSame(second.hits.map((h) => h.rank), [4]);
  const forged = await e.searchCandidates({ post: 'p-intern', limit: 3, cursor: 'bm90LWEtY3Vyc29y' }).catch((err: unknown) => err);
  t.ok(forged instanceof SearchInputError && forged.reason === 'bad_cursor', 'bad_cursor');
});

t.test('an update is visible to the next search', async (t) => {
  const e = await engine();
  await e.index.upsert([
    buildIndexDocument({ profile: { ...students[0]![0], consentToBeFound: false }, school: references.school('sch-jw'), vector: Float32Array.from([1, 0, 0, 0]) }, analyzer),
  ]);
  t.strictSame(ids(await e.searchCandidates({ post: 'p-intern', limit: 10 })), ['s-mech', 's-sec', 's-robot']);
});

t.test('without re-ranking the fused order stands (what the evaluation compares)', async (t) => {
  const page = await (await engine(rrf, false)).searchCandidates({ post: 'p-intern', limit: 10 });
  t.strictSame(new Set(ids(page)), new Set(['s-elec', 's-mech', 's-sec', 's-robot']));
  t.equal(page.hits[0]!.score, 0.5 / 61 + 0.5 / 61, 's-elec is first on both sides');
});

t.test('free-text post search', async (t) => {
  const page = await (await engine()).searchPosts({ query: '护士', limit: 10, facets: ['kind'] });
  t.strictSame(ids(page), ['p-nurse']);
  t.strictSame(page.facets, { kind: [{ value: 'job', count: 2 }, { value: 'internship', count: 1 }, { value: 'order_class', count: 1 }] });
});

t.test('a kept query reading is the same reading; 应届 is read again when the school year turns, other filter cities read apart', async (t) => {
  let now = new Date('2026-06-30T23:00:00Z');
  const e = new HybridEngine({ index: new EmbeddedSearchIndex({ analyzer, dimensions: 4 }), analyzer, references, fusion: rrf, now: () => now });
  const first = e.understand('应届 PLC');
  t.equal(e.understand('应届 PLC'), first, 'asked again: the kept reading');
  t.strictSame(first.intent.graduationYears, [2026]);
  now = new Date('2026-07-01T01:00:00Z');
  t.strictSame(e.understand('应届 PLC').intent.graduationYears, [2027], 'from July 应届 is next year\'s class');
  const withCity = e.understand('应届 PLC', ['珠海']);
  t.not(withCity, e.understand('应届 PLC'));
  t.ok(withCity.intent.places?.some((p) => p.city === '珠海市'), 'the filter city joins the places');
});
