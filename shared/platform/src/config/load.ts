import { ConfigEnv } from './schema.js';

export type Config = Readonly<ConfigEnv>;

/** A bad environment value: the message names every failing variable and what was expected. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly issues: ReadonlyArray<{ variable: string; message: string }>) {
    super(`invalid configuration:\n${issues.map((i) => `  ${i.variable}: ${i.message}`).join('\n')}`);
  }
}

/**
 * Parse the configuration once, at start, from the environment (or from the given
 * object: tests pass their own). Unknown variables are ignored; an empty string counts as unset.
 * The result is frozen and passed down: nothing else reads `process.env`.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<ConfigEnv> = {}): Config {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(ConfigEnv.shape)) {
    const v = env[key];
    if (v !== undefined && v !== '') cleaned[key] = v;
  }
  const parsed = ConfigEnv.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '?'), message: i.message })));
  }
  const config = { ...parsed.data, ...overrides };
  if (config.MODE === 'distributed' && !config.ELASTICSEARCH_URL) {
    throw new ConfigError([{ variable: 'ELASTICSEARCH_URL', message: 'required when MODE=distributed' }]);
  }
  return Object.freeze(config);
}
