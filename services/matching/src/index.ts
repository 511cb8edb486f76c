export { matchingApp, type MatchingAppOptions } from './app.js';
export { Indexer, type IndexerOptions, type IndexerStats } from './indexer/indexer.js';
export { indexerPlugin } from './indexer/plugin.js';
export { maskName } from './views/mask.js';
export { candidateView } from './views/candidate-view.js';
export { shortlistCsv } from './routes/shortlists.js';
export * from './batch/index.js';
export * from './skills/index.js';
