import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, assertScope, Errors, type FieldIssue, type Scope } from '@chanjiao/platform';
import type { Analyzer } from '@chanjiao/search';
import { isFindable } from '../routes/access.js';
import { compareRuns } from './compare.js';
import { toCsv } from './csv.js';
import { BatchJobRunner } from './jobs.js';
import { ALL_CITIES, filterByCity, REPORT_NAMES, reportsWorkbook, type Report } from './reports/index.js';
import { cityKey } from './subsidy-policies.js';
import {
  BatchJobView,
  CompareQuery,
  CompareView,
  ExportQuery,
  JobParams,
  PutApplicationsRequest,
  PutInterviewsRequest,
  ReportParams,
  ReportQuery,
  ReportView,
  ResultParams,
  RunSummaryView,
  SavedReply,
  StartBatchJobRequest,
  TermParams,
} from './schemas.js';
import type { RunSummary } from './results-store.js';
import type { MatchScorer } from './scorer.js';

export interface BatchRoutesOptions {
  /** A runner to share (the CLI and tests pass one); default: one for this app's store and config. */
  readonly runner?: BatchJobRunner;
  /** The process's analyzer, shared with the search engine. */
  readonly analyzer?: Analyzer;
  readonly scorerFor?: (term: string) => MatchScorer;
}

const OFFICE = { access: { roles: ['office'] as const } };
const TAGS = ['batch'];

/** A download's file name; a city (Chinese) goes into the RFC 5987 `filename*`. */
function attachment(base: string, city: string | undefined, ext: string): string {
  if (city === undefined) return `attachment; filename="${base}.${ext}"`;
  return `attachment; filename="${base}-city.${ext}"; filename*=UTF-8''${encodeURIComponent(`${base}-${city}.${ext}`)}`;
}

/** Scope checks apply when the auth plugin is registered (it sets `request.principal`). */
function checkScope(request: FastifyRequest, owner: Scope): void {
  if ((request as { principal?: unknown }).principal) assertScope(request, owner);
}

/**
 * Term batch matching over HTTP, under /v1/batch: jobs (start, progress, cancel, result),
 * versioned results, the reports as JSON or CSV, comparison of versions, and the inputs that are
 * not records (ranked applications, interview results). Needs `app.config` and `app.store`.
 */
export const batchRoutes: FastifyPluginAsync<BatchRoutesOptions> = async (fastify, opts) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const runner =
    opts.runner ??
    new BatchJobRunner({
      store: app.store,
      config: app.config,
      log: app.log.child({ module: 'batch' }),
      ...(opts.analyzer ? { analyzer: opts.analyzer } : {}),
      ...(opts.scorerFor ? { scorerFor: opts.scorerFor } : {}),
    });
  if (!opts.runner) app.addHook('onClose', async () => runner.close());
  const { results } = runner;

  const summaryOr404 = async (term: string, version: number | 'latest') => {
    const summary = await results.summary(term, version);
    if (!summary) throw new AppError(Errors.BATCH_RESULT_NOT_FOUND, { details: { term, version } });
    return summary;
  };
  const view = (s: RunSummary): RunSummaryView => ({
    ...s,
    options: { ...s.options, classes: s.options.classes.map((c) => ({ ...c, ...(c.schoolQuotas ? { schoolQuotas: { ...c.schoolQuotas } } : {}) })) },
    cancelled: [...s.cancelled],
  });
  /** A city filter must name a city of the run (posts or schools): 404 with the cities it has. */
  const checkCity = async (term: string, version: number, city: string) => {
    const summary = await results.report(term, version, 'summary');
    const cities = [...new Set((summary?.rows ?? []).map((r) => String(r.city)).filter((c) => c !== ALL_CITIES))];
    if (!cities.some((c) => cityKey(c) === cityKey(city))) throw new AppError(Errors.BATCH_CITY_NOT_IN_RESULT, { details: { city, cities } });
  };
  const reportOr404 = async (term: string, version: number, name: (typeof REPORT_NAMES)[number]): Promise<Report> => {
    const report = await results.report(term, version, name);
    if (!report) throw new AppError(Errors.BATCH_RESULT_NOT_FOUND, { details: { term, version, report: name } });
    return report;
  };
  const jobOr404 = async (jobId: string) => {
    const job = await runner.get(jobId);
    if (!job) throw new AppError(Errors.BATCH_JOB_NOT_FOUND, { details: { jobId } });
    return job;
  };

  app.post(
    '/v1/batch/jobs',
    {
      config: OFFICE,
      schema: {
        tags: TAGS,
        summary: 'Start a term batch run (202); watch it at /v1/batch/jobs/{jobId}',
        description:
          'Errors: 404 BATCH_TERM_NOT_FOUND, 409 BATCH_JOB_ALREADY_RUNNING, 422 BATCH_CLASS_RULE_INVALID, 400 REQUEST_VALIDATION_FAILED.',
        body: StartBatchJobRequest,
        response: { 202: BatchJobView },
      },
    },
    async (request, reply) => reply.code(202).send(await runner.start(request.body)),
  );

  app.get(
    '/v1/batch/jobs/:jobId',
    {
      config: OFFICE,
      schema: { tags: TAGS, summary: 'A batch job: status, phase and progress', description: 'Errors: 404 BATCH_JOB_NOT_FOUND.', params: JobParams, response: { 200: BatchJobView } },
    },
    async (request) => jobOr404(request.params.jobId),
  );

  app.post(
    '/v1/batch/jobs/:jobId/cancel',
    {
      config: OFFICE,
      schema: {
        tags: TAGS,
        summary: 'Cancel a queued or running job; answers once it has stopped',
        description: 'Errors: 404 BATCH_JOB_NOT_FOUND, 409 BATCH_JOB_NOT_CANCELLABLE.',
        params: JobParams,
        response: { 200: BatchJobView },
      },
    },
    async (request) => runner.cancel(request.params.jobId),
  );

  app.get(
    '/v1/batch/jobs/:jobId/result',
    {
      config: OFFICE,
      schema: {
        tags: TAGS,
        summary: "The summary of the result a job stored",
        description: 'Errors: 404 BATCH_JOB_NOT_FOUND, 409 BATCH_JOB_NOT_FINISHED, 409 BATCH_JOB_HAS_NO_RESULT.',
        params: JobParams,
        response: { 200: RunSummaryView },
      },
    },
    async (request) => {
      const job = await jobOr404(request.params.jobId);
      if (job.status === 'queued' || job.status === 'running') {
        throw new AppError(Errors.BATCH_JOB_NOT_FINISHED, { details: { jobId: job.id, status: job.status, progress: job.progress } });
      }
      if (job.version === null) throw new AppError(Errors.BATCH_JOB_HAS_NO_RESULT, { details: { jobId: job.id, status: job.status } });
      return view(await summaryOr404(job.term, job.version));
    },
  );

  app.get(
    '/v1/batch/terms/:term/results',
    {
      config: OFFICE,
      schema: {
        tags: TAGS,
        summary: "Every stored version of a term's result, oldest first",
        description: 'Errors: 404 BATCH_TERM_NOT_FOUND (a term neither stored nor run; a term with no run yet has an empty list).',
        params: TermParams,
        response: { 200: z.object({ term: z.string(), versions: z.array(RunSummaryView) }) },
      },
    },
    async (request) => {
      const { term } = request.params;
      const versions = await results.list(term);
      // A misspelt term answered with an empty list reads as "not run yet"; the results of a term
      // removed since are still listed.
      if (versions.length === 0 && !(await app.store.get('term', term))) throw new AppError(Errors.BATCH_TERM_NOT_FOUND, { details: { term } });
      return { term, versions: versions.map(view) };
    },
  );

  app.get(
    '/v1/batch/terms/:term/results/:version',
    {
      config: OFFICE,
      schema: { tags: TAGS, summary: 'One version of a term\'s result (or `latest`)', description: 'Errors: 404 BATCH_RESULT_NOT_FOUND.', params: ResultParams, response: { 200: RunSummaryView } },
    },
    async (request) => view(await summaryOr404(request.params.term, request.params.version)),
  );

  app.get(
    '/v1/batch/terms/:term/results/:version/reports',
    {
      config: OFFICE,
      schema: {
        tags: TAGS,
        summary: 'The reports of a result',
        params: ResultParams,
        response: { 200: z.object({ term: z.string(), version: z.number().int(), reports: z.array(z.object({ name: z.string(), title: z.string(), rows: z.number().int() })) }) },
      },
    },
    async (request) => {
      const summary = await summaryOr404(request.params.term, request.params.version);
      const reports = [];
      for (const name of REPORT_NAMES) {
        const r = await results.report(summary.term, summary.version, name);
        if (r) reports.push({ name, title: r.title, rows: r.rows.length });
      }
      return { term: summary.term, version: summary.version, reports };
    },
  );

  app.get(
    '/v1/batch/terms/:term/results/:version/reports/:name',
    {
      config: OFFICE,
      schema: {
        tags: TAGS,
        summary: 'A report as JSON, or `?format=csv` as CSV (UTF-8 with BOM, opens in Excel)',
        description: 'Errors: 404 BATCH_RESULT_NOT_FOUND.',
        params: ReportParams,
        querystring: ReportQuery,
        response: { 200: ReportView },
      },
    },
    async (request, reply) => {
      const summary = await summaryOr404(request.params.term, request.params.version);
      const { city } = request.query;
      if (city !== undefined) await checkCity(summary.term, summary.version, city);
      const full = await reportOr404(summary.term, summary.version, request.params.name);
      const report = city === undefined ? full : filterByCity(full, city);
      if (request.query.format === 'csv') {
        // A string payload is sent as it is (no JSON serialization).
        const name = `batch-${summary.term}-v${summary.version}-${report.name}`;
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', attachment(name, city, 'csv'))
          .send(toCsv(report) as never);
      }
      const { offset, limit } = request.query;
      return {
        term: summary.term,
        version: summary.version,
        name: report.name,
        title: report.title,
        city: city ?? null,
        notes: [...report.notes],
        columns: [...report.columns],
        totalRows: report.rows.length,
        rows: report.rows.slice(offset, offset + limit),
      };
    },
  );

  app.get(
    '/v1/batch/terms/:term/results/:version/export',
    {
      config: OFFICE,
      schema: {
        tags: TAGS,
        summary: 'Every report of a result as one .xlsx workbook (a sheet per report, header row frozen); `?city=` cuts every sheet to one city',
        description: 'Errors: 404 BATCH_RESULT_NOT_FOUND, 404 BATCH_CITY_NOT_IN_RESULT.',
        params: ResultParams,
        querystring: ExportQuery,
      },
    },
    async (request, reply) => {
      const summary = await summaryOr404(request.params.term, request.params.version);
      const { city } = request.query;
      if (city !== undefined) await checkCity(summary.term, summary.version, city);
      const reports: Report[] = [];
      for (const name of REPORT_NAMES) {
        const report = await reportOr404(summary.term, summary.version, name);
        reports.push(city === undefined ? report : filterByCity(report, city));
      }
      const workbook = await reportsWorkbook(reports, { term: summary.term, version: summary.version, city });
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', attachment(`batch-${summary.term}-v${summary.version}`, city, 'xlsx'))
        .send(workbook);
    },
  );

  app.get(
    '/v1/batch/terms/:term/compare',
    {
      config: OFFICE,
      schema: {
        tags: TAGS,
        summary: 'Who moved between two versions of a term\'s result, and why',
        description: 'Errors: 404 BATCH_RESULT_NOT_FOUND.',
        params: TermParams,
        querystring: CompareQuery,
        response: { 200: CompareView },
      },
    },
    async (request) => {
      const { term } = request.params;
      const load = async (version: number | 'latest') => {
        const summary = await summaryOr404(term, version);
        const result = await results.result(term, summary.version);
        if (!result) throw new AppError(Errors.BATCH_RESULT_NOT_FOUND, { details: { term, version: summary.version } });
        return { summary, result };
      };
      return compareRuns(await load(request.query.from), await load(request.query.to));
    },
  );

  app.put(
    '/v1/batch/terms/:term/applications',
    {
      config: { access: { roles: ['office', 'operator'] } },
      schema: {
        tags: TAGS,
        summary: "Students' ranked applications for the term (a later upload overrides a student's earlier one)",
        description: 'All or nothing. Errors: 404 BATCH_TERM_NOT_FOUND, 422 BATCH_APPLICATION_INVALID, 403 AUTH_FORBIDDEN_SCOPE (an operator files only for its own school).',
        params: TermParams,
        body: PutApplicationsRequest,
        response: { 200: SavedReply },
      },
    },
    async (request) => {
      const { term } = request.params;
      const { applications } = request.body;
      if (!(await app.store.get('term', term))) throw new AppError(Errors.BATCH_TERM_NOT_FOUND, { details: { term } });
      const students = await app.store.getMany('student', applications.map((a) => a.studentId));
      const postIds = [...new Set(applications.flatMap((a) => a.postIds))];
      const posts = new Map((await app.store.getMany('post', postIds)).flatMap((p) => (p ? [[p.id, p] as const] : [])));
      const fields: FieldIssue[] = [];
      applications.forEach((a, i) => {
        const student = students[i];
        if (!student) fields.push({ path: `body.applications.${i}.studentId`, message: `no student ${a.studentId}` });
        else checkScope(request, { schoolId: student.schoolId });
        a.postIds.forEach((id, k) => {
          const post = posts.get(id);
          if (!post || post.term !== term || post.status !== 'open') {
            fields.push({ path: `body.applications.${i}.postIds.${k}`, message: `no open post ${id} in term ${term}` });
          }
        });
      });
      if (fields.length > 0) throw new AppError(Errors.BATCH_APPLICATION_INVALID, { fields: fields.slice(0, app.config.INGEST_MAX_ERRORS) });
      await results.putApplications(term, applications);
      return { term, saved: applications.length };
    },
  );

  app.put(
    '/v1/batch/terms/:term/interviews',
    {
      config: { access: { roles: ['office', 'hr'] } },
      schema: {
        tags: TAGS,
        summary: 'Interview results; at that post they override the match score (a failed interview excludes the student)',
        description: 'All or nothing. Errors: 404 BATCH_TERM_NOT_FOUND, 422 BATCH_INTERVIEW_INVALID, 403 AUTH_FORBIDDEN_SCOPE (HR reports only for its own posts).',
        params: TermParams,
        body: PutInterviewsRequest,
        response: { 200: SavedReply },
      },
    },
    async (request) => {
      const { term } = request.params;
      const { results: rows } = request.body;
      if (!(await app.store.get('term', term))) throw new AppError(Errors.BATCH_TERM_NOT_FOUND, { details: { term } });
      const students = await app.store.getMany('student', rows.map((r) => r.studentId));
      const posts = await app.store.getMany('post', rows.map((r) => r.postId));
      const fields: FieldIssue[] = [];
      // HR may name only students it could find: any other is answered as unknown (issue 15.4).
      const forHr = request.principal?.role === 'hr';
      rows.forEach((r, i) => {
        const post = posts[i];
        if (forHr ? !isFindable(students[i]) : !students[i]) fields.push({ path: `body.results.${i}.studentId`, message: `no student ${r.studentId}` });
        if (!post || post.term !== term) fields.push({ path: `body.results.${i}.postId`, message: `no post ${r.postId} in term ${term}` });
        else checkScope(request, { enterpriseId: post.enterpriseId });
      });
      if (fields.length > 0) throw new AppError(Errors.BATCH_INTERVIEW_INVALID, { fields: fields.slice(0, app.config.INGEST_MAX_ERRORS) });
      await results.putInterviews(term, rows);
      return { term, saved: rows.length };
    },
  );
};
