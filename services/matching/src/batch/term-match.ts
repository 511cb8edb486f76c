import type { PostKind } from '@chanjiao/domain';
import { buildRoundMarket, yieldToLoop, type DroppedPost, type ListSource, type RoundMarket } from './candidates.js';
import { DeferredAcceptance } from './deferred-acceptance.js';
import { entryOf, outranks, windowedMarket } from './market.js';
import { enforceMinimumSizes } from './minimum-sizes.js';
import type { MatchScorer } from './scorer.js';
import { checkStability, type StabilityReport } from './stability.js';
import { TermIndex, type InterviewResult, type TermInputs } from './term-index.js';

/** Post kinds that form a class, where a minimum class size applies by default. */
export const CLASS_KINDS: ReadonlySet<PostKind> = new Set(['order_class', 'apprenticeship', 'project_class']);

export interface ClassRule {
  readonly postId: string;
  /**
   * Fewer students than this after the main round: the class is cancelled. Capped at the class's
   * seats, as the default is (a full class is never cancelled).
   */
  readonly minSize?: number | undefined;
  /** Seats reserved per school (school id → seats); unused ones are released. */
  readonly schoolQuotas?: Readonly<Record<string, number>> | undefined;
}

/** The options of one run, resolved (config defaults filled in); stored with the result. */
export interface BatchOptions {
  /** Lottery seed: stored so that anyone can recompute every tie-break. */
  readonly seed: string;
  readonly preferenceListLength: number;
  /** Candidates per student scored by the engine for a derived list (0: all); see candidates.ts. */
  readonly candidateDepth: number;
  readonly reserveListLength: number;
  readonly secondRound: boolean;
  /** Default minimum size of every class-kind post without its own rule; 0: none. */
  readonly minClassSize: number;
  readonly classes: readonly ClassRule[];
  /**
   * Lowest engine score a derived list may hold (BATCH_MIN_SCORE); applications are the students'
   * own choice and keep every eligible post. Absent in runs stored before the floor: none.
   */
  readonly minScore?: number | undefined;
}

export interface Assignment {
  readonly studentId: string;
  readonly postId: string;
  readonly round: 1 | 2;
  /** 1-based place of the post on the student's list of that round. */
  readonly choice: number;
  readonly listLength: number;
  readonly score: number;
  /** The post's priority of the student (the score, or the interview result). */
  readonly priority: number;
  readonly source: ListSource;
  readonly interview: InterviewResult | null;
}

export interface CancelledClass {
  readonly postId: string;
  /** The effective minimum: the rule's or the default, capped at the seats. */
  readonly minSize: number;
  /** Students it held when cancelled. */
  readonly filled: number;
  /** 1 for the first class cancelled, and so on. */
  readonly order: number;
  readonly reason: string;
}

export interface RoundStability {
  readonly students: number;
  readonly blockingPairs: number;
  readonly capacityViolations: number;
  readonly unacceptable: number;
}

/** One student's lists, kept for comparing versions and explaining misses. */
export interface StudentLists {
  readonly studentId: string;
  readonly source: ListSource;
  readonly posts: readonly string[];
  readonly scores: readonly number[];
  readonly round2Posts?: readonly string[];
  readonly round2Scores?: readonly number[];
  readonly dropped?: readonly DroppedPost[];
  /** Why the round-1 derived list is empty though eligible posts exist (stayLocal, minimum score). */
  readonly emptyReason?: string;
}

export interface WaitingList {
  readonly postId: string;
  readonly students: ReadonlyArray<{ readonly studentId: string; readonly priority: number }>;
}

export interface BatchCounts {
  readonly students: number;
  readonly posts: number;
  readonly seats: number;
  readonly matched: number;
  readonly matchedRound1: number;
  readonly matchedRound2: number;
  readonly unmatched: number;
  readonly fromApplications: number;
  readonly cancelledClasses: number;
}

/** What a run decided. Reports are built from it and the inputs (reports.ts). */
export interface BatchOutcome {
  readonly term: string;
  readonly options: BatchOptions;
  readonly counts: BatchCounts;
  readonly stability: { readonly round1: RoundStability; readonly round2: RoundStability | null };
  readonly assignments: readonly Assignment[];
  readonly unmatched: readonly string[];
  readonly cancelled: readonly CancelledClass[];
  /** Lowest priority admitted in the main round, per post that admitted anyone. */
  readonly cutoffs: Readonly<Record<string, number>>;
  readonly waitingLists: readonly WaitingList[];
  readonly lists: readonly StudentLists[];
  /** The posts of the run and their seats (to tell a removed post from an unfilled one later). */
  readonly posts: ReadonlyArray<{ readonly postId: string; readonly seats: number }>;
  /** How the minimum sizes were settled: classes cancelled then reopened, fresh runs tried. */
  readonly minimumSizes: { readonly reopened: readonly string[]; readonly trials: number };
}

/** Where a run is; `done` once it has succeeded (a failed or cancelled job keeps the phase it stopped in). */
export type BatchPhase = 'loading' | 'candidates' | 'matching' | 'minimum_sizes' | 'second_round' | 'checking' | 'reports' | 'saving' | 'done';

export interface BatchHooks {
  readonly signal?: AbortSignal;
  readonly onProgress?: (phase: BatchPhase, done: number, total: number) => void;
}

/** Run deferred acceptance in slices, yielding between them (cancellable, progress reported). */
async function runInSlices(da: DeferredAcceptance, total: number, phase: BatchPhase, hooks: BatchHooks): Promise<void> {
  while (!da.step(200_000)) {
    hooks.onProgress?.(phase, da.proposals, total);
    await yieldToLoop();
    hooks.signal?.throwIfAborted();
  }
  hooks.onProgress?.(phase, da.proposals, total);
}

const summary = (students: number, r: StabilityReport): RoundStability => ({
  students,
  blockingPairs: r.blockingPairs.length,
  capacityViolations: r.capacityViolations.length,
  unacceptable: r.unacceptable.length,
});

/**
 * The effective minimum size of each post (0: none): the class rule's, else the default for class
 * kinds, and never above the seats — a class that fills all its seats is never cancelled, whether
 * its minimum came from the default or from its own rule.
 */
export function minimumSizes(inputs: TermInputs, options: BatchOptions, index: TermIndex): Int32Array {
  const min = Int32Array.from(inputs.posts, (p) => (CLASS_KINDS.has(p.kind) ? options.minClassSize : 0));
  for (const rule of options.classes) {
    const p = index.postIndex.get(rule.postId);
    if (p !== undefined && rule.minSize !== undefined) min[p] = rule.minSize;
  }
  inputs.posts.forEach((post, p) => (min[p] = Math.min(min[p]!, post.seats)));
  return min;
}

/** Why a class was cancelled, for the office (Chinese first). */
export function cancellationReason(filled: number, minSize: number): string {
  return filled === 0
    ? `无人报名，未达最低开班人数 ${minSize} / no applicants, below the minimum class size of ${minSize}`
    : `仅 ${filled} 人，未达最低开班人数 ${minSize}，学生转入其他志愿 / only ${filled} student${filled === 1 ? '' : 's'}, below the minimum class size of ${minSize}; they moved on to their next choices`;
}

/** What a student's list shows for a cancelled class it had ranked. */
export const CANCELLED_CLASS_REASON = '班级因人数不足取消 class cancelled (below its minimum size)';

/** Per-school reserves by post index; schools without students this term reserve nothing. */
function reservesOf(options: BatchOptions, index: TermIndex): Map<number, ReadonlyMap<number, number>> {
  const out = new Map<number, ReadonlyMap<number, number>>();
  for (const rule of options.classes) {
    const p = index.postIndex.get(rule.postId);
    if (p === undefined || !rule.schoolQuotas) continue;
    const byGroup = new Map<number, number>();
    for (const [schoolId, seats] of Object.entries(rule.schoolQuotas)) {
      const g = index.groupOf(schoolId);
      if (g !== undefined && seats > 0) byGroup.set(g, seats);
    }
    if (byGroup.size > 0) out.set(p, byGroup);
  }
  return out;
}

/**
 * One term's batch matching (DESIGN.md): preference lists (applications, else the top N by match
 * score), student-proposing deferred acceptance with capacities and school quotas, cancellation of
 * under-filled classes one at a time (the run resumes; same result as a fresh run without them),
 * a second round of the unmatched over the seats left, waiting lists, and the stability check of
 * each round. Pure given its inputs and scorer; reading and writing the store is the job's work.
 */
export async function termBatchMatch(
  inputs: TermInputs,
  scorer: MatchScorer,
  options: BatchOptions,
  hooks: BatchHooks = {},
): Promise<{ outcome: BatchOutcome; index: TermIndex }> {
  const { students, posts } = inputs;
  const index = new TermIndex(inputs, options.seed, (name) => scorer.skillKey(name));
  const n = students.length;
  const progress = (phase: BatchPhase) => (done: number, total: number) => hooks.onProgress?.(phase, done, total);

  // Round 1: everyone, applications where filed. With minimum sizes, a derived list is built
  // twice as long (a pool) and the run uses its first N open posts, so a cancelled class on it is
  // replaced by the next post, as in a list rebuilt without it.
  const capacity = Int32Array.from(posts, (p) => p.seats);
  const minSize = minimumSizes(inputs, options, index);
  const anyMinimum = minSize.some((m) => m > 0);
  const pool = await buildRoundMarket(index, scorer, {
    students: students.keys(),
    listLength: options.preferenceListLength,
    poolLength: anyMinimum ? 2 * options.preferenceListLength : options.preferenceListLength,
    candidateDepth: options.candidateDepth,
    minScore: options.minScore,
    useApplications: true,
    capacity,
    reserves: reservesOf(options, index),
    onProgress: progress('candidates'),
    signal: hooks.signal,
  });
  const first = new DeferredAcceptance(pool.market, { window: pool.window });
  await runInSlices(first, pool.market.listPost.length, 'matching', hooks);

  // Minimum class sizes (minimum-sizes.ts): cancel by least latent demand, then reopen what can be.
  const idRank = new Int32Array(posts.length);
  [...posts.keys()].sort((x, y) => (posts[x]!.id < posts[y]!.id ? -1 : 1)).forEach((p, r) => (idRank[p] = r));
  const settled = await enforceMinimumSizes(
    {
      market: pool.market,
      minSize,
      order: idRank,
      window: pool.window,
      finish: (d) => runInSlices(d, pool.market.listPost.length, 'minimum_sizes', hooks),
    },
    first,
  );
  const da = settled.da;
  const cancelled: CancelledClass[] = settled.cancelled.map((c, k) => ({
    postId: posts[c.post]!.id,
    minSize: minSize[c.post]!,
    filled: c.filled,
    order: k + 1,
    reason: cancellationReason(c.filled, minSize[c.post]!),
  }));
  const isCancelled = new Uint8Array(posts.length);
  for (const c of settled.cancelled) isCancelled[c.post] = 1;
  const round1 = usedLists(pool, isCancelled, (p) => posts[p]!.id);
  const round1Market = round1.market;
  const round1Assignment = Int32Array.from(da.assignment);

  // Round 2: the unmatched, derived lists over the seats left (reserves released).
  let round2: { rm: RoundMarket; assignment: Int32Array } | null = null;
  const unmatched1 = [...students.keys()].filter((s) => round1Assignment[s]! < 0);
  if (options.secondRound && unmatched1.length > 0) {
    const residual = Int32Array.from(posts, (_, p) => (isCancelled[p] ? 0 : Math.max(0, capacity[p]! - da.heldCount(p))));
    const rm = await buildRoundMarket(index, scorer, {
      students: unmatched1,
      listLength: options.preferenceListLength,
      candidateDepth: options.candidateDepth,
      minScore: options.minScore,
      useApplications: false,
      capacity: residual,
      reserves: new Map(),
      onProgress: progress('second_round'),
      signal: hooks.signal,
    });
    const da2 = new DeferredAcceptance(rm.market);
    await runInSlices(da2, rm.market.listPost.length, 'second_round', hooks);
    round2 = { rm, assignment: da2.assignment };
  }

  hooks.onProgress?.('checking', 0, 1);
  const check1 = checkStability(round1Market, round1Assignment);
  const check2 = round2 ? checkStability(round2.rm.market, round2.assignment) : null;
  hooks.onProgress?.('checking', 1, 1);

  const assignments: Assignment[] = [];
  const unmatched: string[] = [];
  const cutoffs: Record<string, number> = {};
  const cutoffStudent = new Int32Array(posts.length).fill(-1);
  const record = (rm: RoundMarket, assignment: Int32Array, round: 1 | 2, s: number): boolean => {
    const p = assignment[s]!;
    if (p < 0) return false;
    const m = rm.market;
    const entry = entryOf(m, s, p);
    const student = students[s]!;
    const post = posts[p]!;
    assignments.push({
      studentId: student.id,
      postId: post.id,
      round,
      choice: entry - m.listStart[s]! + 1,
      listLength: m.listStart[s + 1]! - m.listStart[s]!,
      score: rm.entryScore[entry]!,
      priority: m.listPriority[entry]!,
      source: rm.fromApplication[s] ? 'application' : 'derived',
      interview: inputs.interviews.get(post.id)?.get(student.id) ?? null,
    });
    if (round === 1) {
      const c = cutoffStudent[p]!;
      if (c < 0 || outranks(m, cutoffs[post.id]!, c, m.listPriority[entry]!, s)) {
        cutoffStudent[p] = s;
        cutoffs[post.id] = m.listPriority[entry]!;
      }
    }
    return true;
  };
  for (let s = 0; s < n; s++) {
    if (record(round1, round1Assignment, 1, s)) continue;
    if (round2 && record(round2.rm, round2.assignment, 2, s)) continue;
    unmatched.push(students[s]!.id);
  }

  const waitingLists = buildWaitingLists(index, options.reserveListLength, isCancelled, [
    { rm: round1, assignment: round1Assignment },
    ...(round2 ? [{ rm: round2.rm, assignment: round2.assignment }] : []),
  ]);

  const lists: StudentLists[] = [];
  for (let s = 0; s < n; s++) {
    const range = (rm: RoundMarket) => Array.from(rm.market.listPost.subarray(rm.market.listStart[s], rm.market.listStart[s + 1]));
    const scores = (rm: RoundMarket) =>
      Array.from(rm.entryScore.subarray(rm.market.listStart[s], rm.market.listStart[s + 1]), (x) => Math.round(x * 1e6) / 1e6);
    const entry: StudentLists = {
      studentId: students[s]!.id,
      source: round1.fromApplication[s] ? 'application' : 'derived',
      posts: range(round1).map((p) => posts[p]!.id),
      scores: scores(round1),
      ...(round2 && round2.rm.market.listStart[s + 1]! > round2.rm.market.listStart[s]!
        ? { round2Posts: range(round2.rm).map((p) => posts[p]!.id), round2Scores: scores(round2.rm) }
        : {}),
      ...(round1.dropped.has(s) ? { dropped: round1.dropped.get(s) } : {}),
      ...(round1.emptyReason.has(s) ? { emptyReason: round1.emptyReason.get(s) } : {}),
    };
    lists.push(entry);
  }

  const matchedRound2 = assignments.filter((a) => a.round === 2).length;
  const outcome: BatchOutcome = {
    term: inputs.term,
    options,
    counts: {
      students: n,
      posts: posts.length,
      seats: posts.reduce((a, p) => a + p.seats, 0),
      matched: assignments.length,
      matchedRound1: assignments.length - matchedRound2,
      matchedRound2,
      unmatched: unmatched.length,
      fromApplications: round1.fromApplication.reduce((a, b) => a + b, 0),
      cancelledClasses: cancelled.length,
    },
    stability: {
      round1: summary(n, check1),
      round2: check2 && round2 ? summary(unmatched1.length, check2) : null,
    },
    assignments,
    unmatched,
    cancelled,
    cutoffs,
    waitingLists,
    lists,
    posts: posts.map((p) => ({ postId: p.id, seats: p.seats })),
    minimumSizes: { reopened: settled.reopened.map((p) => posts[p]!.id), trials: settled.trials },
  };
  return { outcome, index };
}

/**
 * Round 1's lists as the run used them: each pool cut to its window of posts not cancelled. A
 * cancelled class that a student had ranked within its window is kept beside the list as dropped,
 * so the reports can say why the student did not get it.
 */
function usedLists(pool: RoundMarket, isCancelled: Uint8Array, postId: (p: number) => string): RoundMarket {
  const { market, poolEntry } = windowedMarket(pool.market, isCancelled, pool.window);
  const dropped = new Map(pool.dropped);
  const m = pool.market;
  for (let s = 0; s < m.studentCount; s++) {
    let taken = 0;
    for (let i = m.listStart[s]!; i < m.listStart[s + 1]! && taken < pool.window[s]!; i++) {
      const p = m.listPost[i]!;
      if (!isCancelled[p]) taken++;
      else dropped.set(s, [...(dropped.get(s) ?? []), { postId: postId(p), reason: CANCELLED_CLASS_REASON }]);
    }
  }
  return {
    market,
    entryScore: Float64Array.from(poolEntry, (i) => pool.entryScore[i]!),
    fromApplication: pool.fromApplication,
    dropped,
    emptyReason: pool.emptyReason,
    window: Int32Array.from({ length: m.studentCount }, (_, s) => market.listStart[s + 1]! - market.listStart[s]!),
  };
}

/**
 * Per post, the students who asked for it and were turned away, best priority first: whom to offer
 * a seat that frees up. Only students who still prefer the post to what they got are listed.
 */
function buildWaitingLists(
  index: TermIndex,
  length: number,
  isCancelled: Uint8Array,
  rounds: ReadonlyArray<{ rm: RoundMarket; assignment: Int32Array }>,
): WaitingList[] {
  if (length === 0) return [];
  const { students, posts } = index.inputs;
  const waiting = new Map<number, Array<{ s: number; prio: number }>>();
  const placedInRound1 = rounds[0]!.assignment;
  for (const { rm, assignment } of rounds) {
    const m = rm.market;
    for (let s = 0; s < students.length; s++) {
      const end = assignment[s]! >= 0 ? entryOf(m, s, assignment[s]!) : m.listStart[s + 1]!;
      // A student placed in round 1 takes no part in round 2 (its round-2 list is empty).
      if (rm !== rounds[0]!.rm && placedInRound1[s]! >= 0) continue;
      for (let i = m.listStart[s]!; i < end; i++) {
        const p = m.listPost[i]!;
        if (isCancelled[p]) continue;
        const list = waiting.get(p) ?? [];
        list.push({ s, prio: m.listPriority[i]! });
        waiting.set(p, list);
      }
    }
  }
  const market = rounds[0]!.rm.market;
  return [...waiting.entries()]
    .sort(([a], [b]) => (posts[a]!.id < posts[b]!.id ? -1 : 1))
    .map(([p, list]) => ({
      postId: posts[p]!.id,
      students: list
        .sort((x, y) => (outranks(market, x.prio, x.s, y.prio, y.s) ? -1 : 1))
        .slice(0, length)
        .map(({ s, prio }) => ({ studentId: students[s]!.id, priority: prio })),
    }));
}
