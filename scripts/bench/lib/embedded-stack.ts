/**
 * The embedded host with a large generated dataset, for the API and load benchmarks.
 *
 * The data folder (default `.cache/bench-<students>`) is kept between runs: the store, the
 * embedding cache and the index snapshot. The first run generates and stores the records
 * (straight into the store: ingestion speed is `bench:ingest`'s business) and the host embeds
 * every profile once while it indexes — minutes on two cores. Later runs start from the snapshot.
 * The host runs as a child process, as users run it (`services/embedded-host/src/server.ts`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDemoData } from '@chanjiao/demo-data';
import { ApiKeyService } from '@chanjiao/platform';
import { SqliteStore } from '@chanjiao/store';
import { storeDemoData } from './store-demo.js';
import { HOST_ENV } from './prologue.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface StackOptions {
  students: number;
  posts: number;
  seed?: number;
  dataDir?: string;
  /** Extra environment for the host (e.g. LOG_LEVEL). */
  env?: Record<string, string>;
  /** How many sample students get a key of their own (role student, self scope). Default 1. */
  studentKeys?: number;
}

export interface Stack {
  base: string;
  keys: { hr: string; office: string; student: string; operator: string };
  /** One student key per sample student, when asked for more than one (options.studentKeys). */
  studentKeys: Array<{ studentId: string; key: string }>;
  /** Ids a benchmark can use in paths. */
  sample: { studentIds: string[]; postIds: string[]; schoolId: string; enterpriseId: string };
  /**
   * Resident set of the host process now (MiB), its peak so far (VmHWM), and the resident set of
   * the host with its embedding worker processes (`tree`).
   */
  rssMiB(): { now: number; peak: number; tree: number; children: number[] };
  /**
   * CPU time so far (ms): the host's main thread (its event loop), the whole host process, and
   * its embedding worker processes. Differences over a run give CPU per request, which a noisy
   * shared machine disturbs far less than throughput.
   */
  cpuMs(): { main: number; host: number; workers: number };
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

function procStatus(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** utime + stime of a /proc stat file, in ms (fields 14 and 15, after the command's parenthesis). */
function cpuOf(statPath: string): number {
  try {
    const stat = readFileSync(statPath, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}
/** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK). */
const CLOCK_TICKS = 100;

/** The process and all its descendants (the host's embedding worker processes). */
function treePids(pid: number): number[] {
  const out = [pid];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      for (const c of children ? children.split(/\s+/) : []) out.push(...treePids(Number(c)));
    }
  } catch {
    // the process is gone
  }
  return out;
}

async function loadStore(store: SqliteStore, opts: StackOptions): Promise<void> {
  await storeDemoData(store, generateDemoData({ seed: opts.seed ?? 1, students: opts.students, posts: opts.posts }));
}

export async function startEmbeddedStack(opts: StackOptions): Promise<Stack> {
  const dataDir = resolve(ROOT, opts.dataDir ?? `.cache/bench-${opts.students}-${opts.posts}`);
  const storePath = resolve(dataDir, 'store.sqlite');
  const fresh = !existsSync(storePath);
  const store = new SqliteStore({ path: storePath, synchronous: 'NORMAL' });
  if (fresh || (await store.count('student')) !== opts.students) {
    process.stderr.write(`generating ${opts.students} students and ${opts.posts} posts into ${dataDir} …\n`);
    await loadStore(store, opts);
  }
  const sampleStudents: string[] = [];
  for await (const s of store.scan('student', { pageSize: 500 })) {
    if (s.consentToBeFound && s.status === 'seeking') sampleStudents.push(s.id);
    if (sampleStudents.length >= 500) break;
  }
  const postIds: string[] = [];
  for await (const p of store.scan('post', { pageSize: 500 })) {
    if (p.status === 'open') postIds.push(p.id);
    if (postIds.length >= 500) break;
  }
  const school = (await store.getMany('student', [sampleStudents[0]!]))[0]!.schoolId;
  const enterprise = (await store.get('post', postIds[0]!))!.enterpriseId;
  const keys = new ApiKeyService(store);
  const hr = await keys.create({ role: 'hr', scope: { enterpriseId: enterprise }, label: 'bench hr' });
  const office = await keys.create({ role: 'office', scope: {}, label: 'bench office' });
  const studentKeys: Array<{ studentId: string; key: string }> = [];
  for (const studentId of sampleStudents.slice(0, Math.max(1, opts.studentKeys ?? 1))) {
    const created = await keys.create({ role: 'student', scope: { studentId }, label: 'bench student' });
    studentKeys.push({ studentId, key: created.key });
  }
  const operator = await keys.create({ role: 'operator', scope: { schoolId: school }, label: 'bench operator' });
  await store.close();

  const port = await freePort();
  const modelDir = process.env.EMBEDDING_MODEL_DIR || resolve(ROOT, '../shared/models/bge-small-zh-v1.5');
  // The host runs as `pnpm start` runs it (--max-semi-space-size=64); BENCH_HOST_NODE_ARGS adds node
  // flags for the host only, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` (node refuses profiling
  // flags in NODE_OPTIONS), and a later --max-semi-space-size overrides this one.
  const nodeArgs = ['--max-semi-space-size=64', ...(process.env.BENCH_HOST_NODE_ARGS ?? '').split(/\s+/).filter(Boolean)];
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', resolve(ROOT, 'services/embedded-host/src/server.ts')], {
    cwd: ROOT,
    env: {
      ...HOST_ENV,
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      // The benchmarks measure capacity: per-key rate limiting would turn the test into a 429 count.
      RATE_LIMIT_MAX: '0',
      EMBEDDING_MODEL_DIR: modelDir,
      ...opts.env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const started = Date.now();
  let last = 0;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the host exited with ${child.exitCode}`);
    try {
      const r = await fetch(`${base}/readyz`);
      // Ready answers before the embedding backlog is gone (documents are found by their words
      // meanwhile); a benchmark measures the steady state, so it waits for the vectors too.
      const body = (await r.json()) as { details?: { index?: { pendingVectors?: number } } };
      if (r.status === 200 && (body.details?.index?.pendingVectors ?? 0) === 0) break;
      if (Date.now() - last > 15_000) {
        last = Date.now();
        const m = await (await fetch(`${base}/metrics`)).text();
        const lag = /chanjiao_index_lag_changes (\d+)/.exec(m)?.[1];
        const pending = /chanjiao_index_pending_vectors (\d+)/.exec(m)?.[1];
        process.stderr.write(`  indexing… ${lag ?? '?'} changes and ${pending ?? '?'} vectors to go (${Math.round((Date.now() - started) / 1000)} s)\n`);
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  process.stderr.write(`host ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  const pid = child.pid!;
  return {
    base,
    keys: { hr: hr.key, office: office.key, student: studentKeys[0]!.key, operator: operator.key },
    studentKeys,
    sample: { studentIds: sampleStudents, postIds, schoolId: school, enterpriseId: enterprise },
    rssMiB: () => {
      const [host, ...children] = treePids(pid).map((p) => procStatus(p, 'VmRSS'));
      return {
        now: host ?? 0,
        peak: procStatus(pid, 'VmHWM'),
        tree: (host ?? 0) + children.reduce((sum, r) => sum + r, 0),
        children: children.map(Math.round),
      };
    },
    cpuMs: () => {
      const [, ...children] = treePids(pid);
      return {
        main: cpuOf(`/proc/${pid}/task/${pid}/stat`),
        host: cpuOf(`/proc/${pid}/stat`),
        workers: children.reduce((sum, c) => sum + cpuOf(`/proc/${c}/stat`), 0),
      };
    },
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())));
    },
  };
}
