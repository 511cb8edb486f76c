export {
  ElasticsearchIndex,
  openElasticsearchIndex,
  templateOptions,
  bulkOptions,
  toBulkDocument,
  DEFAULT_FACET_SIZE,
  MAX_PAGE,
  type ElasticsearchIndexConfig,
  type ElasticsearchIndexOptions,
} from './elasticsearch-index.js';
export {
  createElasticsearchClient,
  elasticsearchClientOptions,
  type ElasticsearchClientConfig,
  type ElasticsearchClientOverrides,
} from './client.js';
export {
  DOC_KINDS,
  putTemplates,
  currentIndex,
  listVersions,
  createNextVersion,
  finishBulkLoad,
  swapAlias,
  deleteOldVersions,
  ensureCollections,
  type CreateVersionOptions,
} from './admin.js';
export {
  bulkIndex,
  MAX_DROPPED_REPORTED,
  type BulkDocument,
  type BulkLoadOptions,
  type BulkLoadResult,
  type BulkStats,
  type DroppedDocument,
} from './bulk.js';
export {
  indexTemplate,
  aliasName,
  versionedIndexName,
  templateName,
  ES_FORMAT_VERSION,
  VECTOR_DIMS,
  type TemplateOptions,
  type VectorIndexType,
} from './templates.js';
export { toAppError } from './errors.js';
export { rebuildIndices, type RebuildInput, type RebuildOptions, type RebuildReport } from './reindex.js';
