/**
 * Fault: the embedded host (ingestion + embedding + indexer + matching in one process) is killed
 * with SIGKILL while a bulk ingest is under way and the indexer is behind. After a restart: every
 * acknowledged row is in the store, and once the host is ready the search index holds exactly what
 * the store holds (count per kind, no backlog, no vector missing) and finds rows by their text,
 * including rows stored just before the kill and never indexed then.
 *
 * Nothing here depends on the machine's speed: the ingest stops as soon as the indexer is at least
 * one request behind (a slow machine gets there after two requests of 250 rows, a fast one later),
 * so the corpus the restart must re-index stays small; and every wait is on the host's readiness
 * signal (/readyz), bounded only by the child exiting, never by a wall-clock guess.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import t from 'tap';
import { ApiKeyService } from '@chanjiao/platform';
import { SqliteStore } from '@chanjiao/store';
import { ndjson, studentRow } from '../../services/ingestion/test/helpers.js';
import { REPO_ROOT } from '../helpers/host.js';

const MODEL_DIR = process.env.EMBEDDING_MODEL_DIR || resolve(REPO_ROOT, '../shared/models/bge-small-zh-v1.5');
const PER_REQUEST = 250;
/** At least this many requests acknowledged before the kill, whatever the indexer's pace. */
const MIN_REQUESTS = 2;
/** A ceiling, so a machine whose indexer keeps up (it should not) cannot make the corpus grow without end. */
const MAX_REQUESTS = 20;

function startHost(dir: string): { child: ChildProcess; base: Promise<string>; exit: Promise<NodeJS.Signals | number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/embedded-host/src/server.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', LOG_PRETTY: 'false', RATE_LIMIT_MAX: '0', EMBEDDING_MODEL_DIR: MODEL_DIR },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exit = new Promise<NodeJS.Signals | number | null>((r) => child.once('exit', (code, signal) => r(signal ?? code)));
  const base = (async () => {
    for await (const line of createInterface({ input: child.stdout! })) {
      const m = /"address":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(line);
      if (m) {
        // Keep draining the log so the child never blocks on a full pipe.
        child.stdout!.resume();
        return m[1]!;
      }
    }
    throw new Error('the host exited before listening');
  })();
  return { child, base, exit };
}

/** Polls the readiness signal until it says ready; fails only if the host exits first. */
async function waitReady(base: string, exit: Promise<unknown>): Promise<void> {
  let exited = false;
  void exit.then(() => (exited = true));
  for (;;) {
    if ((await fetch(`${base}/readyz`).catch(() => null))?.status === 200) return;
    if (exited) throw new Error('the host exited before it was ready');
    await new Promise((r) => setTimeout(r, 250));
  }
}

function gauge(metrics: string, name: string, labels = ''): number {
  const m = new RegExp(`^${name}${labels.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(metrics);
  return m ? Number(m[1]) : Number.NaN;
}

t.test('kill -9 of the embedded host mid-ingest: no acknowledged row lost, the index rebuilt to match the store', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'chanjiao-host-kill9-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const keyStore = new SqliteStore({ path: join(dir, 'store.sqlite') });
  const keys = new ApiKeyService(keyStore);
  const office = (await keys.create({ role: 'office', label: 'fault test' })).key;
  const hr = (await keys.create({ role: 'hr', scope: { enterpriseId: 'ent-fault' }, label: 'fault test' })).key;
  await keyStore.close();

  const first = startHost(dir);
  t.teardown(() => void first.child.kill('SIGKILL'));
  const base = await first.base;
  await waitReady(base, first.exit);
  const post = (from: number) =>
    fetch(`${base}/v1/ingest/student`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${office}` },
      body: ndjson(Array.from({ length: PER_REQUEST }, (_, k) => studentRow(from + k))),
    });
  const lag = async () => gauge(await (await fetch(`${base}/metrics`)).text(), 'chanjiao_index_lag_changes');
  let next = 1;
  let requests = 0;
  let lagBefore = 0;
  while (requests < MAX_REQUESTS) {
    const res = await post(next);
    t.equal(res.status, 200, `rows ${next}…`);
    t.equal(((await res.json()) as { created: number }).created, PER_REQUEST);
    next += PER_REQUEST;
    requests += 1;
    lagBefore = await lag();
    if (requests >= MIN_REQUESTS && lagBefore >= PER_REQUEST) break;
  }
  let acked = next - 1;
  // One more request in flight when the process dies.
  const inflight = post(next).catch(() => null);
  await new Promise((r) => setTimeout(r, 20));
  first.child.kill('SIGKILL');
  t.equal(await first.exit, 'SIGKILL');
  if ((await inflight)?.status === 200) acked += PER_REQUEST;
  t.ok(lagBefore > 0, `the indexer was behind when killed (${lagBefore} changes)`);

  const store = new SqliteStore({ path: join(dir, 'store.sqlite') });
  const stored = await store.count('student');
  for (let i = 1; i <= acked; i += 97) t.ok(await store.get('student', studentRow(i).id as string), `acknowledged row ${i} is stored`);
  t.ok(await store.get('student', studentRow(acked).id as string), `the last acknowledged row (${acked}) is stored`);
  await store.close();
  t.ok(stored >= acked, `stored ${stored} ≥ acknowledged ${acked}`);

  const second = startHost(dir);
  t.teardown(() => void second.child.kill('SIGKILL'));
  const again = await second.base;
  await waitReady(again, second.exit);
  // Ready means the feed is applied; vectors still to come are embedded in the background: wait for them
  // (bounded by the same patience as readiness, not by a machine-speed guess).
  while (gauge(await (await fetch(`${again}/metrics`)).text(), 'chanjiao_index_pending_vectors') > 0) await new Promise((r) => setTimeout(r, 1000));
  const metrics = await (await fetch(`${again}/metrics`)).text();
  t.equal(gauge(metrics, 'chanjiao_index_lag_changes'), 0, 'no backlog once ready');
  t.equal(gauge(metrics, 'chanjiao_index_documents', '{kind="student"}'), stored, 'the index holds every stored student');
  t.equal(gauge(metrics, 'chanjiao_index_pending_vectors'), 0, 'every indexed student has its vector');
  // Found by their own text: rows from the start, the middle, and the last acknowledged one.
  for (const i of [1, Math.floor(acked / 2), acked]) {
    const res = await fetch(`${again}/v1/candidates/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${hr}` },
      body: JSON.stringify({ query: `我是第${i}号学生`, limit: 5 }),
    });
    t.equal(res.status, 200);
    const ids = ((await res.json()) as { hits: Array<{ student: { id: string } }> }).hits.map((h) => h.student.id);
    t.ok(ids.includes(studentRow(i).id as string), `row ${i} is found by its text (${ids.join(', ')})`);
  }
  second.child.kill('SIGTERM');
  t.equal(await second.exit, 0, 'a clean shutdown after the recovery');
});
