export type { Store, Change, UpsertItem, UpsertOptions, WriteOutcome, StoredDocument } from './store.js';
export { SqliteStore, STORE_FORMAT_VERSION, parseStored, type SqliteStoreOptions } from './sqlite-store.js';
export { openStore } from './open.js';
export { storePlugin } from './plugin.js';
