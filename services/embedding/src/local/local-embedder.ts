import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { AppError, Errors, type Config } from '@chanjiao/platform';
import type { Store } from '@chanjiao/store';
import { silentLogger, type EmbedOptions, type EmbedResult, type Embedder, type EmbedderLogger } from '../embedder.js';
import { BGE_SMALL_ZH } from '../model/manifest.js';
import { assertModelDir } from '../model/verify.js';
import { normalizeText } from '../text/normalize.js';
import { MicroBatcher, QueueFullError } from './batcher.js';
import { QueryVectorCache, VectorCache } from './vector-cache.js';
import { ModelLoadError, WorkerCrashError, WorkerPool, type SpawnWorker, type WorkerPoolStats } from './worker-pool.js';

export type LocalEmbedderConfig = Pick<
  Config,
  | 'EMBEDDING_MODEL_DIR'
  | 'EMBED_MAX_BATCH'
  | 'EMBED_MAX_WAIT_MS'
  | 'EMBED_WORKERS'
  | 'EMBED_THREADS_PER_WORKER'
  | 'EMBED_QUEUE_MAX'
  | 'EMBED_QUERY_CACHE_SIZE'
>;

export interface LocalEmbedderOptions {
  readonly config: LocalEmbedderConfig;
  /** The vector cache: vectors by model and sha256 of the normalized text. */
  readonly cache: Pick<Store, 'getVectors' | 'putVectors'>;
  readonly logger?: EmbedderLogger;
  /** Replaces how an inference worker process is started (tests wrap the real one). */
  readonly spawnWorker?: SpawnWorker;
}

/** Counters since start. */
export interface LocalEmbedderStats extends WorkerPoolStats {
  /** Texts the model ran. */
  readonly inferredTexts: number;
  readonly inferredTokens: number;
  readonly batches: number;
  /** Texts answered from the vector cache. */
  readonly cacheHits: number;
  /** Texts that joined an identical text already on its way through the model. */
  readonly shared: number;
  /** Of the query texts (`cache: 'memory'`): answered by the query cache, joined to one in flight, sent to the model. */
  readonly queryCacheHits: number;
  readonly queryShared: number;
  readonly queryInferred: number;
  readonly waiting: number;
  readonly runningBatches: number;
}

interface Inferred {
  readonly vector: Float32Array;
  readonly tokens: number;
}

/** sha256 of the normalized text: the cache key, with the model name. */
export function contentHash(normalized: string): string {
  return createHash('sha256').update(normalized, 'utf8').digest('hex');
}

/**
 * The model run by this service itself (not over HTTP), off its event loop: texts are normalized and hashed, answered from
 * the vector cache where possible, and the rest go through a micro-batching queue to inference
 * worker processes. Build it with {@link createLocalEmbedder}.
 */
export class LocalEmbedder implements Embedder {
  readonly model = BGE_SMALL_ZH.name;
  readonly dimensions = BGE_SMALL_ZH.dimensions;
  readonly #cache: VectorCache;
  /** Query vectors (`cache: 'memory'`): never written to the store. */
  readonly #queries: QueryVectorCache;
  readonly #log: EmbedderLogger;
  readonly #pool: WorkerPool;
  readonly #batcher: MicroBatcher<string, Inferred>;
  /** Texts on their way through the model, so concurrent calls with the same text share one inference. */
  readonly #inflight = new Map<string, Promise<Inferred>>();
  #counters = { inferredTexts: 0, inferredTokens: 0, batches: 0, cacheHits: 0, shared: 0, queryCacheHits: 0, queryShared: 0, queryInferred: 0 };
  /** Texts per second the model has been running at (moving average), for Retry-After. */
  #rate = 0;
  #closed = false;

  /** Use {@link createLocalEmbedder}: it checks the model folder first. */
  constructor(opts: LocalEmbedderOptions & { modelDir: string }) {
    const { config } = opts;
    this.#log = opts.logger ?? silentLogger;
    this.#cache = new VectorCache(opts.cache, this.model, { logger: this.#log });
    this.#queries = new QueryVectorCache(config.EMBED_QUERY_CACHE_SIZE);
    this.#pool = new WorkerPool({
      size: config.EMBED_WORKERS,
      workerData: { modelDir: opts.modelDir, threads: config.EMBED_THREADS_PER_WORKER },
      logger: this.#log,
      ...(opts.spawnWorker ? { spawn: opts.spawnWorker } : {}),
    });
    this.#batcher = new MicroBatcher<string, Inferred>({
      maxBatch: config.EMBED_MAX_BATCH,
      maxWaitMs: config.EMBED_MAX_WAIT_MS,
      capacity: config.EMBED_QUEUE_MAX,
      concurrency: config.EMBED_WORKERS,
      run: (texts) => this.#runBatch(texts),
    });
  }

  /** Resolves once every worker has loaded the model and run a warm-up inference. */
  whenReady(): Promise<void> {
    return this.#pool.whenReady();
  }

  isReady(): boolean {
    return !this.#closed && this.#pool.isReady();
  }

  stats(): LocalEmbedderStats {
    return {
      ...this.#counters,
      ...this.#pool.stats(),
      waiting: this.#batcher.waiting,
      runningBatches: this.#batcher.running,
    };
  }

  /** Peak resident memory of this process and of each inference worker process, in MiB. */
  async peakRssMiB(): Promise<{ parent: number; workers: number[] }> {
    const workers = await this.#pool.workerPeakRss();
    return { parent: process.resourceUsage().maxRSS / 1024, workers: workers.map((kib) => kib / 1024) };
  }

  async embed(texts: readonly string[], options?: EmbedOptions): Promise<Float32Array[]> {
    return (await this.embedWithUsage(texts, options)).vectors;
  }

  /**
   * Vectors for the texts, in order. Throws AppError EMBED_QUEUE_FULL (429, Retry-After) when the
   * texts that need the model do not all fit in the queue (none is queued then), and
   * EMBED_WORKER_FAILED / EMBED_MODEL_UNAVAILABLE (503) when inference cannot run.
   */
  async embedWithUsage(texts: readonly string[], options: EmbedOptions = {}): Promise<EmbedResult> {
    if (this.#closed) throw new AppError(Errors.SERVICE_NOT_READY);
    const keys = texts.map((t) => {
      const normalized = normalizeText(t);
      return { normalized, hash: contentHash(normalized) };
    });
    const unique = new Map<string, string>();
    for (const k of keys) unique.set(k.hash, k.normalized);

    const memoryOnly = options.cache === 'memory';
    const found = new Map<string, Float32Array>();
    const cached = memoryOnly ? this.#queries.get([...unique.keys()]) : await this.#cache.get([...unique.keys()]);
    for (const [hash, vector] of cached) found.set(hash, vector);
    this.#counters.cacheHits += keys.filter((k) => cached.has(k.hash)).length;
    if (memoryOnly) this.#counters.queryCacheHits += keys.filter((k) => cached.has(k.hash)).length;

    const joined: Array<[string, Promise<Inferred>]> = [];
    const missing: Array<[hash: string, normalized: string]> = [];
    for (const [hash, normalized] of unique) {
      if (found.has(hash)) continue;
      const running = this.#inflight.get(hash);
      if (running) joined.push([hash, running]);
      else missing.push([hash, normalized]);
    }
    this.#counters.shared += joined.length;
    if (memoryOnly) {
      this.#counters.queryShared += joined.length;
      this.#counters.queryInferred += missing.length;
    }

    let promptTokens = 0;
    if (missing.length > 0) {
      // Similar lengths side by side: a batch is padded to its longest text.
      missing.sort((a, b) => a[1].length - b[1].length);
      let submitted: Array<Promise<Inferred>>;
      try {
        submitted = this.#batcher.submit(
          missing.map(([, normalized]) => normalized),
          options.priority,
        );
      } catch (err) {
        if (err instanceof QueueFullError) throw this.#queueFull(err);
        throw err;
      }
      missing.forEach(([hash], i) => {
        const p = submitted[i]!;
        this.#inflight.set(hash, p);
        // Each vector goes to the cache the moment it is inferred, before it stops being in
        // flight: a caller asking for the same text meanwhile (the indexer's retry of a batch it
        // stopped waiting for) finds it in one or the other, never in neither, so no text is
        // inferred twice while the rest of its batch is still running.
        void p.then(
          (r) => {
            if (memoryOnly) this.#queries.put([[hash, r.vector]]);
            else this.#cache.put([[hash, r.vector]]);
            this.#inflight.delete(hash);
          },
          () => this.#inflight.delete(hash),
        );
      });
      const results = await Promise.all(submitted.map((p) => p.catch((err: unknown) => Promise.reject(this.#toAppError(err)))));
      missing.forEach(([hash], i) => found.set(hash, results[i]!.vector));
      for (const r of results) promptTokens += r.tokens;
    }
    for (const [hash, p] of joined) {
      const r = await p.catch((err: unknown) => Promise.reject(this.#toAppError(err)));
      found.set(hash, r.vector);
    }
    return { vectors: keys.map((k) => found.get(k.hash)!), promptTokens };
  }

  /** Write the vectors still held in memory to the store (close does this too). */
  flushCache(): Promise<void> {
    return this.#cache.flush();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#batcher.close(new AppError(Errors.SERVICE_NOT_READY));
    await this.#pool.close();
    await this.#cache.flush();
  }

  async #runBatch(texts: string[]): Promise<Inferred[]> {
    const started = performance.now();
    const out = await this.#pool.run(texts);
    const seconds = (performance.now() - started) / 1000;
    // One worker's rate times the workers: what the whole pool drains per second.
    const rate = (texts.length / Math.max(seconds, 1e-3)) * Math.max(1, this.#pool.stats().ready);
    this.#rate = this.#rate === 0 ? rate : 0.8 * this.#rate + 0.2 * rate;
    this.#counters.batches++;
    this.#counters.inferredTexts += texts.length;
    const { dimensions, vectors, tokens } = out;
    return texts.map((_, i) => {
      this.#counters.inferredTokens += tokens[i]!;
      return { vector: vectors.slice(i * dimensions, (i + 1) * dimensions), tokens: tokens[i]! };
    });
  }

  #queueFull(err: QueueFullError): AppError {
    const seconds = this.#rate > 0 ? Math.ceil(err.waiting / this.#rate) : 1;
    const retryAfter = Math.min(60, Math.max(1, seconds));
    this.#log.warn({ waiting: err.waiting, capacity: err.capacity, retryAfter }, 'embedding queue full');
    return new AppError(Errors.EMBED_QUEUE_FULL, {
      headers: { 'retry-after': String(retryAfter) },
      details: { retryAfterSeconds: retryAfter },
    });
  }

  #toAppError(err: unknown): unknown {
    if (err instanceof AppError) return err;
    if (err instanceof WorkerCrashError) return new AppError(Errors.EMBED_WORKER_FAILED, { cause: err });
    if (err instanceof ModelLoadError) return new AppError(Errors.EMBED_MODEL_UNAVAILABLE, { cause: err });
    return err;
  }
}

/**
 * Check the model folder (every pinned file, sha256) and start the workers. Resolves without
 * waiting for the model to load: `isReady()` turns true after warm-up, and texts sent before
 * that wait in the queue. Throws {@link ModelUnavailableError} when the folder is not the model.
 */
export async function createLocalEmbedder(opts: LocalEmbedderOptions): Promise<LocalEmbedder> {
  const modelDir = resolve(opts.config.EMBEDDING_MODEL_DIR);
  await assertModelDir(modelDir);
  return new LocalEmbedder({ ...opts, modelDir });
}
