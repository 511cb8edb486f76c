/**
 * The embedded index's stored documents as bytes (`DocStore`): after any sequence of stores,
 * replacements and frees, with a source cache far smaller than the documents (so most sources are
 * parsed back from their records) and a reclaim threshold that copies the live records to fresh
 * chunks many times over, every document reads back as it was stored (source, tokens, keyword
 * values), a freed one reads as absent, and a snapshot written from a view frozen mid-way reads back
 * as the documents were at the freeze, whatever was written after it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import fc from 'fast-check';
import { DocStore } from '../src/embedded/doc-store.js';

const TEXT = ['title', 'intro'];
const KEYWORDS = ['city'];
interface Doc {
  source: { id: string; n: number; note: string; tags: string[] };
  text: Record<string, string[]>;
  keywords: Record<string, string[]>;
}
const word = fc.constantFrom('电气', '自动化', 'plc', '珠海市', '数控', 'x'.repeat(300), '"引号"\\n', '😀');
const docArb = fc.record({
  n: fc.integer(),
  note: fc.string({ maxLength: 40 }),
  tags: fc.array(word, { maxLength: 4 }),
  title: fc.array(word, { maxLength: 6 }),
  intro: fc.array(word, { maxLength: 30 }),
  city: fc.array(word, { maxLength: 3 }),
});
const opArb = fc.oneof(
  fc.record({ op: fc.constant('set' as const), d: fc.integer({ min: 0, max: 40 }), doc: docArb }),
  fc.record({ op: fc.constant('free' as const), d: fc.integer({ min: 0, max: 40 }) }),
  fc.record({ op: fc.constant('read' as const), d: fc.integer({ min: 0, max: 40 }) }),
);

function expectAll(t: Test, store: DocStore<Doc['source']>, model: Map<number, Doc>, what: string): void {
  const got = [];
  const want = [];
  for (let d = 0; d <= 40; d++) {
    const doc = model.get(d);
    got.push({ has: store.has(d), source: store.source(d), tokens: store.tokens(d) });
    want.push({ has: doc !== undefined, source: doc?.source, tokens: doc ? { text: doc.text, keywords: doc.keywords } : undefined });
  }
  t.strictSame(got, want, what);
}

t.test('stores, replacements and frees read back as stored, through a small cache, reclaims and a snapshot', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'chanjiao-doc-store-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  let run = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(opArb, { maxLength: 120 }), fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 3 }), async (ops, freezeAt, cacheMax) => {
      const store = new DocStore<Doc['source']>(TEXT, KEYWORDS, cacheMax, 256);
      const model = new Map<number, Doc>();
      let frozen: { view: ReturnType<DocStore['freeze']>; model: Map<number, Doc> } | undefined;
      for (const [i, o] of ops.entries()) {
        if (i === freezeAt) frozen = { view: store.freeze(41), model: new Map(model) };
        if (o.op === 'set') {
          const doc: Doc = {
            source: { id: `s${o.d}`, n: o.doc.n, note: o.doc.note, tags: o.doc.tags },
            text: { title: o.doc.title, intro: o.doc.intro },
            keywords: { city: o.doc.city },
          };
          store.set(o.d, doc.source, doc.text, doc.keywords);
          model.set(o.d, doc);
        } else if (o.op === 'free') {
          store.free(o.d);
          model.delete(o.d);
        } else if (JSON.stringify(store.source(o.d)) !== JSON.stringify(model.get(o.d)?.source)) {
          t.fail(`read ${o.d} after ${i} operations`);
        }
      }
      expectAll(t, store, model, 'live');
      frozen ??= { view: store.freeze(41), model: new Map(model) };
      const path = join(dir, `docs-${run++}`);
      const ids = Array.from({ length: 41 }, (_, d) => (frozen!.model.has(d) ? `s${d}` : ''));
      await DocStore.write(path, frozen.view, ids, { textFields: TEXT, keywordFields: KEYWORDS });
      const read = DocStore.read<Doc['source']>(path, { textFields: TEXT, keywordFields: KEYWORDS }, cacheMax);
      t.strictSame(read.ids, ids);
      expectAll(t, read.store, frozen.model, 'read back');
    }),
    { numRuns: 150 },
  );
});

t.test('a documents file written with other fields is refused', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'chanjiao-doc-store-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const store = new DocStore(TEXT, KEYWORDS, 10);
  store.set(0, { id: 'a' }, { title: ['x'], intro: [] }, { city: ['珠海市'] });
  await DocStore.write(join(dir, 'docs'), store.freeze(1), ['a'], { textFields: TEXT, keywordFields: KEYWORDS });
  t.throws(() => DocStore.read(join(dir, 'docs'), { textFields: TEXT, keywordFields: ['city', 'park'] }, 10), /other fields/);
});

t.test('warming parses sources into the cache until it is full, evicting none', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'chanjiao-doc-store-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const store = new DocStore(TEXT, KEYWORDS, 0);
  for (let d = 0; d < 5; d++) store.set(d, { id: `s${d}`, n: d }, { title: [`t${d}`], intro: [] }, { city: [] });
  store.free(2);
  const path = join(dir, 'docs');
  await DocStore.write(path, store.freeze(5), ['s0', 's1', '', 's3', 's4'], { textFields: TEXT, keywordFields: KEYWORDS });
  const small = DocStore.read<{ id: string; n: number }>(path, { textFields: TEXT, keywordFields: KEYWORDS }, 3).store;
  t.equal(small.warm(0, 5), false, 'a cache of 3 is full after 3 of the 4 documents');
  const roomy = DocStore.read<{ id: string; n: number }>(path, { textFields: TEXT, keywordFields: KEYWORDS }, 10).store;
  t.equal(roomy.warm(0, 5), true, 'a cache of 10 still has room');
  t.strictSame([0, 1, 2, 3, 4].map((d) => small.source(d)?.n), [0, 1, undefined, 3, 4], 'every source still reads right, cached or not');
});
