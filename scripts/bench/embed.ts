/**
 * `pnpm bench:embed`: embedding throughput on generated student profiles of realistic length
 * (@chanjiao/demo-data, `studentText`), in one run:
 *   (a) plain: the @xenova/transformers feature-extraction pipeline on batches of 32, main thread,
 *       default settings, texts in generated order;
 *   (b) service: LocalEmbedder as configured (EMBED_* variables): micro-batching, length-sorted
 *       batches, worker processes, a fresh vector cache (so every text is inferred);
 *   (c) successor: the same plain pipeline with @huggingface/transformers 3, in a child process
 *       (for information; see the closing note in the README).
 * (a) and (b) alternate for --rounds rounds; the best of each counts. Then single-query latency:
 * distinct short queries one at a time through the service path (cache misses).
 * Last line: one JSON object. Options: --students N (2000) --rounds N (2) --queries N (200) --seed N.
 * Profile texts are cut to EMBEDDING_PROFILE_TOKENS, as the indexer cuts them.
 *
 * `--compare-tokens N`: instead, the service path on the same profiles at EMBEDDING_PROFILE_TOKENS
 * and at N tokens, alternating in each round (fresh caches), so the ratio holds on a machine whose
 * speed drifts, and the plain pipeline's texts per CPU-second at both (steadier under load). Last
 * line: `{texts, rounds, full: {tokens, avgTokensPerText, perSecond, perCpuSecond}, short: {…}, speedup, cpuSpeedup}`.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { register } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateDemoData } from '@chanjiao/demo-data';
import { createLocalEmbedder, queryText, studentText, type LocalEmbedder } from '@chanjiao/embedding';
import { plainPipeline, verifyModelDir, type PlainEmbed } from '@chanjiao/embedding/internal';
import { loadConfig } from '@chanjiao/platform';
import { SqliteStore } from '@chanjiao/store';

const { values } = parseArgs({
  options: {
    students: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '2' },
    queries: { type: 'string', default: '200' },
    seed: { type: 'string', default: '2027' },
    successor: { type: 'boolean', default: false },
    'compare-tokens': { type: 'string' },
  },
});
const BATCH = 32;
const log = (msg: string) => process.stderr.write(`${msg}\n`);
const round1 = (n: number) => Math.round(n * 10) / 10;

const config = loadConfig();
const modelDir = resolve(config.EMBEDDING_MODEL_DIR);

function profileTexts(tokens = config.EMBEDDING_PROFILE_TOKENS): string[] {
  const data = generateDemoData({ seed: Number(values.seed), students: Number(values.students), anchors: false });
  const texts: string[] = [];
  for (const student of data.students()) texts.push(studentText(student, { tokens }));
  return texts;
}

/** `--compare-tokens`: the service path at the configured budget and at a shorter one, alternating. */
async function compareBudgets(shortTokens: number): Promise<void> {
  const budgets = [config.EMBEDDING_PROFILE_TOKENS, shortTokens] as const;
  const texts = budgets.map((b) => profileTexts(b));
  const rates: [number[], number[]] = [[], []];
  const cpuRates: [number[], number[]] = [[], []];
  const tokens = [0, 0];
  const plain = await plainPipeline(modelDir);
  await plain(texts[0]!.slice(0, 2));
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-embed-'));
  try {
    for (let round = 1; round <= Number(values.rounds); round++) {
      for (const side of [0, 1] as const) {
        // Texts per CPU-second of the plain pipeline in this process: what the wall-clock rate
        // would be on an idle core, and far steadier than it when other work shares the machine.
        const before = process.cpuUsage();
        for (let i = 0; i < texts[side]!.length; i += BATCH) await plain(texts[side]!.slice(i, i + BATCH));
        const used = process.cpuUsage(before);
        cpuRates[side].push(texts[side]!.length / ((used.user + used.system) / 1e6));
        log(`round ${round}: ${budgets[side]} tokens at most: plain ${round1(cpuRates[side].at(-1)!)} texts per CPU-second`);
      }
      for (const side of [0, 1] as const) {
        const run = await serviceRun(texts[side]!, dataDir, round * 2 + side);
        const stats = run.embedder.stats();
        tokens[side] = stats.inferredTokens / stats.inferredTexts;
        rates[side].push(run.perSecond);
        log(`round ${round}: ${budgets[side]} tokens at most: ${round1(run.perSecond)} texts/s (${round1(tokens[side]!)} tokens per text)`);
        await run.embedder.close();
        await run.store.close();
      }
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const side = (i: 0 | 1) => ({
    tokens: budgets[i],
    avgTokensPerText: round1(tokens[i]!),
    perSecond: round1(median(rates[i])),
    perCpuSecond: round1(median(cpuRates[i])),
    rounds: rates[i].map(round1),
    cpuRounds: cpuRates[i].map(round1),
  });
  // The ratios round by round (each pair ran back to back), then their medians.
  const ratio = (xs: [number[], number[]]) => Math.round(median(xs[1].map((r, i) => r / xs[0][i]!)) * 100) / 100;
  process.stdout.write(`${JSON.stringify({ texts: texts[0]!.length, rounds: Number(values.rounds), full: side(0), short: side(1), speedup: ratio(rates), cpuSpeedup: ratio(cpuRates) })}\n`);
}

/** Texts per second of a plain pipeline over batches of 32 in the given order (after one warm-up call). */
async function plainRun(embed: PlainEmbed, texts: string[]): Promise<number> {
  await embed(texts.slice(0, 2));
  const started = performance.now();
  for (let i = 0; i < texts.length; i += BATCH) await embed(texts.slice(i, i + BATCH));
  return texts.length / ((performance.now() - started) / 1000);
}

/** (c), in its own process: a second onnxruntime (1.21) must not share a process with 1.14. */
async function successorChild(): Promise<void> {
  register(new URL('./embed-successor-hooks.mjs', import.meta.url));
  const { env, pipeline } = await import('@huggingface/transformers');
  env.allowRemoteModels = false;
  env.localModelPath = `${dirname(modelDir)}/`;
  const started = performance.now();
  const extract = await pipeline('feature-extraction', basename(modelDir), { dtype: 'q8', device: 'cpu' });
  const loadMs = performance.now() - started;
  const embed: PlainEmbed = async (texts) => {
    const out = await extract(texts, { pooling: 'cls', normalize: true });
    const [n, d] = out.dims as [number, number];
    return Array.from({ length: n }, (_, i) => (out.data as Float32Array).slice(i * d, (i + 1) * d));
  };
  const perSecond = await plainRun(embed, profileTexts());
  process.stdout.write(`${JSON.stringify({ perSecond, loadMs, peakRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`);
}

function runSuccessor(): Promise<{ perSecond: number; loadMs: number; peakRssMiB: number } | { error: string }> {
  return new Promise((done) => {
    const child = fork(fileURLToPath(import.meta.url), ['--successor', ...process.argv.slice(2)], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      try {
        done(JSON.parse(last) as { perSecond: number; loadMs: number; peakRssMiB: number });
      } catch {
        done({ error: `exit ${code}: ${last.slice(0, 200)}` });
      }
    });
  });
}

async function serviceRun(texts: string[], dataDir: string, round: number): Promise<{ perSecond: number; embedder: LocalEmbedder; store: SqliteStore }> {
  const store = new SqliteStore({ path: join(dataDir, `round-${round}.sqlite`), synchronous: config.STORE_SYNCHRONOUS });
  const embedder = await createLocalEmbedder({ config, cache: store });
  await embedder.whenReady();
  const started = performance.now();
  // As ingestion sends them: one call per import batch.
  for (let i = 0; i < texts.length; i += config.INGEST_BATCH_SIZE) await embedder.embed(texts.slice(i, i + config.INGEST_BATCH_SIZE), { priority: 'bulk' });
  const perSecond = texts.length / ((performance.now() - started) / 1000);
  const stats = embedder.stats();
  if (stats.inferredTexts + stats.cacheHits !== texts.length) log(`  note: ${texts.length - stats.inferredTexts} texts were duplicates`);
  return { perSecond, embedder, store };
}

/** Short HR-style queries, all distinct so each one is a cache miss. */
function queries(n: number): string[] {
  const data = generateDemoData({ seed: Number(values.seed) + 1, students: 0, posts: Math.max(50, n), anchors: false });
  const out = new Set<string>();
  for (const [i, post] of data.posts.entries()) {
    out.add(queryText(`${post.title} ${post.requiredSkills.slice(0, 2).join(' ')} ${post.city}`));
    if (out.size < n) out.add(queryText(`${post.requiredSkills[0] ?? post.title} 实习 ${i}`));
    if (out.size >= n) break;
  }
  return [...out].slice(0, n);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const problems = await verifyModelDir(modelDir);
  if (problems.length > 0) throw new Error(`no verified model in ${modelDir}: run \`pnpm model:fetch\` or set EMBEDDING_MODEL_DIR`);
  const texts = profileTexts();
  const chars = texts.map((t) => t.length).sort((a, b) => a - b);
  log(`${texts.length} student profiles; characters p10 ${percentile(chars, 10)}, median ${percentile(chars, 50)}, p90 ${percentile(chars, 90)}, max ${chars.at(-1)}`);
  log(`service: EMBED_WORKERS=${config.EMBED_WORKERS} EMBED_THREADS_PER_WORKER=${config.EMBED_THREADS_PER_WORKER} EMBED_MAX_BATCH=${config.EMBED_MAX_BATCH} EMBED_MAX_WAIT_MS=${config.EMBED_MAX_WAIT_MS}`);

  const plain = await plainPipeline(modelDir);

  const dataDir = mkdtempSync(join(tmpdir(), 'bench-embed-'));
  const plainRates: number[] = [];
  const serviceRates: number[] = [];
  let last: { embedder: LocalEmbedder; store: SqliteStore } | undefined;
  let avgTokens = 0;
  try {
    for (let round = 1; round <= Number(values.rounds); round++) {
      plainRates.push(await plainRun(plain, texts));
      log(`round ${round}: plain ${round1(plainRates.at(-1)!)} texts/s`);
      if (last) {
        await last.embedder.close();
        await last.store.close();
      }
      const run = await serviceRun(texts, dataDir, round);
      serviceRates.push(run.perSecond);
      last = run;
      const stats = run.embedder.stats();
      avgTokens = stats.inferredTokens / stats.inferredTexts;
      log(`round ${round}: service ${round1(run.perSecond)} texts/s (${stats.batches} batches, ${round1(avgTokens)} tokens per text)`);
    }

    const latencies: number[] = [];
    for (const q of queries(Number(values.queries))) {
      const started = performance.now();
      await last!.embedder.embed([q]);
      latencies.push(performance.now() - started);
    }
    latencies.sort((a, b) => a - b);
    log(`single query: p50 ${percentile(latencies, 50).toFixed(2)} ms, p95 ${percentile(latencies, 95).toFixed(2)} ms (${latencies.length} distinct queries)`);

    const rss = await last!.embedder.peakRssMiB();
    await last!.embedder.close();
    await last!.store.close();

    log('successor (@huggingface/transformers 3, plain, child process)…');
    const successor = await runSuccessor();
    if ('error' in successor) log(`successor failed: ${successor.error}`);
    else log(`successor: ${round1(successor.perSecond)} texts/s, model load ${Math.round(successor.loadMs)} ms, peak RSS ${Math.round(successor.peakRssMiB)} MiB`);

    const plainPerSecond = Math.max(...plainRates);
    const servicePerSecond = Math.max(...serviceRates);
    const result = {
      texts: texts.length,
      avgTokensPerText: round1(avgTokens),
      plainPerSecond: round1(plainPerSecond),
      servicePerSecond: round1(servicePerSecond),
      ratio: Math.round((servicePerSecond / plainPerSecond) * 100) / 100,
      successorPerSecond: 'error' in successor ? null : round1(successor.perSecond),
      singleQueryP50Ms: Math.round(percentile(latencies, 50) * 100) / 100,
      singleQueryP95Ms: Math.round(percentile(latencies, 95) * 100) / 100,
      // This process (which also holds the plain pipeline) plus every inference worker process.
      peakRssMiB: Math.round(rss.parent + rss.workers.reduce((a, b) => a + b, 0)),
      parentPeakRssMiB: Math.round(rss.parent),
      workerPeakRssMiB: rss.workers.map(Math.round),
      rounds: { plain: plainRates.map(round1), service: serviceRates.map(round1) },
      service: {
        workers: config.EMBED_WORKERS,
        threadsPerWorker: config.EMBED_THREADS_PER_WORKER,
        maxBatch: config.EMBED_MAX_BATCH,
        maxWaitMs: config.EMBED_MAX_WAIT_MS,
      },
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (values.successor) await successorChild();
else if (values['compare-tokens'] !== undefined) await compareBudgets(Number(values['compare-tokens']));
else await main();
