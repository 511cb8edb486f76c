import { randomUUID } from 'node:crypto';
import type { Store } from '@chanjiao/store';
import type { Report, ReportName } from './reports/index.js';
import type { InterviewResult } from './term-index.js';
import type { BatchOutcome, BatchOptions, CancelledClass, BatchCounts, RoundStability } from './term-match.js';

/**
 * Where batch matching keeps its data, as documents of the store (one collection each):
 * - `batch-runs`     `<term>:<version>`          the summary of a run (small; listing reads only these);
 * - `batch-results`  `<term>:<version>`          assignments, lists, cutoffs, waiting lists (compare, audit);
 * - `batch-reports`  `<term>:<version>:<report>` each published report table;
 * - `batch-applications` `<term>:<time>-<uuid>`  one upload of ranked applications;
 * - `batch-interviews`   `<term>:<time>-<uuid>`  one upload of interview results.
 * Versions are zero-padded in ids so they list in order. The summary is written last: a version
 * whose summary is missing (a crash while saving) does not exist, and the next run overwrites it.
 */
export const BATCH_COLLECTIONS = {
  runs: 'batch-runs',
  results: 'batch-results',
  reports: 'batch-reports',
  jobs: 'batch-jobs',
  applications: 'batch-applications',
  interviews: 'batch-interviews',
} as const;

/** Bumped when the stored shape changes; a reader refuses other versions rather than misread them. */
export const RESULT_FORMAT_VERSION = 1;

export interface RunSummary {
  readonly formatVersion: number;
  readonly term: string;
  readonly version: number;
  readonly jobId: string | null;
  readonly createdAt: string;
  readonly seed: string;
  readonly options: BatchOptions;
  readonly counts: BatchCounts;
  readonly stability: { readonly round1: RoundStability; readonly round2: RoundStability | null };
  readonly cancelled: readonly CancelledClass[];
}

export type StoredResult = Pick<BatchOutcome, 'assignments' | 'unmatched' | 'cutoffs' | 'waitingLists' | 'lists' | 'posts'> & {
  readonly formatVersion: number;
  readonly term: string;
  readonly version: number;
};

const pad = (version: number) => String(version).padStart(6, '0');
const runId = (term: string, version: number) => `${term}:${pad(version)}`;

/** The versioned results of every term, and the term inputs that are not records. */
export class BatchResults {
  constructor(readonly store: Store) {}

  async list(term: string): Promise<RunSummary[]> {
    const docs = await this.store.listDocuments<RunSummary>(BATCH_COLLECTIONS.runs, { prefix: `${term}:` });
    return docs.map((d) => d.value).filter((r) => r.term === term);
  }

  /** A run's summary; `latest` is the highest version. */
  async summary(term: string, version: number | 'latest'): Promise<RunSummary | undefined> {
    if (version === 'latest') return (await this.list(term)).at(-1);
    return (await this.store.getDocument<RunSummary>(BATCH_COLLECTIONS.runs, runId(term, version)))?.value;
  }

  async result(term: string, version: number): Promise<StoredResult | undefined> {
    const doc = await this.store.getDocument<StoredResult>(BATCH_COLLECTIONS.results, runId(term, version));
    if (doc && doc.value.formatVersion !== RESULT_FORMAT_VERSION) {
      throw new Error(`batch result ${term} v${version} has format ${doc.value.formatVersion}; this build reads ${RESULT_FORMAT_VERSION}`);
    }
    return doc?.value;
  }

  async report(term: string, version: number, name: ReportName): Promise<Report | undefined> {
    return (await this.store.getDocument<Report>(BATCH_COLLECTIONS.reports, `${runId(term, version)}:${name}`))?.value;
  }

  /** Store a run as the term's next version; returns its summary. */
  async save(outcome: BatchOutcome, reports: Record<ReportName, Report>, jobId: string | null): Promise<RunSummary> {
    const version = ((await this.list(outcome.term)).at(-1)?.version ?? 0) + 1;
    const id = runId(outcome.term, version);
    const result: StoredResult = {
      formatVersion: RESULT_FORMAT_VERSION,
      term: outcome.term,
      version,
      assignments: outcome.assignments,
      unmatched: outcome.unmatched,
      cutoffs: outcome.cutoffs,
      waitingLists: outcome.waitingLists,
      lists: outcome.lists,
      posts: outcome.posts,
    };
    await this.store.putDocument(BATCH_COLLECTIONS.results, id, result);
    for (const [name, report] of Object.entries(reports)) await this.store.putDocument(BATCH_COLLECTIONS.reports, `${id}:${name}`, report);
    const summary: RunSummary = {
      formatVersion: RESULT_FORMAT_VERSION,
      term: outcome.term,
      version,
      jobId,
      createdAt: new Date().toISOString(),
      seed: outcome.options.seed,
      options: outcome.options,
      counts: outcome.counts,
      stability: outcome.stability,
      cancelled: outcome.cancelled,
    };
    await this.store.putDocument(BATCH_COLLECTIONS.runs, id, summary);
    return summary;
  }

  /**
   * Applications and interview results arrive in bulk (a school's whole list at once), so each
   * upload is one document (one transaction); a later upload overrides an earlier one student by
   * student, and an empty list withdraws an application. Ids sort by time.
   */
  async #putUpload(collection: string, term: string, entries: readonly unknown[]): Promise<void> {
    const id = `${term}:${String(Date.now()).padStart(15, '0')}-${randomUUID()}`;
    await this.store.putDocument(collection, id, { term, entries });
  }

  async #uploads<T>(collection: string, term: string): Promise<T[]> {
    const docs = await this.store.listDocuments<{ term: string; entries: T[] }>(collection, { prefix: `${term}:` });
    return docs.filter((d) => d.value.term === term).flatMap((d) => d.value.entries);
  }

  async putApplications(term: string, applications: ReadonlyArray<{ studentId: string; postIds: readonly string[] }>): Promise<void> {
    await this.#putUpload(BATCH_COLLECTIONS.applications, term, applications);
  }

  /** Each student's latest application (student id → post ids, best first). */
  async applications(term: string): Promise<Map<string, readonly string[]>> {
    const out = new Map<string, readonly string[]>();
    for (const a of await this.#uploads<{ studentId: string; postIds: string[] }>(BATCH_COLLECTIONS.applications, term)) {
      if (a.postIds.length === 0) out.delete(a.studentId);
      else out.set(a.studentId, a.postIds);
    }
    return out;
  }

  async putInterviews(term: string, results: ReadonlyArray<{ postId: string; studentId: string } & InterviewResult>): Promise<void> {
    await this.#putUpload(BATCH_COLLECTIONS.interviews, term, results);
  }

  /** The latest interview result per post and student. */
  async interviews(term: string): Promise<Map<string, Map<string, InterviewResult>>> {
    const out = new Map<string, Map<string, InterviewResult>>();
    for (const r of await this.#uploads<{ postId: string; studentId: string } & InterviewResult>(BATCH_COLLECTIONS.interviews, term)) {
      const byStudent = out.get(r.postId) ?? new Map<string, InterviewResult>();
      byStudent.set(r.studentId, r.score === undefined ? { passed: r.passed } : { passed: r.passed, score: r.score });
      out.set(r.postId, byStudent);
    }
    return out;
  }
}
