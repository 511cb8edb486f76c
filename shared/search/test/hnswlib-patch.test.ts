/**
 * The patched hnswlib-node (patches/hnswlib-node@3.0.0.patch) against the unpatched calls: a point
 * given as a Float32Array is stored as the same floats an Array gives; getPointsInto copies exactly
 * the stored floats and refuses deleted or unknown labels; a Uint32Array bitset filter returns
 * exactly what the same filter as a function returns. A clone installed without the patch fails
 * here by name, not somewhere in the vector property tests.
 */
import t from 'tap';
import fc from 'fast-check';
import hnswlib from 'hnswlib-node';

const DIM = 16;

function unit(values: number[]): Float32Array {
  const v = Float32Array.from(values);
  let n = 0;
  for (const x of v) n += x * x;
  const inv = n > 0 ? 1 / Math.sqrt(n) : 0;
  for (let i = 0; i < v.length; i++) v[i]! *= inv;
  return v;
}

const vectors = fc.array(fc.array(fc.float({ min: -1, max: 1, noNaN: true, noDefaultInfinity: true }), { minLength: DIM, maxLength: DIM }), {
  minLength: 2,
  maxLength: 120,
});

t.test('getPointsInto copies the stored floats; Float32Array and Array points store alike', async () => {
  fc.assert(
    fc.property(vectors, (raw) => {
      const typed = new hnswlib.HierarchicalNSW('ip', DIM);
      const plain = new hnswlib.HierarchicalNSW('ip', DIM);
      typed.initIndex({ maxElements: raw.length, m: 8, efConstruction: 40, randomSeed: 1 });
      plain.initIndex({ maxElements: raw.length, m: 8, efConstruction: 40, randomSeed: 1 });
      const points = raw.map(unit);
      points.forEach((p, i) => {
        typed.addPoint(p, i);
        plain.addPoint(Array.from(p), i);
      });
      const labels = Int32Array.from(points.keys()).reverse();
      const out = new Float32Array(labels.length * DIM);
      typed.getPointsInto(labels, out);
      for (let i = 0; i < labels.length; i++) {
        const want = points[labels[i]!]!;
        const got = out.subarray(i * DIM, (i + 1) * DIM);
        if (!got.every((x, d) => Object.is(x, want[d]!))) return false;
        if (!plain.getPoint(labels[i]!).every((x, d) => x === got[d])) return false;
      }
      return true;
    }),
    { numRuns: 50 },
  );
});

t.test('getPointsInto refuses a deleted or unknown label and a short output', async (t) => {
  const index = new hnswlib.HierarchicalNSW('ip', DIM);
  index.initIndex({ maxElements: 4, m: 8, efConstruction: 40, randomSeed: 1 });
  index.addPoint(unit(Array.from({ length: DIM }, (_, d) => d + 1)), 0);
  index.addPoint(unit(Array.from({ length: DIM }, (_, d) => DIM - d)), 1);
  index.markDelete(1);
  t.throws(() => index.getPointsInto(Int32Array.of(1), new Float32Array(DIM)), /Label not found: 1/);
  t.throws(() => index.getPointsInto(Int32Array.of(3), new Float32Array(DIM)), /Label not found: 3/);
  t.throws(() => index.getPointsInto(Int32Array.of(0, 0), new Float32Array(DIM)), /shorter/);
  t.throws(() => index.getPointsInto([0] as unknown as Int32Array, new Float32Array(DIM)), /Expected/);
});

t.test('a Uint32Array bitset filter returns what the same filter as a function returns', async () => {
  fc.assert(
    fc.property(vectors, fc.array(fc.boolean(), { minLength: 120, maxLength: 120 }), fc.integer({ min: 1, max: 30 }), (raw, allowed, k) => {
      const index = new hnswlib.HierarchicalNSW('ip', DIM);
      index.initIndex({ maxElements: raw.length, m: 8, efConstruction: 40, randomSeed: 1 });
      raw.forEach((p, i) => index.addPoint(unit(p), i));
      index.setEf(Math.max(k, 50));
      // Bits past the index's labels and a bitset shorter than the labels are both allowed shapes.
      const words = new Uint32Array(Math.ceil(raw.length / 64));
      allowed.forEach((yes, i) => {
        if (yes && i >>> 5 < words.length) words[i >>> 5]! |= 1 << (i & 31);
      });
      const member = (label: number) => label >>> 5 < words.length && (words[label >>> 5]! & (1 << (label & 31))) !== 0;
      const want = Math.min(k, raw.length);
      const q = unit(raw[0]!.map((x) => -x));
      const byBits = index.searchKnn(q, want, words);
      const byFunction = index.searchKnn(Array.from(q), want, member);
      return (
        byBits.neighbors.every(member) &&
        JSON.stringify(byBits.neighbors) === JSON.stringify(byFunction.neighbors) &&
        JSON.stringify(byBits.distances) === JSON.stringify(byFunction.distances)
      );
    }),
    { numRuns: 50 },
  );
});

t.test('innerProducts gives the dot products of the stored floats, and refuses what getPointsInto refuses', async (t) => {
  fc.assert(
    fc.property(vectors, fc.array(fc.float({ min: -1, max: 1, noNaN: true, noDefaultInfinity: true }), { minLength: DIM, maxLength: DIM }), (raw, qRaw) => {
      const index = new hnswlib.HierarchicalNSW('ip', DIM);
      index.initIndex({ maxElements: raw.length, m: 8, efConstruction: 40, randomSeed: 1 });
      const points = raw.map(unit);
      points.forEach((p, i) => index.addPoint(p, i));
      const q = Float32Array.from(qRaw);
      const labels = Int32Array.from(points.keys()).reverse();
      const out = new Float64Array(labels.length);
      index.innerProducts(labels, q, out);
      return Array.from(labels).every((label, i) => {
        const want = points[label]!.reduce((s, x, d) => s + x * q[d]!, 0);
        return Math.abs(out[i]! - want) <= 1e-5;
      });
    }),
    { numRuns: 50 },
  );
  const index = new hnswlib.HierarchicalNSW('ip', DIM);
  index.initIndex({ maxElements: 4, m: 8, efConstruction: 40, randomSeed: 1 });
  index.addPoint(unit(Array.from({ length: DIM }, (_, d) => d + 1)), 0);
  index.addPoint(unit(Array.from({ length: DIM }, (_, d) => DIM - d)), 1);
  index.markDelete(1);
  const q = new Float32Array(DIM).fill(1);
  t.throws(() => index.innerProducts(Int32Array.of(1), q, new Float64Array(1)), /Label not found: 1/);
  t.throws(() => index.innerProducts(Int32Array.of(7), q, new Float64Array(1)), /Label not found: 7/);
  t.throws(() => index.innerProducts(Int32Array.of(0), new Float32Array(DIM - 1), new Float64Array(1)), /dimension/);
  t.throws(() => index.innerProducts(Int32Array.of(0, 0), q, new Float64Array(1)), /shorter/);
  const l2 = new hnswlib.HierarchicalNSW('l2', DIM);
  l2.initIndex({ maxElements: 1, m: 8, efConstruction: 40, randomSeed: 1 });
  l2.addPoint(q, 0);
  t.throws(() => l2.innerProducts(Int32Array.of(0), q, new Float64Array(1)), /"ip" or "cosine"/);
});

t.test('searchKnnAsync answers what searchKnn answers, with a bitset filter or none', async () => {
  await fc.assert(
    fc.asyncProperty(vectors, fc.array(fc.float({ min: -1, max: 1, noNaN: true, noDefaultInfinity: true }), { minLength: DIM, maxLength: DIM }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 5 }), async (raw, qRaw, k, every) => {
      const index = new hnswlib.HierarchicalNSW('ip', DIM);
      index.initIndex({ maxElements: raw.length, m: 8, efConstruction: 40, randomSeed: 1 });
      raw.map(unit).forEach((p, i) => index.addPoint(p, i));
      const q = Float32Array.from(qRaw);
      const words = new Uint32Array(Math.ceil(raw.length / 32));
      for (let i = 0; i < raw.length; i += every) words[i >>> 5]! |= 1 << (i & 31);
      const n = Math.min(k, raw.length);
      for (const filter of [undefined, words]) {
        const sync = filter ? index.searchKnn(q, n, filter) : index.searchKnn(q, n);
        const got = await index.searchKnnAsync(q, n, filter);
        if (JSON.stringify(Array.from(got.neighbors)) !== JSON.stringify(sync.neighbors)) return false;
        if (!Array.from(got.distances).every((d, i) => d === sync.distances[i])) return false;
      }
      return true;
    }),
    { numRuns: 50 },
  );
});

t.test('resizeIndex moves the base layer to a new block: every point, label and link survives many doublings', async () => {
  fc.assert(
    fc.property(vectors, (raw) => {
      const grown = new hnswlib.HierarchicalNSW('ip', DIM);
      const sized = new hnswlib.HierarchicalNSW('ip', DIM);
      grown.initIndex({ maxElements: 1, m: 8, efConstruction: 40, randomSeed: 1 });
      sized.initIndex({ maxElements: raw.length, m: 8, efConstruction: 40, randomSeed: 1 });
      const points = raw.map(unit);
      points.forEach((p, i) => {
        if (i >= grown.getMaxElements()) grown.resizeIndex(grown.getMaxElements() * 2);
        grown.addPoint(p, i);
        sized.addPoint(p, i);
      });
      // The same inserts build the same graph whatever the capacity: a search answers alike.
      for (const q of points.slice(0, 5)) t.strictSame(grown.searchKnn(q, Math.min(5, points.length)), sized.searchKnn(q, Math.min(5, points.length)));
      const labels = Int32Array.from(points.keys());
      const a = new Float32Array(points.length * DIM);
      const b = new Float32Array(points.length * DIM);
      grown.getPointsInto(labels, a);
      sized.getPointsInto(labels, b);
      t.strictSame(a, b);
    }),
    { numRuns: 40 },
  );
});
