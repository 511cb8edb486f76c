import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BGE_SMALL_ZH, type ModelFile } from './manifest.js';

/** What is wrong with one file of a model folder. */
export interface ModelFileProblem {
  readonly path: string;
  readonly problem: 'missing' | 'size' | 'sha256';
}

/** Digest of a file, streamed (the ONNX file is 24 MB). */
export async function hashFile(path: string, algorithm = 'sha256', encoding: 'hex' | 'base64' = 'hex'): Promise<string> {
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest(encoding);
}

export async function sha256File(path: string): Promise<string> {
  return hashFile(path);
}

/** Check one file against its pinned size and sha256; null when it is right. */
export async function checkModelFile(dir: string, file: ModelFile): Promise<ModelFileProblem | null> {
  const path = join(dir, ...file.path.split('/'));
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) return { path: file.path, problem: 'missing' };
  if (info.size !== file.bytes) return { path: file.path, problem: 'size' };
  if ((await sha256File(path)) !== file.sha256) return { path: file.path, problem: 'sha256' };
  return null;
}

/** Every file of the model folder checked against the manifest; an empty list means verified. */
export async function verifyModelDir(dir: string, files: readonly ModelFile[] = BGE_SMALL_ZH.files): Promise<ModelFileProblem[]> {
  const results = await Promise.all(files.map((f) => checkModelFile(dir, f)));
  return results.filter((r): r is ModelFileProblem => r !== null);
}

/**
 * The model folder is missing or not the pinned model. The message tells the operator what to do:
 * the service never falls back to another model or a fake embedder.
 */
export class ModelUnavailableError extends Error {
  override readonly name = 'ModelUnavailableError';
  constructor(
    readonly dir: string,
    readonly problems: readonly ModelFileProblem[],
  ) {
    super(
      `the embedding model in ${dir} is not usable (${problems.map((p) => `${p.path}: ${p.problem}`).join(', ')}). ` +
        'Run `pnpm model:fetch` to download and verify it, or set EMBEDDING_MODEL_DIR to a folder holding ' +
        `the verified ${BGE_SMALL_ZH.name} files.`,
    );
  }
}

/** Throws {@link ModelUnavailableError} unless every pinned file is present and verified. */
export async function assertModelDir(dir: string): Promise<void> {
  const problems = await verifyModelDir(dir);
  if (problems.length > 0) throw new ModelUnavailableError(dir, problems);
}
