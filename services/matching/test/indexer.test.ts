/**
 * The indexer keeps documents findable when the embedder fails: indexed lexically at once, their
 * vectors retried. The position a restart resumes from is the last applied change: a document still
 * waiting for its vector is in the index without one, and a restart re-queues it (test/faults/
 * snapshot-pending-vectors.test.ts).
 */
import t, { type Test } from 'tap';
import { generateDemoData } from '@chanjiao/demo-data';
import type { Embedder } from '@chanjiao/embedding';
import { createAnalyzer, EmbeddedSearchIndex, ReferenceData } from '@chanjiao/search';
import { SqliteStore } from '@chanjiao/store';
import { DOCUMENT_RULES, Indexer, resumePosition } from '../src/indexer/indexer.js';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** An embedder that fails while `down` is set; otherwise a fixed unit vector (the indexer's bookkeeping is under test, not the model). */
function switchable(): Embedder & { down: boolean } {
  const vector = () => Float32Array.from({ length: 512 }, (_, i) => (i === 0 ? 1 : 0));
  const e = {
    down: false,
    model: 'test',
    dimensions: 512,
    isReady: () => true,
    close: async () => undefined,
    embed: async (texts: readonly string[]) => {
      if (e.down) throw new Error('embedder down');
      return texts.map(vector);
    },
    embedWithUsage: async () => {
      throw new Error('not used');
    },
  };
  return e;
}

/** A store with generated schools and, not yet written, `count` students to write into it. */
async function storeWithSchools(t: Test, seed: number, count: number) {
  const store = new SqliteStore({ path: ':memory:' });
  t.teardown(() => store.close());
  const data = generateDemoData({ seed, students: count, posts: 0, anchors: false });
  await store.upsert('school', data.schools.map((record) => ({ record })));
  const students = [...data.students()].map(({ personal, ...record }) => ({ record, ...(personal ? { personal } : {}) }));
  return { store, students };
}

t.test('a document indexed without its vector: the position moves on; it is in the index without one and gets it from the retry', async (t) => {
  const { store, students } = await storeWithSchools(t, 5, 6);
  await store.upsert('student', students.slice(0, 3) as never);
  const analyzer = createAnalyzer();
  const embedder = switchable();
  const index = new EmbeddedSearchIndex({ analyzer });
  const indexer = new Indexer({ store, index, analyzer, references: new ReferenceData(), embedder, log: silent, retryMs: 0 });

  await indexer.catchUp();
  const afterFirst = indexer.stats();
  t.equal(afterFirst.resumeSeq, afterFirst.seq, 'nothing pending: resume after the last change');
  t.strictSame(await index.listWithoutVector('student', { k: 10 }), []);

  // Three more while the embedder is down: searchable by words at once, without vectors.
  embedder.down = true;
  await store.upsert('student', students.slice(3) as never);
  await indexer.catchUp();
  const down = indexer.stats();
  t.equal(down.pendingVectors, 3);
  t.ok(down.seq > afterFirst.seq);
  t.equal(down.resumeSeq, down.seq, 'the position is the last applied change, pending vectors or not');
  const late = students.slice(3).map((s) => s.record.id).sort();
  t.strictSame(await index.listWithoutVector('student', { k: 10 }), late, 'the index knows which documents wait: a restart re-queues them');
  // A failed retry keeps them pending.
  await indexer.step();
  t.equal(indexer.stats().pendingVectors, 3);

  // The running indexer retries on its own once the embedder answers.
  embedder.down = false;
  await indexer.step();
  t.equal(indexer.stats().pendingVectors, 0);
  t.strictSame(await index.listWithoutVector('student', { k: 10 }), []);
  t.ok((await index.get('student', late[0]!))?.vector);
});

t.test('stop() during a step: that step finishes, and no step follows', async (t) => {
  const { store, students } = await storeWithSchools(t, 6, 4);
  const analyzer = createAnalyzer();
  // An embedder that holds each call until released, and counts them.
  const embedder = switchable();
  const plainEmbed = embedder.embed;
  let calls = 0;
  let release = () => undefined as void;
  let entered = () => undefined as void;
  const firstCall = new Promise<void>((r) => (entered = r));
  embedder.embed = async (texts, options) => {
    calls++;
    entered();
    await new Promise<void>((r) => (release = r));
    return plainEmbed(texts, options);
  };
  await store.upsert('student', students.slice(0, 2) as never);
  const indexer = new Indexer({ store, index: new EmbeddedSearchIndex({ analyzer }), analyzer, references: new ReferenceData(), embedder, log: silent, pollMs: 5 });
  indexer.start();
  await firstCall;
  const stopped = indexer.stop();
  release();
  await stopped;
  const seq = indexer.stats().seq;
  t.ok(seq > 0, 'the running step finished');
  await store.upsert('student', students.slice(2) as never);
  await new Promise((r) => setTimeout(r, 100));
  t.equal(indexer.stats().seq, seq, 'no step after stop (the loop used to schedule one more after the step stop() waited for)');
  t.equal(calls, 1, 'so no embedding after stop, when the embedder may be closing');
});

t.test('a position saved under older document rules is not resumed from: the feed is replayed and every document rewritten', async (t) => {
  t.equal(resumePosition({ seq: 7, documents: DOCUMENT_RULES }), 7);
  t.equal(resumePosition({ seq: 7 }), 0, 'saved before the rules were versioned');
  t.equal(resumePosition({ seq: 7, documents: DOCUMENT_RULES - 1 }), 0);
  t.equal(resumePosition(null), 0);
  t.equal(resumePosition({ seq: 7, documents: DOCUMENT_RULES, profileTokens: 128 }, 128), 7, 'the same profile-text budget');
  t.equal(resumePosition({ seq: 7, documents: DOCUMENT_RULES, profileTokens: 510 }, 128), 0, 'another budget: every vector is of another text');
  t.equal(resumePosition({ seq: 7, documents: DOCUMENT_RULES }, 128), 0, 'saved before the budget existed (510)');

  const { store, students } = await storeWithSchools(t, 6, 2);
  const [withPhone, other] = students as [(typeof students)[0], (typeof students)[0]];
  const record = { ...withPhone.record, selfIntroduction: '电话13912345678，熟悉PLC。' };
  await store.upsert('student', [{ ...withPhone, record }, other] as never);
  const analyzer = createAnalyzer();
  const embedder = switchable();
  // The index as an older build left it: the phone masked the old way, 7 of its digits kept.
  const index = new EmbeddedSearchIndex({ analyzer });
  const first = new Indexer({ store, index, analyzer, references: new ReferenceData(), embedder, log: silent, retryMs: 0 });
  await first.catchUp();
  const doc = (await index.get('student', record.id))!;
  await index.upsert([{ ...doc, source: { ...doc.source, selfIntroduction: '电话139****5678，熟悉PLC。' } }]);
  const oldSeq = first.stats().seq;

  const replay = new Indexer({ store, index, analyzer, references: new ReferenceData(), embedder, log: silent, retryMs: 0, resumeSeq: resumePosition({ seq: oldSeq }) });
  await replay.catchUp();
  const rewritten = (await index.get('student', record.id))!.source.selfIntroduction;
  t.notMatch(rewritten, /\d/, `rewritten by this build's rules: ${rewritten}`);
  t.equal(replay.stats().seq, oldSeq);
});

t.test('catching up on a backlog found at start does not wait the full vector wait a step; once caught up, steps do', async (t) => {
  const { store, students } = await storeWithSchools(t, 9, 60);
  await store.upsert('student', students.slice(0, 40) as never);
  const analyzer = createAnalyzer();
  // A model that never answers in time (a crash left every vector to compute): only the waits decide.
  const waits: number[] = [];
  const realSetTimeout = globalThis.setTimeout;
  const embedder = { ...switchable(), embed: () => new Promise<Float32Array[]>(() => undefined) };
  const indexer = new Indexer({
    store,
    index: new EmbeddedSearchIndex({ analyzer }),
    analyzer,
    references: new ReferenceData(),
    embedder,
    log: silent,
    catchUpBatchSize: 16,
    batchSize: 8,
    vectorWaitMs: 60_000,
    catchUpVectorWaitMs: 5,
  });
  // Which waits the steps ask for (the indexer's own timers are the only ones in this window).
  globalThis.setTimeout = ((fn: () => void, ms?: number) => {
    if (ms !== undefined && ms >= 5) waits.push(ms);
    return realSetTimeout(fn, ms === 60_000 ? 0 : ms);
  }) as typeof setTimeout;
  t.teardown(() => void (globalThis.setTimeout = realSetTimeout));
  const backlog = await store.lastSeq();
  t.equal(await indexer.catchUp(), backlog, 'the backlog applied (the schools and 40 students)');
  const steps = waits.slice(0, -1);
  t.ok(steps.length >= 3, `${steps.length} catch-up steps waited for vectors`);
  t.ok(steps.every((ms) => ms === 5), `each the short catch-up wait, never the full one: ${waits.join(', ')}`);
  t.equal(waits.at(-1), 60_000, 'then, caught up, one retry of the pending vectors with the full wait');
  t.equal(indexer.stats().pendingVectors, 40, 'every document searchable by words, its vector pending');
  await store.upsert('student', students.slice(40, 48) as never);
  waits.length = 0;
  t.equal(await indexer.catchUp(), 8);
  t.same(waits, [60_000], 'caught up: a step waits the full vector wait');
});

t.test('preferences are indexed scrubbed: a guessed raw value is no filter hit, no facet, and no search term', async (t) => {
  const { store, students } = await storeWithSchools(t, 7, 1);
  const s = students[0]!;
  const record = {
    ...s.record,
    id: 'PRB-I1',
    consentToBeFound: true,
    status: 'seeking',
    selfIntroduction: '熟悉PLC。QQ号码：123456789',
    preferences: {
      postKinds: [], stayLocal: false, cities: ['珠海市'],
      industries: ['身份证440402200501011234', 'QQ号码 987654321', '微信 zhangsan_88'],
      parks: ['联系人李四 13912345678', '珠海市金湾联港工业区'],
    },
  };
  await store.upsert('student', [{ record, personal: { name: '李四', phone: '13912345678' } }] as never);
  const analyzer = createAnalyzer();
  const index = new EmbeddedSearchIndex({ analyzer });
  const indexer = new Indexer({ store, index, analyzer, references: new ReferenceData(), embedder: null, log: silent, retryMs: 0 });
  await indexer.catchUp();

  t.equal(await index.count('student', { parks: ['联系人李四 13912345678'] }), 0, 'the raw park value finds nobody');
  t.equal(await index.count('student', { parks: ['珠海市金湾联港工业区'] }), 1, 'a real park still finds the student');
  const source = (await index.get('student', 'PRB-I1'))!.source as typeof record;
  t.same(source.preferences.parks, ['联系人** ***********', '珠海市金湾联港工业区']);
  t.same(source.preferences.industries, ['身份证******************', 'QQ号码 *********', '微信 ***********']);
  t.equal(source.selfIntroduction, '熟悉PLC。QQ号码：*********');
  t.notMatch(JSON.stringify(await index.get('student', 'PRB-I1')), /李四|13912345678|987654321|123456789|zhangsan|440402/, 'nothing of it in the document');
});
