import fp from 'fastify-plugin';
import { batchRoutes } from './batch/index.js';
import { indexerPlugin } from './indexer/plugin.js';
import { candidateRoutes } from './routes/candidates.js';
import { invitationRoutes } from './routes/invitations.js';
import { lookupRoutes } from './routes/lookups.js';
import { recommendationRoutes } from './routes/recommendations.js';
import { shortlistRoutes } from './routes/shortlists.js';
import { skillsRoutes } from './skills/index.js';

export interface MatchingAppOptions {
  /** Run the indexer in this process (default true). False where another process follows the store. */
  indexer?: boolean;
}

/**
 * The matching service as a plugin that never listens: HR candidate search, post → candidates,
 * shortlists, student recommendations and post search, and term batch matching. Needs config,
 * store, search (and the embedder for query vectors; without it searches are lexical-only).
 */
export const matchingApp = fp<MatchingAppOptions>(
  async (app, opts) => {
    if (opts.indexer !== false) await app.register(indexerPlugin);
    await app.register(candidateRoutes);
    await app.register(shortlistRoutes);
    await app.register(recommendationRoutes);
    await app.register(lookupRoutes);
    await app.register(invitationRoutes);
    await app.register(batchRoutes, { analyzer: app.searcher.analyzer });
    await app.register(skillsRoutes);
  },
  { name: 'chanjiao-matching', dependencies: ['chanjiao-config', 'chanjiao-store', 'chanjiao-search'], fastify: '5.x' },
);
