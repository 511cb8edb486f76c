import fp from 'fastify-plugin';
import { openStore } from './open.js';
import type { Store } from './store.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The durable record store (SQLite in embedded mode). */
    store: Store;
  }
}

/**
 * Decorates `app.store`. Pass `store` to share one instance between services in one process
 * (or to inject one in tests); otherwise it opens the store the config names and closes it on shutdown.
 */
export const storePlugin = fp<{ store?: Store }>(
  async (app, opts) => {
    const store = opts.store ?? openStore(app.config);
    app.decorate('store', store);
    if (!opts.store) app.addHook('onClose', async () => store.close());
  },
  { name: 'chanjiao-store', dependencies: ['chanjiao-config'], fastify: '5.x' },
);
