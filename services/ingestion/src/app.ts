import fp from 'fastify-plugin';
import { consoleIngestRoutes } from './console-routes.js';
import { ingestRoutes } from './routes.js';

/**
 * The ingestion service as a fastify plugin that never listens: bulk upsert and delete of every
 * record type under `/v1/ingest`. Needs `app.config`, `app.store` and the auth plugin (configPlugin,
 * storePlugin, authPlugin).
 * Its routes live in a child context, so its stream parsers never reach the host's other routes.
 */
export const ingestionApp = fp(
  async (app) => {
    await app.register(ingestRoutes, { prefix: '/v1/ingest' });
    await app.register(consoleIngestRoutes, { prefix: '/v1/ingest' });
  },
  // Auth is a dependency: every row is checked against the caller's key scope, and without the
  // plugin there would be no caller to check, so every write would pass.
  { name: 'chanjiao-ingestion', dependencies: ['chanjiao-config', 'chanjiao-store', 'chanjiao-auth'], fastify: '5.x' },
);
