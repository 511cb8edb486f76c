export { matchingApp } from './app.js';
export { Indexer, type IndexerOptions, type IndexerStats } from './indexer/indexer.js';
export { indexerPlugin } from './indexer/plugin.js';
export { pseudonym } from './views/mask.js';
export { candidateView } from './views/candidate-view.js';
export { shortlistCsv } from './routes/shortlists.js';
export * from './batch/index.js';
export * from './skills/index.js';
