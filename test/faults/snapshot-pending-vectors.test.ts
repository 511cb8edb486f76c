/**
 * Fault: the process dies while documents wait for their vectors (the model was busy or down), and
 * the last snapshot holds them without one. Issue 20 item 5: the restart must be ready without
 * re-analyzing and re-applying those documents' changes (they used to hold the snapshot's position
 * back, so every kill left more to replay: 33k–57k changes and 28–35 s to ready at 200k), and no
 * acknowledged document may lose its vector: the restarted indexer finds the vector-less documents
 * in the index, embeds them from the store's records in the background, and a change that came
 * after the snapshot wins over the text the snapshot held.
 *
 * The snapshot is a real one (EmbeddedSearchIndex.save / load, the position as the indexer plugin
 * saves it), the store a real SQLite file. The embedder is a stand-in whose outage is switched by
 * the test (the indexer's bookkeeping is under test, not the model): it maps a text to one of two
 * unit vectors, so the test can tell which text a stored vector was computed from. No timings.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { generateDemoData } from '@chanjiao/demo-data';
import type { Embedder } from '@chanjiao/embedding';
import { createAnalyzer, EmbeddedSearchIndex, ReferenceData, type AnyIndexDocument } from '@chanjiao/search';
import { embeddedHost } from '@chanjiao/embedded-host';
import { createHttpServer } from '@chanjiao/platform';
import { SqliteStore } from '@chanjiao/store';
import { testConfig } from '../helpers/host.js';
import { DOCUMENT_RULES, Indexer, resumePosition } from '../../services/matching/src/indexer/indexer.js';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
/** A self-introduction carrying this is embedded to e1; every other text to e0. */
const MARK = '新版自我介绍';
const axis = (i: number) => Float32Array.from({ length: 512 }, (_, j) => (j === i ? 1 : 0));

function switchable(): Embedder & { down: boolean } {
  const e = {
    down: false,
    model: 'test',
    dimensions: 512,
    isReady: () => true,
    close: async () => undefined,
    embed: async (texts: readonly string[]) => {
      if (e.down) throw new Error('embedder down');
      return texts.map((text) => axis(text.includes(MARK) ? 1 : 0));
    },
    embedWithUsage: async () => {
      throw new Error('not used');
    },
  };
  return e;
}

/** The index's `upsert`, counting the documents written. */
function countingWrites(index: EmbeddedSearchIndex): string[] {
  const written: string[] = [];
  const upsert = index.upsert.bind(index);
  index.upsert = async (docs: readonly AnyIndexDocument[]) => {
    written.push(...docs.map((d) => `${d.kind}:${d.id}`));
    return upsert(docs);
  };
  return written;
}

t.test('a snapshot holding documents without their vectors: the restart replays none of them, is ready, and embeds them afterwards', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'chanjiao-pending-vectors-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const store = new SqliteStore({ path: join(dir, 'store.sqlite') });
  t.teardown(() => store.close());
  const data = generateDemoData({ seed: 20, students: 6, posts: 2, anchors: false });
  await store.upsert('school', data.schools.map((record) => ({ record })));
  await store.upsert('enterprise', data.enterprises.map((record) => ({ record })));
  const students = [...data.students()].map(({ personal, ...record }) => ({ record, ...(personal ? { personal } : {}) }));
  const posts = data.posts.map((record) => ({ record }));
  const analyzer = createAnalyzer();
  const embedder = switchable();

  // Before the crash: three students and a post embedded, then three students and a post indexed
  // while the model is down (found by their words, their vectors pending). Each is its own change.
  const live = new EmbeddedSearchIndex({ analyzer });
  const first = new Indexer({ store, index: live, analyzer, references: new ReferenceData(), embedder, log: silent, retryMs: 0 });
  for (const s of students.slice(0, 3)) await store.upsert('student', [s] as never);
  await store.upsert('post', [posts[0]!] as never);
  await first.catchUp();
  embedder.down = true;
  for (const s of students.slice(3)) await store.upsert('student', [s] as never);
  await store.upsert('post', [posts[1]!] as never);
  await first.catchUp();
  t.equal(first.stats().pendingVectors, 4, 'three students and a post wait for their vectors');

  // The snapshot, at the position the indexer plugin saves; then the process dies (no stop, no save).
  const snapshotDir = join(dir, 'search-index');
  await live.save(snapshotDir, { seq: first.stats().resumeSeq, documents: DOCUMENT_RULES });
  const [waiting, updated, deleted] = students.slice(3).map((s) => s.record.id) as [string, string, string];
  const pendingPost = posts[1]!.record.id;

  // Acknowledged after the snapshot: one waiting student's text changes, another is deleted.
  const changed = { ...students[4]!, record: { ...students[4]!.record, selfIntroduction: `${MARK}：熟悉PLC编程`, updatedAt: new Date().toISOString() } };
  await store.upsert('student', [changed] as never);
  await store.delete('student', [deleted]);

  // The restart: load the snapshot, resume where it says; the model is still down.
  const { index, meta } = await EmbeddedSearchIndex.load(snapshotDir, { analyzer });
  const written = countingWrites(index);
  const restarted = new Indexer({ store, index, analyzer, references: new ReferenceData(), embedder, log: silent, retryMs: 0, resumeSeq: resumePosition(meta) });
  const applied = await restarted.catchUp();
  t.ok(restarted.stats().caughtUp, 'ready: the change-feed backlog is applied');
  t.equal(applied, 2, 'only the two changes acknowledged after the snapshot were applied (not the pending documents’ changes again)');
  t.strictSame(written, [`student:${updated}`], 'before ready, only the changed record was analyzed and written');
  t.equal(restarted.stats().pendingVectors, 3, 'the snapshot’s vector-less documents are re-queued (the deleted one is not)');
  t.strictSame(await index.listWithoutVector('student', { k: 10 }), [waiting, updated].sort());
  t.strictSame(await index.listWithoutVector('post', { k: 10 }), [pendingPost]);
  t.equal(await index.get('student', deleted), undefined, 'the delete after the snapshot is applied');

  // The model answers again: the retry gives every waiting document its vector, from the store's
  // record as it is now, without a change in the feed.
  embedder.down = false;
  written.length = 0;
  await restarted.step();
  t.equal(restarted.stats().pendingVectors, 0, 'no vector is missing any more');
  t.strictSame(await index.listWithoutVector('student', { k: 10 }), []);
  t.strictSame(await index.listWithoutVector('post', { k: 10 }), []);
  t.strictSame(written.sort(), [`post:${pendingPost}`, `student:${updated}`, `student:${waiting}`].sort(), 'each written once more, with its vector');
  t.same(Array.from((await index.get('student', waiting))!.vector!.subarray(0, 2)), [1, 0], 'the waiting student has its vector');
  t.same(Array.from((await index.get('student', updated))!.vector!.subarray(0, 2)), [0, 1], 'the changed student has the vector of its new text, not of the one the snapshot held');
  t.match((await index.get('student', updated))!.source.selfIntroduction, MARK);
  t.ok((await index.get('post', pendingPost))?.vector, 'the post has its vector');
  t.equal(await index.get('student', deleted), undefined, 'the deleted student is not written back by the retry');
  t.equal(await restarted.catchUp(), 0, 'nothing was added to the change feed');
});

t.test('a snapshot saved by an indexer that still waits for vectors records its last applied change', async (t) => {
  const store = new SqliteStore({ path: ':memory:' });
  t.teardown(() => store.close());
  const data = generateDemoData({ seed: 21, students: 2, posts: 0, anchors: false });
  await store.upsert('school', data.schools.map((record) => ({ record })));
  const analyzer = createAnalyzer();
  const embedder = switchable();
  embedder.down = true;
  const indexer = new Indexer({ store, index: new EmbeddedSearchIndex({ analyzer }), analyzer, references: new ReferenceData(), embedder, log: silent });
  await store.upsert('student', [...data.students()].map(({ personal, ...record }) => ({ record, ...(personal ? { personal } : {}) })) as never);
  await indexer.catchUp();
  t.equal(indexer.stats().pendingVectors, 2);
  t.equal(indexer.stats().resumeSeq, await store.lastSeq(), 'the position does not stop before the documents waiting for a vector');
});

t.test('the embedded host: the snapshot saved at close holds the waiting documents; the next start replays nothing for them, is ready, embeds them, removes a save a crash left unfinished, and saves their vectors at close', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'chanjiao-pending-host-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const config = testConfig({ DATA_DIR: dir, PORT: '0', SEARCH_SNAPSHOT: 'true' });
  const embedder = switchable();
  const start = async () => {
    const app = createHttpServer(config, { name: 'test', logger: false });
    await app.register(embeddedHost, { config, processMetrics: false, embedder });
    await app.ready();
    return app;
  };
  const readyz = async (app: Awaited<ReturnType<typeof start>>) =>
    (await app.inject({ method: 'GET', url: '/readyz' })).json() as { ready: boolean; details?: { index?: { pendingVectors: number; lagChanges: number } } };

  const data = generateDemoData({ seed: 22, students: 5, posts: 0, anchors: false });
  embedder.down = true;
  const first = await start();
  await first.store.upsert('school', data.schools.map((record) => ({ record })));
  await first.store.upsert('student', [...data.students()].map(({ personal, ...record }) => ({ record, ...(personal ? { personal } : {}) })) as never);
  await first.indexer.waitFor();
  t.equal(first.indexer.stats().pendingVectors, 5, 'found by their words, their vectors pending');
  const applied = first.indexer.stats().seq;
  await first.close();
  // A later save that a kill interrupted.
  mkdirSync(join(dir, 'search-index.tmp-999999'));

  const second = await start();
  t.notOk(existsSync(join(dir, 'search-index.tmp-999999')), 'the unfinished save is removed');
  t.equal(second.searcher.snapshot?.meta?.seq, applied, 'the snapshot holds the last applied change');
  // Waits on the readiness signal only (the follow loop runs on its own).
  let reply = await readyz(second);
  while (!reply.ready) {
    await new Promise((r) => setTimeout(r, 50));
    reply = await readyz(second);
  }
  t.equal(second.indexer.stats().indexed, 0, 'no document was re-analyzed or re-written to get ready');
  t.equal(reply.details?.index?.pendingVectors, 5, '/readyz reports the re-queued embedding backlog');

  embedder.down = false;
  // The follow loop retries on its own; bounded by the test's timeout only.
  while ((await readyz(second)).details?.index?.pendingVectors !== 0) await new Promise((r) => setTimeout(r, 50));
  t.strictSame(await second.searcher.index.listWithoutVector('student', { k: 10 }), [], 'every student has its vector');
  t.equal(await second.searcher.index.count('student'), 5);
  t.equal(second.indexer.stats().seq, applied, 'the vectors came without a change in the feed');
  await second.close();

  // The snapshot saved at close holds those vectors, though the change-feed position did not move
  // for them: the next start has none to list and fetch again (the model is down, so a document
  // without its vector would stay without one).
  embedder.down = true;
  const third = await start();
  t.strictSame(await third.searcher.index.listWithoutVector('student', { k: 10 }), [], 'the snapshot holds the vectors given after its position');
  t.equal((await readyz(third)).details?.index?.pendingVectors, 0, 'nothing re-queued');
  await third.close();
});

t.test('a snapshot whose last documents have no vector (past the int8 copy\'s capacity) loads: it is not refused as truncated and rebuilt', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'chanjiao-pending-tail-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const analyzer = createAnalyzer();
  const data = generateDemoData({ seed: 23, students: 3000, posts: 0, anchors: false });
  const index = new EmbeddedSearchIndex({ analyzer });
  const { buildStudentDocument } = await import('@chanjiao/search');
  const docs = [...data.students()].map(({ personal: _personal, ...profile }, i) =>
    buildStudentDocument({ profile: profile as never, school: undefined, vector: i < 10 ? axis(i % 2) : null }, analyzer),
  );
  await index.upsert(docs);
  await index.save(join(dir, 'search-index'), { seq: 1 });
  const { index: loaded } = await EmbeddedSearchIndex.load(join(dir, 'search-index'), { analyzer });
  t.equal(await loaded.count('student'), 3000);
  t.equal((await loaded.listWithoutVector('student', { k: 5000 })).length, 2990, 'the documents without a vector are still without one');
  t.equal((await loaded.searchVector('student', axis(1), { k: 5 })).length, 5, 'and those with one are found by it');
});
