import fp from 'fastify-plugin';
import type { Enterprise, School } from '@chanjiao/domain';
import { DOCUMENT_RULES, Indexer, resumePosition, type IndexPosition } from './indexer.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Follows the store's change feed into the search index (the index's only writer). */
    indexer: Indexer;
  }
}

/** How often the embedded index snapshot is refreshed while changes keep coming. */
const SNAPSHOT_EVERY_MS = 5 * 60_000;
/** How often an external index's change-feed position is written to the store. */
const CHECKPOINT_EVERY_MS = 5_000;

/**
 * Decorates `app.indexer` and runs it: on start it loads the schools and enterprises the re-ranker
 * reads, resumes from the index snapshot's change-feed position (or from the beginning: vectors come
 * from the embedding cache, so a rebuild costs no inference), then follows the feed. Readiness gets an
 * `index` check, true once the change-feed backlog at start has been applied (documents whose vector
 * is still to come are searchable lexically meanwhile; /readyz and /metrics report that embedding
 * backlog). On close: stop, then save a snapshot.
 */
export const indexerPlugin = fp(
  async (app) => {
    const { index, analyzer, references, snapshot } = app.searcher;
    const log = app.log.child({ module: 'indexer' });
    const embedder = app.hasDecorator('embedder') ? app.embedder : null;
    // Where to resume: the embedded index's snapshot says; an external index (Elasticsearch) keeps
    // its position as a store document, since it persists on its own and outlives this process.
    const checkpointId = `checkpoint:${index.backend}`;
    const checkpoint = snapshot ? null : await app.store.getDocument<Record<string, unknown>>('indexer', checkpointId);
    const saved = snapshot ? snapshot.meta : (checkpoint?.value ?? null);
    const profileTokens = app.config.EMBEDDING_PROFILE_TOKENS;
    const resumeSeq = resumePosition(saved, profileTokens);
    if (saved && typeof saved.seq === 'number' && resumeSeq === 0 && saved.seq > 0) {
      log.info(
        { savedDocuments: saved.documents ?? 1, documents: DOCUMENT_RULES, savedProfileTokens: saved.profileTokens ?? 510, profileTokens },
        'the index was written under other document rules or another profile-text budget: replaying the change feed from the start',
      );
    }
    const indexer = new Indexer({ store: app.store, index, analyzer, references, embedder, log, resumeSeq, profileTokens });
    app.decorate('indexer', indexer);

    let lastSaved = resumeSeq;
    const save = async () => {
      // Not past a change whose document still waits for its vector: that wait dies with the process.
      const seq = indexer.stats().resumeSeq;
      if (seq === lastSaved) return;
      const started = performance.now();
      const position: IndexPosition = { seq, documents: DOCUMENT_RULES, profileTokens };
      if (snapshot) await snapshot.save({ ...position });
      else await app.store.putDocument('indexer', checkpointId, position);
      lastSaved = seq;
      const ms = Math.round(performance.now() - started);
      log.info({ seq, backend: index.backend, ms }, snapshot ? 'search index snapshot saved' : 'indexer checkpoint saved');
    };
    let timer: NodeJS.Timeout | null = null;

    app.addHook('onReady', async () => {
      for await (const s of app.store.scan('school')) references.putSchool(s as School);
      for await (const e of app.store.scan('enterprise')) references.putEnterprise(e as Enterprise);
      indexer.start();
      // A checkpoint is one small write, so it can be frequent; a snapshot writes the whole index.
      const every = snapshot ? SNAPSHOT_EVERY_MS : CHECKPOINT_EVERY_MS;
      timer = setInterval(() => void save().catch((err: unknown) => log.error({ err }, 'saving the index position failed')), every);
      timer.unref();
    });
    app.addHook('onClose', async () => {
      if (timer) clearInterval(timer);
      await indexer.stop();
      await save().catch((err: unknown) => log.error({ err }, 'snapshot at shutdown failed'));
    });
    // Ready once the change-feed backlog at start is applied: every stored record is searchable
    // (lexically at least). The embedding backlog does not hold readiness back; /readyz reports it.
    if (app.hasDecorator('readiness')) {
      app.readiness.add(
        'index',
        () => indexer.stats().caughtUp,
        async () => {
          const s = indexer.stats();
          return { lagChanges: Math.max(0, (await app.store.lastSeq()) - s.seq), pendingVectors: s.pendingVectors };
        },
      );
    }
    if (app.hasDecorator('metrics')) {
      const gauge = app.metrics.gauge({ name: 'chanjiao_index_lag_changes', help: 'Store changes not yet applied to the search index' });
      const docs = app.metrics.gauge({ name: 'chanjiao_indexed_documents_total', help: 'Documents written to the search index since start' });
      const pending = app.metrics.gauge({
        name: 'chanjiao_index_pending_vectors',
        help: 'The embedding backlog: documents indexed (found lexically) whose vector is still to come',
      });
      const size = app.metrics.gauge({ name: 'chanjiao_index_documents', help: 'Documents in the search index now, by kind', labelNames: ['kind'] as const });
      app.addHook('onRequest', async (request) => {
        if (request.url !== '/metrics') return;
        const s = indexer.stats();
        gauge.set(Math.max(0, (await app.store.lastSeq()) - s.seq));
        docs.set(s.indexed);
        pending.set(s.pendingVectors);
        size.set({ kind: 'student' }, await index.count('student'));
        size.set({ kind: 'post' }, await index.count('post'));
      });
    }
  },
  { name: 'chanjiao-indexer', dependencies: ['chanjiao-config', 'chanjiao-store', 'chanjiao-search'], fastify: '5.x' },
);
