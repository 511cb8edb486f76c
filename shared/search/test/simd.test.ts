/**
 * The int8 SIMD scan (scan.wat through Int8Scanner) against plain models: the members it scores
 * are exactly filter ∧ stored, in document order, after any sequence of sets, removals and growth;
 * each score is the float dot product within the error bound of the quantization; the committed
 * kernel is what scan.wat compiles to; highestScores keeps the m highest.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import fc from 'fast-check';
import { compileScanKernel } from '../../../scripts/build-wasm.js';
import { highestScores, Int8Scanner } from '../src/embedded/simd/int8-scanner.js';

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
    );
    t.pass('held for every generated case');
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
  fc.assert(
    fc.property(fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }), { maxLength: 300 }), fc.integer({ min: 1, max: 80 }), (xs, m) => {
      const scores = Float32Array.from(xs);
      const kept = [...highestScores(scores, m)].map((i) => scores[i]!).sort((a, b) => b - a);
      const want = [...scores].sort((a, b) => b - a).slice(0, m);
      return new Set(highestScores(scores, m)).size === kept.length && JSON.stringify(kept) === JSON.stringify(want);
    }),
    { numRuns: 300 },
  );
  t.pass('held for every generated case');
});
