import type { Store } from '@chanjiao/store';
import type { EmbedderLogger } from '../embedder.js';

export interface VectorCacheOptions {
  /** Most vectors held before a write starts (default 1 024). */
  readonly maxPending?: number;
  /** Longest a new vector waits for its write (default 20 ms). */
  readonly flushMs?: number;
  readonly logger: EmbedderLogger;
}

/**
 * Recent query vectors, in memory only: a Map in insertion order is an LRU (a hit moves its
 * entry to the end, the oldest entry goes first). 10k vectors of 512 floats hold 20 MiB.
 */
export class QueryVectorCache {
  readonly #max: number;
  readonly #entries = new Map<string, Float32Array>();

  constructor(maxEntries: number) {
    this.#max = maxEntries;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(hashes: readonly string[]): Map<string, Float32Array> {
    const out = new Map<string, Float32Array>();
    for (const h of hashes) {
      const v = this.#entries.get(h);
      if (!v) continue;
      this.#entries.delete(h);
      this.#entries.set(h, v);
      out.set(h, v);
    }
    return out;
  }

  put(entries: ReadonlyArray<readonly [string, Float32Array]>): void {
    if (this.#max === 0) return;
    for (const [h, v] of entries) {
      this.#entries.delete(h);
      this.#entries.set(h, v);
      if (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value!);
    }
  }
}

/**
 * The vector cache in the store, written behind: a new vector is answered from memory at once
 * and written with the others in one transaction every `flushMs` (or every `maxPending`
 * vectors), so a query never waits for an fsync and a bulk import pays one per flush instead of
 * one per request. A crash loses at most the last `flushMs` of cache writes: those texts are
 * embedded again, nothing else is lost.
 */
export class VectorCache {
  readonly #store: Pick<Store, 'getVectors' | 'putVectors'>;
  readonly #model: string;
  readonly #maxPending: number;
  readonly #flushMs: number;
  readonly #log: EmbedderLogger;
  /** Not yet handed to the store. */
  #pending = new Map<string, Float32Array>();
  /** Being written now: still answered from memory until the write is done. */
  #writing: Map<string, Float32Array> | undefined;
  #write: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(store: Pick<Store, 'getVectors' | 'putVectors'>, model: string, opts: VectorCacheOptions) {
    this.#store = store;
    this.#model = model;
    this.#maxPending = opts.maxPending ?? 1024;
    this.#flushMs = opts.flushMs ?? 20;
    this.#log = opts.logger;
  }

  async get(hashes: readonly string[]): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    const rest: string[] = [];
    for (const h of hashes) {
      const v = this.#pending.get(h) ?? this.#writing?.get(h);
      if (v) out.set(h, v);
      else rest.push(h);
    }
    if (rest.length > 0) for (const [h, v] of await this.#store.getVectors(this.#model, rest)) out.set(h, v);
    return out;
  }

  put(entries: ReadonlyArray<readonly [string, Float32Array]>): void {
    for (const [h, v] of entries) this.#pending.set(h, v);
    if (this.#pending.size >= this.#maxPending) void this.flush();
    else this.#timer ??= setTimeout(() => void this.flush(), this.#flushMs);
  }

  /** Write everything held now; resolves once it is in the store (a failed write is logged, not thrown). */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#write) await this.#write;
    if (this.#pending.size === 0) return;
    const batch = this.#pending;
    this.#pending = new Map();
    this.#writing = batch;
    this.#write = this.#store
      .putVectors(this.#model, [...batch])
      .catch((err: unknown) => this.#log.warn({ err, vectors: batch.size }, 'vector cache write failed; those texts will be embedded again'))
      .finally(() => {
        this.#writing = undefined;
        this.#write = undefined;
      });
    await this.#write;
  }
}
