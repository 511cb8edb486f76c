/**
 * The embedding service on its own (distributed mode): `tsx services/embedding/src/server.ts`.
 * Config from the environment, the model run here (never a client to itself), `/healthz`,
 * `/readyz` (503 until the model has loaded and warmed up), `/docs`, graceful shutdown. No API
 * keys: it serves the other services on the internal network (compose binds it to 127.0.0.1).
 */
import { configPlugin, createHttpServer, docsPlugin, healthPlugin, loadConfig, runServer } from '@chanjiao/platform';
import { storePlugin } from '@chanjiao/store';
import { embeddingApp } from './app.js';
import { ModelUnavailableError } from './model/verify.js';
import { embedderPlugin } from './plugin.js';

const config = loadConfig();
const app = createHttpServer(config, { name: 'embedding' });

try {
  await app.register(configPlugin, { config });
  await app.register(docsPlugin, { title: 'Chanjiao Match: embedding service', description: 'bge-small-zh-v1.5, 512-d' });
  await app.register(healthPlugin);
  await app.register(storePlugin);
  await app.register(embedderPlugin, { local: true });
  await app.register(embeddingApp);
  await runServer(app, config);
} catch (err) {
  if (err instanceof ModelUnavailableError) app.log.fatal({ modelDir: err.dir, problems: err.problems }, err.message);
  else app.log.fatal({ err }, 'embedding service failed to start');
  await app.close().catch(() => undefined);
  process.exit(1);
}
