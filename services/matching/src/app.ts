import fp from 'fastify-plugin';
import { batchRoutes } from './batch/index.js';
import { indexerPlugin } from './indexer/plugin.js';
import { candidateRoutes } from './routes/candidates.js';
import { invitationRoutes } from './routes/invitations.js';
import { lookupRoutes } from './routes/lookups.js';
import { recommendationRoutes } from './routes/recommendations.js';
import { shortlistRoutes } from './routes/shortlists.js';
import { skillsRoutes } from './skills/index.js';

/**
 * The matching service as a plugin that never listens: HR candidate search, post → candidates,
 * shortlists, student recommendations and post search, and term batch matching. Needs config,
 * store, auth, search (and the embedder for query vectors; without it searches are lexical-only).
 * The indexer always runs here: it also keeps the schools and enterprises the re-ranker reads, so
 * a matching process without it would rank with none (one process per store follows the feed).
 */
export const matchingApp = fp(
  async (app) => {
    await app.register(indexerPlugin);
    await app.register(candidateRoutes);
    await app.register(shortlistRoutes);
    await app.register(recommendationRoutes);
    await app.register(lookupRoutes);
    await app.register(invitationRoutes);
    await app.register(batchRoutes, { analyzer: app.searcher.analyzer });
    await app.register(skillsRoutes);
  },
  // Auth is a dependency: the routes check scope (whose post, whose shortlist, which student) on
  // the caller the auth plugin resolves; without it they would have no caller to check.
  { name: 'chanjiao-matching', dependencies: ['chanjiao-config', 'chanjiao-store', 'chanjiao-auth', 'chanjiao-search'], fastify: '5.x' },
);
