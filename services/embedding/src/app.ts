import { AppError, Errors, type AppInstance, type FieldIssue, type Role } from '@chanjiao/platform';
import { BGE_SMALL_ZH } from './model/manifest.js';
import { CACHE_HEADER, EmbeddingRequest, EmbeddingResponse, PRIORITY_HEADER, vectorToBase64, type EmbeddingItem } from './schemas.js';

/** The limits of one request, from `EMBED_MAX_INPUTS` and `EMBED_MAX_CHARS`. */
export interface EmbeddingLimits {
  readonly maxInputs: number;
  readonly maxChars: number;
}

/** Throws the 400 a request deserves, or returns its texts. */
export function checkEmbeddingInput(body: EmbeddingRequest, limits: EmbeddingLimits): string[] {
  if (body.model !== undefined && !BGE_SMALL_ZH.aliases.includes(body.model)) {
    throw new AppError(Errors.EMBED_MODEL_UNKNOWN, {
      fields: [{ path: 'body.model', message: `this service embeds with ${BGE_SMALL_ZH.name}` }],
      details: { model: BGE_SMALL_ZH.name },
    });
  }
  const single = typeof body.input === 'string';
  const texts = typeof body.input === 'string' ? [body.input] : body.input;
  const at = (i: number) => (single ? 'body.input' : `body.input.${i}`);
  if (texts.length === 0) {
    throw new AppError(Errors.EMBED_INPUT_EMPTY, { fields: [{ path: 'body.input', message: 'an empty list' }] });
  }
  if (texts.length > limits.maxInputs) {
    throw new AppError(Errors.EMBED_TOO_MANY_INPUTS, {
      fields: [{ path: 'body.input', message: `${texts.length} texts, at most ${limits.maxInputs}` }],
      details: { max: limits.maxInputs, got: texts.length },
    });
  }
  const blank: FieldIssue[] = [];
  const long: FieldIssue[] = [];
  texts.forEach((t, i) => {
    if (t.trim() === '') blank.push({ path: at(i), message: 'a blank text' });
    else if (t.length > limits.maxChars) {
      // length counts UTF-16 units; only a text that is long in those is counted in characters.
      const chars = [...t].length;
      if (chars > limits.maxChars) long.push({ path: at(i), message: `${chars} characters, at most ${limits.maxChars}` });
    }
  });
  if (blank.length > 0) throw new AppError(Errors.EMBED_INPUT_EMPTY, { fields: blank });
  if (long.length > 0) throw new AppError(Errors.EMBED_TEXT_TOO_LONG, { fields: long, details: { maxChars: limits.maxChars } });
  return texts;
}

/**
 * Who may call `POST /v1/embeddings` with an API key: the joint office (its own analyses) and
 * admins. HR, students and operators never need raw vectors (search embeds their queries itself),
 * and every text embedded costs the CPU their searches run on.
 */
export const EMBEDDING_API_ROLES: readonly Role[] = ['office', 'admin'];

/**
 * The embedding service's routes: `POST /v1/embeddings` (OpenAI-compatible). Needs
 * `app.embedder` (embedderPlugin) and `app.config`; never listens (server.ts does).
 *
 * Behind the auth plugin (the embedded host) only {@link EMBEDDING_API_ROLES} may call it, and a
 * keyed request is an outside caller's: it always goes to the bulk lane (behind every search
 * query, whatever its priority header says), its vectors are cached in memory only (an outside
 * caller does not grow the store), and one key may have `EMBED_API_CONCURRENCY_PER_KEY` requests
 * running at once (429 EMBED_QUOTA_EXCEEDED beyond). The standalone service has no keys and belongs
 * on the internal network, where only the other services reach it; their headers are trusted.
 */
export async function embeddingApp(app: AppInstance): Promise<void> {
  const limits: EmbeddingLimits = { maxInputs: app.config.EMBED_MAX_INPUTS, maxChars: app.config.EMBED_MAX_CHARS };
  const perKey = app.config.EMBED_API_CONCURRENCY_PER_KEY;
  const running = new Map<string, number>();
  app.post(
    '/v1/embeddings',
    {
      config: { access: { roles: EMBEDDING_API_ROLES } },
      schema: {
        tags: ['embedding'],
        summary: 'Embed texts with bge-small-zh-v1.5 (512-d, unit length)',
        body: EmbeddingRequest,
        response: { 200: EmbeddingResponse },
      },
    },
    async (request) => {
      const texts = checkEmbeddingInput(request.body, limits);
      const keyId = request.principal?.keyId;
      // The other services (no key, internal network) mark their indexing work as bulk, so it
      // queues behind searches; an outside caller's texts always do.
      const priority = keyId !== undefined || request.headers[PRIORITY_HEADER] === 'bulk' ? 'bulk' : 'interactive';
      const cache = keyId !== undefined || request.headers[CACHE_HEADER] === 'memory' ? 'memory' : 'store';
      if (keyId !== undefined) {
        const now = running.get(keyId) ?? 0;
        if (now >= perKey) throw new AppError(Errors.EMBED_QUOTA_EXCEEDED, { headers: { 'retry-after': '1' }, details: { running: now, max: perKey } });
        running.set(keyId, now + 1);
      }
      let result;
      try {
        result = await app.embedder.embedWithUsage(texts, { priority, cache });
      } finally {
        if (keyId !== undefined) {
          const left = (running.get(keyId) ?? 1) - 1;
          if (left > 0) running.set(keyId, left);
          else running.delete(keyId);
        }
      }
      const { vectors, promptTokens } = result;
      const base64 = request.body.encoding_format === 'base64';
      const data: EmbeddingItem[] = vectors.map((v, index) => ({
        object: 'embedding',
        index,
        embedding: base64 ? vectorToBase64(v) : Array.from(v),
      }));
      return {
        object: 'list' as const,
        data,
        model: app.embedder.model,
        usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
      };
    },
  );
}
