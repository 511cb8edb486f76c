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
export {
  isEligible,
  matchScore,
  matchScoreValue,
  queryMatchScore,
  queryMatchScoreValue,
  queryPostScore,
  queryPostScoreValue,
  majorRelation,
  createMatchRules,
  parseFeatureWeights,
  FEATURES,
  DEFAULT_FEATURE_WEIGHTS,
  type Feature,
  type FeatureWeights,
  type MatchRules,
  type MatchContext,
  type MatchScore,
  type Eligibility,
  type IneligibleReason,
  type QueryIntent,
  type BestRelation,
  type Relation,
} from './rerank.js';
export * from './elasticsearch/index.js';
export { fuse, type FusionMethod, type FusionOptions, type FusedHit } from './fusion.js';
export { compareHits } from './top-k.js';
export { EmbeddedSearchIndex, SnapshotMismatchError, SNAPSHOT_FORMAT_VERSION, type EmbeddedIndexOptions } from './embedded/embedded-index.js';
export {
  HybridEngine,
  ReferenceData,
  SearchInputError,
  type References,
  type HybridEngineOptions,
  type RankedHit,
  type RankedPage,
  type CandidateQuery,
  type RecommendationQuery,
  type PostQuery,
  type SearchObserver,
  type SearchStage,
  SEARCH_STAGES,
  VECTOR_PENDING_NOTE,
} from './engine.js';
export { searchPlugin, fusionFromConfig, embeddedOptionsFromConfig, engineFromConfig, type SearchCapability, type SearchPluginOptions } from './plugin.js';
