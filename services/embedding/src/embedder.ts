import type { FastifyBaseLogger } from 'fastify';
import type { EmbedPriority } from './local/batcher.js';

/** Vectors for a list of texts, and what the model spent on them. */
export interface EmbedResult {
  /** One unit-length vector per input text, in input order. */
  readonly vectors: Float32Array[];
  /** Tokens the model ran for this call; texts served from the cache or shared with another call cost none. */
  readonly promptTokens: number;
}

/** How a call is queued: `interactive` (default: someone waits) before `bulk` (indexing). */
export interface EmbedOptions {
  readonly priority?: EmbedPriority;
  /**
   * Where the vectors are cached: `store` (default: records' texts, persisted so a rebuild or a
   * restart costs no inference) or `memory` (search queries: a bounded in-memory LRU only. A row in
   * the store per distinct query would grow it with every search, and reading the store for
   * queries that are almost never there costs more than it saves).
   */
  readonly cache?: EmbedCache;
}

export type EmbedCache = 'store' | 'memory';

/**
 * Text → vector. One interface, two implementations: {@link LocalEmbedder} runs the model in
 * inference worker processes started by this one (embedded mode, and the embedding service itself);
 * {@link EmbeddingClient} asks the embedding service over HTTP (distributed mode).
 *
 * Inputs are normalized before embedding (`normalizeText`: NFKC, Latin lowercased), so `PLC`
 * and `plc` get the same vector; build record texts with `studentText` / `postText` / `queryText`.
 */
export interface Embedder {
  /** The model name; vectors of different models are never compared or cached together. */
  readonly model: string;
  readonly dimensions: number;
  embed(texts: readonly string[], options?: EmbedOptions): Promise<Float32Array[]>;
  embedWithUsage(texts: readonly string[], options?: EmbedOptions): Promise<EmbedResult>;
  /** The model is loaded and has run a warm-up inference (local), or the service answered ready (client). */
  isReady(): boolean;
  close(): Promise<void>;
}

/** The logging the embedders do: a pino / fastify logger (`app.log.child({ module: 'embedder' })`). */
export type EmbedderLogger = Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;

/** For embedders built without a logger (scripts, tests). */
export const silentLogger: EmbedderLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
