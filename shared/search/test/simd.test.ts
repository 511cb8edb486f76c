/**
 * The SIMD scans (scan.wat through Int8Scanner) against plain models: the members they score are
 * exactly filter ∧ stored, in document order, after any sequence of sets, removals and growth;
 * each int8 score is the float dot product within the error bound of the quantization; each
 * binary score is the sum of the quantized query over the set bits; a wide filter's top k through
 * all stages matches the exact scan; the committed kernel is what scan.wat compiles to;
 * highestScores keeps the m highest and highScores at least those.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import fc from 'fast-check';
import { compileScanKernel } from '../../../scripts/build-wasm.js';
import { highScores, highestScores, Int8Scanner } from '../src/embedded/simd/int8-scanner.js';

t.test('scan-wasm.ts is what scan.wat compiles to (run pnpm run build:wasm after editing the .wat)', async (t) => {
  const committed = readFileSync(new URL('../src/embedded/simd/scan-wasm.ts', import.meta.url), 'utf8');
  t.equal(committed, await compileScanKernel());
});

const op = (dim: number) =>
  fc.oneof(
    fc.record({
      kind: fc.constant('set' as const),
      doc: fc.integer({ min: 0, max: 700 }),
      v: fc.array(fc.float({ min: -1, max: 1, noNaN: true }), { minLength: dim, maxLength: dim }),
    }),
    fc.record({ kind: fc.constant('remove' as const), doc: fc.integer({ min: 0, max: 700 }) }),
  );

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

for (const dim of [8, 24, 512]) {
  t.test(`members and scores match the float model (${dim} dimensions, growing from 128 documents)`, async (t) => {
    t.doesNotThrow(() =>
fc.assert(
      fc.property(
        fc.array(op(dim), { minLength: 1, maxLength: 60 }),
        fc.array(fc.float({ min: -1, max: 1, noNaN: true }), { minLength: dim, maxLength: dim }),
        fc.option(fc.array(fc.integer({ min: 0, max: 700 }), { maxLength: 200 }), { nil: null }),
        (ops, query, filterDocs) => {
          const scanner = new Int8Scanner(dim, 128);
          const model = new Map<number, Float32Array>();
          for (const o of ops) {
            if (o.kind === 'set') {
              const v = Float32Array.from(o.v);
              scanner.set(o.doc, v);
              model.set(o.doc, v);
            } else {
              scanner.remove(o.doc);
              model.delete(o.doc);
            }
          }
          let words: Uint32Array | null = null;
          if (filterDocs) {
            words = new Uint32Array(Math.ceil(701 / 32));
            for (const d of filterDocs) words[d >>> 5]! |= 1 << (d & 31);
          }
          const q = Float32Array.from(query);
          const found = scanner.scan(q, words);
          const expected = [...model.keys()].filter((d) => !filterDocs || filterDocs.includes(d)).sort((a, b) => a - b);
          if (JSON.stringify([...found.docs]) !== JSON.stringify(expected)) return false;
          const qAbs = q.reduce((s, x) => s + Math.abs(x), 0);
          const qMax = q.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
          for (let i = 0; i < found.count; i++) {
            const v = model.get(found.docs[i]!)!;
            const vMax = v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
            const vAbs = v.reduce((s, x) => s + Math.abs(x), 0);
            // Rounding each side to half a step: |error| ≤ Σ|q|·(vMax/127)/2 + Σ|v|·(qMax/16383)/2, plus float slack.
            const bound = (qAbs * vMax) / 254 + (vAbs * qMax) / 32766 + 1e-5;
            if (Math.abs(found.scores[i]! * found.scale - dot(v, q)) > bound) return false;
          }
          return true;
        },
      ),
      { numRuns: dim === 512 ? 60 : 200 },
    ), 'held for every generated case');
  });
}

t.test('a unit vector scores its own cosine within 1e-2 at 512 dimensions, and the order of clear gaps holds', async (t) => {
  const dim = 512;
  const scanner = new Int8Scanner(dim, 4);
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  const unit = () => {
    const v = Float32Array.from({ length: dim }, rand);
    const n = Math.hypot(...v);
    return v.map((x) => x / n);
  };
  const vs = Array.from({ length: 300 }, unit);
  vs.forEach((v, d) => scanner.set(d, v));
  const q = vs[17]!;
  const found = scanner.scan(q, null);
  t.equal(found.count, 300);
  t.ok(Math.abs(found.scores[17]! * found.scale - 1) < 1e-2, 'self-similarity ~1');
  for (let i = 0; i < 300; i++) t.ok(Math.abs(found.scores[i]! * found.scale - dot(vs[i]!, q)) < 1e-2);
});

t.test('highestScores keeps the m highest scores', async (t) => {
  t.doesNotThrow(() =>
fc.assert(
    fc.property(fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }), { maxLength: 300 }), fc.integer({ min: 1, max: 80 }), (xs, m) => {
      const scores = Float32Array.from(xs);
      const kept = [...highestScores(scores, m)].map((i) => scores[i]!).sort((a, b) => b - a);
      const want = [...scores].sort((a, b) => b - a).slice(0, m);
      return new Set(highestScores(scores, m)).size === kept.length && JSON.stringify(kept) === JSON.stringify(want);
    }),
    { numRuns: 300 },
  ), 'held for every generated case');
});

t.test('binary stage: members, centre and scores match the plain model; int8 re-scoring of a list matches the scan', async (t) => {
  t.doesNotThrow(() =>
fc.assert(
    fc.property(
      fc.array(op(24), { minLength: 1, maxLength: 60 }),
      fc.array(fc.float({ min: -1, max: 1, noNaN: true }), { minLength: 24, maxLength: 24 }),
      fc.option(fc.array(fc.integer({ min: 0, max: 700 }), { maxLength: 200 }), { nil: null }),
      (ops, query, filterDocs) => {
        const dim = 24;
        const scanner = new Int8Scanner(dim, 128);
        const model = new Map<number, Float32Array>();
        for (const o of ops) {
          if (o.kind === 'set') {
            scanner.set(o.doc, Float32Array.from(o.v));
            model.set(o.doc, Float32Array.from(o.v));
          } else {
            scanner.remove(o.doc);
            model.delete(o.doc);
          }
        }
        scanner.recenter();
        // What the scanner holds of a vector: int8 times its scale.
        const held = (v: Float32Array) => {
          const max = v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
          // As the scanner does it: x · (127 / max) rounded, times the scale stored as f32.
          return Array.from(v, (x) => (max === 0 ? 0 : Math.round(x * (127 / max)) * Math.fround(max / 127)));
        };
        const centre = new Float32Array(dim);
        for (const v of model.values()) held(v).forEach((x, i) => (centre[i]! += x / model.size));
        const got = scanner.centre();
        if (centre.some((x, i) => Math.abs(x - got[i]!) > 1e-5)) return false;
        let words: Uint32Array | null = null;
        if (filterDocs) {
          words = new Uint32Array(Math.ceil(701 / 32));
          for (const d of filterDocs) words[d >>> 5]! |= 1 << (d & 31);
        }
        const q = Float32Array.from(query);
        const qc = Array.from(q, (x, i) => x - got[i]!);
        const qMax = qc.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
        const q8 = Array.from(qc, (x) => (qMax === 0 ? 0 : Math.round(x * (127 / qMax))));
        const found = scanner.scanBits(q, words);
        const expected = [...model.keys()].filter((d) => !filterDocs || filterDocs.includes(d)).sort((a, b) => a - b);
        if (JSON.stringify([...found.docs]) !== JSON.stringify(expected)) return false;
        for (let i = 0; i < found.count; i++) {
          const h = held(model.get(found.docs[i]!)!);
          let want = 0;
          for (let j = 0; j < dim; j++) if (h[j]! > got[j]!) want += q8[j]!;
          if (found.scores[i] !== want) return false;
        }
        const docs = [...found.docs].reverse();
        const scanned = scanner.scan(q, words);
        const byDoc = new Map([...scanned.docs].map((d, i) => [d, scanned.scores[i]!]));
        const listed = scanner.rescore(q, docs);
        return docs.every((d, i) => listed.scores[i] === byDoc.get(d));
      },
    ),
    { numRuns: 200 },
  ), 'held for every generated case');
});

t.test('a wide filter goes through the binary pass and still finds the exact top k with exact scores', async (t) => {
  const { EmbeddedSearchIndex } = await import('../src/embedded/embedded-index.js');
  const { createAnalyzer } = await import('../src/analyzer.js');
  const { rawStudentDoc } = await import('./helpers.js');
  const dim = 64;
  let seed = 11;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  // Clustered like real profiles: a centre per class plus noise.
  const centres = Array.from({ length: 12 }, () => Float32Array.from({ length: dim }, rand));
  const vec = (c: number) => centres[c]!.map((x) => x + 0.6 * rand());
  const index = new EmbeddedSearchIndex({ analyzer: createAnalyzer(), dimensions: dim, exactScanMax: 1_000_000 });
  const docs = Array.from({ length: 4000 }, (_, i) => ({ ...rawStudentDoc(`s${String(i).padStart(5, '0')}`, {}, { city: [i % 2 ? '珠海' : '郴州'] }), vector: vec(i % 12) }));
  await index.upsert(docs);
  let found = 0;
  let wanted = 0;
  for (let qi = 0; qi < 20; qi++) {
    const q = vec(qi % 12);
    const filter = { cities: ['珠海'] };
    const k = 20;
    const approx = index.vectorSync('student', q, { k, filter });
    const exact = index.exactVectorSync('student', q, { k, filter });
    const want = new Set(exact.map((h) => h.id));
    wanted += exact.length;
    found += approx.filter((h) => want.has(h.id)).length;
    const qn = Math.hypot(...q);
    for (const h of approx) {
      const v = docs.find((d) => d.id === h.id)!.vector;
      const cos = v.reduce((s, x, i) => s + x * q[i]!, 0) / (Math.hypot(...v) * qn);
      if (Math.abs(cos - h.score) > 1e-5) t.fail(`score of ${h.id}: ${h.score} vs ${cos}`);
    }
  }
  t.ok(found / wanted >= 0.97, `recall@20 ${found / wanted} over 2,000 members through the binary pass`);
});

t.test('highScores keeps every score above the m-th highest (and no position twice)', async (t) => {
  t.doesNotThrow(() =>
fc.assert(
    fc.property(fc.array(fc.float({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), { maxLength: 3000 }), fc.integer({ min: 1, max: 200 }), (xs, m) => {
      const scores = Float32Array.from(xs);
      const kept = highScores(scores, m);
      if (new Set(kept).size !== kept.length || kept.length < Math.min(m, scores.length)) return false;
      const mth = [...scores].sort((a, b) => b - a)[Math.min(m, scores.length) - 1];
      const keptSet = new Set(kept);
      return scores.every((s, i) => !(mth !== undefined && s > mth) || keptSet.has(i));
    }),
    { numRuns: 300 },
  ), 'held for every generated case');
});
