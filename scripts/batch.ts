/**
 * Term batch matching from the command line, with a progress bar.
 *
 *   pnpm batch run --term 2027-autumn [--seed S] [--min-class-size N] [--list-length N] [--depth N] [--min-score X]
 *                  [--no-second-round] [--rules rules.json] [--out dir]
 *   pnpm batch list --term 2027-autumn
 *   pnpm batch compare --term 2027-autumn --from 1 [--to 2]
 *   pnpm batch export --term 2027-autumn [--version N] [--city 郴州市] --out dir
 *
 * By default it works straight on the store the configuration names (DATA_DIR); with
 * `--url http://host:port [--api-key KEY]` it drives a running service through /v1/batch instead.
 * `--rules` is a JSON array of class rules: [{ "postId": "…", "minSize": 20, "schoolQuotas": { "S01": 10 } }].
 * `--out` writes every report as CSV (UTF-8 with BOM, for Excel) and JSON, and all of them as one
 * .xlsx workbook (a sheet per report); `--city` cuts every report to one city's rows.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import {
  BatchJobRunner,
  BatchResults,
  compareRuns,
  filterByCity,
  REPORT_NAMES,
  reportsWorkbook,
  StartBatchJobRequest,
  toCsv,
  type BatchJobView,
  type CompareView,
  type Report,
  type RunSummary,
} from '@chanjiao/matching';
import { loadConfig } from '@chanjiao/platform';
import { openStore } from '@chanjiao/store';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    term: { type: 'string' },
    seed: { type: 'string' },
    'min-class-size': { type: 'string' },
    'list-length': { type: 'string' },
    'min-score': { type: 'string' },
    depth: { type: 'string' },
    'no-second-round': { type: 'boolean', default: false },
    rules: { type: 'string' },
    out: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    version: { type: 'string' },
    city: { type: 'string' },
    url: { type: 'string' },
    'api-key': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
const command = positionals[0] ?? 'run';

function usage(message?: string): never {
  if (message) process.stderr.write(`batch: ${message}\n`);
  process.stderr.write(readFileSync(new URL(import.meta.url), 'utf8').split('*/')[0]!.replace(/^\/\*\*\n/, '').replace(/^ \* ?/gm, ''));
  process.exit(message ? 2 : 0);
}
if (values.help) usage();
if (!['run', 'list', 'compare', 'export'].includes(command)) usage(`unknown command ${command}`);
if (!values.term) usage('--term is required (e.g. --term 2027-autumn)');
const term = values.term;

/** What the CLI needs, over the store directly or over HTTP. */
interface BatchClient {
  start(body: StartBatchJobRequest): Promise<BatchJobView>;
  job(id: string): Promise<BatchJobView>;
  cancel(id: string): Promise<void>;
  list(): Promise<RunSummary[]>;
  report(version: number, name: string): Promise<Report & { csv: string }>;
  compare(from: number, to: number | 'latest'): Promise<CompareView>;
  close(): Promise<void>;
}

function directClient(): BatchClient {
  const config = loadConfig();
  const store = openStore(config);
  const runner = new BatchJobRunner({ store, config });
  const results = new BatchResults(store);
  const must = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} not found`);
    return value;
  };
  return {
    start: (body) => runner.start(body),
    job: async (id) => must(await runner.get(id), `job ${id}`),
    cancel: async (id) => void (await runner.cancel(id)),
    list: () => results.list(term),
    report: async (version, name) => {
      const report = must(await results.report(term, version, name as (typeof REPORT_NAMES)[number]), `report ${name} of v${version}`);
      return { ...report, csv: toCsv(report) };
    },
    compare: async (from, to) => {
      const load = async (v: number | 'latest') => {
        const summary = must(await results.summary(term, v), `version ${v}`);
        return { summary, result: must(await results.result(term, summary.version), `result v${summary.version}`) };
      };
      return compareRuns(await load(from), await load(to));
    },
    close: async () => {
      await runner.close();
      await store.close();
    },
  };
}

function httpClient(base: string, apiKey: string | undefined): BatchClient {
  const call = async <T>(method: string, path: string, body?: unknown, raw = false): Promise<T> => {
    const res = await fetch(new URL(path, base), {
      method,
      headers: { ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) {
      const err = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
      throw new Error(`${method} ${path}: ${res.status} ${err.code ?? ''} ${err.message ?? ''}`.trim());
    }
    return (raw ? await res.text() : await res.json()) as T;
  };
  return {
    start: (body) => call<BatchJobView>('POST', '/v1/batch/jobs', body),
    job: (id) => call<BatchJobView>('GET', `/v1/batch/jobs/${encodeURIComponent(id)}`),
    cancel: async (id) => void (await call('POST', `/v1/batch/jobs/${encodeURIComponent(id)}/cancel`)),
    list: async () => (await call<{ versions: RunSummary[] }>('GET', `/v1/batch/terms/${term}/results`)).versions,
    report: async (version, name) => ({
      ...(await call<Report>('GET', `/v1/batch/terms/${term}/results/${version}/reports/${name}`)),
      csv: await call<string>('GET', `/v1/batch/terms/${term}/results/${version}/reports/${name}?format=csv`, undefined, true),
    }),
    compare: (from, to) => call<CompareView>('GET', `/v1/batch/terms/${term}/compare?from=${from}&to=${to}`),
    close: async () => {},
  };
}

async function exportReports(client: BatchClient, version: number, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const city = values.city;
  const suffix = city ? `-${city}` : '';
  const all: Report[] = [];
  for (const name of REPORT_NAMES) {
    const { csv: fullCsv, ...full } = await client.report(version, name);
    const report = city ? filterByCity(full, city) : full;
    const base = join(dir, `${term}-v${version}-${name}${suffix}`);
    writeFileSync(`${base}.csv`, city ? toCsv(report) : fullCsv);
    writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
    all.push(report);
  }
  writeFileSync(join(dir, `${term}-v${version}${suffix}.xlsx`), await reportsWorkbook(all, { term, version, city }));
  console.log(`reports written to ${dir}`);
}

function printSummary(s: RunSummary): void {
  const c = s.counts;
  console.log(`term ${s.term} version ${s.version} (seed ${s.seed}, ${s.createdAt})`);
  console.log(`  students ${c.students}, posts ${c.posts}, seats ${c.seats}`);
  console.log(`  matched ${c.matched} (round 1: ${c.matchedRound1}, round 2: ${c.matchedRound2}), unmatched ${c.unmatched}`);
  console.log(`  cancelled classes ${c.cancelledClasses}; blocking pairs ${s.stability.round1.blockingPairs + (s.stability.round2?.blockingPairs ?? 0)}`);
  for (const x of s.cancelled) console.log(`  cancelled ${x.postId}: ${x.reason}`);
}

async function run(client: BatchClient): Promise<void> {
  const int = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const body = StartBatchJobRequest.parse({
    term,
    options: {
      ...(values.seed ? { seed: values.seed } : {}),
      ...(values['min-class-size'] ? { minClassSize: int(values['min-class-size']) } : {}),
      ...(values['list-length'] ? { preferenceListLength: int(values['list-length']) } : {}),
      ...(values.depth ? { candidateDepth: int(values.depth) } : {}),
      ...(values['min-score'] ? { minScore: Number(values['min-score']) } : {}),
      ...(values['no-second-round'] ? { secondRound: false } : {}),
      classes: values.rules ? JSON.parse(readFileSync(values.rules, 'utf8')) : [],
    },
  });
  let job = await client.start(body);
  process.on('SIGINT', () => {
    process.stderr.write('\ncancelling…\n');
    void client.cancel(job.id).catch(() => {});
  });
  const bar = new cliProgress.SingleBar(
    { format: `${term} [{bar}] {percentage}% | {phase} {done}/{total}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(100, 0, { phase: job.phase, done: 0, total: 0 });
  while (job.status === 'queued' || job.status === 'running') {
    await new Promise((r) => setTimeout(r, 250));
    job = await client.job(job.id);
    bar.update(Math.round(job.progress * 100), { phase: job.phase, done: job.done, total: job.total });
  }
  bar.stop();
  if (job.status !== 'succeeded' || job.version === null) {
    console.error(`job ${job.id} ${job.status}${job.error ? `: ${job.error.code} ${job.error.message}` : ''}`);
    process.exitCode = 1;
    return;
  }
  const summary = (await client.list()).find((s) => s.version === job.version)!;
  printSummary(summary);
  if (values.out) await exportReports(client, job.version, values.out);
}

const client = values.url ? httpClient(values.url, values['api-key']) : directClient();
try {
  if (command === 'run') await run(client);
  else if (command === 'list') for (const s of await client.list()) printSummary(s);
  else if (command === 'compare') {
    if (!values.from) usage('--from is required');
    const diff = await client.compare(Number(values.from), values.to ? Number(values.to) : 'latest');
    console.log(`v${diff.from} → v${diff.to}: ${JSON.stringify(diff.counts)}`);
    for (const c of diff.changes) console.log(`  ${c.studentId}: ${c.from ?? '—'} → ${c.to ?? '—'}  ${c.reason}  ${c.detail}`);
  } else {
    if (!values.out) usage('--out is required');
    const versions = await client.list();
    const version = values.version ? Number(values.version) : versions.at(-1)?.version;
    if (version === undefined) throw new Error(`no result for ${term} yet`);
    await exportReports(client, version, values.out);
  }
} catch (err) {
  console.error(`batch: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await client.close();
}
