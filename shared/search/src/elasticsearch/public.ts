/**
 * `@chanjiao/search/elasticsearch`: the Elasticsearch backend for the reindex CLI and the contract
 * tests. It is a subpath of its own so that the embedded mode never loads the client (its module
 * graph is about half a second of every start); the search plugin imports it only in distributed mode.
 */
export {
  ElasticsearchIndex,
  openElasticsearchIndex,
  bulkOptions,
  templateOptions,
} from './elasticsearch-index.js';
export { createElasticsearchClient } from './client.js';
export { listVersions } from './admin.js';
export { indexTemplate, templateName } from './templates.js';
export { rebuildIndices, type RebuildReport } from './reindex.js';
