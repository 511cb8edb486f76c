/**
 * Filtered vector search against brute force. The exact path (a selective filter) must equal
 * the brute-force ranking; the HNSW path (a wide filter) must return only filter members, with
 * their true cosines, best first, as many as asked for (or all members). Both hold after any
 * sequence of upserts and deletes, which free document numbers and reuse them.
 */
import t from 'tap';
import fc from 'fast-check';
import { createAnalyzer } from '../src/analyzer.js';
import { EmbeddedSearchIndex } from '../src/embedded/embedded-index.js';
import { rawStudentDoc } from './helpers.js';

const analyzer = createAnalyzer();
const DIM = 8;
const CITIES = ['珠海', '郴州', '广州', '金华'];

const vecArb = fc.array(fc.integer({ min: -100, max: 100 }), { minLength: DIM, maxLength: DIM }).filter((v) => v.some((x) => x !== 0));
const docArb = fc.record({ vector: fc.option(vecArb, { nil: null, freq: 8 }), city: fc.constantFrom(...CITIES) });

function unit(v: readonly number[]): number[] {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

function cosine(a: readonly number[], b: readonly number[]): number {
  const ua = unit(a);
  const ub = unit(b);
  return ua.reduce((s, x, i) => s + x * ub[i]!, 0);
}

/** Brute force: every member with a vector, by cosine then id. */
function bruteForce(docs: Array<{ id: string; vector: number[] | null; city: string }>, q: number[], cities: string[] | undefined) {
  return docs
    .filter((d) => d.vector !== null && (!cities || cities.includes(d.city)))
    .map((d) => ({ id: d.id, score: cosine(d.vector!, q) }))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
}

async function build(specs: Array<{ vector: number[] | null; city: string }>, exactScanMax: number) {
  const index = new EmbeddedSearchIndex({ analyzer, dimensions: DIM, exactScanMax, efSearch: 64 });
  const docs = specs.map((s, i) => ({ id: `s${String(i).padStart(3, '0')}`, ...s }));
  await index.upsert(docs.map((d) => rawStudentDoc(d.id, {}, { city: [d.city] }, d.vector ? Float32Array.from(d.vector) : null)));
  return { index, docs };
}

t.test('exact path: a selective filter gives exactly the brute-force ranking', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(docArb, { minLength: 1, maxLength: 60 }),
      vecArb,
      fc.subarray(CITIES, { minLength: 1 }),
      fc.integer({ min: 1, max: 15 }),
      async (specs, q, cities, k) => {
        const { index, docs } = await build(specs, 1_000_000);
        const hits = await index.searchVector('student', Float32Array.from(q), { k, filter: { cities } });
        const want = bruteForce(docs, q, cities);
        if (hits.length !== Math.min(k, want.length)) return false;
        // Same ids in the same order, up to float32 ties: each hit's score is the k-th best's or better.
        return hits.every((h, i) => Math.abs(h.score - want[i]!.score) < 1e-5 && Math.abs(cosine(docs.find((d) => d.id === h.id)!.vector!, q) - h.score) < 1e-5);
      },
    ),
    { numRuns: 150, seed: 20260301 },
  );
});

t.test('graph path: only filter members, true cosines, best first, as many as asked', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(docArb, { minLength: 1, maxLength: 120 }),
      vecArb,
      fc.option(fc.subarray(CITIES, { minLength: 1 }), { nil: undefined }),
      fc.integer({ min: 1, max: 20 }),
      async (specs, q, cities, k) => {
        const { index, docs } = await build(specs, 0);
        const hits = await index.searchVector('student', Float32Array.from(q), { k, filter: cities ? { cities } : undefined });
        const members = bruteForce(docs, q, cities);
        if (hits.length !== Math.min(k, members.length)) return false;
        const byId = new Map(members.map((m) => [m.id, m.score]));
        for (let i = 0; i < hits.length; i++) {
          const true_ = byId.get(hits[i]!.id);
          if (true_ === undefined || Math.abs(true_ - hits[i]!.score) > 1e-5) return false;
          if (i > 0 && hits[i - 1]!.score < hits[i]!.score) return false;
        }
        return true;
      },
    ),
    { numRuns: 100, seed: 20260301 },
  );
});

t.test('after any upserts and deletes (numbers freed and reused), both paths still agree with brute force', async () => {
  const IDS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
  const opArb = fc.oneof(
    { weight: 3, arbitrary: fc.record({ id: fc.constantFrom(...IDS), doc: docArb }).map((o) => ({ op: 'upsert' as const, ...o })) },
    { weight: 1, arbitrary: fc.constantFrom(...IDS).map((id) => ({ op: 'delete' as const, id })) },
  );
  await fc.assert(
    fc.asyncProperty(
      fc.array(opArb, { maxLength: 40 }),
      vecArb,
      fc.subarray(CITIES, { minLength: 1 }),
      fc.boolean(),
      fc.integer({ min: 1, max: 12 }),
      async (ops, q, cities, filtered, k) => {
        const exact = new EmbeddedSearchIndex({ analyzer, dimensions: DIM, exactScanMax: 1_000_000, efSearch: 64 });
        const graph = new EmbeddedSearchIndex({ analyzer, dimensions: DIM, exactScanMax: 0, efSearch: 64 });
        const live = new Map<string, { id: string; vector: number[] | null; city: string }>();
        for (const o of ops) {
          if (o.op === 'upsert') {
            const doc = rawStudentDoc(o.id, {}, { city: [o.doc.city] }, o.doc.vector ? Float32Array.from(o.doc.vector) : null);
            await exact.upsert([doc]);
            await graph.upsert([doc]);
            live.set(o.id, { id: o.id, ...o.doc });
          } else {
            await exact.delete('student', [o.id]);
            await graph.delete('student', [o.id]);
            live.delete(o.id);
          }
        }
        const docs = [...live.values()];
        const cosOf = (id: string) => cosine(live.get(id)!.vector!, q);
        // Exact path (a filter is given and small): the brute-force ranking, up to float32 ties.
        const want = bruteForce(docs, q, cities);
        const got = await exact.searchVector('student', Float32Array.from(q), { k, filter: { cities } });
        if (got.length !== Math.min(k, want.length)) return false;
        if (!got.every((h, i) => live.has(h.id) && Math.abs(h.score - want[i]!.score) < 1e-5 && Math.abs(cosOf(h.id) - h.score) < 1e-5)) return false;
        // Graph path: live filter members only, with their true cosines, best first, as many as asked.
        const members = bruteForce(docs, q, filtered ? cities : undefined);
        const hits = await graph.searchVector('student', Float32Array.from(q), { k, filter: filtered ? { cities } : undefined });
        if (hits.length !== Math.min(k, members.length)) return false;
        const byId = new Map(members.map((m) => [m.id, m.score]));
        return hits.every((h, i) => {
          const true_ = byId.get(h.id);
          return true_ !== undefined && Math.abs(true_ - h.score) < 1e-5 && (i === 0 || hits[i - 1]!.score >= h.score);
        });
      },
    ),
    { numRuns: 150, seed: 20260302 },
  );
});

t.test('updates and deletes move documents in and out of the vector side at once', async (t) => {
  const { index } = await build(
    [
      { vector: [1, 0, 0, 0, 0, 0, 0, 0], city: '珠海' },
      { vector: [0, 1, 0, 0, 0, 0, 0, 0], city: '珠海' },
    ],
    0,
  );
  const q = Float32Array.from([1, 0, 0, 0, 0, 0, 0, 0]);
  t.strictSame((await index.searchVector('student', q, { k: 1 })).map((h) => h.id), ['s000']);
  await index.upsert([rawStudentDoc('s001', {}, { city: ['珠海'] }, Float32Array.from([1, 0.01, 0, 0, 0, 0, 0, 0]))]);
  await index.upsert([rawStudentDoc('s000', {}, { city: ['珠海'] }, Float32Array.from([0, 0, 1, 0, 0, 0, 0, 0]))]);
  t.strictSame((await index.searchVector('student', q, { k: 1 })).map((h) => h.id), ['s001']);
  await index.delete('student', ['s001']);
  t.strictSame((await index.searchVector('student', q, { k: 2 })).map((h) => h.id), ['s000']);
  await index.upsert([rawStudentDoc('s001', {}, { city: ['珠海'] }, Float32Array.from([1, 0, 0, 0, 0, 0, 0, 0]))]);
  t.strictSame((await index.searchVector('student', q, { k: 2 })).map((h) => [h.id, Math.round(h.score * 1e4) / 1e4]), [['s001', 1], ['s000', 0]]);
});
