/**
 * `pnpm bench:ingest [--students 100000] [--format ndjson|csv] [--requests 4] [--concurrency 2] [--seed 7]`
 *
 * Ingests generated students (no embeddings) through the ingestion service over HTTP and prints
 * rows per second and the service's peak RSS; the last line is one JSON object.
 *
 * 1. Untimed: the students come from @chanjiao/demo-data (`generateDemoData`) and are written to
 *    `--requests` files (NDJSON, or CSV in the import's column spec), in a temporary folder.
 * 2. The service runs as a child process (`services/ingestion/src/server.ts`, tsx) on a fresh data
 *    folder with the default settings (SQLite WAL, synchronous=FULL, INGEST_BATCH_SIZE), behind its
 *    API-key check (an office key is put into the store before it starts).
 * 3. Timed: the files are streamed to `POST /v1/ingest/student` (`--concurrency` at a time), from the
 *    first byte sent to the last reply. Every reply must be a 200 with no rejected row.
 * 4. Peak RSS is the child's VmHWM from /proc (Linux); elsewhere the highest of samples every 50 ms.
 *
 * Target (issue 2): ≥ 20,000 rows/s and < 1024 MiB.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { StudentInput } from '@chanjiao/domain';
import { generateDemoData } from '@chanjiao/demo-data';
import { csvLines } from '@chanjiao/ingestion';
import { ApiKeyService } from '@chanjiao/platform';
import { SqliteStore } from '@chanjiao/store';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const { values } = parseArgs({
  options: {
    students: { type: 'string', default: '100000' },
    format: { type: 'string', default: 'ndjson' },
    requests: { type: 'string', default: '4' },
    concurrency: { type: 'string', default: '2' },
    seed: { type: 'string', default: '7' },
    keep: { type: 'boolean', default: false },
  },
});
const students = Number(values.students);
const requests = Number(values.requests);
const concurrency = Number(values.concurrency);
const format = values.format as 'ndjson' | 'csv';
if (!(students > 0) || !(requests > 0) || !(concurrency > 0) || !['ndjson', 'csv'].includes(format)) {
  process.stderr.write('usage: pnpm bench:ingest [--students N] [--format ndjson|csv] [--requests N] [--concurrency N] [--seed N] [--keep]\n');
  process.exit(2);
}
const log = (line: string) => process.stdout.write(`${line}\n`);

const dir = mkdtempSync(join(tmpdir(), 'chanjiao-bench-ingest-'));
const dataDir = join(dir, 'data');

// 1. The data files (untimed).
async function writeFiles(): Promise<string[]> {
  const files = Array.from({ length: requests }, (_, i) => join(dir, `students-${i}.${format}`));
  const per = Math.ceil(students / requests);
  const all = generateDemoData({ seed: Number(values.seed), students }).students();
  for (const file of files) {
    const out = createWriteStream(file);
    function* slice(): Generator<StudentInput> {
      for (let k = 0; k < per; k++) {
        const next = all.next();
        if (next.done) return;
        yield next.value;
      }
    }
    const lines = format === 'csv' ? csvLines('student', slice()) : (function* () {
      for (const s of slice()) yield `${JSON.stringify(s)}\n`;
    })();
    let buf = '';
    for (const line of lines) {
      buf += line;
      if (buf.length > 256 * 1024) {
        if (!out.write(buf)) await once(out, 'drain');
        buf = '';
      }
    }
    out.end(buf);
    await once(out, 'finish');
  }
  return files;
}

const t0 = performance.now();
const files = await writeFiles();
const bodyBytes = files.reduce((n, f) => n + statSync(f).size, 0);
log(`generated ${students.toLocaleString('en')} students as ${requests} ${format} files, ${(bodyBytes / 2 ** 20).toFixed(1)} MiB, in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

// 2. The service, with an office key and the schools in its store.
const keyStore = new SqliteStore({ path: join(dataDir, 'store.sqlite') });
const { key } = await new ApiKeyService(keyStore).create({ role: 'office', label: 'bench:ingest' });
// A student names its school, which must be stored first (ingestion refuses an unknown one): the
// generated schools go in untimed, as a school office loads its school before its students.
await keyStore.upsert('school', generateDemoData({ seed: Number(values.seed), students }).schools.map((school) => ({ record: school as never })));
await keyStore.close();

const child = spawn(process.execPath, [...(process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(/\s+/).filter(Boolean), '--import', 'tsx', 'services/ingestion/src/server.ts'], {
  cwd: ROOT,
  env: { ...process.env, DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', LOG_PRETTY: 'false' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const exited = once(child, 'exit');
let base = '';
const childLines = createInterface({ input: child.stdout! });
for await (const line of childLines) {
  const m = /Server listening at (http:\/\/[\d.]+:\d+)/.exec(line);
  if (m) {
    base = m[1]!;
    break;
  }
}
if (!base) throw new Error('the ingestion service did not start');
childLines.on('line', () => undefined); // keep draining its log

function rssOf(pid: number, field: 'VmHWM' | 'VmRSS'): number | undefined {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
let sampledPeak = 0;
const sampler = setInterval(() => {
  sampledPeak = Math.max(sampledPeak, rssOf(child.pid!, 'VmRSS') ?? 0);
}, 50);

// 3. Timed: stream the files.
interface Reply {
  created: number;
  updated: number;
  unchanged: number;
  stale: number;
  rejected: number;
}
async function send(file: string): Promise<Reply> {
  const res = await fetch(`${base}/v1/ingest/student`, {
    method: 'POST',
    headers: { 'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson', authorization: `Bearer ${key}` },
    body: Readable.toWeb(createReadStream(file, { highWaterMark: 256 * 1024 })) as ReadableStream<Uint8Array>,
    duplex: 'half',
  } as RequestInit);
  const body = (await res.json()) as Reply & { code?: string };
  if (res.status !== 200 || body.rejected !== 0) throw new Error(`${file}: ${res.status} ${JSON.stringify(body).slice(0, 500)}`);
  return body;
}

const started = performance.now();
const replies: Reply[] = [];
const queue = [...files];
await Promise.all(
  Array.from({ length: Math.min(concurrency, files.length) }, async () => {
    for (let f = queue.shift(); f; f = queue.shift()) replies.push(await send(f));
  }),
);
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);

// 4. Peak RSS, then stop the service.
const peakBytes = rssOf(child.pid!, 'VmHWM') ?? sampledPeak;
child.kill('SIGTERM');
await exited;
if (!values.keep) rmSync(dir, { recursive: true, force: true });

const created = replies.reduce((n, r) => n + r.created, 0);
if (created !== students) throw new Error(`created ${created}, expected ${students}`);
const rowsPerSecond = Math.round(students / seconds);
const peakRssMiB = Math.round((peakBytes / 2 ** 20) * 10) / 10;
log(`ingested ${created.toLocaleString('en')} rows over HTTP in ${seconds.toFixed(2)} s: ${rowsPerSecond.toLocaleString('en')} rows/s (target ≥ 20,000)`);
log(`service peak RSS ${peakRssMiB} MiB (target < 1024)${values.keep ? `; files kept in ${dir}` : ''}`);
log(
  JSON.stringify({
    bench: 'ingest',
    students,
    format,
    requests,
    concurrency,
    bodyMiB: Math.round((bodyBytes / 2 ** 20) * 10) / 10,
    seconds: Math.round(seconds * 100) / 100,
    rowsPerSecond,
    peakRssMiB,
    meetsTarget: rowsPerSecond >= 20_000 && peakRssMiB < 1024,
  }),
);
