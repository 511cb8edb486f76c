import fp from 'fastify-plugin';
import { consoleIngestRoutes } from './console-routes.js';
import { ingestRoutes } from './routes.js';

/**
 * The ingestion service as a fastify plugin that never listens: bulk upsert and delete of every
 * record type under `/v1/ingest`. Needs `app.config` and `app.store` (configPlugin, storePlugin).
 * Its routes live in a child context, so its stream parsers never reach the host's other routes.
 */
export const ingestionApp = fp(
  async (app) => {
    await app.register(ingestRoutes, { prefix: '/v1/ingest' });
    await app.register(consoleIngestRoutes, { prefix: '/v1/ingest' });
  },
  { name: 'chanjiao-ingestion', dependencies: ['chanjiao-config', 'chanjiao-store'], fastify: '5.x' },
);
