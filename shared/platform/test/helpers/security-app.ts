import fp from 'fastify-plugin';
import {
  assertScope,
  assertSelf,
  authPlugin,
  configPlugin,
  createHttpServer,
  docsPlugin,
  hardeningPlugin,
  healthPlugin,
  keyAdminRoutes,
  loadConfig,
  metricsPlugin,
  type AppInstance,
  type DocumentStore,
} from '@chanjiao/platform';
import { z } from 'zod';

/**
 * The document part of the record store, in a Map: the platform cannot depend on
 * @chanjiao/store (which depends on the platform). The SQLite store is exercised by
 * test/security/keys-cli.test.ts at the root.
 */
export class MemoryDocumentStore implements DocumentStore {
  readonly docs = new Map<string, string>();
  async putDocument(collection: string, id: string, value: unknown): Promise<void> {
    this.docs.set(`${collection}\u0000${id}`, JSON.stringify(value));
  }
  async getDocument<T>(collection: string, id: string) {
    const data = this.docs.get(`${collection}\u0000${id}`);
    return data === undefined ? undefined : { id, value: JSON.parse(data) as T };
  }
  async listDocuments<T>(collection: string, opts: { prefix?: string } = {}) {
    const head = `${collection}\u0000${opts.prefix ?? ''}`;
    return [...this.docs.entries()]
      .filter(([k]) => k.startsWith(head))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => ({ id: k.slice(collection.length + 1), value: JSON.parse(v) as T }));
  }
}

/** Stands in for @chanjiao/store's storePlugin: same name, decorates `app.store`. */
const memoryStorePlugin = fp<{ store: DocumentStore }>(async (app, opts) => void app.decorate('store', opts.store as never), {
  name: 'chanjiao-store',
  dependencies: ['chanjiao-config'],
});

/**
 * A small app with every security mechanism and a few routes that stand for the services':
 * one per kind of access rule, and handlers that check scope.
 */
export async function buildSecuredApp(env: Record<string, string> = {}, store = new MemoryDocumentStore(), opts: { docs?: boolean; setup?: (app: AppInstance) => Promise<void> } = {}) {
  const config = loadConfig({ RATE_LIMIT_MAX: '1000', ...env });
  const app = createHttpServer(config, { name: 'test', logger: false });
  await app.register(configPlugin, { config });
  await app.register(memoryStorePlugin, { store });
  await app.register(hardeningPlugin);
  if (opts.docs) await app.register(docsPlugin, { title: 'test' });
  await app.register(metricsPlugin, { processMetrics: false });
  await app.register(authPlugin);
  await app.register(healthPlugin);
  await app.register(keyAdminRoutes);
  if (opts.setup) await opts.setup(app);
  app.get('/v1/open', { config: { access: 'public' } }, async () => ({ open: true }));
  app.get('/v1/undeclared', async () => ({ open: true }));
  app.post(
    '/v1/search',
    { config: { access: { roles: ['hr', 'admin'] } }, schema: { body: z.object({ query: z.string() }).strict() } },
    async (request) => ({ role: request.principal?.role, query: request.body.query }),
  );
  app.get(
    '/v1/enterprises/:enterpriseId/shortlists',
    { config: { access: { roles: ['hr', 'office'] } }, schema: { params: z.object({ enterpriseId: z.string() }) } },
    async (request) => {
      assertScope(request, { enterpriseId: request.params.enterpriseId });
      return { enterpriseId: request.params.enterpriseId, shortlists: [] };
    },
  );
  app.get(
    '/v1/students/:studentId/recommendations',
    { config: { access: { roles: ['student', 'office'] } }, schema: { params: z.object({ studentId: z.string() }) } },
    async (request) => {
      assertSelf(request, request.params.studentId);
      return { studentId: request.params.studentId, posts: [] };
    },
  );
  await app.ready();
  return { app, store, config };
}
