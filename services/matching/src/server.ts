/**
 * The matching service on its own (distributed mode): `tsx services/matching/src/server.ts`.
 * The index is Elasticsearch (MODE=distributed) or the embedded one; query vectors come from the
 * embedding service (EMBEDDING_URL) or a model in this process; the indexer that follows the
 * store's change feed into the index runs here. The platform's bootstrap (config, hardening,
 * metrics, docs, health, API keys), the web console at /, graceful shutdown.
 */
import { embedderPlugin } from '@chanjiao/embedding';
import { consolePlugin, serviceBootstrap, startService } from '@chanjiao/platform';
import { searchPlugin } from '@chanjiao/search';
import { storePlugin } from '@chanjiao/store';
import { matchingApp } from './app.js';

await startService({
  name: 'matching',
  build: (app, config) =>
    app.register(serviceBootstrap, {
      config,
      docs: {
        title: 'Chanjiao Match: matching service',
        description: 'HR candidate search, post candidates, shortlists, recommendations, term batch matching and reports.',
      },
      store: storePlugin,
      // In distributed mode the matching service serves the web console at / (after the services:
      // it answers only what they do not).
      plugins: [embedderPlugin, searchPlugin, matchingApp, consolePlugin],
    }),
});
