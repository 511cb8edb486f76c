import { z } from 'zod';

/**
 * Request header with which a caller marks its texts `bulk` (indexing): they queue behind
 * interactive ones (searches). Absent or anything else: interactive.
 */
export const PRIORITY_HEADER = 'x-embedding-priority';
/** `memory`: the texts are search queries, cached in memory only (see EmbedOptions.cache). */
export const CACHE_HEADER = 'x-embedding-cache';

/**
 * `POST /v1/embeddings`, in the shape of OpenAI's embeddings API so existing clients work.
 * The limits that depend on configuration (how many texts, how long) are checked by the route
 * and answered with their own codes (EMBED_TOO_MANY_INPUTS, EMBED_TEXT_TOO_LONG, EMBED_INPUT_EMPTY).
 */
export const EmbeddingRequest = z
  .object({
    input: z
      .union([z.string(), z.array(z.string())])
      .describe('One text or a list of texts. Texts are normalized (NFKC, Latin lowercased) before embedding.'),
    model: z.string().optional().describe('bge-small-zh-v1.5 (or BAAI/bge-small-zh-v1.5); any other name is refused.'),
    encoding_format: z
      .enum(['float', 'base64'])
      .default('float')
      .describe('float: number arrays. base64: little-endian float32 bytes, about a quarter of the size.'),
    dimensions: z.literal(512).optional().describe('Only 512: the model has no shorter output.'),
    user: z.string().optional().describe('Accepted for compatibility and ignored.'),
  });
export type EmbeddingRequest = z.infer<typeof EmbeddingRequest>;

export const EmbeddingItem = z.object({
  object: z.literal('embedding'),
  index: z.number().int().min(0),
  embedding: z.union([z.array(z.number()), z.string()]).describe('512 numbers, or base64 of 512 float32 values.'),
});
export type EmbeddingItem = z.infer<typeof EmbeddingItem>;

export const EmbeddingResponse = z.object({
  object: z.literal('list'),
  data: z.array(EmbeddingItem),
  model: z.string(),
  usage: z
    .object({ prompt_tokens: z.number().int().min(0), total_tokens: z.number().int().min(0) })
    .describe('Tokens the model ran for this request; texts answered from the vector cache cost none.'),
});
export type EmbeddingResponse = z.infer<typeof EmbeddingResponse>;

/** float32 vector ↔ base64 of its little-endian bytes (`encoding_format: 'base64'`). */
export function vectorToBase64(vector: Float32Array): string {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64');
}

export function vectorFromBase64(text: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  const out = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}
