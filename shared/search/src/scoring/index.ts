/**
 * Scoring of a student for a post or a query, shared by search re-ranking and term batch matching.
 * One file per concern: weights, the long-lived rules (caches, interned names), eligibility, the
 * major relation in words, skill coverage, a pair's features, a query's features, explanations.
 */
export { FEATURES, DEFAULT_FEATURE_WEIGHTS, parseFeatureWeights, weighted, type Feature, type FeatureWeights } from './weights.js';
export { createMatchRules, Interner, type MatchRules, type MatchContext, type BestRelation, type NameInfo } from './rules.js';
export { isEligible, graduatedBefore, certificateCheck, certificateFilterable, type CertificateCheck, type Eligibility, type IneligibleReason } from './eligibility.js';
export { majorRelation, type Relation } from './major-relation.js';
export { heldFeatures, matchFeatures, matchScore, matchScoreValue, type HeldCounts } from './pair.js';
export { queryMatchScore, queryMatchScoreValue, queryMatchScorer, queryPostScore, queryPostScoreValue, studentPostScore, studentPostScoreValue, type QueryIntent, type QueryScorer } from './query.js';
export { cityFilterNote, hasStudentConstraints, studentConstraints, UNMET_FACTOR, type PlaceWanted, type QueryConstraints } from './constraints.js';
export { evidence } from './explanation.js';
export type { MatchScore } from './explanation.js';
