import type { MatchScorer } from '../scorer.js';
import type { SubsidyOverrides } from '../subsidy-policies.js';
import type { TermIndex } from '../term-index.js';
import type { BatchHooks, BatchOutcome } from '../term-match.js';
import { yieldToLoop } from '../candidates.js';
import { assignmentsReport } from './assignments.js';
import { buildContext, REPORT_NAMES, type Report, type ReportName } from './context.js';
import { demandReport } from './demand.js';
import { fillClassesReport } from './fill-classes.js';
import { fillParksReport } from './fill-parks.js';
import { fillPostsReport } from './fill-posts.js';
import { localReport } from './local.js';
import { shortageMajorsReport } from './shortage-majors.js';
import { subsidyReport } from './subsidy.js';
import { summaryReport } from './summary.js';
import { supplyReport } from './supply.js';
import { unmatchedReport } from './unmatched.js';

export { REPORT_NAMES, ALL_CITIES, CANCELLED_SEATS_NOTE, filterByCity, type Report, type ReportName } from './context.js';
export { reportsWorkbook } from './xlsx.js';

/**
 * Every report of one run, each from its own file over one context built once. CPU-bound parts
 * yield to the event loop between reports (the job runs in-process) and honour cancellation.
 */
export async function buildReports(
  outcome: BatchOutcome,
  index: TermIndex,
  scorer: MatchScorer,
  subsidyOverrides: SubsidyOverrides,
  hooks: BatchHooks = {},
): Promise<Record<ReportName, Report>> {
  const tick = async (done: number) => {
    hooks.onProgress?.('reports', done, REPORT_NAMES.length);
    await yieldToLoop();
    hooks.signal?.throwIfAborted();
  };
  const ctx = buildContext(outcome, index, scorer, subsidyOverrides, hooks, tick);
  const assignments = await assignmentsReport(ctx);
  await tick(2);
  const supply = supplyReport(ctx);
  const demand = demandReport(ctx);
  await tick(4);
  const fillPosts = fillPostsReport(ctx);
  const fillClasses = fillClassesReport(ctx);
  const fillParks = fillParksReport(ctx);
  await tick(7);
  const unmatched = await unmatchedReport(ctx);
  await tick(8);
  const shortage = shortageMajorsReport(ctx);
  const local = localReport(ctx);
  const subsidy = subsidyReport(ctx);
  await tick(10);
  const summary = summaryReport(ctx);
  hooks.onProgress?.('reports', REPORT_NAMES.length, REPORT_NAMES.length);
  return {
    summary,
    assignments,
    supply,
    demand,
    'fill-posts': fillPosts,
    'fill-classes': fillClasses,
    'fill-parks': fillParks,
    unmatched,
    'shortage-majors': shortage,
    local,
    subsidy,
  };
}
