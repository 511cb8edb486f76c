/**
 * The ingestion service on its own (distributed mode; the ingest benchmark and the kill -9 test
 * run it too): `tsx services/ingestion/src/server.ts`. Config from the environment, API keys
 * (operators and the office may load data), `/healthz`, `/readyz`, `/docs`, graceful shutdown:
 * in-flight imports finish their batches and reply before the process exits.
 */
import { authPlugin, configPlugin, createHttpServer, docsPlugin, healthPlugin, loadConfig, runServer } from '@chanjiao/platform';
import { storePlugin } from '@chanjiao/store';
import { ingestionApp } from './app.js';

const config = loadConfig();
const app = createHttpServer(config, { name: 'ingestion' });
try {
  await app.register(configPlugin, { config });
  await app.register(docsPlugin, {
    title: 'Chanjiao Match: ingestion service',
    description: 'Bulk upsert and delete of schools, students, enterprises, posts and terms (JSON, NDJSON, CSV).',
  });
  await app.register(healthPlugin);
  await app.register(storePlugin);
  await app.register(authPlugin);
  await app.register(ingestionApp);
  await runServer(app, config);
} catch (err) {
  app.log.fatal({ err }, 'ingestion service failed to start');
  await app.close().catch(() => undefined);
  process.exit(1);
}
