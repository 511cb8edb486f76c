/**
 * The matching service on its own (distributed mode): `tsx services/matching/src/server.ts`.
 * The index is Elasticsearch (MODE=distributed) or the embedded one; query vectors come from the
 * embedding service (EMBEDDING_URL) or a model in this process; the indexer that follows the
 * store's change feed into the index runs here. API keys, /healthz, /readyz, /metrics, /docs,
 * graceful shutdown.
 */
import { embedderPlugin } from '@chanjiao/embedding';
import {
  authPlugin,
  configPlugin,
  consolePlugin,
  createHttpServer,
  docsPlugin,
  hardeningPlugin,
  healthPlugin,
  loadConfig,
  metricsPlugin,
  runServer,
} from '@chanjiao/platform';
import { searchPlugin } from '@chanjiao/search';
import { storePlugin } from '@chanjiao/store';
import { matchingApp } from './app.js';

const config = loadConfig();
const app = createHttpServer(config, { name: 'matching' });
try {
  await app.register(configPlugin, { config });
  await app.register(hardeningPlugin);
  await app.register(metricsPlugin);
  await app.register(docsPlugin, {
    title: 'Chanjiao Match: matching service',
    description: 'HR candidate search, post candidates, shortlists, recommendations, term batch matching and reports.',
  });
  await app.register(healthPlugin);
  await app.register(storePlugin);
  await app.register(authPlugin);
  await app.register(embedderPlugin);
  await app.register(searchPlugin);
  await app.register(matchingApp);
  // In distributed mode the matching service serves the web console at /.
  await app.register(consolePlugin);
  await runServer(app, config);
} catch (err) {
  app.log.fatal({ err }, 'matching service failed to start');
  await app.close().catch(() => undefined);
  process.exit(1);
}
