import fp from 'fastify-plugin';
import type { Embedder } from './embedder.js';
import { EmbeddingClient } from './client.js';
import { createLocalEmbedder, type LocalEmbedderOptions } from './local/local-embedder.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Text → vector: the model in this process, or the embedding service over HTTP. */
    embedder: Embedder;
  }
}

export interface EmbedderPluginOptions {
  /** Share one embedder between services of one process, or inject one in tests; closed by its owner. */
  embedder?: Embedder;
  /** Build the local embedder even when `EMBEDDING_URL` is set: the embedding service itself. */
  local?: boolean;
  /** Only for the local embedder this plugin builds. */
  spawnWorker?: LocalEmbedderOptions['spawnWorker'];
}

/**
 * Decorates `app.embedder`. Without an injected one it builds, from the config: an
 * {@link EmbeddingClient} when `EMBEDDING_URL` is set (distributed mode), else the
 * {@link LocalEmbedder} over the model in `EMBEDDING_MODEL_DIR`, with its vector cache in
 * `app.store`. A missing or unverified model stops the start with a message saying what to do.
 * When the health plugin is registered first, readiness gets an `embedder` check: false until
 * the model has loaded and run its warm-up.
 */
export const embedderPlugin = fp<EmbedderPluginOptions>(
  async (app, opts) => {
    const config = app.config;
    const embedder =
      opts.embedder ??
      (config.EMBEDDING_URL && !opts.local
        ? new EmbeddingClient({ baseUrl: config.EMBEDDING_URL, maxInputs: config.EMBED_MAX_INPUTS, logger: app.log })
        : await createLocalEmbedder({
            config,
            cache: app.store,
            logger: app.log.child({ module: 'embedder' }),
            ...(opts.spawnWorker ? { spawnWorker: opts.spawnWorker } : {}),
          }));
    app.decorate('embedder', embedder);
    if (!opts.embedder) app.addHook('onClose', async () => embedder.close());
    if (app.hasDecorator('readiness')) app.readiness.add('embedder', () => embedder.isReady());
    // Where query vectors come from (the local embedder counts them): the in-memory query cache,
    // an identical query text already in flight, or the model. A repeated query text must never
    // reach the model twice: bench:api reads these.
    if (app.hasDecorator('metrics') && 'stats' in embedder && typeof embedder.stats === 'function') {
      const stats = () => (embedder as unknown as { stats(): { queryCacheHits: number; queryShared: number; queryInferred: number } }).stats();
      const texts = app.metrics.gauge<'source'>({
        name: 'chanjiao_embed_query_texts_total',
        help: 'Query texts embedded since start, by where the vector came from',
        labelNames: ['source'] as const,
      });
      app.addHook('onRequest', async (request) => {
        if (request.url !== '/metrics') return;
        const s = stats();
        texts.set({ source: 'cache' }, s.queryCacheHits);
        texts.set({ source: 'in_flight' }, s.queryShared);
        texts.set({ source: 'model' }, s.queryInferred);
      });
    }
  },
  { name: 'chanjiao-embedder', dependencies: ['chanjiao-config', 'chanjiao-store'], fastify: '5.x' },
);
