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
 * Who waits for a text. `interactive`: a person (a search query); `bulk`: the indexer embedding
 * ingested profiles, where a second more costs nobody anything.
 */
export type EmbedPriority = 'interactive' | 'bulk';

/** How long after the last interactive item one worker stays kept for interactive work. */
export const INTERACTIVE_RESERVE_MS = 1000;

/** One FIFO of waiting items (an array with a moving head, compacted now and then). */
class Lane<T, R> {
  #queue: Array<Waiting<T, R>> = [];
  #head = 0;

  get waiting(): number {
    return this.#queue.length - this.#head;
  }

  get oldest(): Waiting<T, R> | undefined {
    return this.#queue[this.#head];
  }

  push(w: Waiting<T, R>): void {
    this.#queue.push(w);
  }

  take(n: number): Array<Waiting<T, R>> {
    const out = this.#queue.slice(this.#head, this.#head + n);
    this.#head += out.length;
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    return out;
  }
}

/**
 * A micro-batching queue with two lanes. Items wait in arrival order within their lane; a batch
 * leaves when it is full, when nothing else is running (an idle system never makes a lone query
 * wait), or when its oldest item has waited `maxWaitMs` while other batches run. Under load,
 * batches fill up while the workers are busy, so throughput rises without a fixed delay on every
 * request.
 *
 * Interactive items (search queries) always go before bulk ones (profiles being indexed), and a
 * batch never mixes the two (a short query padded to a profile's length would cost it the
 * profile's time). While interactive items keep coming (within {@link INTERACTIVE_RESERVE_MS}),
 * bulk batches use at most `concurrency - 1` slots, so a query never waits behind a long bulk
 * batch on every worker: during an import, searches keep their latency and indexing slows down
 * instead (ingested records are durable; the index catches up).
 */
export class MicroBatcher<T, R> {
  readonly #opts: MicroBatcherOptions<T, R>;
  readonly #interactive = new Lane<T, R>();
  readonly #bulk = new Lane<T, R>();
  #running = 0;
  #runningBulk = 0;
  #lastInteractive = -Infinity;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(opts: MicroBatcherOptions<T, R>) {
    for (const key of ['maxBatch', 'capacity', 'concurrency'] as const) {
      if (!Number.isInteger(opts[key]) || opts[key] < 1) throw new RangeError(`MicroBatcher: ${key} must be an integer ≥ 1, got ${opts[key]}`);
    }
    if (!(opts.maxWaitMs >= 0)) throw new RangeError(`MicroBatcher: maxWaitMs must be ≥ 0, got ${opts.maxWaitMs}`);
    this.#opts = opts;
  }

  /** Items waiting for a batch (both lanes). */
  get waiting(): number {
    return this.#interactive.waiting + this.#bulk.waiting;
  }

  /** Batches handed to `run` and not yet settled. */
  get running(): number {
    return this.#running;
  }

  /**
   * Queue all items or none: throws {@link QueueFullError} when they do not all fit (the capacity
   * is shared by both lanes). Returns one promise per item.
   */
  submit(items: readonly T[], priority: EmbedPriority = 'interactive'): Array<Promise<R>> {
    if (this.#closed) throw new Error('MicroBatcher: closed');
    if (this.waiting + items.length > this.#opts.capacity) throw new QueueFullError(this.waiting, this.#opts.capacity);
    const now = performance.now();
    const lane = priority === 'bulk' ? this.#bulk : this.#interactive;
    if (priority !== 'bulk' && items.length > 0) this.#lastInteractive = now;
    const promises = items.map((item) => new Promise<R>((resolve, reject) => lane.push({ item, since: now, resolve, reject })));
    this.#pump();
    return promises;
  }

  /** Refuse new items and reject the waiting ones; running batches finish. */
  close(reason: Error = new Error('MicroBatcher: closed')): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    for (const lane of [this.#interactive, this.#bulk]) for (const w of lane.take(lane.waiting)) w.reject(reason);
  }

  #pump(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const { maxBatch, maxWaitMs, concurrency } = this.#opts;
    let wakeAt = Infinity;
    while (this.#running < concurrency) {
      const now = performance.now();
      let lane = this.#interactive;
      if (lane.waiting === 0) {
        if (this.#bulk.waiting === 0) break;
        const reserveUntil = this.#lastInteractive + INTERACTIVE_RESERVE_MS;
        const bulkSlots = concurrency > 1 && now < reserveUntil ? concurrency - 1 : concurrency;
        if (this.#runningBulk >= bulkSlots) {
          // Kept for queries; the slot opens to bulk work when the reserve lapses.
          wakeAt = Math.min(wakeAt, reserveUntil);
          break;
        }
        lane = this.#bulk;
      }
      const due = lane.oldest!.since + maxWaitMs;
      if (lane.waiting >= maxBatch || this.#running === 0 || due <= now) {
        this.#dispatch(lane.take(maxBatch), lane === this.#bulk);
      } else {
        wakeAt = Math.min(wakeAt, due);
        break;
      }
    }
    if (wakeAt < Infinity && !this.#closed) this.#timer = setTimeout(() => this.#pump(), Math.max(1, Math.ceil(wakeAt - performance.now())));
  }

  #dispatch(batch: Array<Waiting<T, R>>, bulk: boolean): void {
    this.#running++;
    if (bulk) this.#runningBulk++;
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
      if (bulk) this.#runningBulk--;
      if (!this.#closed) this.#pump();
    });
  }
}
