/**
 * The one SearchIndex contract, run against every backend that is available: always the embedded
 * index, and the Elasticsearch index when ELASTICSEARCH_URL points at a cluster (see README.md in
 * this folder). Without a cluster the Elasticsearch cases are skipped — reported as skipped by
 * tap, never as passed.
 */
import t, { type Test } from 'tap';
import { loadConfig } from '@chanjiao/platform';
import {
  buildIndexDocument,
  createAnalyzer,
  EmbeddedSearchIndex,
  type AnyIndexDocument,
  type DocKind,
  type FilterInput,
  type PostFilter,
  type ScoredHit,
  type SearchIndex,
} from '@chanjiao/search';
import { createElasticsearchClient, listVersions, openElasticsearchIndex, templateName } from '@chanjiao/search/elasticsearch';
import { corpusDocuments, students, vec } from './corpus.js';

const analyzer = createAnalyzer();
const docs = corpusDocuments(analyzer);
const ES_URL = process.env.ELASTICSEARCH_URL;

/** Cosines are compared to this precision: Elasticsearch computes in float32 (and int8 rescored to float). */
const COSINE_EPS = 1e-5;

function idsOf(hits: readonly ScoredHit[]): string[] {
  return hits.map((h) => h.id);
}

/** Hits as [id, cosine rounded to 4 places] pairs: whole-value comparisons without float noise. */
function rounded(hits: readonly ScoredHit[]): Array<[string, number]> {
  return hits.map((h) => [h.id, Math.round(h.score * 1e4) / 1e4]);
}

async function embeddedIndex(): Promise<SearchIndex> {
  const index = new EmbeddedSearchIndex({ analyzer });
  await index.upsert(docs);
  return index;
}

/**
 * The members of a filter, checked three ways: `count` gives the size, `list` the ids in id
 * order, and a vector search with a large k those that have a vector, nearest to e0 first (the
 * corpus cosines to e0 are all distinct, so that order is exact).
 */
async function members<K extends DocKind>(
  index: SearchIndex,
  kind: K,
  filter: FilterInput<K>,
): Promise<{ count: number; listed: string[]; byVector: string[] }> {
  const count = await index.count(kind, filter);
  const listed = await index.list(kind, { k: 100, filter });
  const byVector = idsOf(await index.searchVector(kind, vec(1), { k: 50, filter }));
  return { count, listed, byVector };
}

/** What {@link members} should say: only s-novec has no vector, so it is listed but never found by vector. */
function expected(byVector: string[], withNovec: boolean): { count: number; listed: string[]; byVector: string[] } {
  const listed = [...byVector, ...(withNovec ? ['s-novec'] : [])].sort();
  return { count: listed.length, listed, byVector };
}

async function contract(t: Test, index: SearchIndex): Promise<void> {
  t.test('get by id returns the document as built; getMany keeps the order asked, undefined where missing', async (t) => {
    for (const doc of docs) {
      const got = await index.get(doc.kind, doc.id);
      t.ok(got, doc.id);
      if (!got) continue;
      t.strictSame({ ...got, vector: null }, { ...doc, vector: null }, doc.id);
      if (doc.vector === null) t.equal(got.vector, null, `${doc.id} has no vector`);
      else t.ok(got.vector && got.vector.every((x, i) => Math.abs(x - doc.vector![i]!) < 1e-6), `${doc.id} vector`);
    }
    const many = await index.getMany('post', ['p-any', 'nope', 'p-job']);
    t.strictSame(many.map((d) => d?.id), ['p-any', undefined, 'p-job']);
    t.equal(await index.get('student', 'p-job'), undefined, 'collections are apart');
  });

  t.test('count: everything, or what the filter matches', async (t) => {
    t.equal(await index.count('student'), 8);
    t.equal(await index.count('post'), 5);
    t.equal(await index.count('student', {}), 8, 'an empty filter does not filter');
    t.equal(await index.count('student', { levels: [] }), 8, 'an empty list does not filter');
  });

  t.test('student filters of every kind', async (t) => {
    const cases: Array<[string, FilterInput<'student'>, string[], boolean]> = [
      // [name, filter, members with a vector nearest-to-e0 first, whether s-novec (no vector) matches too]
      ['no filter', {}, ['s-elec', 's-noconsent', 's-sec', 's-mech', 's-intro', 's-acct', 's-placed'], true],
      ['ids', { ids: ['s-sec', 's-zzz'] }, ['s-sec'], false],
      ['school', { schoolIds: ['sch-cz'] }, ['s-sec', 's-mech', 's-placed'], true],
      ['类 4603, any level (中职 6603 is the same field)', { majorCodes: ['4603'] }, ['s-elec', 's-noconsent', 's-sec', 's-mech', 's-placed'], true],
      ['类 4603, this level only', { majorCodes: ['4603'], majorAnyLevel: false }, ['s-elec', 's-noconsent', 's-mech', 's-placed'], true],
      ['专业 460306', { majorCodes: ['460306'] }, ['s-elec', 's-noconsent'], false],
      // A 专业 on other levels is its counterparts by name, never the 专业 that shares its last four digits.
      ['专业 460302 (智能机电技术), any level: its 中职 counterpart 660301, named alike', { majorCodes: ['460302'] }, ['s-sec'], false],
      ['专业 660303 (中职 工业机器人技术应用), any level: the 高职 counterpart 460305, not 460303 that shares its digits', { majorCodes: ['660303'] }, ['s-placed'], false],
      ['专业 660306 has no counterpart: not 460306, which shares its digits', { majorCodes: ['660306'] }, [], false],
      ['大类 66 (中职 code) reaches the 高职 majors of the field', { majorCodes: ['66'] }, ['s-elec', 's-noconsent', 's-sec', 's-mech', 's-intro', 's-placed'], true],
      ['level', { levels: ['secondary'] }, ['s-sec'], false],
      ['graduation year', { graduationYears: [2026, 2028] }, ['s-sec'], true],
      ['city: the school city or a preferred one', { cities: ['珠海'] }, ['s-elec', 's-noconsent', 's-intro', 's-acct'], false],
      ['district: the school district (short name 香洲)', { districts: ['香洲'] }, ['s-elec', 's-noconsent', 's-intro', 's-acct'], false],
      ['district: a preferred park in it (联港工业区 is in 金湾区)', { districts: ['金湾区'] }, ['s-intro'], false],
      ['district: the school wrote 苏仙, the filter 苏仙区', { districts: ['苏仙区'] }, ['s-sec', 's-mech', 's-placed'], true],
      ['district and city together', { cities: ['珠海'], districts: ['金湾', '苏仙区'] }, ['s-intro'], false],
      ['park', { parks: ['经开区'] }, ['s-mech'], false],
      ['skill, synonyms fold (可编程控制器 = PLC)', { skills: ['可编程控制器'] }, ['s-elec', 's-noconsent', 's-sec'], false],
      ['every listed skill is required', { skills: ['PLC', '焊接'] }, [], false],
      ['certificate', { certificates: ['电工证'] }, ['s-elec', 's-sec'], false],
      ['certificate at least 中级', { certificates: [{ name: '电工证', minLevel: 'intermediate' }] }, ['s-elec'], false],
      ['consent', { consent: false }, ['s-noconsent'], false],
      ['status', { statuses: ['placed'] }, ['s-placed'], false],
      [
        'HR search: consent, seeking, field and city together',
        { consent: true, statuses: ['seeking'], majorCodes: ['4603'], cities: ['郴州'] },
        ['s-sec', 's-mech'],
        true,
      ],
      ['a list of filters: all must hold', [{ consent: true }, { schoolIds: ['sch-cz'] }, { levels: ['higher'] }], ['s-mech', 's-placed'], true],
      ['a list of filters: ids intersect', [{ ids: ['s-sec', 's-mech'] }, { ids: ['s-mech', 's-elec'] }], ['s-mech'], false],
    ];
    for (const [name, filter, byVector, withNovec] of cases) {
      t.strictSame(await members(index, 'student', filter), expected(byVector, withNovec), name);
    }
  });

  t.test('post filters of every kind', async (t) => {
    const cases: Array<[string, PostFilter, string[]]> = [
      ['ids', { ids: ['p-any', 'nope'] }, ['p-any']],
      ['kind', { kinds: ['job'] }, ['p-job', 'p-acct']],
      ['internship mode', { internshipModes: ['on_post'] }, ['p-intern']],
      ['term', { terms: ['2027-autumn'] }, ['p-order', 'p-any']],
      ['enterprise, including the co-enterprise of a joint class', { enterpriseIds: ['e3'] }, ['p-order']],
      ['city', { cities: ['珠海'] }, ['p-job', 'p-order']],
      ['park', { parks: ['经开区'] }, ['p-intern']],
      ['accepted majors overlap 460306 (类 4603, 中职 6603, 大类 46)', { majorCodes: ['460306'] }, ['p-job', 'p-intern', 'p-order']],
      ['accepts a 中职 660301 student (or any major)', { acceptsMajor: '660301' }, ['p-job', 'p-intern', 'p-order', 'p-any']],
      ['accepts a 530302 student', { acceptsMajor: '530302' }, ['p-any', 'p-acct']],
      ['accepts level secondary (or any level)', { acceptsLevel: 'secondary' }, ['p-job', 'p-intern', 'p-any', 'p-acct']],
      ['accepts graduation year 2027 (or any)', { acceptsGraduationYear: 2027 }, ['p-job', 'p-order', 'p-any', 'p-acct']],
      ['skill, synonyms fold', { skills: ['可编程控制器'] }, ['p-job']],
      ['status', { statuses: ['closed'] }, ['p-acct']],
      [
        'recommendations for a 2027 高职 460306 student: open posts that accept them',
        { acceptsMajor: '460306', acceptsLevel: 'higher', acceptsGraduationYear: 2027, statuses: ['open'] },
        ['p-job', 'p-order', 'p-any'],
      ],
    ];
    for (const [name, filter, byVector] of cases) {
      t.strictSame(await members(index, 'post', filter), { count: byVector.length, listed: [...byVector].sort(), byVector }, name);
    }
  });

  t.test('list: ids in ascending order, k at a time after a given id', async (t) => {
    t.strictSame(await index.list('student', { k: 3 }), ['s-acct', 's-elec', 's-intro']);
    t.strictSame(await index.list('student', { k: 3, after: 's-intro' }), ['s-mech', 's-noconsent', 's-novec']);
    t.strictSame(await index.list('student', { k: 3, after: 's-novec' }), ['s-placed', 's-sec']);
    t.strictSame(await index.list('student', { k: 3, after: 's-sec' }), []);
    t.strictSame(await index.list('student', { k: 2, after: 's-n', filter: { schoolIds: ['sch-cz'] } }), ['s-novec', 's-placed']);
    t.strictSame(await index.list('post', { k: 10, filter: { kinds: ['job'] } }), ['p-acct', 'p-job']);
  });

  t.test('lexical ordering: structured fields outweigh free text; filters and zero boosts apply', async (t) => {
    const terms = (text: string) => analyzer.analyze(text).map((token) => ({ token, weight: 1 }));
    // s-elec matches 电气 in its major and PLC in skills and intro; s-sec only PLC in skills (via 可编程控制器);
    // s-intro only PLC in a long self-introduction. s-noconsent is filtered out.
    t.strictSame(
      idsOf(await index.searchLexical('student', { terms: terms('PLC 电气') }, { k: 10, filter: { consent: true } })),
      ['s-elec', 's-sec', 's-intro'],
    );
    t.strictSame(
      idsOf(await index.searchLexical('student', { terms: terms('PLC 电气') }, { k: 2, filter: { consent: true } })),
      ['s-elec', 's-sec'],
      'top k',
    );
    t.strictSame(
      idsOf(await index.searchLexical('student', { terms: terms('PLC 电气'), fieldBoosts: { skills: 0 } }, { k: 10, filter: { consent: true } })),
      ['s-elec', 's-intro'],
      'a zero boost leaves the field out',
    );
    // p-job matches everything p-intern matches (自动化 in the accepted majors) and PLC besides.
    t.strictSame(idsOf(await index.searchLexical('post', { terms: terms('PLC 自动化') }, { k: 10 })), ['p-job', 'p-intern']);
    t.strictSame(
      idsOf(await index.searchLexical('post', { terms: terms('PLC 自动化') }, { k: 10, filter: { kinds: ['internship'] } })),
      ['p-intern'],
    );
    t.strictSame(await index.searchLexical('post', { terms: terms('会计学徒') }, { k: 10, filter: { statuses: ['open'] } }), [], 'only score > 0');
    const hits = await index.searchLexical('student', { terms: terms('PLC') }, { k: 10 });
    t.ok(hits.every((h, i) => h.score > 0 && (i === 0 || hits[i - 1]!.score >= h.score)), 'scores positive and descending');
  });

  t.test('vector ordering: cosine, nearest first, ties by id; the filter pre-filters', async (t) => {
    t.strictSame(rounded(await index.searchVector('student', vec(1), { k: 10 })), [
      ['s-elec', 1],
      ['s-noconsent', 0.96],
      ['s-sec', 0.8],
      ['s-mech', 0.6],
      ['s-intro', 0.28],
      ['s-acct', 0],
      ['s-placed', -0.6],
    ]);
    const hits = await index.searchVector('student', vec(1), { k: 1 });
    t.ok(hits.length === 1 && Math.abs(hits[0]!.score - 1) < COSINE_EPS, 'exact cosine');
    // s-mech and s-placed are both at 0.8 from e1, s-acct and s-elec both at 0: ties go by id.
    t.strictSame(idsOf(await index.searchVector('student', vec(0, 1), { k: 10 })), [
      's-intro', 's-mech', 's-placed', 's-sec', 's-noconsent', 's-acct', 's-elec',
    ]);
    // The two nearest overall are s-elec and s-noconsent; with the HR filter the second is s-sec, not a short page.
    t.strictSame(idsOf(await index.searchVector('student', vec(1), { k: 2, filter: { consent: true, statuses: ['seeking'] } })), [
      's-elec',
      's-sec',
    ]);
    t.strictSame(await index.searchVector('post', vec(1), { k: 5, filter: { terms: ['2030-spring'] } }), [], 'nothing matches');
  });

  t.test('facets: counts over the filtered documents, count descending then value ascending, at most size', async (t) => {
    // Skill values are the lexicon's canonical names (PLC and 可编程控制器 are one skill).
    const skill = (name: string) => analyzer.canonical(name);
    const ones = ['CAD', 'Excel', '焊接'].map(skill).sort().map((value) => ({ value, count: 1 }));
    t.strictSame(await index.facets('student', ['level', 'city', 'skills'], { filter: { consent: true } }), {
      level: [{ value: 'higher', count: 6 }, { value: 'secondary', count: 1 }],
      city: [{ value: '郴州', count: 4 }, { value: '珠海', count: 3 }],
      skills: [{ value: skill('PLC'), count: 2 }, ...ones],
    });
    t.strictSame(
      await index.facets('student', ['district'], { filter: { consent: true } }),
      { district: [{ value: '苏仙区', count: 4 }, { value: '香洲区', count: 3 }, { value: '金湾区', count: 1 }] },
      'districts by official name',
    );
    t.strictSame(await index.facets('student', ['skills'], { filter: { consent: true }, size: 2 }), {
      skills: [{ value: skill('PLC'), count: 2 }, ones[0]],
    });
    t.strictSame(await index.facets('post', ['kind', 'term', 'enterpriseId']), {
      kind: [
        { value: 'job', count: 2 },
        { value: 'apprenticeship', count: 1 },
        { value: 'internship', count: 1 },
        { value: 'order_class', count: 1 },
      ],
      term: [{ value: '2027-spring', count: 3 }, { value: '2027-autumn', count: 2 }],
      enterpriseId: [{ value: 'e1', count: 2 }, { value: 'e2', count: 2 }, { value: 'e3', count: 1 }, { value: 'e4', count: 1 }],
    });
    t.strictSame(await index.facets('post', ['park'], { filter: { cities: ['广州'] } }), { park: [] }, 'no values');
  });

  t.test('listWithoutVector: the documents with no vector, ascending, k at a time; an upsert with or without one moves a document off or on', async (t) => {
    const late = (id: string, vector: Float32Array | null): AnyIndexDocument =>
      buildIndexDocument({ profile: { ...students[0]!.profile, id }, vector }, analyzer);
    t.strictSame(await index.listWithoutVector('student', { k: 10 }), ['s-novec'], 'the corpus has one');
    t.strictSame(await index.listWithoutVector('post', { k: 10 }), [], 'every post has its vector');
    await index.upsert([late('s-late-b', null), late('s-late-a', null), late('s-late-c', vec(0.6, -0.8))]);
    t.strictSame(await index.listWithoutVector('student', { k: 2 }), ['s-late-a', 's-late-b']);
    t.strictSame(await index.listWithoutVector('student', { k: 2, after: 's-late-b' }), ['s-novec']);
    t.strictSame(await index.listWithoutVector('student', { k: 2, after: 's-novec' }), []);
    // The vector arrives (an upsert of the same document with it); another loses its vector.
    await index.upsert([late('s-late-a', vec(0.6, 0.8)), late('s-late-c', null)]);
    t.strictSame(await index.listWithoutVector('student', { k: 10 }), ['s-late-b', 's-late-c', 's-novec']);
    await index.delete('student', ['s-late-a', 's-late-b', 's-late-c']);
    t.strictSame(await index.listWithoutVector('student', { k: 10 }), ['s-novec'], 'deleted documents are not listed');
  });

  t.test('add, update and delete are visible to the next query', async (t) => {
    const build = (skills: string[], status: 'seeking' | 'placed', vector: Float32Array | null): AnyIndexDocument =>
      buildIndexDocument(
        {
          profile: { ...students[0]!.profile, id: 's-new', skills: skills.map((name) => ({ name })), status, selfIntroduction: '' },
          vector,
        },
        analyzer,
      );
    const plc = [{ token: 'plc', weight: 1 }];
    const weld = [{ token: '焊接', weight: 1 }];

    await index.upsert([build(['PLC'], 'seeking', vec(0.6, -0.8))]);
    t.equal(await index.count('student'), 9, 'added');
    t.equal((await index.get('student', 's-new'))?.source.status, 'seeking');
    t.ok(idsOf(await index.searchLexical('student', { terms: plc }, { k: 20 })).includes('s-new'), 'found by words');
    t.strictSame(idsOf(await index.searchVector('student', vec(0.6, -0.8), { k: 1 })), ['s-new'], 'found by vector');

    await index.upsert([build(['焊接'], 'placed', null)]);
    t.equal(await index.count('student'), 9, 'an update replaces, it does not add');
    t.equal((await index.get('student', 's-new'))?.source.status, 'placed');
    t.strictSame(idsOf(await index.searchVector('student', vec(1), { k: 10, filter: { statuses: ['placed'] } })), ['s-placed'], 'no vector any more');
    t.equal(await index.count('student', { statuses: ['placed'] }), 2, 'the new status counts');
    t.notOk(idsOf(await index.searchLexical('student', { terms: plc }, { k: 20 })).includes('s-new'), 'the old words are gone');
    t.ok(idsOf(await index.searchLexical('student', { terms: weld }, { k: 20 })).includes('s-new'), 'the new words are found');

    t.equal(await index.delete('student', ['s-new', 's-missing']), 1, 'counts what was there');
    t.equal(await index.get('student', 's-new'), undefined);
    t.equal(await index.count('student'), 8);
    t.equal(await index.count('student', { statuses: ['placed'] }), 1);
    t.notOk(idsOf(await index.searchLexical('student', { terms: weld }, { k: 20 })).includes('s-new'), 'deleted documents are not found');
    t.equal(await index.delete('student', ['s-new']), 0, 'deleting twice deletes nothing');
    t.equal(await index.delete('post', []), 0);
  });
}

t.test('embedded', async (t) => {
  const index = await embeddedIndex();
  t.teardown(() => index.close());
  await contract(t, index);
});

if (!ES_URL) console.log('skipped: ELASTICSEARCH_URL not set');

t.test('elasticsearch', { skip: ES_URL ? false : 'ELASTICSEARCH_URL not set' }, async (t) => {
  // A prefix of its own, so the suite never touches a real deployment's indices, and one replica-free
  // index per collection (a single-node test cluster could not place a replica).
  const prefix = `contract-${process.pid}-${Date.now().toString(36)}`;
  const config = loadConfig(process.env, { ELASTICSEARCH_INDEX_PREFIX: prefix, ELASTICSEARCH_REPLICAS: 0, ELASTICSEARCH_REFRESH: 'wait_for' });
  const admin = createElasticsearchClient(config);
  t.teardown(async () => {
    for (const kind of ['student', 'post'] as const) {
      const versions = await listVersions(admin, prefix, kind);
      if (versions.length > 0) await admin.indices.delete({ index: versions });
      await admin.indices.deleteIndexTemplate({ name: templateName(prefix, kind) }, { ignore: [404] });
    }
    await admin.close();
  });
  const index = await openElasticsearchIndex(config, analyzer);
  t.teardown(() => index.close());
  await index.upsert(docs);

  // Same documents, same tokens, same BM25 parameters: the two backends score alike (checked on
  // the fresh corpus, before any update leaves deleted documents in Lucene's statistics).
  t.test('scores agree with the embedded index', async (t) => {
    const reference = await embeddedIndex();
    const queries: Array<[DocKind, string]> = [
      ['student', 'PLC 电气'],
      ['student', '焊接 技术 自动化'],
      ['post', 'PLC 自动化 机电'],
      ['post', '会计 制造'],
    ];
    for (const [kind, text] of queries) {
      const query = { terms: analyzer.analyze(text).map((token) => ({ token, weight: 1 })) };
      const es = await index.searchLexical(kind, query, { k: 20 });
      const emb = await reference.searchLexical(kind, query, { k: 20 });
      t.strictSame(idsOf(es), idsOf(emb), `${kind} ${text}: same order`);
      t.ok(es.every((h, i) => Math.abs(h.score - emb[i]!.score) <= 1e-3 * Math.max(1, emb[i]!.score)), `${kind} ${text}: same scores`);
    }
    for (const kind of ['student', 'post'] as const) {
      const q = vec(0.5, 0.5, Math.SQRT1_2);
      t.strictSame(rounded(await index.searchVector(kind, q, { k: 20 })), rounded(await reference.searchVector(kind, q, { k: 20 })), `${kind} vectors`);
    }
  });

  await contract(t, index);
});
