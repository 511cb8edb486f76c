import { existsSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
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
/**
 * Changes applied (and vectors given to documents indexed without one) since the last snapshot
 * that make the next one due before `SNAPSHOT_EVERY_MS`
 * (once the indexer is caught up, so a save never slows the catch-up that readiness waits for).
 * A restart replays what came after its snapshot: a backlog applied (at start, or by an ingest)
 * is saved instead of being replayed again after each crash, so the replay stays about this size.
 */
const SNAPSHOT_AFTER_CHANGES = 10_000;
/** A snapshot due by its change count waits this many times the last save's duration after it (saving is at most a sixth of the time). */
const SNAPSHOT_SPACING = 5;
/** How often an external index's change-feed position is written to the store, and how often a snapshot is checked for being due. */
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

    if (snapshot) removeUnfinishedSaves(snapshot.dir, (err) => log.warn({ err }, 'removing a snapshot folder a crash left failed'));
    let lastSaved = resumeSeq;
    let lastSavedAt = Date.now();
    let lastSaveMs = 0;
    let saving: Promise<void> | null = null;
    // The last applied change: documents still waiting for their vector are saved without one and
    // re-queued by the next start (Indexer: listWithoutVector), so their changes are not replayed.
    // Vectors given since the last save count as changes for a snapshot (the change-feed position
    // does not move for them: see IndexerStats.vectorsFilled); an external index stores them itself.
    let lastSavedFills = 0;
    const unsaved = (): number => {
      const s = indexer.stats();
      return s.resumeSeq - lastSaved + (snapshot ? s.vectorsFilled - lastSavedFills : 0);
    };
    const write = async () => {
      if (unsaved() === 0) return;
      const { resumeSeq: seq, vectorsFilled } = indexer.stats();
      const started = performance.now();
      const position: IndexPosition = { seq, documents: DOCUMENT_RULES, profileTokens };
      if (snapshot) await snapshot.save({ ...position });
      else await app.store.putDocument('indexer', checkpointId, position);
      lastSaved = seq;
      lastSavedFills = vectorsFilled;
      lastSavedAt = Date.now();
      lastSaveMs = Math.round(performance.now() - started);
      log.info({ seq, backend: index.backend, ms: lastSaveMs }, snapshot ? 'search index snapshot saved' : 'indexer checkpoint saved');
    };
    // Saves never overlap (two would write the same temporary folder).
    const save = (): Promise<void> =>
      (saving ??= write().finally(() => {
        saving = null;
      }));
    const due = (): boolean => {
      const changes = unsaved();
      if (changes === 0 || saving) return false;
      // A checkpoint is one small write: at every tick the position moved.
      if (!snapshot) return true;
      const since = Date.now() - lastSavedAt;
      if (since >= SNAPSHOT_EVERY_MS) return true;
      return indexer.stats().caughtUp && changes >= SNAPSHOT_AFTER_CHANGES && since >= SNAPSHOT_SPACING * lastSaveMs;
    };
    let timer: NodeJS.Timeout | null = null;

    app.addHook('onReady', async () => {
      for await (const s of app.store.scan('school')) references.putSchool(s as School);
      for await (const e of app.store.scan('enterprise')) references.putEnterprise(e as Enterprise);
      indexer.start();
      // A checkpoint is one small write, so it can be frequent; a snapshot writes the whole index,
      // so it is due every SNAPSHOT_EVERY_MS or after SNAPSHOT_AFTER_CHANGES changes.
      timer = setInterval(() => {
        if (due()) void save().catch((err: unknown) => log.error({ err }, 'saving the index position failed'));
      }, CHECKPOINT_EVERY_MS);
      timer.unref();
    });
    app.addHook('onClose', async () => {
      if (timer) clearInterval(timer);
      await indexer.stop();
      // A save under way may hold an older position: the last word is a save after it.
      await saving?.catch(() => undefined);
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

/**
 * A snapshot is written beside its folder (`<dir>.tmp-<pid>`) and renamed over it (the old one
 * goes through `<dir>.old-<pid>`): a process killed while saving leaves those behind, an index's
 * size each. Removed at start: a `.tmp-` one is never complete, an `.old-` one is stale once the
 * snapshot itself is there (without it, it may be the only copy, and stays).
 */
function removeUnfinishedSaves(dir: string, onError: (err: unknown) => void): void {
  const parent = dirname(dir);
  if (!existsSync(parent)) return;
  const complete = existsSync(join(dir, 'manifest.json'));
  for (const name of readdirSync(parent)) {
    const m = /^(.*)\.(tmp|old)-(\d+)$/.exec(name);
    if (!m || m[1] !== basename(dir) || Number(m[3]) === process.pid || (m[2] === 'old' && !complete)) continue;
    try {
      rmSync(join(parent, name), { recursive: true, force: true });
    } catch (err) {
      onError(err);
    }
  }
}
