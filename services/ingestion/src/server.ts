/**
 * The ingestion service on its own (distributed mode; the ingest benchmark and the kill -9 test
 * run it too): `tsx services/ingestion/src/server.ts`. The platform's bootstrap (config, hardening,
 * metrics, docs, health, API keys: operators and the office may load data), graceful shutdown:
 * in-flight imports finish their batches and reply before the process exits.
 */
import { serviceBootstrap, startService } from '@chanjiao/platform';
import { storePlugin } from '@chanjiao/store';
import { ingestionApp } from './app.js';

await startService({
  name: 'ingestion',
  build: (app, config) =>
    app.register(serviceBootstrap, {
      config,
      docs: {
        title: 'Chanjiao Match: ingestion service',
        description: 'Bulk upsert and delete of schools, students, enterprises, posts and terms (JSON, NDJSON, CSV).',
      },
      store: storePlugin,
      plugins: [ingestionApp],
    }),
});
