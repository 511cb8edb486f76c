/**
 * A small host for the console API tests: config, an in-memory store, auth (API keys and
 * sessions), key admin, the search index (no embedder: searches are lexical-only, which these
 * tests do not exercise), the matching routes and ingestion. No model load, so each test file
 * builds its own in well under a second.
 */
import { authPlugin, configPlugin, createHttpServer, keyAdminRoutes, loadConfig, type AppInstance, type Role } from '@chanjiao/platform';
import { ingestionApp } from '@chanjiao/ingestion';
import { matchingApp } from '@chanjiao/matching';
import { searchPlugin } from '@chanjiao/search';
import { SqliteStore, storePlugin, type Store } from '@chanjiao/store';

export interface ConsoleHost {
  app: AppInstance;
  store: Store;
  close(): Promise<void>;
}

export async function buildConsoleHost(env: Record<string, string> = {}, prepare?: (store: Store) => Promise<void>): Promise<ConsoleHost> {
  const config = loadConfig({ LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '0', SEARCH_SNAPSHOT: 'false', ...env });
  const store = new SqliteStore({ path: ':memory:' });
  if (prepare) await prepare(store);
  const app = createHttpServer(config, { name: 'console-test', logger: false });
  await app.register(configPlugin, { config });
  await app.register(storePlugin, { store });
  await app.register(authPlugin);
  await app.register(keyAdminRoutes);
  await app.register(searchPlugin);
  await app.register(ingestionApp);
  await app.register(matchingApp);
  await app.ready();
  await app.indexer.waitFor(undefined, 30_000);
  return {
    app,
    store,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

/** A fresh API key for a role and scope. */
export async function keyFor(app: AppInstance, role: Role, scope: Record<string, string> = {}): Promise<{ key: string; keyId: string }> {
  const k = await app.apiKeys.create({ role, scope, label: `test ${role}` });
  return { key: k.key, keyId: k.keyId };
}

/** Sign in with a key: the session cookie (name=value) and the CSRF token. */
export async function signIn(app: AppInstance, key: string): Promise<{ cookie: string; csrf: string; setCookie: string }> {
  const res = await app.inject({ method: 'POST', url: '/v1/session', payload: { key } });
  if (res.statusCode !== 200) throw new Error(`sign-in: ${res.statusCode} ${res.body}`);
  const setCookie = String(res.headers['set-cookie']);
  return { cookie: setCookie.split(';')[0]!, csrf: res.json().csrfToken as string, setCookie };
}
