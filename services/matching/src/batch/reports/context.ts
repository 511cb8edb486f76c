import { LEVEL_LABELS, majorCatalog, POST_KIND_LABELS, type Level, type Post, type StudentProfile } from '@chanjiao/domain';
import type { ReportTable } from '../csv.js';
import type { MatchScorer } from '../scorer.js';
import { cityKey, type SubsidyOverrides } from '../subsidy-policies.js';
import type { TermIndex } from '../term-index.js';
import { CLASS_KINDS, type Assignment, type BatchHooks, type BatchOutcome, type CancelledClass } from '../term-match.js';

/** The joint meeting office's reports. Each is a table, published as JSON, CSV and one sheet of the .xlsx. */
export const REPORT_NAMES = [
  'summary',
  'assignments',
  'supply',
  'demand',
  'fill-posts',
  'fill-classes',
  'fill-parks',
  'unmatched',
  'shortage-majors',
  'local',
  'subsidy',
] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

/**
 * A report: Chinese-first column headers, and a `city` column on every row so that every report
 * can be cut to one city (`filterByCity`). Aggregate reports carry a row per city and one for all.
 */
export interface Report extends ReportTable {
  readonly name: ReportName;
  readonly title: string;
  /** How to read the numbers (attribution rules, what is left out). */
  readonly notes: readonly string[];
}

/** The `city` of the rows that add up every city. */
export const ALL_CITIES = '全部 all';

/** The park of a post outside any park. */
export const OUTSIDE_PARKS = '园区外';

/**
 * What a cancelled class's seats count for, in every report: nothing. A cancelled class offers no
 * seats, so its seats are in no seat total, fill rate or shortage figure; reports that list seats
 * show them apart, in a 取消班级名额 column.
 */
export const CANCELLED_SEATS_NOTE =
  '取消班级的名额不计入名额、填充率和紧缺统计，单列于“取消班级名额” / a cancelled class offers no seats: its seats are in no seat total, fill rate or shortage figure, only in the cancelled-seats column.';

export const col = (key: string, header: string) => ({ key, header });
export const CITY_COLUMN = col('city', '城市 city');

/** A rate as the office writes it: `17.7%`; `—` when there is nothing to divide by. */
export const percent = (part: number, whole: number): string => (whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)}%`);
export const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
export const byText =
  <T>(key: (x: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

export const levelLabel = (level: Level): string => LEVEL_LABELS[level] ?? level;

/** 订单班, 现代学徒制 …; internships by their mode (跟岗实习 / 顶岗实习). */
export function kindLabel(post: Post): string {
  if (post.kind === 'internship' && post.internshipMode) return post.internshipMode === 'shadow' ? '跟岗实习' : '顶岗实习';
  return POST_KIND_LABELS[post.kind];
}

/**
 * The cells that name a post and its seats, the same in every per-post report (fill-posts,
 * fill-classes): city, id, title, kind, enterprise, park, seats offered and cancelled.
 */
export function postCells(ctx: ReportContext, post: Post) {
  return {
    city: ctx.postCity(post),
    postId: post.id,
    postTitle: post.title,
    kind: kindLabel(post),
    enterpriseName: ctx.enterpriseName(post),
    park: ctx.park(post),
    seats: ctx.offeredSeats(post),
    cancelledSeats: ctx.cancelledSeats(post),
  };
}

/**
 * Everything the reports share, computed once per run: lookups, fills per post, the seat
 * definition, and the one definition of 应届 (this year's graduates).
 */
export interface ReportContext {
  readonly outcome: BatchOutcome;
  readonly index: TermIndex;
  readonly scorer: MatchScorer;
  readonly hooks: BatchHooks;
  readonly subsidyOverrides: SubsidyOverrides;
  readonly termYear: number;
  readonly students: readonly StudentProfile[];
  readonly posts: readonly Post[];
  readonly cancelled: ReadonlyMap<string, CancelledClass>;
  readonly matched: ReadonlySet<string>;
  /** Every city of a post or a school, sorted, each once under its {@link cityLabels} label. */
  readonly cities: readonly string[];
  studentOf(id: string): StudentProfile;
  postOf(id: string): Post;
  schoolName(schoolId: string): string;
  /** The city of a student's school ('' when unknown), as its label. */
  schoolCity(student: StudentProfile): string;
  /** The city of a post, as its label: what every row of a post is grouped and shown under. */
  postCity(post: Post): string;
  majorName(code: string): string;
  enterpriseName(post: Post): string;
  park(post: Post): string;
  /** 应届: graduates of the term's year. The local report and the subsidy lines both use this. */
  isFreshGraduate(student: StudentProfile): boolean;
  /** The student's school and the post are in the same city. */
  isLocal(a: Assignment): boolean;
  /** Seats a post offers: 0 for a cancelled class (CANCELLED_SEATS_NOTE). */
  offeredSeats(post: Post): number;
  /** The seats of a cancelled class; 0 otherwise. */
  cancelledSeats(post: Post): number;
  filled(postId: string): { round1: number; round2: number; total: number; bySchool: ReadonlyMap<string, number> };
  /** The effective minimum size of a class (the rule's or the default, capped at its seats). */
  minSize(post: Post): number;
  /** Yield between reports (the job runs in-process) and honour cancellation. */
  tick(done: number): Promise<void>;
}

export function buildContext(
  outcome: BatchOutcome,
  index: TermIndex,
  scorer: MatchScorer,
  subsidyOverrides: SubsidyOverrides,
  hooks: BatchHooks,
  tick: (done: number) => Promise<void>,
): ReportContext {
  const { students, posts, schools, enterprises } = index.inputs;
  const catalog = majorCatalog();
  const termYear = Number(outcome.term.slice(0, 4));
  const studentOf = (id: string) => students[index.studentIndex.get(id)!]!;
  const postOf = (id: string) => posts[index.postIndex.get(id)!]!;
  const cityOf = cityLabels([...posts.map((p) => p.city), ...[...schools.values()].map((s) => s.city)]);
  const schoolCity = (student: StudentProfile) => cityOf(schools.get(student.schoolId)?.city ?? '');
  const postCity = (post: Post) => cityOf(post.city);
  const cancelled = new Map(outcome.cancelled.map((c) => [c.postId, c]));
  const empty = { round1: 0, round2: 0, total: 0, bySchool: new Map<string, number>() };
  const fills = new Map<string, { round1: number; round2: number; total: number; bySchool: Map<string, number> }>();
  for (const a of outcome.assignments) {
    let f = fills.get(a.postId);
    if (!f) fills.set(a.postId, (f = { round1: 0, round2: 0, total: 0, bySchool: new Map() }));
    if (a.round === 1) f.round1++;
    else f.round2++;
    f.total++;
    const school = studentOf(a.studentId).schoolId;
    f.bySchool.set(school, (f.bySchool.get(school) ?? 0) + 1);
  }
  const rules = new Map(outcome.options.classes.map((r) => [r.postId, r]));
  const cities = [...new Set([...posts.map(postCity), ...[...schools.values()].map((s) => cityOf(s.city))])].sort();
  return {
    outcome,
    index,
    scorer,
    hooks,
    subsidyOverrides,
    termYear,
    students,
    posts,
    cancelled,
    matched: new Set(outcome.assignments.map((a) => a.studentId)),
    cities,
    studentOf,
    postOf,
    schoolName: (id) => schools.get(id)?.name ?? id,
    schoolCity,
    postCity,
    majorName: (code) => catalog.get(code)?.name ?? code,
    enterpriseName: (post) => enterprises.get(post.enterpriseId)?.name ?? post.enterpriseId,
    park: (post) => post.park ?? OUTSIDE_PARKS,
    isFreshGraduate: (student) => student.graduationYear === termYear,
    isLocal: (a) => schoolCity(studentOf(a.studentId)) === postCity(postOf(a.postId)),
    offeredSeats: (post) => (cancelled.has(post.id) ? 0 : post.seats),
    cancelledSeats: (post) => (cancelled.has(post.id) ? post.seats : 0),
    filled: (postId) => fills.get(postId) ?? empty,
    minSize: (post) => {
      const rule = rules.get(post.id)?.minSize;
      const min = rule ?? (CLASS_KINDS.has(post.kind) ? outcome.options.minClassSize : 0);
      return Math.min(min, post.seats);
    },
    tick,
  };
}

/**
 * One label per city, for grouping and showing rows. A name the gazetteer does not know is stored
 * as the clerk typed it, so one city can arrive as 岳阳 on the school and 岳阳市 on a post; the
 * reports already treat names that differ only by a trailing 市 as one city (`cityKey`, as the
 * city filter and the subsidy policies do), so they must also group them as one, or a city is
 * listed twice and its demand and supply fall into different rows. The label is the spelling
 * with 市 when the data has one (else the name as written, trimmed): the same whatever the order.
 */
export function cityLabels(names: Iterable<string>): (name: string) => string {
  const byKey = new Map<string, string>();
  for (const raw of names) {
    const name = raw.trim();
    const key = cityKey(name);
    const held = byKey.get(key);
    const better = held === undefined || (name.endsWith('市') && !held.endsWith('市')) || (name.endsWith('市') === held.endsWith('市') && name < held);
    if (better) byKey.set(key, name);
  }
  return (name) => byKey.get(cityKey(name)) ?? name.trim();
}

/** The rows of one city (a trailing 市 optional); every report has a `city` column. */
export function filterByCity<R extends ReportTable>(report: R, city: string): R {
  const key = cityKey(city);
  return { ...report, rows: report.rows.filter((r) => typeof r.city === 'string' && cityKey(r.city) === key) };
}
