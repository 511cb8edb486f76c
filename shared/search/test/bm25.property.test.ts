/**
 * The inverted index against a plain model: after any sequence of upserts and deletes, BM25
 * scores over every live document (Lucene's formula, per-field statistics, boosts summed) and
 * filtered counts equal what a direct computation over the live documents gives.
 */
import t from 'tap';
import fc from 'fast-check';
import { createAnalyzer } from '../src/analyzer.js';
import { EmbeddedSearchIndex } from '../src/embedded/embedded-index.js';
import { BM25_B, BM25_K1, FIELD_BOOSTS, STUDENT_TEXT_FIELDS, type StudentDocument, type StudentTextField } from '../src/search-index.js';
import { rawStudentDoc } from './helpers.js';

const analyzer = createAnalyzer();
const VOCAB = ['plc', '电工', '焊接', '护理', 'cad', '数控'];
const CITIES = ['珠海', '郴州', '广州'];
const IDS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];

const tokens = fc.array(fc.constantFrom(...VOCAB), { maxLength: 6 });
const docArb = fc.record({
  id: fc.constantFrom(...IDS),
  major: tokens,
  skills: tokens,
  certificates: tokens,
  intro: tokens,
  city: fc.constantFrom(...CITIES),
});
interface DocSpec {
  id: string;
  major: string[];
  skills: string[];
  certificates: string[];
  intro: string[];
  city: string;
}
const opArb = fc.oneof(
  { weight: 4, arbitrary: docArb.map((d) => ({ op: 'upsert' as const, d })) },
  { weight: 1, arbitrary: fc.constantFrom(...IDS).map((id) => ({ op: 'delete' as const, id })) },
);
const queryArb = fc.uniqueArray(fc.record({ token: fc.constantFrom(...VOCAB, 'absent'), weight: fc.constantFrom(0.5, 1, 2) }), {
  selector: (q) => q.token,
  minLength: 1,
  maxLength: 4,
});

function toDoc(d: DocSpec): StudentDocument {
  return rawStudentDoc(d.id, { major: d.major, skills: d.skills, certificates: d.certificates, intro: d.intro }, { city: [d.city] });
}

/** BM25 straight from the definition, over the live documents. */
function modelScores(live: Map<string, DocSpec>, query: ReadonlyArray<{ token: string; weight: number }>, city?: string): Map<string, number> {
  const scores = new Map<string, number>();
  for (const field of STUDENT_TEXT_FIELDS) {
    const boost = FIELD_BOOSTS.student[field as StudentTextField];
    const withField = [...live.values()].filter((d) => d[field].length > 0);
    if (withField.length === 0) continue;
    const avgdl = withField.reduce((s, d) => s + d[field].length, 0) / withField.length;
    for (const { token, weight } of query) {
      const n = withField.filter((d) => d[field].includes(token)).length;
      if (n === 0) continue;
      const idf = Math.log(1 + (withField.length - n + 0.5) / (n + 0.5));
      for (const d of withField) {
        if (city !== undefined && d.city !== city) continue;
        const tf = d[field].filter((x) => x === token).length;
        if (tf === 0) continue;
        const s = (boost * weight * idf * tf) / (tf + BM25_K1 * (1 - BM25_B + (BM25_B * d[field].length) / avgdl));
        scores.set(d.id, (scores.get(d.id) ?? 0) + s);
      }
    }
  }
  return scores;
}

t.test('BM25 scores equal the plain model after any upserts and deletes, with and without a filter', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(opArb, { maxLength: 30 }), queryArb, fc.option(fc.constantFrom(...CITIES), { nil: undefined }), async (ops, query, city) => {
      const index = new EmbeddedSearchIndex({ analyzer, dimensions: 4 });
      const live = new Map<string, DocSpec>();
      for (const o of ops) {
        if (o.op === 'upsert') {
          await index.upsert([toDoc(o.d)]);
          live.set(o.d.id, o.d);
        } else {
          await index.delete('student', [o.id]);
          live.delete(o.id);
        }
      }
      const hits = await index.searchLexical('student', { terms: query }, { k: 100, filter: city ? { cities: [city] } : undefined });
      const model = modelScores(live, query, city);
      const got = new Map(hits.map((h) => [h.id, h.score]));
      if (got.size !== model.size) return false;
      for (const [id, s] of model) {
        const g = got.get(id);
        if (g === undefined || Math.abs(g - s) > 1e-9 * Math.max(1, s)) return false;
      }
      // Ordered by score, then id.
      for (let i = 1; i < hits.length; i++) {
        const a = hits[i - 1]!;
        const b = hits[i]!;
        if (a.score < b.score || (a.score === b.score && a.id > b.id)) return false;
      }
      const count = await index.count('student', city ? { cities: [city] } : undefined);
      const expectedCount = [...live.values()].filter((d) => city === undefined || d.city === city).length;
      return count === expectedCount;
    }),
    { numRuns: 200 },
  );
});

t.test('top-k keeps the k best of the full ranking', async (t) => {
  await fc.assert(
    fc.asyncProperty(fc.array(docArb, { minLength: 1, maxLength: 12 }), queryArb, fc.integer({ min: 1, max: 5 }), async (specs, query, k) => {
      const index = new EmbeddedSearchIndex({ analyzer, dimensions: 4 });
      await index.upsert(specs.map(toDoc));
      const all = await index.searchLexical('student', { terms: query }, { k: 100 });
      const top = await index.searchLexical('student', { terms: query }, { k });
      t.strictSame(top, all.slice(0, k));
    }),
    { numRuns: 100 },
  );
});

t.test('a field boost of 0 leaves the field out', async (t) => {
  const index = new EmbeddedSearchIndex({ analyzer, dimensions: 4 });
  await index.upsert([rawStudentDoc('x', { intro: ['plc'] }), rawStudentDoc('y', { skills: ['plc'] })]);
  const hits = await index.searchLexical('student', { terms: [{ token: 'plc', weight: 1 }], fieldBoosts: { skills: 0 } }, { k: 10 });
  t.strictSame(hits.map((h) => h.id), ['x']);
});

t.test('with long posting lists (where MaxScore prunes), top-k is still exactly the top of the full ranking', async (t) => {
  // 6,000 documents: a token in most of them, others rare, in fields of every boost.
  const index = new EmbeddedSearchIndex({ analyzer, dimensions: 4 });
  let seed = 5;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = (p: number, tok: string) => (rand() < p ? [tok] : []);
  const docs: StudentDocument[] = [];
  for (let i = 0; i < 6000; i++) {
    docs.push(
      rawStudentDoc(`d${String(i).padStart(5, '0')}`, {
        major: [...pick(0.7, '技术'), ...pick(0.05, '电气')],
        skills: [...pick(0.03, 'plc'), ...pick(0.5, '办公软件')],
        certificates: pick(0.02, '电工'),
        intro: [...pick(0.9, '实习'), ...pick(0.6, '技术'), ...pick(0.02, 'plc'), ...Array.from({ length: Math.floor(rand() * 30) }, () => '填充')],
      }, { city: [i % 10 === 3 ? '郴州' : '珠海'] }),
    );
  }
  await index.upsert(docs);
  await index.delete('student', ['d00007', 'd00042']);
  const cityOf = new Map(docs.map((d) => [d.id, d.keywords.city[0]]));
  const queries = [
    ['plc', '电气', '技术', '实习'],
    ['电工', '实习', '办公软件', '技术'],
    ['plc', '实习'],
  ];
  const check = async (when: string) => {
    for (const q of queries) {
      const terms = q.map((token, i) => ({ token, weight: i === 0 ? 2 : 1 }));
      const all = await index.searchLexical('student', { terms }, { k: 100_000 });
      for (const k of [1, 5, 20, 200]) {
        const top = await index.searchLexical('student', { terms }, { k });
        t.strictSame(top, all.slice(0, k), `${q.join(' ')} top ${k} ${when}`);
      }
      // Under a filter (a tenth of the documents: accumulators by rank among them), the top k is
      // the unfiltered full ranking's documents of that city, scores and all.
      const inCity = all.filter((h) => cityOf.get(h.id) === '郴州');
      for (const k of [1, 5, 20, 200]) {
        const top = await index.searchLexical('student', { terms }, { k, filter: { cities: ['郴州'] } });
        t.strictSame(top, inCity.slice(0, k), `${q.join(' ')} in 郴州, top ${k} ${when}`);
      }
    }
  };
  await check('after the load');
  // Updates leave stale entries in the lists (a contender's frequency read from its current
  // tokens must agree with its current postings), and a repeated token counts its frequency.
  await index.upsert(
    docs.slice(100, 400).map((d, i) =>
      rawStudentDoc(d.id, { major: i % 2 ? ['技术', '技术'] : ['电气'], skills: ['plc'], intro: i % 3 ? ['实习', '技术', '技术'] : [] }, { city: [i % 4 === 0 ? '郴州' : '珠海'] }),
    ),
  );
  for (const [i, d] of docs.slice(100, 400).entries()) cityOf.set(d.id, i % 4 === 0 ? '郴州' : '珠海');
  await check('after updates');
});

t.test('MaxScore with per-list bounds (largest tf, shortest field): a document exactly at the bounds still reaches the top k', async (t) => {
  // 100 documents match only 'plc编程'; 3,000 match 实习 (intro) and 办公软件 (skills) once in
  // fields of 8 tokens, 20 of them six times in fields of 6: those 20 add exactly the two lists'
  // bounds. Swept over the first word's weight, the 100 score just below, at and above what the
  // 20 reach, so a bound below the closest entry (or a rounding of the sums that loses it) would
  // prune the 20 while they belong in the top k.
  const index = new EmbeddedSearchIndex({ analyzer, dimensions: 4 });
  const pad = Array.from({ length: 7 }, () => '填充');
  const docs: StudentDocument[] = [];
  for (let i = 0; i < 100; i++) docs.push(rawStudentDoc(`a${String(i).padStart(5, '0')}`, { major: ['plc编程', ...pad.slice(0, i % 3)] }));
  for (let i = 0; i < 3000; i++) {
    const star = i % 150 === 7;
    docs.push(
      rawStudentDoc(`b${String(i).padStart(5, '0')}`, {
        major: ['焊接'],
        intro: star ? Array.from({ length: 6 }, () => '实习') : ['实习', ...pad],
        skills: star ? Array.from({ length: 6 }, () => '办公软件') : ['办公软件', ...pad],
      }),
    );
  }
  await index.upsert(docs);
  // The 20 score 5.0e-4 (common words weigh little); the 100 score 2.6 to 4.7 × the weight.
  for (let weight = 5e-5; weight < 3e-4; weight *= 1.05) {
    const terms = [{ token: 'plc编程', weight }, { token: '实习', weight: 1 }, { token: '办公软件', weight: 1 }];
    const all = await index.searchLexical('student', { terms }, { k: 100_000 });
    for (const k of [5, 20, 110]) t.strictSame(await index.searchLexical('student', { terms }, { k }), all.slice(0, k), `plc编程 at ${weight.toExponential(2)}, top ${k}`);
  }
});

t.test('MaxScore narrows its contenders before each long list: a contender that needs every later bound in full still reaches the top k', async (t) => {
  // 30 documents lead on 'y' and set the k-th best before the long lists start; 20 stars score
  // on 'x' alone, then gain exactly the bounds of two 3,000-entry lists (six times the word in a
  // field of six). The pruning starts before the first long list; before the second, a star is
  // kept only if its score plus that list's whole bound reaches the k-th. Swept over x's weight,
  // the stars end just below, at and above the leaders, so a bound 2 % too tight there (or a
  // floor above the k-th) drops stars that belong in the top k.
  const index = new EmbeddedSearchIndex({ analyzer, dimensions: 4 });
  const pad = Array.from({ length: 7 }, () => '填充');
  const docs: StudentDocument[] = [];
  for (let i = 0; i < 30; i++) docs.push(rawStudentDoc(`l${String(i).padStart(5, '0')}`, { major: ['电气', ...pad.slice(0, i % 3)], skills: ['数控'], intro: ['数控'] }));
  for (let i = 0; i < 20; i++) {
    docs.push(rawStudentDoc(`s${String(i).padStart(5, '0')}`, { major: ['焊接', '填充'], skills: Array.from({ length: 6 }, () => '办公软件'), intro: Array.from({ length: 6 }, () => '实习') }));
  }
  for (let i = 0; i < 3000; i++) docs.push(rawStudentDoc(`c${String(i).padStart(5, '0')}`, { major: ['数控'], skills: ['办公软件', ...pad], intro: ['实习', ...pad] }));
  await index.upsert(docs);
  let checked = 0;
  for (let weight = 0.5; weight < 1; weight *= 1.001) {
    const terms = [{ token: '电气', weight: 1 }, { token: '焊接', weight }, { token: '办公软件', weight: 60 }, { token: '实习', weight: 60 }];
    const all = await index.searchLexical('student', { terms }, { k: 100_000 });
    for (const k of [5, 20]) {
      const top = await index.searchLexical('student', { terms }, { k });
      if (JSON.stringify(top) !== JSON.stringify(all.slice(0, k))) t.strictSame(top, all.slice(0, k), `焊接 at ${weight.toFixed(4)}, top ${k}`);
      checked++;
    }
  }
  t.ok(checked > 100);
});

t.test('a field longer than an entry keeps beside it (65,535 tokens) scores by its whole length', async (t) => {
  const specs: DocSpec[] = [
    { id: 'a', major: [], skills: [], certificates: [], intro: ['plc', '电工'], city: '珠海' },
    { id: 'b', major: [], skills: [], certificates: [], intro: ['plc', ...Array.from({ length: 65_534 }, () => '焊接')], city: '珠海' },
    { id: 'c', major: [], skills: [], certificates: [], intro: ['plc', 'plc', ...Array.from({ length: 70_000 }, () => '焊接')], city: '珠海' },
  ];
  const index = new EmbeddedSearchIndex({ analyzer, dimensions: 4 });
  await index.upsert(specs.map(toDoc));
  const query = [{ token: 'plc', weight: 1 }];
  const hits = await index.searchLexical('student', { terms: query }, { k: 10 });
  const model = modelScores(new Map(specs.map((d) => [d.id, d])), query);
  t.strictSame(hits.map((h) => h.id), ['a', 'c', 'b']);
  for (const h of hits) t.ok(Math.abs(h.score - model.get(h.id)!) <= 1e-12 * model.get(h.id)!, `${h.id}: ${h.score} against ${model.get(h.id)}`);
});
