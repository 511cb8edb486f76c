import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import t from 'tap';
import { createAnalyzer } from '../src/analyzer.js';
import { buildIndexDocument } from '../src/documents.js';
import { EmbeddedSearchIndex, SnapshotMismatchError } from '../src/embedded/embedded-index.js';
import { post, rawStudentDoc, student } from './helpers.js';

const analyzer = createAnalyzer();
const dir = mkdtempSync(join(tmpdir(), 'search-snapshot-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

function unit(i: number, dim = 8): Float32Array {
  const v = new Float32Array(dim);
  v[i % dim] = 1;
  v[(i + 1) % dim] = 0.5 * (i % 3);
  return v;
}

const SKILLS = ['PLC', '焊接', 'CAD制图', '静脉输液', '数控加工'];
const MAJORS = ['460306', '460301', '520201', '460103'];

async function populated(): Promise<EmbeddedSearchIndex> {
  const index = new EmbeddedSearchIndex({ analyzer, dimensions: 8, exactScanMax: 0 });
  for (let i = 0; i < 60; i++) {
    const profile = student({ id: `s${String(i).padStart(2, '0')}`, majorCode: MAJORS[i % 4]!, skills: [{ name: SKILLS[i % 5]! }], graduationYear: 2026 + (i % 3) });
    await index.upsert([buildIndexDocument({ profile, vector: i % 7 === 0 ? null : unit(i) }, analyzer)]);
  }
  await index.upsert([buildIndexDocument({ post: post({ id: 'p1', title: 'PLC 调试', requiredSkills: ['PLC'] }), vector: unit(1) }, analyzer)]);
  // Updates and deletes before the snapshot: reused document numbers and stale postings must survive the round trip.
  await index.delete('student', ['s03', 's10', 's11']);
  await index.upsert([buildIndexDocument({ profile: student({ id: 's05', majorCode: '520201', skills: [{ name: '静脉输液' }] }), vector: unit(4) }, analyzer)]);
  await index.upsert([buildIndexDocument({ profile: student({ id: 's99', skills: [{ name: 'PLC' }] }), vector: unit(2) }, analyzer)]);
  return index;
}

/** `vectorK`: past every document, where the graph's detours around deleted points cannot pick among ties. */
async function answers(index: EmbeddedSearchIndex, vectorK = 10) {
  const terms = analyzer.analyze('PLC 静脉输液 焊接').map((token) => ({ token, weight: 1 }));
  return {
    lexical: await index.searchLexical('student', { terms }, { k: 100 }),
    lexicalFiltered: await index.searchLexical('student', { terms }, { k: 5, filter: { graduationYears: [2027] } }),
    vector: await index.searchVector('student', unit(2), { k: vectorK }),
    vectorFiltered: await index.searchVector('student', unit(4), { k: vectorK, filter: { majorCodes: ['5202'] } }),
    facets: await index.facets('student', ['majorClass', 'skills', 'graduationYear']),
    count: await index.count('student'),
    posts: await index.searchLexical('post', { terms }, { k: 5 }),
    s05: await index.get('student', 's05'),
    list: await index.list('student', { k: 100 }),
  };
}

t.test('save then load answers every query the same, and keeps accepting writes', async (t) => {
  const original = await populated();
  const before = await answers(original);
  const snap = join(dir, 'snap');
  await original.save(snap, { seq: 42 });
  const { index, meta } = await EmbeddedSearchIndex.load(snap, { analyzer, dimensions: 8, exactScanMax: 0 });
  t.strictSame(meta, { seq: 42 });
  t.strictSame(await answers(index), before);
  t.equal(before.count, 58);

  // Writes after the load: a new document takes a free number, an update replaces.
  await index.upsert([buildIndexDocument({ profile: student({ id: 's-new', skills: [{ name: '焊接' }] }), vector: unit(6) }, analyzer)]);
  await original.upsert([buildIndexDocument({ profile: student({ id: 's-new', skills: [{ name: '焊接' }] }), vector: unit(6) }, analyzer)]);
  t.strictSame(await answers(index), await answers(original));

  // Updates that make lists compact (in place, in arrays the snapshot file backs) and grow.
  for (let round = 0; round < 6; round++) {
    for (const target of [index, original]) {
      await target.upsert([
        buildIndexDocument({ profile: student({ id: 's06', majorCode: MAJORS[round % 4]!, skills: [{ name: SKILLS[round % 5]! }] }), vector: unit(round) }, analyzer),
        buildIndexDocument({ profile: student({ id: `s-more-${round}`, skills: [{ name: 'PLC' }, { name: '焊接' }] }), vector: unit(round + 3) }, analyzer),
      ]);
      await target.delete('student', [`s${String(20 + round).padStart(2, '0')}`]);
    }
  }
  t.strictSame(await answers(index), await answers(original), 'the same after updates, deletes and compactions');

  // Saving again replaces the snapshot.
  await index.save(snap, { seq: 43 });
  t.strictSame((await EmbeddedSearchIndex.load(snap, { analyzer, dimensions: 8 })).meta, { seq: 43 });
});

t.test('a loaded index grows past the capacity its graph and arrays were saved with', async (t) => {
  const snap = join(dir, 'snap-grow');
  await (await populated()).save(snap);
  const { index } = await EmbeddedSearchIndex.load(snap, { analyzer, dimensions: 8, exactScanMax: 0 });
  // Distinct directions, so a vector's nearest document is its own.
  const direction = (i: number) => {
    let x = (i + 1) * 2654435761;
    return Float32Array.from({ length: 8 }, () => ((x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32) - 0.5);
  };
  // The graph was saved with room for 64 points and the flat arrays are loaded with 1/8 room at
  // least 1,024: 1,200 more documents go past both.
  for (let i = 0; i < 1200; i += 100) {
    await index.upsert(Array.from({ length: 100 }, (_, k) => rawStudentDoc(`g${i + k}`, { skills: ['plc'] }, {}, direction(i + k))));
  }
  t.equal(await index.count('student'), 58 + 1200);
  for (const i of [0, 63, 64, 500, 1023, 1024, 1199]) {
    const [top] = await index.searchVector('student', direction(i), { k: 1 });
    t.equal(top?.id, `g${i}`, `g${i} is its own vector's nearest`);
    t.ok(Math.abs(top!.score - 1) < 1e-5);
  }
});

t.test('a snapshot of another format or analyzer is refused, to be rebuilt from the store', async (t) => {
  const snap = join(dir, 'snap2');
  await (await populated()).save(snap);
  await t.rejects(EmbeddedSearchIndex.load(snap, { analyzer: createAnalyzer({ stopWords: ['焊接'] }), dimensions: 8 }), SnapshotMismatchError);
  await t.rejects(EmbeddedSearchIndex.load(snap, { analyzer, dimensions: 16 }), SnapshotMismatchError);
  const manifest = JSON.parse(readFileSync(join(snap, 'manifest.json'), 'utf8')) as { format: number };
  writeFileSync(join(snap, 'manifest.json'), JSON.stringify({ ...manifest, format: 999 }));
  await t.rejects(EmbeddedSearchIndex.load(snap, { analyzer, dimensions: 8 }), SnapshotMismatchError);
});

t.test('a save cut short leaves no temporary folder, and the snapshot before it stands', async (t) => {
  const parent = mkdtempSync(join(dir, 'cut-'));
  const snap = join(parent, 'snap');
  const index = await populated();
  await index.save(snap, { seq: 42 });
  // Every file is written, then the manifest cannot be (a BigInt has no JSON form): the last step fails.
  await t.rejects(index.save(snap, { seq: 43n }), TypeError);
  t.same(readdirSync(parent), ['snap']);
  const { meta } = await EmbeddedSearchIndex.load(snap, { analyzer, dimensions: 8, exactScanMax: 0 });
  t.same(meta, { seq: 42 });
});

t.test('while a save writes the vectors, searches answer and writes wait; the saved students are those before the write', async (t) => {
  const original = await populated();
  const before = await answers(original);
  const snap = join(dir, 'snap-concurrent');
  const order: string[] = [];
  const saving = original.save(snap, { seq: 7 }).then(() => order.push('saved'));
  // Let the documents file stream out, so the save reaches its vector phase.
  while (!original.saving) await new Promise((r) => setImmediate(r));
  const searched = original.searchVector('student', unit(2), { k: 10 }).then((hits) => (order.push('searched'), hits));
  let writtenDuringVectorWrite: boolean | undefined;
  const written = original
    .upsert([buildIndexDocument({ profile: student({ id: 's-late', skills: [{ name: 'PLC' }] }), vector: unit(2) }, analyzer)])
    .then(() => {
      writtenDuringVectorWrite = original.saving;
      order.push('written');
    });
  t.throws(() => original.upsertSync([]), /snapshot/, 'the synchronous write path refuses during a save');
  await Promise.all([saving, searched, written]);
  t.equal(writtenDuringVectorWrite, false, `the write waited until the vectors were written (${order.join(', ')})`);
  t.ok(order.indexOf('searched') < order.indexOf('written'), 'the search did not wait');
  const { index } = await EmbeddedSearchIndex.load(snap, { analyzer, dimensions: 8, exactScanMax: 0 });
  t.strictSame(await answers(index), before, 'the snapshot holds the state before the write');
  t.ok(await original.get('student', 's-late'), 'the live index has the write');
});

t.test('writes while a save streams the documents: the snapshot is the index when the save began', async (t) => {
  const original = await populated();
  const before = await answers(original, 100);
  const snap = join(dir, 'snap-during-documents');
  const saving = original.save(snap, { seq: 8 });
  // Taken after the save froze the documents and postings, before it wrote the vectors: the
  // vectors file will hold the new student's vector and not the deleted one's.
  original.upsertSync([buildIndexDocument({ profile: student({ id: 's-after', skills: [{ name: 'PLC' }] }), vector: unit(2) }, analyzer)]);
  original.upsertSync([buildIndexDocument({ profile: student({ id: 's-after-2', skills: [{ name: '焊接' }] }), vector: unit(4) }, analyzer)]);
  await original.delete('student', ['s01']);
  await saving;
  const { index } = await EmbeddedSearchIndex.load(snap, { analyzer, dimensions: 8, exactScanMax: 0 });
  const loaded = await answers(index, 100);
  const { vector, vectorFiltered, ...rest } = loaded;
  const { vector: beforeVector, vectorFiltered: _f, ...beforeRest } = before;
  t.strictSame(rest, beforeRest, 'documents, postings and facets as when the save began');
  t.strictSame(
    vector.map((h) => h.id),
    beforeVector.map((h) => h.id).filter((id) => id !== 's01'),
    'no vector of the later upserts (not even a nameless one); s01 lost the vector deleted after the freeze',
  );
  t.notOk(vectorFiltered.some((h) => h.id === '' || h.id.startsWith('s-after')));
  t.equal(await index.get('student', 's-after'), undefined);
  t.ok((await index.get('student', 's01'))?.vector === null, 's01 is back without the vector deleted after the freeze (the feed replays the delete)');
  // Replaying the feed converges on the live index.
  for (const id of ['s-after', 's-after-2']) {
    const doc = await original.get('student', id);
    await index.upsert([doc!]);
  }
  await index.delete('student', ['s01']);
  t.strictSame(await answers(index, 100), await answers(original, 100));
});

t.test('any writes, a snapshot, more writes: the loaded index answers as the one that never stopped', async () => {
  const VOCAB = ['plc', '电工', '焊接', '护理', 'cad'];
  const IDS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
  const tokens = fc.array(fc.constantFrom(...VOCAB), { maxLength: 5 });
  const op = fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .record({ id: fc.constantFrom(...IDS), major: tokens, skills: tokens, intro: tokens, city: fc.constantFrom('珠海', '郴州'), v: fc.option(fc.nat(7)) })
        .map((d) => ({ op: 'upsert' as const, d })),
    },
    { weight: 1, arbitrary: fc.constantFrom(...IDS).map((id) => ({ op: 'delete' as const, id })) },
  );
  type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;
  const apply = async (index: EmbeddedSearchIndex, ops: readonly Op[]) => {
    for (const o of ops) {
      if (o.op === 'delete') await index.delete('student', [o.id]);
      else await index.upsert([rawStudentDoc(o.d.id, { major: o.d.major, skills: o.d.skills, intro: o.d.intro }, { city: [o.d.city] }, o.d.v === null ? null : unit(o.d.v))]);
    }
  };
  const state = async (index: EmbeddedSearchIndex) => ({
    lexical: await Promise.all(VOCAB.map((token) => index.searchLexical('student', { terms: [{ token, weight: 1 }, { token: 'plc', weight: 0.5 }] }, { k: 20 }))),
    filtered: await index.searchLexical('student', { terms: VOCAB.map((token) => ({ token, weight: 1 })) }, { k: 20, filter: { cities: ['珠海'] } }),
    vector: await index.searchVector('student', unit(3), { k: 20, filter: { cities: ['郴州'] } }),
    facets: await index.facets('student', ['city']),
    list: await index.list('student', { k: 20 }),
  });
  let run = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(op, { maxLength: 25 }), fc.array(op, { maxLength: 25 }), async (before, after) => {
      // exactScanMax above the collection: every filtered vector search is the exact scan, so ties cannot differ.
      const opts = { analyzer, dimensions: 8, exactScanMax: 1000 };
      const original = new EmbeddedSearchIndex(opts);
      await apply(original, before);
      const snap = join(dir, `prop-${run++}`);
      await original.save(snap);
      const { index } = await EmbeddedSearchIndex.load(snap, opts);
      rmSync(snap, { recursive: true, force: true });
      if (JSON.stringify(await state(index)) !== JSON.stringify(await state(original))) return false;
      await apply(original, after);
      await apply(index, after);
      return JSON.stringify(await state(index)) === JSON.stringify(await state(original));
    }),
    { numRuns: 60 },
  );
});
