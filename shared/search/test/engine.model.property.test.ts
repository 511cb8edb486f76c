/**
 * The engine's page against a plain model of the same pipeline. The model takes each retrieval
 * side's list from the index (bm25.property and vector.property check those against their own
 * plain models) and does the rest the obvious way: filters evaluated document by document, fusion
 * by `fuse`, every fused candidate re-ranked and explained with the plain scoring functions
 * (no interned scorer), the whole list sorted, then paged. Whatever the engine skips or caches
 * on its hot path (filter sets, analysis, re-ranking only what can reach the page, explaining the
 * page only), its page must be the model's: the same hits in the same order with the same scores
 * and explanations, the same total, the same cursor. Writes between queries check that nothing
 * cached outlives a change.
 */
import t from 'tap';
import fc from 'fast-check';
import { generateDemoData, Random } from '@chanjiao/demo-data';
import { majorCatalog, type StudentProfile } from '@chanjiao/domain';
import { createAnalyzer } from '../src/analyzer.js';
import { buildIndexDocument, compileFilter } from '../src/documents.js';
import { EmbeddedSearchIndex } from '../src/embedded/embedded-index.js';
import { HybridEngine, ReferenceData, SEMANTIC_FLOOR, termsOf, type RankedPage } from '../src/engine.js';
import { fuse, type FusionOptions } from '../src/fusion.js';
import { createMatchRules, DEFAULT_FEATURE_WEIGHTS, queryMatchScore, queryMatchScoreValue, type MatchContext } from '../src/scoring/index.js';
import type { StudentDocument, StudentFilter } from '../src/search-index.js';
import { compareHits } from '../src/top-k.js';

const analyzer = createAnalyzer();
const DIM = 8;
const DEPTH = 30;
const NOW = () => new Date('2026-09-01T00:00:00.000Z');
const data = generateDemoData({ seed: 2020, students: 500, posts: 8 });
const profiles: StudentProfile[] = [];
for (const s of data.students()) {
  const { personal: _personal, ...profile } = s;
  profiles.push(profile);
}
const references = new ReferenceData({ schools: data.schools, enterprises: data.enterprises });
const catalog = majorCatalog();
const cities = [...new Set(data.schools.map((s) => s.city))];
const words = [
  ...new Set([
    ...profiles.flatMap((p) => p.skills.map((s) => s.name)),
    ...profiles.map((p) => catalog.get(p.majorCode)?.name ?? ''),
    '2027届',
    '珠海',
    '本科',
    '吃苦耐劳',
    'zzqqxx',
  ]),
].filter(Boolean);

function vectorOf(random: Random): Float32Array {
  const v = new Float32Array(DIM);
  for (let i = 0; i < DIM; i++) v[i] = random.next() * 2 - 1;
  return v;
}

const rrf: FusionOptions = { method: 'rrf', lexicalWeight: 0.5, vectorWeight: 0.5, rrfK: 60 };

/** The plain pipeline, step by step, over `docs` (the live documents by id). */
async function modelPage(
  index: EmbeddedSearchIndex,
  engine: HybridEngine,
  docs: Map<string, StudentDocument>,
  q: { query: string; queryVector: Float32Array | null; filter?: StudentFilter; limit: number },
): Promise<Omit<RankedPage<'student'>, 'facets' | 'understood' | 'degraded'>> {
  const rules = createMatchRules({ analyzer, weights: DEFAULT_FEATURE_WEIGHTS, requireConsent: true });
  const filters: StudentFilter[] = [{ consent: true, statuses: q.filter?.statuses ?? ['seeking'] }];
  if (q.filter) filters.push({ ...q.filter, statuses: undefined });
  const compiled = compileFilter('student', filters, analyzer);
  const keywords = (d: StudentDocument) => d.keywords as Record<string, readonly string[]>;
  const passing = [...docs.values()].filter((d) => compiled.clauses.every((c) => c.anyOf.some((v) => keywords(d)[c.field]?.includes(v))));
  const allowed = new Set(passing.map((d) => d.id));
  // Each side over everything, then the filter, then the depth: the index's filtered top-k must agree.
  // The query as the engine reads it (typos corrected, intents expanded: the parser's own tests
  // check that reading); what follows it is what this model re-implements.
  const { intent, tokens: typed, expansion } = engine.understand(q.query, q.filter?.cities);
  const terms = [...termsOf(expansion, 1, termsOf(typed, 2))].map(([token, weight]) => ({ token, weight }));
  const lexical = terms.length ? (await index.searchLexical('student', { terms }, { k: 1e9 })).filter((h) => allowed.has(h.id)).slice(0, DEPTH) : [];
  const vector = q.queryVector ? await index.searchVector('student', q.queryVector, { k: DEPTH, filter: filters }) : [];
  const floor = /[\p{L}\p{N}]/u.test(q.query) ? SEMANTIC_FLOOR : -Infinity;
  // Neither words nor a vector: the first DEPTH passing ids, scored by the features alone.
  const browse = terms.length === 0 && !q.queryVector;
  const fused = browse
    ? passing
        .map((d) => d.id)
        .sort()
        .slice(0, DEPTH)
        .map((id) => ({ id, score: 0, lexical: null, lexicalNorm: null, semantic: null, lexicalRank: null, vectorRank: null }))
    : fuse(lexical, vector, rrf).filter((h) => floor === -Infinity || (h.lexical ?? 0) > 0 || (h.semantic ?? -Infinity) >= floor);
  const context = (s: StudentProfile, h: (typeof fused)[number]): MatchContext => ({
    rules,
    school: references.school(s.schoolId),
    lexical: h.lexicalNorm,
    lexicalRaw: h.lexical,
    semantic: h.semantic,
  });
  const ranked = fused
    .map((h) => ({ id: h.id, hit: h, source: docs.get(h.id)!.source, score: queryMatchScoreValue(docs.get(h.id)!.source, intent, context(docs.get(h.id)!.source, h)) }))
    .sort(compareHits);
  const page = ranked.slice(0, q.limit);
  const truncated = browse ? fused.length >= DEPTH : lexical.length >= DEPTH || (vector.length >= DEPTH && vector[vector.length - 1]!.score >= floor);
  const last = page[page.length - 1];
  return {
    hits: page.map((h, i) => ({ rank: i + 1, id: h.id, score: h.score, source: h.source, explanation: queryMatchScore(h.source, intent, context(h.source, h.hit)).explanation })),
    total: ranked.length,
    ...(truncated && passing.length > ranked.length ? { totalIsEstimate: true as const } : {}),
    nextCursor: ranked.length > page.length && last ? Buffer.from(JSON.stringify([1, last.score, last.id])).toString('base64url') : null,
  };
}

const filterArb: fc.Arbitrary<StudentFilter | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.record({ graduationYears: fc.constantFrom([2026], [2027], [2026, 2027]) }),
  fc.record({ cities: fc.constantFrom(...cities).map((c) => [c]) }),
  fc.record({ majorCodes: fc.constantFrom(...profiles.slice(0, 40).map((p) => p.majorCode.slice(0, 4))).map((c) => [c]) }),
  fc.record({ levels: fc.constantFrom(['higher'] as const, ['secondary'] as const, ['bachelor'] as const) }),
  fc.record({ skills: fc.constantFrom(...profiles.slice(0, 40).flatMap((p) => p.skills.slice(0, 1).map((s) => [s.name]))), graduationYears: fc.constant([2027]) }),
);
const queryArb = fc.record({
  words: fc.array(fc.constantFrom(...words), { minLength: 0, maxLength: 4 }),
  vectorSeed: fc.option(fc.integer({ min: 1, max: 1e6 }), { nil: null }),
  filter: filterArb,
  limit: fc.constantFrom(5, 20),
});
/** A write between queries: a student changes status or consent, or leaves. */
const writeArb = fc.record({ at: fc.nat({ max: profiles.length - 1 }), op: fc.constantFrom('placed', 'seeking', 'no-consent', 'delete', 'none') });

t.test("the engine's pages equal the plain pipeline's on random queries, filters and writes", async () => {
  const random = new Random(17);
  const index = new EmbeddedSearchIndex({ analyzer, dimensions: DIM });
  const docs = new Map<string, StudentDocument>();
  for (const profile of profiles) {
    const doc = buildIndexDocument({ profile, school: references.school(profile.schoolId), vector: vectorOf(random) }, analyzer);
    docs.set(doc.id, { ...doc, vector: null });
  }
  index.upsertSync([...docs.values()].map((d) => ({ ...d, vector: vectorOf(random) })));
  const engine = new HybridEngine({ index, analyzer, references, fusion: rrf, depth: DEPTH, now: NOW });
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(queryArb, writeArb), { minLength: 1, maxLength: 6 }), async (steps) => {
      for (const [q, w] of steps) {
        const profile = profiles[w.at]!;
        if (w.op === 'delete') {
          await index.delete('student', [profile.id]);
          docs.delete(profile.id);
        } else if (w.op !== 'none') {
          const changed: StudentProfile = { ...profile, status: w.op === 'placed' ? 'placed' : 'seeking', consentToBeFound: w.op !== 'no-consent' };
          const doc = buildIndexDocument({ profile: changed, school: references.school(changed.schoolId), vector: vectorOf(random) }, analyzer);
          await index.upsert([doc]);
          docs.set(doc.id, { ...doc, vector: null });
        }
        const query = q.words.join(' ');
        const queryVector = q.vectorSeed === null ? null : vectorOf(new Random(q.vectorSeed));
        const input = { query, queryVector, limit: q.limit, ...(q.filter ? { filter: q.filter } : {}) };
        const got = await engine.searchCandidates(input);
        const want = await modelPage(index, engine, docs, input);
        const plain = { hits: got.hits, total: got.total, ...(got.totalIsEstimate ? { totalIsEstimate: got.totalIsEstimate } : {}), nextCursor: got.nextCursor };
        t.strictSame(plain, want, `query ${JSON.stringify(query)} filter ${JSON.stringify(q.filter)}`);
        if (JSON.stringify(plain) !== JSON.stringify(want)) return false;
        // The second page continues the model's ranking where the first stopped.
        if (got.nextCursor) {
          const next = await engine.searchCandidates({ ...input, cursor: got.nextCursor });
          const all = await modelPage(index, engine, docs, { ...input, limit: 2 * q.limit });
          if (JSON.stringify(next.hits.map((h) => [h.id, h.score])) !== JSON.stringify(all.hits.slice(q.limit).map((h) => [h.id, h.score]))) {
            t.fail(`second page differs for ${JSON.stringify(query)}`);
            return false;
          }
        }
      }
      return true;
    }),
    { numRuns: 30 },
  );
});
