/**
 * More items are waiting than the queue holds. Thrown synchronously by
 * {@link MicroBatcher.submit}, before any of the items is queued.
 */
export class QueueFullError extends Error {
  override readonly name = 'QueueFullError';
  constructor(
    readonly waiting: number,
    readonly capacity: number,
  ) {
    super(`queue full: ${waiting} waiting, capacity ${capacity}`);
  }
}

export interface MicroBatcherOptions<T, R> {
  /** Most items handed to `run` at once. */
  readonly maxBatch: number;
  /** How long the oldest waiting item may wait for a batch to fill while other batches run. */
  readonly maxWaitMs: number;
  /** Most items waiting (not yet handed to `run`); more are refused with {@link QueueFullError}. */
  readonly capacity: number;
  /** Most batches running at once (one per worker). */
  readonly concurrency: number;
  /** Runs one batch; resolves with one result per item, in order. */
  readonly run: (batch: T[]) => Promise<R[]>;
}

interface Waiting<T, R> {
  readonly item: T;
  readonly since: number;
  readonly resolve: (value: R) => void;
  readonly reject: (reason: unknown) => void;
}

/**
 * A micro-batching queue. Items wait in arrival order; a batch leaves when it is full, when
 * nothing else is running (an idle system never makes a lone query wait), or when its oldest
 * item has waited `maxWaitMs` while other batches run. Under load, batches fill up while the
 * workers are busy, so throughput rises without a fixed delay on every request.
 */
export class MicroBatcher<T, R> {
  readonly #opts: MicroBatcherOptions<T, R>;
  #queue: Array<Waiting<T, R>> = [];
  #head = 0;
  #running = 0;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(opts: MicroBatcherOptions<T, R>) {
    for (const key of ['maxBatch', 'capacity', 'concurrency'] as const) {
      if (!Number.isInteger(opts[key]) || opts[key] < 1) throw new RangeError(`MicroBatcher: ${key} must be an integer ≥ 1, got ${opts[key]}`);
    }
    if (!(opts.maxWaitMs >= 0)) throw new RangeError(`MicroBatcher: maxWaitMs must be ≥ 0, got ${opts.maxWaitMs}`);
    this.#opts = opts;
  }

  /** Items waiting for a batch. */
  get waiting(): number {
    return this.#queue.length - this.#head;
  }

  /** Batches handed to `run` and not yet settled. */
  get running(): number {
    return this.#running;
  }

  /**
   * Queue all items or none: throws {@link QueueFullError} when they do not all fit.
   * Returns one promise per item.
   */
  submit(items: readonly T[]): Array<Promise<R>> {
    if (this.#closed) throw new Error('MicroBatcher: closed');
    if (this.waiting + items.length > this.#opts.capacity) throw new QueueFullError(this.waiting, this.#opts.capacity);
    const now = performance.now();
    const promises = items.map(
      (item) => new Promise<R>((resolve, reject) => this.#queue.push({ item, since: now, resolve, reject })),
    );
    this.#pump();
    return promises;
  }

  /** Refuse new items and reject the waiting ones; running batches finish. */
  close(reason: Error = new Error('MicroBatcher: closed')): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    for (const w of this.#take(this.waiting)) w.reject(reason);
  }

  #take(n: number): Array<Waiting<T, R>> {
    const out = this.#queue.slice(this.#head, this.#head + n);
    this.#head += out.length;
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    return out;
  }

  #pump(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const { maxBatch, maxWaitMs, concurrency } = this.#opts;
    while (this.waiting > 0 && this.#running < concurrency) {
      const oldest = this.#queue[this.#head]!;
      const due = oldest.since + maxWaitMs - performance.now();
      if (this.waiting >= maxBatch || this.#running === 0 || due <= 0) {
        this.#dispatch(this.#take(maxBatch));
      } else {
        this.#timer = setTimeout(() => this.#pump(), Math.ceil(due));
        return;
      }
    }
  }

  #dispatch(batch: Array<Waiting<T, R>>): void {
    this.#running++;
    let run: Promise<R[]>;
    try {
      run = this.#opts.run(batch.map((w) => w.item));
    } catch (err) {
      run = Promise.reject(err);
    }
    run.then(
      (results) => {
        if (results.length !== batch.length) {
          const err = new Error(`MicroBatcher: run returned ${results.length} results for ${batch.length} items`);
          for (const w of batch) w.reject(err);
        } else {
          batch.forEach((w, i) => w.resolve(results[i]!));
        }
      },
      (err: unknown) => {
        for (const w of batch) w.reject(err);
      },
    ).finally(() => {
      this.#running--;
      if (!this.#closed) this.#pump();
    });
  }
}
