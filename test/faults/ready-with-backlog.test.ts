/**
 * Fault: the embedded host is killed with SIGKILL right after a bulk ingest, with most of the
 * ingested profiles still waiting for their vectors (the model embeds ~50 a second on two cores).
 * After a restart, readiness means "answers correctly now", not "every vector computed":
 * - /readyz turns 200 while the embedding backlog is still there, and reports it;
 * - /metrics reports the same backlog (chanjiao_index_pending_vectors);
 * - a student still waiting for a vector is found by its words and ranked, its explanation
 *   saying it was ranked without the semantic side;
 * - the backlog drains in the background.
 * The size is what CI affords (1,000 profiles); how long the restart takes is a benchmark's
 * business, not this test's. Before this, /readyz stayed 503 until every pending profile was
 * embedded (503 s for 6,000 in issue 20).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { VECTOR_PENDING_NOTE } from '@chanjiao/search/internal';
import { ndjson, studentRow } from '../../services/ingestion/test/helpers.js';
import { faultKeys, startHost } from '../helpers/host-process.js';

const PER_REQUEST = 500;
const ROWS = 1000;

interface Ready {
  ready: boolean;
  details?: { index?: { pendingVectors: number; lagChanges: number } };
}

async function readyz(base: string): Promise<Ready | null> {
  const res = await fetch(`${base}/readyz`).catch(() => null);
  return res ? ((await res.json()) as Ready) : null;
}

/** Polls /readyz until 200; the reply then. `limitMs` only guards against a hang (timings are the benchmark's business). */
async function waitReady(base: string, limitMs: number): Promise<Ready> {
  const until = Date.now() + limitMs;
  while (Date.now() < until) {
    const r = await readyz(base);
    if (r?.ready) return r;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not ready within ${limitMs} ms`);
}

function gauge(metrics: string, name: string): number {
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics);
  return m ? Number(m[1]) : Number.NaN;
}

// Generous: on a shared two-core machine the model embeds a few profiles a second (the guards below only stop a hang).
t.setTimeout(1_500_000);

t.test('kill -9 with an embedding backlog: ready once the feed is applied, pending profiles found by their words and marked', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'chanjiao-ready-backlog-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const { office, hr } = await faultKeys(dir);

  const first = startHost(dir);
  t.teardown(() => void first.child.kill('SIGKILL'));
  const base = await first.base;
  await waitReady(base, 180_000);
  for (let next = 1; next <= ROWS; next += PER_REQUEST) {
    const res = await fetch(`${base}/v1/ingest/student`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${office}` },
      body: ndjson(Array.from({ length: PER_REQUEST }, (_, k) => studentRow(next + k))),
    });
    t.equal(res.status, 200, `rows ${next}…`);
  }
  const before = await readyz(base);
  first.child.kill('SIGKILL');
  t.equal(await first.exit, 'SIGKILL');
  // The backlog is vectors still to compute, or changes the indexer had not reached yet (they are
  // replayed after the restart and wait for their vectors then): either way, work left to embed.
  t.ok((before?.details?.index?.pendingVectors ?? 0) + (before?.details?.index?.lagChanges ?? 0) > 0, `killed with an embedding backlog (${before?.details?.index?.pendingVectors} pending, ${before?.details?.index?.lagChanges} changes behind)`);

  const started = Date.now();
  const second = startHost(dir);
  t.teardown(() => void second.child.kill('SIGKILL'));
  const again = await second.base;
  const ready = await waitReady(again, 240_000);
  t.comment(`ready ${((Date.now() - started) / 1000).toFixed(1)} s after the restart, ${ready.details?.index?.pendingVectors} vectors still to come`);
  t.equal(ready.details?.index?.lagChanges, 0, 'ready: every stored change is applied');
  const pendingAtReady = ready.details?.index?.pendingVectors ?? 0;
  t.ok(pendingAtReady > 0, `ready before the embedding backlog is gone (${pendingAtReady} pending)`);
  const metrics = await (await fetch(`${again}/metrics`)).text();
  t.ok(gauge(metrics, 'chanjiao_index_pending_vectors') > 0, '/metrics reports the backlog');

  // The last rows ingested are the last to be embedded: found by their words, and marked.
  const search = async (i: number) => {
    const res = await fetch(`${again}/v1/candidates/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${hr}` },
      body: JSON.stringify({ query: `我是第${i}号学生`, limit: 5 }),
    });
    t.equal(res.status, 200);
    return ((await res.json()) as { hits: Array<{ student: { id: string }; explanation: { notes: string[] } }> }).hits;
  };
  let marked = 0;
  for (const i of [ROWS, ROWS - 1, ROWS - 7]) {
    const hit = (await search(i)).find((h) => h.student.id === (studentRow(i).id as string));
    t.ok(hit, `row ${i} is found by its text while the backlog drains`);
    if (hit?.explanation.notes.includes(VECTOR_PENDING_NOTE)) marked++;
  }
  t.ok(marked > 0, 'a hit still waiting for its vector says so in its explanation');

  // The backlog drains in the background; the marked rows lose the mark when their vector comes.
  const until = Date.now() + 900_000;
  let pending = pendingAtReady;
  while (pending > 0 && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 1000));
    pending = (await readyz(again))?.details?.index?.pendingVectors ?? pending;
  }
  t.equal(pending, 0, 'the embedding backlog drained');
  const drained = (await search(ROWS)).find((h) => h.student.id === (studentRow(ROWS).id as string));
  t.ok(drained && !drained.explanation.notes.includes(VECTOR_PENDING_NOTE), 'with its vector, no mark');
  second.child.kill('SIGTERM');
  t.equal(await second.exit, 0, 'a clean shutdown after the recovery');
});
