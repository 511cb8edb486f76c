import fp from 'fastify-plugin';
import type { Embedder } from '@chanjiao/embedding';
import { embedderPlugin, embeddingApp } from '@chanjiao/embedding';
import { ingestionApp } from '@chanjiao/ingestion';
import { matchingApp } from '@chanjiao/matching';
import { consolePlugin, serviceBootstrap, type Config } from '@chanjiao/platform';
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
 * in-process search index. The platform's bootstrap registers the plugins every service has, in
 * the order that works (see serviceBootstrap); this host adds the key-admin routes and all three
 * services.
 */
export const embeddedHost = fp<EmbeddedHostOptions>(
  async (app, opts) => {
    await app.register(serviceBootstrap, {
      config: opts.config,
      docs: {
        title: 'Chanjiao Match (产教匹配)',
        description: 'Talent–job matching for 产教融合 / 校企合作: ingestion, embeddings, hybrid search, recommendations, term batch matching.',
      },
      store: [storePlugin, opts.store ? { store: opts.store } : {}],
      keyAdmin: true,
      processMetrics: opts.processMetrics ?? true,
      plugins: [
        [embedderPlugin, opts.embedder ? { embedder: opts.embedder } : { local: true }],
        [searchPlugin, opts.search ?? {}],
        ingestionApp,
        embeddingApp,
        matchingApp,
        // The web console at / (after auth: its route is public; after the services: it answers only what they do not).
        consolePlugin,
      ],
    });
  },
  { name: 'chanjiao-embedded-host', fastify: '5.x' },
);
