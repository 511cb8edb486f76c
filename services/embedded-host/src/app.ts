import fp from 'fastify-plugin';
import type { Embedder } from '@chanjiao/embedding';
import { embedderPlugin, embeddingApp } from '@chanjiao/embedding';
import { ingestionApp } from '@chanjiao/ingestion';
import { matchingApp } from '@chanjiao/matching';
import {
  authPlugin,
  configPlugin,
  docsPlugin,
  hardeningPlugin,
  healthPlugin,
  keyAdminRoutes,
  metricsPlugin,
  type Config,
} from '@chanjiao/platform';
import { searchPlugin, type SearchPluginOptions } from '@chanjiao/search';
import { storePlugin, type Store } from '@chanjiao/store';

export interface EmbeddedHostOptions {
  config: Config;
  /** Injected collaborators (tests share one model or one store between apps); built from config otherwise. */
  store?: Store;
  embedder?: Embedder;
  search?: SearchPluginOptions;
  /** prom-client process metrics (default true; tests building many apps pass false). */
  processMetrics?: boolean;
}

/**
 * Embedded mode: ingestion, embedding and matching as one app on one port, sharing one store,
 * one embedder (the model runs in inference worker processes, children of this one) and one
 * in-process search index.
 * The order matters: hardening, metrics, docs and auth first, so their hooks and the OpenAPI
 * collector see every route the services add after them.
 */
export const embeddedHost = fp<EmbeddedHostOptions>(
  async (app, opts) => {
    await app.register(configPlugin, { config: opts.config });
    await app.register(hardeningPlugin);
    await app.register(metricsPlugin, { processMetrics: opts.processMetrics ?? true });
    await app.register(docsPlugin, {
      title: 'Chanjiao Match (产教匹配)',
      description: 'Talent–job matching for 产教融合 / 校企合作: ingestion, embeddings, hybrid search, recommendations, term batch matching.',
    });
    await app.register(healthPlugin);
    await app.register(storePlugin, opts.store ? { store: opts.store } : {});
    await app.register(authPlugin);
    await app.register(keyAdminRoutes);
    await app.register(embedderPlugin, opts.embedder ? { embedder: opts.embedder } : { local: true });
    await app.register(searchPlugin, opts.search ?? {});
    await app.register(ingestionApp);
    await app.register(embeddingApp);
    await app.register(matchingApp);
  },
  { name: 'chanjiao-embedded-host', fastify: '5.x' },
);
