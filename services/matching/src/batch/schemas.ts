import { z } from 'zod';
import { ExternalId, TermId } from '@chanjiao/domain';
import { REPORT_NAMES } from './reports/index.js';

/** Request and response schemas of the batch routes (/v1/batch/…), the one source of validation, types and OpenAPI. */

const Count = z.number().int().min(0).max(100_000);

export const ClassRuleInput = z
  .object({
    postId: ExternalId,
    /** Fewer students than this after the main round: the class is cancelled and the run repeated. */
    minSize: Count.optional(),
    /** Seats reserved per school; flexible: seats a school does not use are released to everyone. */
    schoolQuotas: z.record(ExternalId, z.number().int().min(1).max(100_000)).optional(),
  })
  .strict();

export const BatchOptionsInput = z
  .object({
    /** Lottery seed for tie-breaks; a random one is drawn and stored when absent. */
    seed: z.string().min(1).max(128).regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces').optional(),
    preferenceListLength: z.number().int().min(1).max(100).optional(),
    /** Candidates per student the engine scores for a derived list; 0: all. */
    candidateDepth: z.number().int().min(0).max(100_000).optional(),
    reserveListLength: z.number().int().min(0).max(1000).optional(),
    secondRound: z.boolean().optional(),
    minClassSize: Count.optional(),
    classes: z.array(ClassRuleInput).max(50_000).default([]),
    /** Lowest match score a derived list keeps (0–1; applications keep every eligible post). */
    minScore: z.number().min(0).max(1).optional(),
  })
  .strict();
export type BatchOptionsInput = z.infer<typeof BatchOptionsInput>;

export const StartBatchJobRequest = z.object({ term: TermId, options: BatchOptionsInput.default({ classes: [] }) }).strict();
export type StartBatchJobRequest = z.infer<typeof StartBatchJobRequest>;

export const BatchJobStatus = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
export type BatchJobStatus = z.infer<typeof BatchJobStatus>;

export const BatchJobView = z.object({
  id: z.string(),
  term: TermId,
  status: BatchJobStatus,
  phase: z.string(),
  /** 0 … 1 over the whole run. */
  progress: z.number().min(0).max(1),
  /** Within the current phase. */
  done: z.number().int().min(0),
  total: z.number().int().min(0),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** The result version this job stored (when succeeded). */
  version: z.number().int().min(1).nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type BatchJobView = z.infer<typeof BatchJobView>;

const Stability = z.object({
  students: z.number().int(),
  blockingPairs: z.number().int(),
  capacityViolations: z.number().int(),
  unacceptable: z.number().int(),
});

export const RunSummaryView = z.object({
  term: TermId,
  version: z.number().int().min(1),
  jobId: z.string().nullable(),
  createdAt: z.string(),
  seed: z.string(),
  options: z.object({
    seed: z.string(),
    preferenceListLength: z.number().int(),
    candidateDepth: z.number().int(),
    reserveListLength: z.number().int(),
    secondRound: z.boolean(),
    minClassSize: z.number().int(),
    classes: z.array(ClassRuleInput),
    /** Absent in runs stored before the floor existed (they had none). */
    minScore: z.number().optional(),
  }),
  counts: z.object({
    students: z.number().int(),
    posts: z.number().int(),
    seats: z.number().int(),
    matched: z.number().int(),
    matchedRound1: z.number().int(),
    matchedRound2: z.number().int(),
    unmatched: z.number().int(),
    fromApplications: z.number().int(),
    cancelledClasses: z.number().int(),
  }),
  stability: z.object({ round1: Stability, round2: Stability.nullable() }),
  cancelled: z.array(
    z.object({ postId: z.string(), minSize: z.number().int(), filled: z.number().int(), order: z.number().int(), reason: z.string() }),
  ),
});
export type RunSummaryView = z.infer<typeof RunSummaryView>;

export const TermParams = z.object({ term: TermId }).strict();
export const JobParams = z.object({ jobId: z.string().min(1).max(64) }).strict();
/** A version number, or `latest`. */
export const VersionParam = z.union([z.literal('latest'), z.coerce.number().int().min(1).max(1_000_000)]);
export const ResultParams = z.object({ term: TermId, version: VersionParam }).strict();
export const ReportName = z.enum(REPORT_NAMES);
export const ReportParams = z.object({ term: TermId, version: VersionParam, name: ReportName }).strict();
/** One city's rows of every report (a trailing 市 is optional: 郴州 = 郴州市). */
const CityFilter = z.string().trim().min(1).max(100).optional();
export const ReportQuery = z
  .object({
    format: z.enum(['json', 'csv']).default('json'),
    city: CityFilter,
    /** JSON only: a page of rows. */
    offset: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(200_000).default(200_000),
  })
  .strict();

export const ExportQuery = z.object({ city: CityFilter }).strict();

const Cell = z.union([z.string(), z.number(), z.null()]);
export const ReportView = z.object({
  term: TermId,
  version: z.number().int(),
  name: ReportName,
  title: z.string(),
  /** The city the rows were cut to, or null for every city. */
  city: z.string().nullable(),
  notes: z.array(z.string()),
  columns: z.array(z.object({ key: z.string(), header: z.string() })),
  totalRows: z.number().int(),
  rows: z.array(z.record(z.string(), Cell)),
});

export const CompareQuery = z
  .object({ from: z.coerce.number().int().min(1), to: z.union([z.literal('latest'), z.coerce.number().int().min(1)]).default('latest') })
  .strict();

export const MoveReason = z.enum([
  'same',
  'student_added',
  'student_removed',
  'post_removed',
  'class_cancelled',
  'interview_failed',
  'not_eligible_any_more',
  'list_changed',
  'moved_up',
  'displaced',
  'priority_changed',
  'lottery',
  'second_round',
  'placed',
]);
export type MoveReason = z.infer<typeof MoveReason>;

export const CompareView = z.object({
  term: TermId,
  from: z.number().int(),
  to: z.number().int(),
  counts: z.object({
    unchanged: z.number().int(),
    moved: z.number().int(),
    newlyPlaced: z.number().int(),
    noLongerPlaced: z.number().int(),
    stillUnmatched: z.number().int(),
    added: z.number().int(),
    removed: z.number().int(),
  }),
  changes: z.array(
    z.object({
      studentId: z.string(),
      from: z.string().nullable(),
      to: z.string().nullable(),
      reason: MoveReason,
      detail: z.string(),
    }),
  ),
});
export type CompareView = z.infer<typeof CompareView>;

export const ApplicationInput = z
  .object({
    studentId: ExternalId,
    /** Ranked, best first; empty withdraws the student's application (its list is derived again). */
    postIds: z.array(ExternalId).max(30).refine((ids) => new Set(ids).size === ids.length, 'a post is listed twice'),
  })
  .strict();
export const PutApplicationsRequest = z.object({ applications: z.array(ApplicationInput).min(1).max(200_000) }).strict();

export const InterviewInput = z
  .object({
    postId: ExternalId,
    studentId: ExternalId,
    passed: z.boolean(),
    score: z.number().min(0).max(100).optional(),
  })
  .strict();
export const PutInterviewsRequest = z.object({ results: z.array(InterviewInput).min(1).max(200_000) }).strict();

export const SavedReply = z.object({ term: TermId, saved: z.number().int() });
