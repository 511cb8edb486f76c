import t from 'tap';
import { fuse, type FusionOptions } from '../src/fusion.js';

const lexical = [
  { id: 'a', score: 8 },
  { id: 'b', score: 4 },
  { id: 'c', score: 2 },
];
const vector = [
  { id: 'c', score: 0.9 },
  { id: 'd', score: 0.7 },
  { id: 'a', score: 0.5 },
];
const rrf: FusionOptions = { method: 'rrf', lexicalWeight: 0.5, vectorWeight: 0.5, rrfK: 60 };

t.test('reciprocal-rank fusion: w / (k + rank) summed over the sides', async (t) => {
  const fused = fuse(lexical, vector, rrf);
  t.strictSame(
    fused.map((h) => [h.id, h.score]),
    [
      ['a', 0.5 / 61 + 0.5 / 63],
      ['c', 0.5 / 63 + 0.5 / 61],
      ['b', 0.5 / 62],
      ['d', 0.5 / 62],
    ],
  );
  t.strictSame(fused[0], { id: 'a', score: 0.5 / 61 + 0.5 / 63, lexical: 8, lexicalNorm: 1, semantic: 0.5, lexicalRank: 1, vectorRank: 3 });
});

t.test('convex combination of min-max normalised scores', async (t) => {
  const fused = fuse(lexical, vector, { ...rrf, method: 'convex', lexicalWeight: 0.3, vectorWeight: 0.7 });
  const expected: Array<[string, number]> = [
    ['c', 0.3 * (2 / 8) + 0.7 * 1],
    ['d', 0.7 * 0.5],
    ['a', 0.3 * 1 + 0.7 * 0],
    ['b', 0.3 * 0.5],
  ];
  t.strictSame(fused.map((h) => h.id), expected.map((e) => e[0]));
  fused.forEach((h, i) => t.ok(Math.abs(h.score - expected[i]![1]) < 1e-12, h.id));
});

t.test('a zero weight switches a side off: its hits do not even enter', async (t) => {
  t.strictSame(fuse(lexical, vector, { ...rrf, vectorWeight: 0 }).map((h) => h.id), ['a', 'b', 'c']);
  t.strictSame(fuse(lexical, vector, { ...rrf, lexicalWeight: 0 }).map((h) => h.id), ['c', 'd', 'a']);
  t.strictSame(fuse(lexical, vector, { ...rrf, lexicalWeight: 0 })[0]!.lexical, null);
  t.strictSame(fuse(lexical, vector, { ...rrf, lexicalWeight: 0, vectorWeight: 0 }), []);
});

t.test('ties are broken by id', async (t) => {
  t.strictSame(fuse([{ id: 'y', score: 1 }], [{ id: 'x', score: 1 }], rrf).map((h) => h.id), ['x', 'y']);
});
