import { join } from 'node:path';
import type { Config } from '@chanjiao/platform';
import { SqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

/** The store the config asks for. Embedded mode: SQLite in `DATA_DIR/store.sqlite`. */
export function openStore(config: Pick<Config, 'DATA_DIR' | 'STORE_SYNCHRONOUS'>): Store {
  return new SqliteStore({ path: join(config.DATA_DIR, 'store.sqlite'), synchronous: config.STORE_SYNCHRONOUS });
}
