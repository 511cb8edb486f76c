/**
 * `@chanjiao/search/internal`: the package's whole surface, for benchmarks, the evaluation script
 * and this package's own tests. Services import `@chanjiao/search` (the root), which re-exports
 * only what they use; nothing here is a stable API.
 */
export * from './search-index.js';
export { createAnalyzer, hasSearchableText, normalizeText, type Analyzer, type AnalyzerOptions, type TermKind } from './analyzer.js';
export {
  buildIndexDocument,
  buildStudentDocument,
  buildPostDocument,
  compileFilter,
  majorFilterKeys,
  fieldChain,
  keywordValue,
  majorNames,
  type StudentDocumentInput,
  type PostDocumentInput,
} from './documents.js';
export * from './scoring/index.js';
export * from './elasticsearch/index.js';
export { fuse, type FusionMethod, type FusionOptions, type FusedHit } from './fusion.js';
export { compareHits } from './top-k.js';
/** The embedded index with its synchronous entry points (`upsertSync`, `exactVectorSync` …) that benchmarks call. */
export { EmbeddedSearchIndex, SnapshotMismatchError, SNAPSHOT_FORMAT_VERSION, type EmbeddedIndexOptions } from './embedded/embedded-index.js';
export * from './engine.js';
export * from './plugin.js';
