import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '@chanjiao/platform';

/** The repository root (test files live in services/embedding/test). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Config as users get it, from the environment. The model folder is EMBEDDING_MODEL_DIR when set
 * (CI sets it), else the developers' shared copy next to the repository.
 */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    ...process.env,
    EMBEDDING_MODEL_DIR: process.env.EMBEDDING_MODEL_DIR || resolve(REPO_ROOT, '../shared/models/bge-small-zh-v1.5'),
    ...overrides,
  });
}

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
