/**
 * The embedding service on its own (distributed mode): `tsx services/embedding/src/server.ts`.
 * The platform's bootstrap (config, security headers, metrics, docs, `/healthz`, `/readyz`: 503
 * until the model has loaded and warmed up), the model run here (never a client to itself),
 * graceful shutdown. No API keys and no per-address rate limit: it serves the other services on
 * the internal network (compose binds it to 127.0.0.1), and they share one address.
 */
import { serviceBootstrap, startService } from '@chanjiao/platform';
import { storePlugin } from '@chanjiao/store';
import { embeddingApp } from './app.js';
import { ModelUnavailableError } from './model/verify.js';
import { embedderPlugin } from './plugin.js';

await startService({
  name: 'embedding',
  build: (app, config) =>
    app.register(serviceBootstrap, {
      config,
      docs: { title: 'Chanjiao Match: embedding service', description: 'bge-small-zh-v1.5, 512-d' },
      store: storePlugin,
      auth: false,
      plugins: [[embedderPlugin, { local: true }], embeddingApp],
    }),
  describeFailure: (err) => (err instanceof ModelUnavailableError ? { fields: { modelDir: err.dir, problems: err.problems }, message: err.message } : undefined),
});
