/**
 * `@chanjiao/search`: what services, the reindex CLI and the contract tests use. Benchmarks and
 * the evaluation script reach the rest (the embedded index's synchronous entry points, fusion,
 * filter compilation, Elasticsearch admin steps) through `@chanjiao/search/internal`.
 */
import { EmbeddedSearchIndex as EmbeddedIndexImpl, type EmbeddedIndexOptions } from './embedded/embedded-index.js';

export type {
  AnyIndexDocument,
  DocKind,
  FacetCounts,
  FilterInput,
  PostFilter,
  ScoredHit,
  SearchIndex,
  StudentFilter,
} from './search-index.js';
export { createAnalyzer, hasSearchableText, type Analyzer } from './analyzer.js';
export { buildIndexDocument, buildStudentDocument, buildPostDocument, fieldChain } from './documents.js';
// Term batch matching and the skill-level reports score pairs with the same rules as search.
export {
  certificateCheck,
  createMatchRules,
  heldFeatures,
  isEligible,
  matchFeatures,
  matchScore,
  matchScoreValue,
  majorRelation,
  weighted,
  type BestRelation,
  type Eligibility,
  type FeatureWeights,
  type HeldCounts,
  type IneligibleReason,
  type MatchContext,
  type MatchRules,
  type MatchScore,
} from './scoring/index.js';
export type { FusionOptions } from './fusion.js';
export { HybridEngine, ReferenceData, SearchInputError, type References, type RankedPage } from './engine.js';
export { searchPlugin, type SearchPluginOptions } from './plugin.js';

/** The embedded index as services see it: the {@link SearchIndex} contract, snapshots, the loader. */
export type EmbeddedSearchIndex = Omit<
  EmbeddedIndexImpl,
  'upsertSync' | 'getSync' | 'countSync' | 'listSync' | 'lexicalSync' | 'vectorSync' | 'exactVectorSync' | 'facetsSync'
>;
export const EmbeddedSearchIndex: {
  new (opts: EmbeddedIndexOptions): EmbeddedSearchIndex;
  load(dir: string, opts: EmbeddedIndexOptions): Promise<{ index: EmbeddedSearchIndex; meta: Record<string, unknown> }>;
} = EmbeddedIndexImpl;
