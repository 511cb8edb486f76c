import { AppError, ErrorCatalogue, Errors } from '@chanjiao/platform';
import type { EmbedCache, EmbedOptions, EmbedResult, Embedder, EmbedderLogger } from './embedder.js';
import type { EmbedPriority } from './local/batcher.js';
import { BGE_SMALL_ZH } from './model/manifest.js';
import { CACHE_HEADER, EmbeddingResponse, PRIORITY_HEADER, vectorFromBase64, type EmbeddingRequest } from './schemas.js';

export interface EmbeddingClientOptions {
  /** Base URL of the embedding service, e.g. `http://embedding:3000`. */
  readonly baseUrl: string;
  /** Texts per request: longer lists are sent in chunks of this size (the service's `EMBED_MAX_INPUTS`). */
  readonly maxInputs: number;
  /** Per-request timeout (default 30 000 ms). */
  readonly timeoutMs?: number;
  /** Retries of a request answered 429 or 503 or not answered at all (default 2); waits Retry-After, at most 5 s. */
  readonly retries?: number;
  /** How often `isReady()` is refreshed from `/readyz` (default 5 000 ms; 0 = only on demand via `checkReady`). */
  readonly readinessIntervalMs?: number;
  readonly logger?: EmbedderLogger;
  /** The HTTP function (default the global fetch); injected to put a proxy or a test server in between. */
  readonly fetch?: typeof fetch;
}

const RETRYABLE = new Set([429, 502, 503, 504]);

/**
 * {@link Embedder} over HTTP: the embedding service's `POST /v1/embeddings` (distributed mode).
 * Vectors travel as base64 float32; every reply is validated. The service's 4xx codes come back
 * as the same AppError; an unreachable service is EMBED_SERVICE_UNAVAILABLE, an unreadable
 * reply EMBED_UPSTREAM_INVALID.
 */
export class EmbeddingClient implements Embedder {
  readonly model = BGE_SMALL_ZH.name;
  readonly dimensions = BGE_SMALL_ZH.dimensions;
  readonly #base: string;
  readonly #opts: Required<Omit<EmbeddingClientOptions, 'logger' | 'baseUrl'>>;
  readonly #log: EmbedderLogger | undefined;
  #ready = false;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(opts: EmbeddingClientOptions) {
    if (!Number.isInteger(opts.maxInputs) || opts.maxInputs < 1) throw new RangeError(`EmbeddingClient: maxInputs must be ≥ 1, got ${opts.maxInputs}`);
    this.#base = new URL(opts.baseUrl).toString().replace(/\/+$/, '');
    this.#opts = {
      maxInputs: opts.maxInputs,
      timeoutMs: opts.timeoutMs ?? 30_000,
      retries: opts.retries ?? 2,
      readinessIntervalMs: opts.readinessIntervalMs ?? 5_000,
      fetch: opts.fetch ?? fetch,
    };
    this.#log = opts.logger;
    if (this.#opts.readinessIntervalMs > 0) {
      void this.checkReady();
      this.#timer = setInterval(() => void this.checkReady(), this.#opts.readinessIntervalMs);
      this.#timer.unref();
    }
  }

  /** The last readiness the service reported (or a successful embedding since). */
  isReady(): boolean {
    return !this.#closed && this.#ready;
  }

  /** Ask the service's `/readyz` now. */
  async checkReady(): Promise<boolean> {
    try {
      const res = await this.#opts.fetch(`${this.#base}/readyz`, { signal: AbortSignal.timeout(this.#opts.timeoutMs) });
      await res.arrayBuffer();
      this.#ready = res.status === 200;
    } catch {
      this.#ready = false;
    }
    return this.#ready;
  }

  async embed(texts: readonly string[], options?: EmbedOptions): Promise<Float32Array[]> {
    return (await this.embedWithUsage(texts, options)).vectors;
  }

  async embedWithUsage(texts: readonly string[], options: EmbedOptions = {}): Promise<EmbedResult> {
    const priority = options.priority ?? 'interactive';
    const cache = options.cache ?? 'store';
    const chunks: string[][] = [];
    for (let i = 0; i < texts.length; i += this.#opts.maxInputs) chunks.push(texts.slice(i, i + this.#opts.maxInputs));
    // One failing chunk fails the call: the others are cancelled rather than left running.
    const cancel = new AbortController();
    const replies = await Promise.all(
      chunks.map((chunk, i) =>
        this.#request(chunk, i * this.#opts.maxInputs, priority, cache, cancel.signal).catch((err: unknown) => {
          cancel.abort();
          throw err;
        }),
      ),
    );
    return {
      vectors: replies.flatMap((r) => r.vectors),
      promptTokens: replies.reduce((sum, r) => sum + r.promptTokens, 0),
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
  }

  /** `offset`: where this chunk starts in the caller's list, so failing fields name the caller's index. */
  async #request(texts: string[], offset: number, priority: EmbedPriority, cache: EmbedCache, cancel: AbortSignal): Promise<EmbedResult> {
    const body: EmbeddingRequest = { input: texts, model: this.model, encoding_format: 'base64' };
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await this.#opts.fetch(`${this.#base}/v1/embeddings`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [PRIORITY_HEADER]: priority, [CACHE_HEADER]: cache },
          body: JSON.stringify(body),
          signal: AbortSignal.any([cancel, AbortSignal.timeout(this.#opts.timeoutMs)]),
        });
      } catch (err) {
        if (cancel.aborted) throw err;
        this.#ready = false;
        if (attempt < this.#opts.retries) {
          await sleep(backoffMs(attempt));
          continue;
        }
        throw new AppError(Errors.EMBED_SERVICE_UNAVAILABLE, { cause: err });
      }
      const payload = await res.json().catch(() => undefined);
      if (res.ok) {
        this.#ready = true;
        return this.#parse(payload, texts.length);
      }
      const retryAfter = Number(res.headers.get('retry-after'));
      if (RETRYABLE.has(res.status) && attempt < this.#opts.retries) {
        await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1000, 5_000) : backoffMs(attempt));
        continue;
      }
      throw this.#replyError(res, payload, offset);
    }
  }

  #parse(payload: unknown, expected: number): EmbedResult {
    const parsed = EmbeddingResponse.safeParse(payload);
    const fail = (why: string) => {
      this.#log?.error({ why }, 'embedding service reply rejected');
      return new AppError(Errors.EMBED_UPSTREAM_INVALID);
    };
    if (!parsed.success) throw fail(parsed.error.message);
    const reply = parsed.data;
    if (reply.model !== this.model) throw fail(`model ${reply.model}`);
    if (reply.data.length !== expected) throw fail(`${reply.data.length} vectors for ${expected} texts`);
    const vectors: Float32Array[] = new Array(expected);
    for (const item of reply.data) {
      const v = typeof item.embedding === 'string' ? vectorFromBase64(item.embedding) : Float32Array.from(item.embedding);
      if (v.length !== this.dimensions || item.index >= expected || vectors[item.index]) throw fail(`bad item ${item.index}`);
      vectors[item.index] = v;
    }
    return { vectors, promptTokens: reply.usage.prompt_tokens };
  }

  /** The service's own catalogue code when it sent one we know; else a 502. */
  #replyError(res: Response, payload: unknown, offset: number): AppError {
    const code = (payload as { code?: unknown } | undefined)?.code;
    const def = typeof code === 'string' ? ErrorCatalogue[code] : undefined;
    if (def && def.statusCode === res.status) {
      const p = payload as { fields?: Array<{ path: string; message: string }>; details?: Record<string, unknown> };
      const retryAfter = res.headers.get('retry-after');
      return new AppError(def, {
        ...(def.statusCode < 500 && Array.isArray(p.fields) ? { fields: p.fields.map((f) => shiftField(f, offset)) } : {}),
        ...(def.statusCode < 500 && p.details ? { details: p.details } : {}),
        ...(retryAfter ? { headers: { 'retry-after': retryAfter } } : {}),
      });
    }
    this.#log?.error({ status: res.status, code }, 'embedding service failed');
    return new AppError(Errors.EMBED_UPSTREAM_INVALID);
  }
}

/** `body.input.3` of a chunk starting at 256 → `body.input.259`. */
function shiftField(field: { path: string; message: string }, offset: number) {
  const m = /^body\.input\.(\d+)$/.exec(field.path);
  return m && offset > 0 ? { path: `body.input.${Number(m[1]) + offset}`, message: field.message } : field;
}

function backoffMs(attempt: number): number {
  return Math.min(2_000, 100 * 2 ** attempt);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
