import { basename, dirname, resolve } from 'node:path';
import { env, pipeline } from '@xenova/transformers';

/** Texts → unit vectors, one call per batch, on the calling thread. */
export type PlainEmbed = (texts: string[]) => Promise<Float32Array[]>;

/**
 * The plain @xenova/transformers feature-extraction pipeline over a local model folder: offline,
 * default session options, [CLS] pooling, normalized. It is the reference the service is checked
 * against (tests) and measured against (`pnpm bench:embed`); the service never uses it, since it
 * blocks the thread it runs on. Texts are taken as given (not normalized).
 */
export async function plainPipeline(modelDir: string): Promise<PlainEmbed> {
  const dir = resolve(modelDir);
  env.allowRemoteModels = false;
  env.localModelPath = dirname(dir);
  const extract = await pipeline('feature-extraction', basename(dir), { quantized: true });
  return async (texts) => {
    const out = await extract(texts, { pooling: 'cls', normalize: true });
    const [n, d] = out.dims as [number, number];
    const data = out.data as Float32Array;
    return Array.from({ length: n }, (_, i) => data.slice(i * d, (i + 1) * d));
  };
}
