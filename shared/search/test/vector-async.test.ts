/**
 * Vector graph walks on a worker thread (`vectorWalkThread`: EmbeddedSearchIndex.searchVector, VectorSpace.searchGraphAsync):
 * they answer exactly what the same walk on this thread answers, writes wait while one is out (hnswlib
 * is not safe against an update during a search) and are not starved by searches that keep coming,
 * and the synchronous writes refuse to run under one.
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

/** An index whose filtered searches all walk the graph (nothing is scanned). */
async function graphIndex(specs: Array<{ vector: number[]; city: string }>) {
  const index = new EmbeddedSearchIndex({ analyzer, dimensions: DIM, exactScanMax: 0, efSearch: 64, vectorWalkThread: true });
  await index.upsert(specs.map((s, i) => rawStudentDoc(`s${String(i).padStart(3, '0')}`, {}, { city: [s.city] }, Float32Array.from(s.vector))));
  return index;
}

t.test('a walk on a worker thread answers exactly what the same walk here answers, filtered or not', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.record({ vector: vecArb, city: fc.constantFrom(...CITIES) }), { minLength: 1, maxLength: 80 }),
      fc.array(vecArb, { minLength: 1, maxLength: 5 }),
      fc.option(fc.subarray(CITIES, { minLength: 1 }), { nil: undefined }),
      fc.integer({ min: 1, max: 30 }),
      async (specs, queries, cities, k) => {
        const index = await graphIndex(specs);
        const filter = cities ? { cities } : undefined;
        // Several walks out at once, then each compared with the synchronous one.
        const walks = queries.map((q) => index.searchVector('student', Float32Array.from(q), { k, filter }));
        const answers = await Promise.all(walks);
        return queries.every((q, i) => JSON.stringify(answers[i]) === JSON.stringify(index.vectorSync('student', Float32Array.from(q), { k, filter })));
      },
    ),
    { numRuns: 60 },
  );
});

t.test('a write waits for the walk that is out; the walk answers as of before the write', async (t) => {
  const specs = Array.from({ length: 200 }, (_, i) => ({ vector: Array.from({ length: DIM }, (_, d) => Math.sin(i * 7 + d) * 50), city: CITIES[i % 4]! }));
  const index = await graphIndex(specs);
  const q = Float32Array.from({ length: DIM }, (_, d) => Math.cos(d));
  const order: string[] = [];
  const walk = index.searchVector('student', q, { k: 10 }).then((hits) => {
    order.push('walk');
    return hits;
  });
  t.throws(() => index.upsertSync([rawStudentDoc('new', {}, { city: ['珠海'] }, q)]), /worker thread/, 'upsertSync refuses while a walk is out');
  t.throws(() => index.tuneVectorSearch(32), /worker thread/, 'so does tuning ef');
  const write = index.upsert([rawStudentDoc('new', {}, { city: ['珠海'] }, q)]).then(() => order.push('write'));
  const before = await walk;
  await write;
  t.same(order, ['walk', 'write'], 'the write waited for the walk');
  t.notOk(before.some((h) => h.id === 'new'), 'the walk did not see the write');
  const after = await index.searchVector('student', q, { k: 10 });
  t.equal(after[0]?.id, 'new', 'the next search does (the query is its own vector)');
});

t.test('searches that keep coming do not starve a waiting write', async (t) => {
  const specs = Array.from({ length: 200 }, (_, i) => ({ vector: Array.from({ length: DIM }, (_, d) => Math.sin(i * 3 + d) * 50), city: CITIES[i % 4]! }));
  const index = await graphIndex(specs);
  const q = Float32Array.from({ length: DIM }, (_, d) => Math.cos(d * 2));
  const first = index.searchVector('student', q, { k: 5 });
  let written = false;
  const write = index.upsert([rawStudentDoc('late', {}, { city: ['广州'] }, q)]).then(() => (written = true));
  // Searches overlapping one another, each started before the last one ends, with the event loop
  // turning between them (as requests come): were they all walks out, one would always be out and
  // the write would never get in.
  let searches = 0;
  let previous = first;
  while (!written && searches < 200) {
    const next = index.searchVector('student', q, { k: 5 });
    await new Promise((resolve) => setImmediate(resolve));
    await previous;
    previous = next;
    searches++;
  }
  await previous;
  await first;
  await write;
  t.ok(written, `the write got in after ${searches} searches`);
  t.ok(searches < 200, 'before the searches ran out');
});

t.test('without vectorWalkThread every walk runs on the calling thread: nothing is out, writes never wait', async (t) => {
  const index = new EmbeddedSearchIndex({ analyzer, dimensions: DIM, exactScanMax: 0, efSearch: 64 });
  await index.upsert(Array.from({ length: 50 }, (_, i) => rawStudentDoc(`s${i}`, {}, { city: [CITIES[i % 4]!] }, Float32Array.from({ length: DIM }, (_, d) => Math.sin(i + d)))));
  const q = Float32Array.from({ length: DIM }, (_, d) => Math.cos(d));
  const search = index.searchVector('student', q, { k: 5 });
  t.doesNotThrow(() => index.upsertSync([rawStudentDoc('now', {}, { city: ['珠海'] }, q)]), 'the search was done when it returned');
  t.notOk((await search).some((h) => h.id === 'now'));
});
