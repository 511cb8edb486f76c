export { batchRoutes, type BatchRoutesOptions } from './routes.js';
export { BatchJobRunner, resolveOptions, subsidyOverrides, type BatchJobRunnerDeps } from './jobs.js';
export {
  termBatchMatch,
  CLASS_KINDS,
  type BatchOptions,
  type BatchOutcome,
  type BatchHooks,
  type BatchPhase,
  type Assignment,
  type CancelledClass,
  type ClassRule,
} from './term-match.js';
export { buildReports, filterByCity, reportsWorkbook, REPORT_NAMES, type Report, type ReportName } from './reports/index.js';
export { SUBSIDY_POLICIES, SUBSIDY_RULES, type SubsidyOverrides, type CityPolicy } from './subsidy-policies.js';
export { BatchResults, BATCH_COLLECTIONS, RESULT_FORMAT_VERSION, type RunSummary, type StoredResult } from './results-store.js';
export { loadTermInputs } from './inputs.js';
export { compareRuns } from './compare.js';
export { toCsv, type ReportTable } from './csv.js';
export { buildRoundMarket, type RoundMarket, type ListParams } from './candidates.js';
export { TermIndex, type TermInputs, type InterviewResult } from './term-index.js';
export { createBatchScorer, engineScorer, INTERVIEW_PRIORITY_BASE, type MatchScorer, type MatchExplanation, type Eligibility } from './scorer.js';
export { DeferredAcceptance, deferredAcceptance } from './deferred-acceptance.js';
export { checkStability, type StabilityReport, type BlockingPair, type CapacityViolation } from './stability.js';
export { marketFromSpec, type Market, type MarketSpec } from './market.js';
export { lotteryTicket, newLotterySeed } from './lottery.js';
export { StartBatchJobRequest, BatchJobView, RunSummaryView, CompareView } from './schemas.js';
