import { randomUUID } from 'node:crypto';
import { AppError, Errors, isAppError, type Config, type FieldIssue } from '@chanjiao/platform';
import { createAnalyzer, type Analyzer } from '@chanjiao/search';
import type { Store } from '@chanjiao/store';
import { loadTermInputs } from './inputs.js';
import { newLotterySeed } from './lottery.js';
import { buildReports } from './reports/index.js';
import type { SubsidyOverrides } from './subsidy-policies.js';
import { BATCH_COLLECTIONS, BatchResults } from './results-store.js';
import type { BatchJobView, BatchOptionsInput, StartBatchJobRequest } from './schemas.js';
import { createBatchScorer, type MatchScorer } from './scorer.js';
import { termBatchMatch, type BatchOptions, type BatchPhase } from './term-match.js';

/** The options of a run: the request's, else the configured defaults; a fresh lottery seed when none is given. */
export function resolveOptions(input: BatchOptionsInput, config: Config): BatchOptions {
  return {
    seed: input.seed ?? newLotterySeed(),
    preferenceListLength: input.preferenceListLength ?? config.BATCH_PREFERENCE_LIST_LENGTH,
    candidateDepth: input.candidateDepth ?? config.BATCH_CANDIDATE_DEPTH,
    reserveListLength: input.reserveListLength ?? config.BATCH_RESERVE_LIST_LENGTH,
    secondRound: input.secondRound ?? config.BATCH_SECOND_ROUND,
    minClassSize: input.minClassSize ?? config.BATCH_MIN_CLASS_SIZE,
    classes: input.classes ?? [],
    minScore: input.minScore ?? config.BATCH_MIN_SCORE,
  };
}

/** Per-city subsidy rate overrides (BATCH_SUBSIDY_RATES) over the published policies (subsidy-policies.ts). */
export function subsidyOverrides(config: Config): SubsidyOverrides {
  return config.BATCH_SUBSIDY_RATES;
}

/** Where each phase starts on the 0 … 1 progress scale (candidate generation dominates). */
const PHASE_SPAN: Readonly<Record<BatchPhase, readonly [number, number]>> = {
  loading: [0, 0.1],
  candidates: [0.1, 0.55],
  matching: [0.55, 0.65],
  minimum_sizes: [0.65, 0.7],
  second_round: [0.7, 0.8],
  checking: [0.8, 0.82],
  reports: [0.82, 0.97],
  saving: [0.97, 1],
  done: [1, 1],
};

interface JobState {
  view: BatchJobView;
  options: BatchOptions;
  abort: AbortController;
  done: Promise<void>;
}

export interface BatchJobRunnerDeps {
  readonly store: Store;
  readonly config: Config;
  /** The scorer of a term's run; default: the engine's rules over `analyzer`. */
  readonly scorerFor?: (term: string) => MatchScorer;
  /** The process's analyzer (building one costs ~0.3 s); created on first use when absent. */
  readonly analyzer?: Analyzer;
  readonly log?: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

/**
 * Runs batch matching as jobs inside the process: one at a time (a run uses a core for a minute
 * at city scale), cooperative (the work yields to the event loop so the server keeps answering),
 * cancellable, with progress. Job records are kept in memory and written to the store when they
 * start and finish, so a job can be looked up after a restart (a run cut off by the restart shows
 * as failed).
 */
export class BatchJobRunner {
  readonly results: BatchResults;
  readonly #jobs = new Map<string, JobState>();
  #active: string | null = null;
  #analyzer: Analyzer | undefined;

  constructor(readonly deps: BatchJobRunnerDeps) {
    this.results = new BatchResults(deps.store);
    this.#analyzer = deps.analyzer;
  }

  #scorer(term: string): MatchScorer {
    if (this.deps.scorerFor) return this.deps.scorerFor(term);
    this.#analyzer ??= createAnalyzer();
    return createBatchScorer(this.#analyzer, term);
  }

  /** Validate and queue a run; resolves once the job exists (not when it ends). */
  async start(request: StartBatchJobRequest): Promise<BatchJobView> {
    if (this.#active) throw new AppError(Errors.BATCH_JOB_ALREADY_RUNNING, { details: { jobId: this.#active } });
    const id = randomUUID();
    this.#active = id; // reserved before the first await: two starts cannot both pass
    try {
      const { store } = this.deps;
      if (!(await store.get('term', request.term))) throw new AppError(Errors.BATCH_TERM_NOT_FOUND, { details: { term: request.term } });
      await this.#validateClassRules(request);
      const options = resolveOptions(request.options, this.deps.config);
      const view: BatchJobView = {
        id,
        term: request.term,
        status: 'queued',
        phase: 'loading',
        progress: 0,
        done: 0,
        total: 0,
        createdAt: new Date().toISOString(),
        startedAt: null,
        finishedAt: null,
        version: null,
        error: null,
      };
      const state: JobState = { view, options, abort: new AbortController(), done: Promise.resolve() };
      this.#jobs.set(id, state);
      await this.#persist(state);
      state.done = this.#run(state);
      return { ...view };
    } catch (err) {
      this.#active = null;
      throw err;
    }
  }

  async #validateClassRules(request: StartBatchJobRequest): Promise<void> {
    const fields: FieldIssue[] = [];
    const rules = request.options.classes ?? [];
    const posts = await this.deps.store.getMany('post', rules.map((r) => r.postId));
    const seen = new Set<string>();
    for (const [i, rule] of rules.entries()) {
      const path = `body.options.classes.${i}`;
      const post = posts[i];
      if (seen.has(rule.postId)) fields.push({ path: `${path}.postId`, message: 'this post has a rule already' });
      seen.add(rule.postId);
      if (!post || post.term !== request.term) {
        fields.push({ path: `${path}.postId`, message: `no post ${rule.postId} in term ${request.term}` });
        continue;
      }
      const quotas = Object.entries(rule.schoolQuotas ?? {});
      const reserved = quotas.reduce((a, [, n]) => a + n, 0);
      if (reserved > post.seats) {
        fields.push({ path: `${path}.schoolQuotas`, message: `the quotas reserve ${reserved} seats; the class has ${post.seats}` });
      }
      const schools = await this.deps.store.getMany('school', quotas.map(([schoolId]) => schoolId));
      quotas.forEach(([schoolId], k) => {
        if (!schools[k]) fields.push({ path: `${path}.schoolQuotas.${schoolId}`, message: `no school ${schoolId}` });
      });
    }
    if (fields.length > 0) throw new AppError(Errors.BATCH_CLASS_RULE_INVALID, { fields });
  }

  async #persist(state: JobState): Promise<void> {
    await this.deps.store.putDocument(BATCH_COLLECTIONS.jobs, state.view.id, { view: state.view, options: state.options });
  }

  async #run(state: JobState): Promise<void> {
    const { view, options, abort } = state;
    const signal = abort.signal;
    const onProgress = (phase: BatchPhase, done: number, total: number) => {
      const [from, to] = PHASE_SPAN[phase];
      Object.assign(view, { phase, done, total, progress: from + (to - from) * (total > 0 ? Math.min(1, done / total) : 0) });
    };
    try {
      await new Promise<void>((resolve) => setImmediate(resolve));
      signal.throwIfAborted();
      Object.assign(view, { status: 'running', startedAt: new Date().toISOString() });
      const inputs = await loadTermInputs(this.deps.store, this.results, view.term, {
        signal,
        onProgress: (d, t) => onProgress('loading', d, t),
      });
      signal.throwIfAborted();
      const scorer = this.#scorer(view.term);
      const hooks = { signal, onProgress };
      const { outcome, index } = await termBatchMatch(inputs, scorer, options, hooks);
      const reports = await buildReports(outcome, index, scorer, subsidyOverrides(this.deps.config), hooks);
      signal.throwIfAborted();
      onProgress('saving', 0, 1);
      const summary = await this.results.save(outcome, reports, view.id);
      onProgress('done', 1, 1);
      Object.assign(view, { status: 'succeeded', version: summary.version });
      this.deps.log?.info({ jobId: view.id, term: view.term, version: summary.version, counts: outcome.counts }, 'batch run stored');
    } catch (err) {
      if (signal.aborted) {
        Object.assign(view, { status: 'cancelled' });
      } else {
        // 4xx problems (e.g. the term vanished) keep their code; anything else is logged, never echoed.
        const known = isAppError(err) && err.statusCode < 500;
        Object.assign(view, {
          status: 'failed',
          error: known ? { code: err.code, message: err.message } : { code: Errors.BATCH_RUN_FAILED.code, message: Errors.BATCH_RUN_FAILED.message },
        });
        if (!known) this.deps.log?.error({ err, jobId: view.id, term: view.term }, 'batch run failed');
      }
    } finally {
      view.finishedAt = new Date().toISOString();
      if (this.#active === view.id) this.#active = null;
      try {
        await this.#persist(state);
      } catch (err) {
        this.deps.log?.error({ err, jobId: view.id }, 'could not store the batch job record');
      }
    }
  }

  /** A job by id: from memory, else from the store (a run cut off by a restart shows as failed). */
  async get(id: string): Promise<BatchJobView | undefined> {
    const live = this.#jobs.get(id);
    if (live) return { ...live.view };
    const stored = (await this.deps.store.getDocument<{ view: BatchJobView }>(BATCH_COLLECTIONS.jobs, id))?.value.view;
    if (stored && (stored.status === 'queued' || stored.status === 'running')) {
      return {
        ...stored,
        status: 'failed',
        error: { code: Errors.BATCH_RUN_FAILED.code, message: 'The run was cut off by a server restart; start it again. / 运行因服务重启中断，请重新发起。' },
      };
    }
    return stored;
  }

  /** Cancel a queued or running job; resolves once it has stopped. */
  async cancel(id: string): Promise<BatchJobView> {
    const live = this.#jobs.get(id);
    if (!live) {
      if (await this.get(id)) throw new AppError(Errors.BATCH_JOB_NOT_CANCELLABLE, { details: { jobId: id } });
      throw new AppError(Errors.BATCH_JOB_NOT_FOUND, { details: { jobId: id } });
    }
    if (live.view.status !== 'queued' && live.view.status !== 'running') {
      throw new AppError(Errors.BATCH_JOB_NOT_CANCELLABLE, { details: { jobId: id, status: live.view.status } });
    }
    live.abort.abort();
    await live.done;
    return { ...live.view };
  }

  /** Resolves when the job has finished (any outcome). */
  async wait(id: string): Promise<BatchJobView | undefined> {
    await this.#jobs.get(id)?.done;
    return this.get(id);
  }

  /** Stop: cancel what runs and wait for it (graceful shutdown). */
  async close(): Promise<void> {
    const running = [...this.#jobs.values()].filter((j) => j.view.status === 'queued' || j.view.status === 'running');
    for (const j of running) j.abort.abort();
    await Promise.all(running.map((j) => j.done));
  }
}
