import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { silentLogger, type EmbedderLogger } from '../embedder.js';
import type { FromWorker, InferenceWorkerData, ToWorker } from './protocol.js';

/** One batch's output: row-major unit vectors and the token count of each text. */
export interface BatchOutput {
  readonly vectors: Float32Array;
  readonly dimensions: number;
  readonly tokens: Int32Array;
}

/** A batch was lost with its worker more often than retries allow (the worker crashed or was killed while running it). */
export class WorkerCrashError extends Error {
  override readonly name = 'WorkerCrashError';
}

/** The model could not be loaded in any worker (it was verified on disk, so this is the runtime's fault). */
export class ModelLoadError extends Error {
  override readonly name = 'ModelLoadError';
}

/** Starts one inference worker process. Injected so a test can wrap the real one (to kill it mid-batch). */
export type SpawnWorker = (data: InferenceWorkerData) => ChildProcess;

/*
 * Why processes and not worker threads: onnxruntime-node 1.14 (the runtime @xenova/transformers
 * 2.17 ships) keeps a static N-API function reference that every thread loading it overwrites,
 * deleting the previous thread's reference. Once a thread that loaded it has exited (a crashed
 * worker, or a closed embedder), starting another one touches freed memory: in a measurement,
 * two runs in three died with SIGSEGV within eight start/stop cycles. In separate processes
 * nothing is shared, a native crash takes down only its worker, and restarts are safe.
 */
export const spawnInferenceWorker: SpawnWorker = (data) =>
  fork(fileURLToPath(new URL('./worker-entry.mjs', import.meta.url)), [JSON.stringify(data)], {
    serialization: 'advanced',
    // The entry registers tsx itself; the parent's loader flags (tap, tsx CLI) are not wanted here.
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });

/** How long a worker asked to stop may take (a batch under way finishes first) before it is killed. */
const STOP_TIMEOUT_MS = 10_000;

/**
 * Stops one worker: closes its IPC channel, on which it exits 0 once the batch it may be running
 * is done. Not a signal: workers ignore SIGINT and SIGTERM (worker-entry.mjs), since a stop signal
 * sent to the whole process group must leave the order of the shutdown to this process.
 */
async function stopWorker(worker: ChildProcess): Promise<void> {
  if (worker.exitCode !== null || worker.signalCode !== null) return;
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  if (worker.connected) worker.disconnect();
  else worker.kill('SIGKILL');
  const timer = setTimeout(() => worker.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

export interface WorkerPoolOptions {
  readonly size: number;
  readonly workerData: InferenceWorkerData;
  readonly logger?: EmbedderLogger;
  readonly spawn?: SpawnWorker;
  /** How often a batch is retried on a fresh worker after its worker died (default 1). */
  readonly retries?: number;
  /** A slot whose worker dies this many times in a row while loading is given up (default 3). */
  readonly maxStartFailures?: number;
}

interface Job {
  readonly texts: readonly string[];
  readonly resolve: (out: BatchOutput) => void;
  readonly reject: (err: Error) => void;
  attempts: number;
}

interface Slot {
  readonly index: number;
  worker: ChildProcess | undefined;
  state: 'starting' | 'idle' | 'busy' | 'stopped';
  job: { id: number; job: Job } | undefined;
  startFailures: number;
  rss: Map<number, (kib: number) => void>;
}

export interface WorkerPoolStats {
  /** Workers with the model loaded and warmed up. */
  readonly ready: number;
  readonly restarts: number;
  /** Batches lost with a worker (each retried or failed). */
  readonly crashedBatches: number;
}

/**
 * Inference worker processes, one batch at a time each. A worker that dies is restarted; the
 * batch it held is retried on the next free worker, and fails with {@link WorkerCrashError}
 * once it has been lost `retries + 1` times (so one poisonous batch cannot take the pool down in
 * a loop). A slot whose worker cannot start `maxStartFailures` times in a row is given up.
 */
export class WorkerPool {
  readonly #opts: Required<WorkerPoolOptions>;
  readonly #slots: Slot[];
  readonly #pending: Job[] = [];
  #nextId = 1;
  #restarts = 0;
  #crashedBatches = 0;
  #closed = false;
  readonly #readyOnce: Promise<void>;
  #settleReady!: { resolve: () => void; reject: (err: Error) => void; done: boolean };

  constructor(opts: WorkerPoolOptions) {
    this.#opts = { retries: 1, maxStartFailures: 3, spawn: spawnInferenceWorker, logger: silentLogger, ...opts };
    this.#readyOnce = new Promise<void>((resolve, reject) => {
      this.#settleReady = { resolve, reject, done: false };
    });
    // May be awaited late, or never (callers that only ask for vectors).
    this.#readyOnce.catch(() => undefined);
    this.#slots = Array.from({ length: opts.size }, (_, index) => ({
      index,
      worker: undefined,
      state: 'starting' as const,
      job: undefined,
      startFailures: 0,
      rss: new Map(),
    }));
    for (const slot of this.#slots) this.#start(slot);
  }

  /** Resolves when every worker has loaded the model and run its warm-up; rejects if none can. */
  whenReady(): Promise<void> {
    return this.#readyOnce;
  }

  /** At least one worker can take a batch now (model loaded, warm-up run). */
  isReady(): boolean {
    return !this.#closed && this.#slots.some((s) => s.state === 'idle' || s.state === 'busy');
  }

  stats(): WorkerPoolStats {
    return {
      ready: this.#slots.filter((s) => s.state === 'idle' || s.state === 'busy').length,
      restarts: this.#restarts,
      crashedBatches: this.#crashedBatches,
    };
  }

  /** Peak resident memory of each running worker, in KiB (what the benchmark reports beside the parent's). */
  async workerPeakRss(): Promise<number[]> {
    const asks = this.#slots
      .filter((s) => s.worker && s.state !== 'starting' && s.state !== 'stopped')
      .map(
        (s) =>
          new Promise<number>((resolve) => {
            const id = this.#nextId++;
            s.rss.set(id, resolve);
            const message: ToWorker = { type: 'rss', id };
            s.worker!.send(message);
          }),
      );
    return Promise.all(asks);
  }

  /** Embed one batch on the next free worker. */
  run(texts: readonly string[]): Promise<BatchOutput> {
    if (this.#closed) return Promise.reject(new Error('WorkerPool: closed'));
    if (this.#slots.every((s) => s.state === 'stopped')) return Promise.reject(new ModelLoadError('no inference worker is running'));
    return new Promise<BatchOutput>((resolve, reject) => {
      this.#pending.push({ texts, resolve, reject, attempts: 0 });
      this.#drain();
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    const err = new Error('WorkerPool: closed');
    for (const job of this.#pending.splice(0)) job.reject(err);
    await Promise.all(
      this.#slots.map(async (slot) => {
        const worker = slot.worker;
        slot.state = 'stopped';
        slot.worker = undefined;
        slot.job?.job.reject(err);
        slot.job = undefined;
        if (worker) await stopWorker(worker);
      }),
    );
    this.#settle(err);
  }

  #settle(err?: Error): void {
    if (this.#settleReady.done) return;
    this.#settleReady.done = true;
    if (err) this.#settleReady.reject(err);
    else this.#settleReady.resolve();
  }

  #start(slot: Slot): void {
    const worker = this.#opts.spawn(this.#opts.workerData);
    slot.worker = worker;
    slot.state = 'starting';
    worker.on('message', (msg: FromWorker) => this.#onMessage(slot, worker, msg));
    worker.on('error', (err) => this.#opts.logger.error({ err, worker: slot.index }, 'inference worker error'));
    worker.on('exit', (code, signal) => this.#onExit(slot, worker, code, signal));
  }

  #onMessage(slot: Slot, worker: ChildProcess, msg: FromWorker): void {
    if (slot.worker !== worker) return;
    switch (msg.type) {
      case 'ready':
        slot.state = 'idle';
        slot.startFailures = 0;
        this.#opts.logger.info(
          { worker: slot.index, pid: worker.pid, loadMs: Math.round(msg.loadMs), warmupMs: Math.round(msg.warmupMs) },
          'inference worker ready',
        );
        this.#checkStarted();
        this.#drain();
        return;
      case 'load-failed':
        this.#opts.logger.error({ worker: slot.index, reason: msg.message }, 'inference worker could not load the model');
        slot.state = 'stopped';
        slot.worker = undefined;
        void stopWorker(worker);
        this.#checkStarted(new ModelLoadError(`the model could not be loaded: ${msg.message}`));
        return;
      case 'rss':
        slot.rss.get(msg.id)?.(msg.maxRssKiB);
        slot.rss.delete(msg.id);
        return;
      case 'result':
      case 'error': {
        const current = slot.job;
        if (!current || current.id !== msg.id) return;
        slot.job = undefined;
        slot.state = 'idle';
        if (msg.type === 'result') current.job.resolve({ vectors: msg.vectors, dimensions: msg.dimensions, tokens: msg.tokens });
        else current.job.reject(new Error(`inference failed: ${msg.message}`));
        this.#drain();
        return;
      }
    }
  }

  #onExit(slot: Slot, worker: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (slot.worker !== worker || this.#closed) return;
    const wasStarting = slot.state === 'starting';
    const lost = slot.job;
    slot.worker = undefined;
    slot.job = undefined;
    for (const answer of slot.rss.values()) answer(0);
    slot.rss.clear();
    this.#opts.logger.error({ worker: slot.index, exitCode: code, signal, lostBatch: lost?.job.texts.length ?? 0 }, 'inference worker exited');
    if (lost) {
      this.#crashedBatches++;
      lost.job.attempts++;
      if (lost.job.attempts > this.#opts.retries) {
        lost.job.reject(new WorkerCrashError(`inference worker exited (${signal ?? code}) while running this batch, ${lost.job.attempts} times`));
      } else {
        this.#pending.unshift(lost.job);
      }
    }
    if (wasStarting && ++slot.startFailures >= this.#opts.maxStartFailures) {
      slot.state = 'stopped';
      this.#checkStarted(new ModelLoadError(`inference workers keep exiting while loading (${signal ?? code})`));
      return;
    }
    this.#restarts++;
    this.#start(slot);
  }

  /** Once no worker is still starting: ready if one runs, else the model cannot load and waiting batches fail. */
  #checkStarted(err?: Error): void {
    if (this.#slots.some((s) => s.state === 'starting')) return;
    if (this.#slots.some((s) => s.state === 'idle' || s.state === 'busy')) return this.#settle();
    const failure = err ?? new ModelLoadError('no inference worker is running');
    this.#settle(failure);
    for (const job of this.#pending.splice(0)) job.reject(failure);
  }

  #drain(): void {
    for (const slot of this.#slots) {
      if (this.#pending.length === 0) return;
      if (slot.state !== 'idle' || !slot.worker) continue;
      const job = this.#pending.shift()!;
      const id = this.#nextId++;
      slot.state = 'busy';
      slot.job = { id, job };
      const message: ToWorker = { type: 'embed', id, texts: job.texts };
      slot.worker.send(message);
    }
  }
}
