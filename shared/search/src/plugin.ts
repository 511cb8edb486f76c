import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fp from 'fastify-plugin';
import type { Config } from '@chanjiao/platform';
import { createAnalyzer, type Analyzer } from './analyzer.js';
import { EmbeddedSearchIndex, SnapshotMismatchError, type EmbeddedIndexOptions } from './embedded/embedded-index.js';
import { HybridEngine, ReferenceData } from './engine.js';
import type { FusionOptions } from './fusion.js';
import type { SearchIndex } from './search-index.js';

/**
 * What `app.searcher` holds. (Not `app.search`: fastify 5 already has `search`, the route
 * shorthand of the HTTP SEARCH method.)
 */
export interface SearchCapability {
  readonly index: SearchIndex;
  readonly engine: HybridEngine;
  readonly analyzer: Analyzer;
  /** Schools and enterprises the re-ranker reads; whoever follows the store keeps them current. */
  readonly references: ReferenceData;
  /**
   * The embedded index's snapshot: `meta` is what the loaded snapshot was saved with (e.g. the
   * store's change-feed position, so the indexer resumes there), null when the index started empty.
   * `save` writes one now. Absent for Elasticsearch, which persists on its own.
   */
  readonly snapshot?: {
    readonly dir: string;
    readonly meta: Readonly<Record<string, unknown>> | null;
    save(meta: Record<string, unknown>): Promise<void>;
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The search index and the hybrid engine over it. */
    searcher: SearchCapability;
  }
}

export interface SearchPluginOptions {
  /** Inject a built index (shared between services in one process, or in tests). */
  index?: SearchIndex;
  analyzer?: Analyzer;
  references?: ReferenceData;
  /** Inject a whole engine; then `index` and `analyzer` are taken from it. */
  engine?: HybridEngine;
}

/** The fusion settings from config. */
export function fusionFromConfig(config: Config): FusionOptions {
  return {
    method: config.SEARCH_FUSION,
    lexicalWeight: config.SEARCH_LEXICAL_WEIGHT,
    vectorWeight: config.SEARCH_VECTOR_WEIGHT,
    rrfK: config.SEARCH_RRF_K,
  };
}

export function embeddedOptionsFromConfig(config: Config, analyzer: Analyzer): EmbeddedIndexOptions {
  return {
    analyzer,
    hnswM: config.SEARCH_HNSW_M,
    efConstruction: config.SEARCH_HNSW_EF_CONSTRUCTION,
    efSearch: config.SEARCH_HNSW_EF_SEARCH,
    exactScanMax: config.SEARCH_EXACT_SCAN_MAX,
    vectorWalkThread: config.SEARCH_VECTOR_WALK_THREAD,
    sourceCacheMax: config.SEARCH_SOURCE_CACHE,
  };
}

export function engineFromConfig(config: Config, index: SearchIndex, analyzer: Analyzer, references: ReferenceData): HybridEngine {
  return new HybridEngine({
    index,
    analyzer,
    references,
    fusion: fusionFromConfig(config),
    ...(config.SEARCH_RERANK_WEIGHTS ? { weights: config.SEARCH_RERANK_WEIGHTS } : {}),
    depth: config.SEARCH_DEPTH,
    rerank: config.SEARCH_RERANK,
  });
}

/**
 * Decorates `app.searcher`. Injected instances are used as given (and not closed here). Otherwise:
 * embedded mode opens the snapshot in `DATA_DIR/search-index` (an unusable one is logged and
 * ignored: the indexer rebuilds from the store) and offers `snapshot.save(meta)`, which the
 * indexer calls with its change-feed position (at shutdown, and now and then); distributed mode
 * connects to Elasticsearch.
 */
export const searchPlugin = fp<SearchPluginOptions>(
  async (app, opts) => {
    const config = app.config;
    const log = app.log.child({ module: 'search' });
    const analyzer = opts.engine?.analyzer ?? opts.analyzer ?? createAnalyzer();
    const references = opts.references ?? (opts.engine?.references instanceof ReferenceData ? opts.engine.references : new ReferenceData());
    let index = opts.engine?.index ?? opts.index;
    const owned = index === undefined;
    let snapshot: SearchCapability['snapshot'];

    if (!index && config.MODE === 'distributed') {
      // Loaded here, not at the top: the embedded mode never needs the client's module graph.
      const { openElasticsearchIndex } = await import('./elasticsearch/elasticsearch-index.js');
      index = await openElasticsearchIndex(config, analyzer);
    } else if (!index) {
      const embeddedOpts = embeddedOptionsFromConfig(config, analyzer);
      const dir = join(config.DATA_DIR, 'search-index');
      let embedded: EmbeddedSearchIndex | undefined;
      let meta: Record<string, unknown> | null = null;
      if (config.SEARCH_SNAPSHOT && existsSync(join(dir, 'manifest.json'))) {
        const started = performance.now();
        try {
          const loaded = await EmbeddedSearchIndex.load(dir, embeddedOpts);
          embedded = loaded.index;
          meta = loaded.meta;
          log.info({ dir, ms: Math.round(performance.now() - started) }, 'search index snapshot loaded');
          // The sources are parsed into the cache in the background (the host answers meanwhile).
          void embedded.warmSources().catch((err: unknown) => log.warn({ err }, 'warming the source cache failed'));
        } catch (err) {
          if (!(err instanceof SnapshotMismatchError)) log.error({ err, dir }, 'search index snapshot unreadable; starting empty');
          else log.warn({ dir, reason: err.message }, 'search index snapshot not usable; starting empty');
        }
      }
      const idx = embedded ?? new EmbeddedSearchIndex(embeddedOpts);
      index = idx;
      if (config.SEARCH_SNAPSHOT) {
        snapshot = { dir, meta, save: (m) => idx.save(dir, m) };
      }
    }

    const engine = opts.engine ?? engineFromConfig(config, index, analyzer, references);
    app.decorate('searcher', { index, engine, analyzer, references, ...(snapshot ? { snapshot } : {}) });
    if (owned) {
      app.addHook('onClose', async () => {
        await index.close();
      });
    }
  },
  { name: 'chanjiao-search', dependencies: ['chanjiao-config'], fastify: '5.x' },
);
