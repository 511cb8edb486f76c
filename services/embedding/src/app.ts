import { AppError, Errors, ROLES, type AppInstance, type FieldIssue } from '@chanjiao/platform';
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
 * The embedding service's routes: `POST /v1/embeddings` (OpenAI-compatible). Needs
 * `app.embedder` (embedderPlugin) and `app.config`; never listens (server.ts does).
 * Behind the auth plugin (the embedded host) any API key may call it: a text's vector reveals
 * nothing, but inference costs CPU, so it is not public. The standalone service has no keys
 * and belongs on the internal network, where only the other services reach it.
 */
export async function embeddingApp(app: AppInstance): Promise<void> {
  const limits: EmbeddingLimits = { maxInputs: app.config.EMBED_MAX_INPUTS, maxChars: app.config.EMBED_MAX_CHARS };
  app.post(
    '/v1/embeddings',
    {
      config: { access: { roles: ROLES } },
      schema: {
        tags: ['embedding'],
        summary: 'Embed texts with bge-small-zh-v1.5 (512-d, unit length)',
        body: EmbeddingRequest,
        response: { 200: EmbeddingResponse },
      },
    },
    async (request) => {
      const texts = checkEmbeddingInput(request.body, limits);
      // The other services mark their indexing work as bulk, so it queues behind searches.
      const priority = request.headers[PRIORITY_HEADER] === 'bulk' ? 'bulk' : 'interactive';
      const cache = request.headers[CACHE_HEADER] === 'memory' ? 'memory' : 'store';
      const { vectors, promptTokens } = await app.embedder.embedWithUsage(texts, { priority, cache });
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
