/**
 * `pnpm bench:crash-ready [--dir .cache/scale-200000-10000] [--backlog 12000] [--runs 2]`
 *
 * Ready after a crash, whatever the backlog (issue 20, item 5). `--dir` is a data folder that
 * `pnpm bench:scale --students N` leaves (its store and its index snapshot, laid out as the
 * embedded host's DATA_DIR). Each run:
 * 1. starts the embedded host on it and waits for /readyz (a clean restart from the snapshot); when
 *    that start replayed enough for the host to write a snapshot once caught up (10,000 changes,
 *    SNAPSHOT_AFTER_CHANGES in services/matching/src/indexer/plugin.ts), waits until it is written,
 *    as a host up for more than a few seconds would have (`snapshotWaitSeconds`): otherwise the kill
 *    falls in the middle of that save, and the crash measured is one after a folder's whole history;
 * 2. ingests `--backlog` new students over HTTP (500 a request), so their vectors are still to be
 *    computed when
 * 3. the host is killed with SIGKILL right after the last reply;
 * 4. restarts it and times, from the spawn: the listening socket, and /readyz turning 200 (every
 *    stored change applied; vectors may still be pending: found by their words meanwhile).
 * The host is then killed again (SIGKILL: the folder stays as a crash leaves it, and the next run
 * adds its backlog to what is left). Timings are wall clock on whatever the machine is doing; the
 * load average and this process's view of the host's CPU are printed beside them.
 *
 * Last line: {documents, backlog, runs: [{cleanReadySeconds, snapshotWaitSeconds, listenSeconds, readySeconds,
 * pendingVectorsAtReady, lagAtKill, changesAfterSnapshot, snapshotThisRun}], loadAverage}.
 * `changesAfterSnapshot` is what the restart had to replay: the store's last change at the kill
 * minus the position of the snapshot on disk (`snapshotThisRun`: written by a host of this run, not
 * one from before). Exits non-zero when the host does not get
 * ready within 10 minutes or a restarted host reports changes not applied at ready.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { ApiKeyService } from '@chanjiao/platform';
import { SqliteStore } from '@chanjiao/store';
import { HOST_ENV } from './lib/prologue.js';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: '.cache/scale-200000-10000' },
    backlog: { type: 'string', default: '12000' },
    runs: { type: 'string', default: '2' },
  },
});
const DIR = resolve(values.dir);
const BACKLOG = Number(values.backlog);
const RUNS = Number(values.runs);
const PER_REQUEST = 500;
/** New ids each invocation: rows already stored would come back `unchanged`, no backlog. */
const STAMP = Date.now().toString(36);
const READY_LIMIT_MS = 600_000;
/** The host writes a snapshot once caught up after this many changes (services/matching/src/indexer/plugin.ts). */
const SNAPSHOT_AFTER_CHANGES = 10_000;
const log = (msg: string) => process.stderr.write(`${msg}\n`);
const seconds = (ms: number) => Math.round(ms / 100) / 10;
if (!existsSync(resolve(DIR, 'store.sqlite')) || !existsSync(resolve(DIR, 'search-index', 'manifest.json'))) {
  throw new Error(`${DIR} has no store.sqlite and search-index/: run pnpm bench:scale --students N first`);
}

// An office key, and a school and major the store knows (the backlog's rows use them).
const store = new SqliteStore({ path: resolve(DIR, 'store.sqlite') });
const office = (await new ApiKeyService(store).create({ role: 'office', label: 'bench:crash-ready' })).key;
let template: { schoolId: string; majorCode: string } | undefined;
for await (const s of store.scan('student')) {
  const p = s as { schoolId: string; majorCode: string };
  template = { schoolId: p.schoolId, majorCode: p.majorCode };
  break;
}
const documents = await store.count('student');
await store.close();
if (!template) throw new Error('the store holds no student');

interface Host {
  kill(signal: NodeJS.Signals): void;
  listening: Promise<{ base: string; at: number }>;
  exit: Promise<unknown>;
}
const children = new Set<{ kill(signal: NodeJS.Signals): boolean }>();
// A host must not outlive this script (an error or ^C would leave it holding the folder).
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});
function startHost(): Host {
  const child = spawn(process.execPath, ['--max-old-space-size=12288', '--import', 'tsx', 'services/embedded-host/src/server.ts'], {
    env: { ...HOST_ENV, ...process.env, DATA_DIR: DIR, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', LOG_PRETTY: 'false', RATE_LIMIT_MAX: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  const exit = new Promise((r) => child.once('exit', r)).finally(() => children.delete(child));
  const listening = (async () => {
    for await (const line of createInterface({ input: child.stdout! })) {
      const m = /"address":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(line);
      if (m) {
        child.stdout!.resume();
        return { base: m[1]!, at: performance.now() };
      }
    }
    throw new Error('the host exited before listening');
  })();
  return { kill: (s) => void child.kill(s), listening, exit };
}

interface Ready {
  ready: boolean;
  details?: { index?: { pendingVectors: number; lagChanges: number } };
}
async function readyz(base: string): Promise<Ready | null> {
  const res = await fetch(`${base}/readyz`).catch(() => null);
  return res ? ((await res.json()) as Ready) : null;
}
function lagAtKillOf(r: Ready | null): number {
  return (r?.details?.index?.pendingVectors ?? 0) + (r?.details?.index?.lagChanges ?? 0);
}
async function waitReady(base: string): Promise<{ ready: Ready; at: number }> {
  const until = performance.now() + READY_LIMIT_MS;
  while (performance.now() < until) {
    const r = await readyz(base);
    if (r?.ready) return { ready: r, at: performance.now() };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not ready within ${READY_LIMIT_MS / 1000} s`);
}

/** The snapshot on disk: its position and when it was written. */
function snapshotOnDisk(): { seq: number; createdAt: number } {
  const manifest = JSON.parse(readFileSync(resolve(DIR, 'search-index', 'manifest.json'), 'utf8')) as { createdAt: string; meta: { seq?: number } };
  return { seq: manifest.meta.seq ?? 0, createdAt: Date.parse(manifest.createdAt) };
}
async function storeLastSeq(): Promise<number> {
  const s = new SqliteStore({ path: resolve(DIR, 'store.sqlite') });
  try {
    return await s.lastSeq();
  } finally {
    await s.close();
  }
}

const runs: Array<{
  cleanReadySeconds: number;
  snapshotWaitSeconds: number;
  listenSeconds: number;
  readySeconds: number;
  pendingVectorsAtReady: number;
  lagAtKill: number;
  changesAfterSnapshot: number;
  snapshotThisRun: boolean;
}> = [];
let broken = false;
for (let run = 1; run <= RUNS; run++) {
  const runStarted = Date.now();
  const t0 = performance.now();
  const first = startHost();
  const { base } = await first.listening;
  const clean = await waitReady(base);
  const cleanReadySeconds = seconds(clean.at - t0);
  let snapshotWaitSeconds = 0;
  const appliedAtReady = await storeLastSeq();
  if (appliedAtReady - snapshotOnDisk().seq >= SNAPSHOT_AFTER_CHANGES) {
    log(`run ${run}: ready from the snapshot ${cleanReadySeconds} s after the spawn, ${appliedAtReady - snapshotOnDisk().seq} changes after it: waiting for the host's snapshot`);
    const waitStarted = performance.now();
    while (snapshotOnDisk().seq < appliedAtReady) {
      if (performance.now() - waitStarted > READY_LIMIT_MS) throw new Error(`no snapshot written within ${READY_LIMIT_MS / 1000} s of ready`);
      await new Promise((r) => setTimeout(r, 500));
    }
    snapshotWaitSeconds = seconds(performance.now() - waitStarted);
  }
  log(`run ${run}: ready from the snapshot ${cleanReadySeconds} s after the spawn (snapshot written ${snapshotWaitSeconds} s after); ingesting ${BACKLOG} students`);
  for (let next = 0; next < BACKLOG; next += PER_REQUEST) {
    const rows = Array.from({ length: Math.min(PER_REQUEST, BACKLOG - next) }, (_, k) => {
      const i = next + k;
      return {
        id: `crash-${STAMP}-${run}-${i}`,
        schoolId: template.schoolId,
        majorCode: template.majorCode,
        level: 'higher',
        graduationYear: 2027,
        skills: [{ name: 'PLC', level: 'advanced' }, { name: 'CAD' }],
        certificates: [{ name: '低压电工作业证', level: 'junior' }],
        selfIntroduction: `第${run}轮第${i}号学生，熟悉PLC编程与电气控制。`,
        consentToBeFound: true,
        updatedAt: new Date().toISOString(),
        personal: { name: `学生${i}`, phone: `139${String(run * 1_000_000 + i).padStart(8, '0')}` },
      };
    });
    const res = await fetch(`${base}/v1/ingest/student`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${office}` },
      body: rows.map((r) => JSON.stringify(r)).join('\n') + '\n',
    });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${body.slice(0, 500)}`);
    if (next === 0) log(`run ${run}: first ingest reply ${body.slice(0, 300)}`);
  }
  const before = await readyz(base);
  if (lagAtKillOf(before) === 0) throw new Error('nothing left to embed at the kill: the ingest stored nothing?');
  const lagAtKill = (before?.details?.index?.pendingVectors ?? 0) + (before?.details?.index?.lagChanges ?? 0);
  first.kill('SIGKILL');
  await first.exit;
  const snap = snapshotOnDisk();
  const changesAfterSnapshot = (await storeLastSeq()) - snap.seq;
  const snapshotThisRun = snap.createdAt >= runStarted;
  log(
    `run ${run}: killed with ${before?.details?.index?.pendingVectors} vectors pending and ${before?.details?.index?.lagChanges} changes not applied; ` +
      `${changesAfterSnapshot} changes after the snapshot's position (snapshot ${snapshotThisRun ? 'written in this run' : 'from before this run'})`,
  );

  const t1 = performance.now();
  const second = startHost();
  const listen = await second.listening;
  const { ready, at } = await waitReady(listen.base);
  const result = {
    cleanReadySeconds,
    snapshotWaitSeconds,
    listenSeconds: seconds(listen.at - t1),
    readySeconds: seconds(at - t1),
    pendingVectorsAtReady: ready.details?.index?.pendingVectors ?? -1,
    lagAtKill,
    changesAfterSnapshot,
    snapshotThisRun,
  };
  if ((ready.details?.index?.lagChanges ?? 0) !== 0) broken = true;
  runs.push(result);
  log(`run ${run}: listening ${result.listenSeconds} s, ready ${result.readySeconds} s after the restart (${result.pendingVectorsAtReady} vectors still pending; load ${os.loadavg()[0]!.toFixed(1)})`);
  second.kill('SIGKILL');
  await second.exit;
}
console.log(JSON.stringify({ documents, backlog: BACKLOG, runs, loadAverage: Math.round(os.loadavg()[0]! * 10) / 10 }));
if (broken) {
  log('invariants broken: a restarted host was ready with changes not applied');
  process.exitCode = 1;
}
