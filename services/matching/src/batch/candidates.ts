import type { Market } from './market.js';
import { INTERVIEW_PRIORITY_BASE, type MatchScorer } from './scorer.js';
import type { TermIndex } from './term-index.js';

/** Where a student's list came from. */
export type ListSource = 'application' | 'derived';

/** Why an application or a candidate post did not make it onto a list. */
export interface DroppedPost {
  readonly postId: string;
  readonly reason: string;
}

/** Why a derived list came out empty although the student had eligible posts: its cities (stayLocal). */
export const NO_POST_IN_WANTED_CITIES = '意向城市内无符合条件的岗位 / no eligible post in the cities the student wants to stay in';

/** Why a derived list came out empty although the student had eligible posts: none reaches the floor. */
export const noPostAboveMinScore = (minScore: number): string =>
  `无达到最低匹配分 ${minScore} 的岗位 / no eligible post reaches the minimum match score ${minScore}`;

/** One round's market, with what the reports and explanations need beside it. */
export interface RoundMarket {
  readonly market: Market;
  /** The engine's match score on each list entry (the priority may be an interview result instead). */
  readonly entryScore: Float64Array;
  /** Per student: 1 when the list is the student's own application. */
  readonly fromApplication: Uint8Array;
  /** Applications that could not be listed, per student index. */
  readonly dropped: ReadonlyMap<number, readonly DroppedPost[]>;
  /**
   * Per student index, why its derived list is empty when a rule of what the student said emptied
   * it ({@link NO_POST_IN_WANTED_CITIES}, {@link noPostAboveMinScore}).
   */
  readonly emptyReason: ReadonlyMap<number, string>;
  /**
   * Per student, how many open posts of its list count (see `RunOptions.window`): N for a derived
   * list built as a longer pool, the whole list otherwise.
   */
  readonly window: Int32Array;
}

export interface ListParams {
  /** The students who take part; the others get empty lists. */
  readonly students: Iterable<number>;
  /** Derived lists keep the student's top N eligible posts. */
  readonly listLength: number;
  /**
   * Build derived lists this long (≥ listLength) and keep the first listLength open posts of them
   * (the window): the posts that move in when a class on the list is cancelled. Default: listLength.
   */
  readonly poolLength?: number;
  /**
   * How many candidates per student (by retrieval score) the engine scores for a derived list;
   * 0: every candidate (exact, and slow at city scale).
   */
  readonly candidateDepth: number;
  /**
   * A derived list leaves out posts whose engine score is below this; absent: no floor (the lists
   * as they were before the floor, e.g. for the benchmark's recall sample).
   */
  readonly minScore?: number | undefined;
  /** Use explicit applications where a student filed one (round 1), or always derive (round 2). */
  readonly useApplications: boolean;
  /** Seats per post in this round (0: not in the round). */
  readonly capacity: Int32Array;
  readonly reserves: ReadonlyMap<number, ReadonlyMap<number, number>>;
  /** Yield to the event loop and report progress every this many students. */
  readonly sliceSize?: number;
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

/** Yield so that the HTTP server keeps answering while a job runs in the same process. */
export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Build a round's preference lists and priorities.
 *
 * A derived list is the student's top N eligible posts by match score (ties: the posts' lottery
 * tickets), among the post kinds the student prefers when it names any, out of the `candidateDepth`
 * candidates with the best retrieval score (TermIndex.retrieve) — retrieve, then re-rank with the
 * engine, as recommendations do. It respects what the student said: with `stayLocal` only posts in
 * its wanted cities (TermIndex.wantedCities) are candidates, and a post scoring below `minScore` is
 * left out — a placement the student would refuse takes a seat from someone else and counts as a
 * success in the reports, which is worse than none. An explicit application
 * is taken in the student's order; posts that are not open this round, not eligible, or whose
 * interview the student failed are dropped with the reason. A post's priority over a student is
 * the match score, or {@link INTERVIEW_PRIORITY_BASE} + the interview score for a passed interview.
 */
export async function buildRoundMarket(index: TermIndex, scorer: MatchScorer, params: ListParams): Promise<RoundMarket> {
  const { students, posts, applications, interviews } = index.inputs;
  const n = students.length;
  const listStart = new Int32Array(n + 1);
  const listPost: number[] = [];
  const listPriority: number[] = [];
  const entryScore: number[] = [];
  const fromApplication = new Uint8Array(n);
  const dropped = new Map<number, DroppedPost[]>();
  const emptyReason = new Map<number, string>();
  const minScore = params.minScore ?? -Infinity;
  const participants = new Uint8Array(n);
  for (const s of params.students) participants[s] = 1;
  const total = participants.reduce((a, b) => a + b, 0);
  const slice = params.sliceSize ?? 2000;
  const N = Math.max(params.listLength, params.poolLength ?? 0);
  const window = new Int32Array(n);

  // Top-N buffer of the current student: post, score; kept sorted best first.
  const topPost = new Int32Array(N);
  const topScore = new Float64Array(N);
  let done = 0;

  const interviewOf = (p: number, s: number) => interviews.get(posts[p]!.id)?.get(students[s]!.id);
  // Failed interviews per student, so a derived list can say which posts it left out and why.
  const failed = new Map<string, number[]>();
  const interviewed = new Uint8Array(posts.length);
  for (const [postId, results] of interviews) {
    const p = index.postIndex.get(postId);
    if (p === undefined || params.capacity[p] === 0) continue;
    interviewed[p] = 1;
    for (const [studentId, r] of results) if (!r.passed) failed.set(studentId, [...(failed.get(studentId) ?? []), p]);
  }
  params.signal?.throwIfAborted();
  const priorityOf = (p: number, s: number, score: number) => {
    const iv = interviewOf(p, s);
    return iv?.passed ? INTERVIEW_PRIORITY_BASE + (iv.score ?? 0) : score;
  };

  for (let s = 0; s < n; s++) {
    listStart[s] = listPost.length;
    if (!participants[s]) continue;
    const student = students[s]!;
    const application = params.useApplications ? applications.get(student.id) : undefined;
    if (application) {
      fromApplication[s] = 1;
      const reasons: DroppedPost[] = [];
      const listed = new Set<number>();
      for (const postId of application) {
        const p = index.postIndex.get(postId);
        if (p === undefined || params.capacity[p] === 0) {
          reasons.push({ postId, reason: '岗位本学期未开放 post not open this term' });
          continue;
        }
        if (listed.has(p)) continue;
        const ctx = index.context(s, p);
        const eligibility = scorer.isEligible(student, posts[p]!, ctx);
        if (!eligibility.eligible) {
          reasons.push({ postId, reason: eligibility.reason });
          continue;
        }
        if (interviewOf(p, s)?.passed === false) {
          reasons.push({ postId, reason: '面试未通过 interview not passed' });
          continue;
        }
        const score = scorer.score(student, posts[p]!, ctx);
        listed.add(p);
        listPost.push(p);
        listPriority.push(priorityOf(p, s, score));
        entryScore.push(score);
      }
      if (reasons.length > 0) dropped.set(s, reasons);
      window[s] = listPost.length - listStart[s]!;
    } else {
      window[s] = params.listLength;
      let size = 0;
      const open = (p: number) => params.capacity[p] !== 0 && (!interviewed[p] || interviewOf(p, s)?.passed !== false);
      // Filtered before retrieval ranks, so the candidate depth is spent on posts the student accepts.
      const cities = index.wantedCities(s);
      const accept = cities === null ? open : (p: number) => open(p) && index.inCities(p, cities);
      const kinds = student.preferences.postKinds.length > 0 ? student.preferences.postKinds : undefined;
      let belowFloor = 0;
      for (const p of index.retrieve(s, params.candidateDepth, accept, kinds)) {
        const post = posts[p]!;
        const ctx = index.context(s, p);
        if (!scorer.isEligible(student, post, ctx).eligible) continue;
        const score = scorer.score(student, post, ctx);
        if (score < minScore) {
          belowFloor++;
          continue;
        }
        // Insert into the sorted top-N buffer (N is small).
        let at = size;
        while (at > 0 && (topScore[at - 1]! < score || (topScore[at - 1] === score && index.postTicket[topPost[at - 1]!]! > index.postTicket[p]!))) at--;
        if (at >= N) continue;
        const end = Math.min(size, N - 1);
        for (let k = end; k > at; k--) {
          topPost[k] = topPost[k - 1]!;
          topScore[k] = topScore[k - 1]!;
        }
        topPost[at] = p;
        topScore[at] = score;
        if (size < N) size++;
      }
      if (size === 0) {
        if (belowFloor > 0) emptyReason.set(s, noPostAboveMinScore(params.minScore!));
        else if (cities !== null) {
          // Only for students left with nothing: is there an eligible post outside its cities?
          const outside = (p: number) => open(p) && !index.inCities(p, cities);
          const elsewhere = index.retrieve(s, params.candidateDepth, outside, kinds);
          if (elsewhere.some((p) => scorer.isEligible(student, posts[p]!, index.context(s, p)).eligible)) emptyReason.set(s, NO_POST_IN_WANTED_CITIES);
        }
      }
      const excluded = failed.get(student.id);
      if (excluded) dropped.set(s, excluded.map((p) => ({ postId: posts[p]!.id, reason: '面试未通过 interview not passed' })));
      for (let k = 0; k < size; k++) {
        const p = topPost[k]!;
        listPost.push(p);
        listPriority.push(priorityOf(p, s, topScore[k]!));
        entryScore.push(topScore[k]!);
      }
    }
    if (++done % slice === 0) {
      params.onProgress?.(done, total);
      await yieldToLoop();
      params.signal?.throwIfAborted();
    }
  }
  listStart[n] = listPost.length;
  params.onProgress?.(done, total);

  return {
    market: {
      studentCount: n,
      postCount: posts.length,
      listStart,
      listPost: Int32Array.from(listPost),
      listPriority: Float64Array.from(listPriority),
      capacity: params.capacity,
      ticket: index.studentTicket,
      group: index.studentGroup,
      reserves: params.reserves,
    },
    entryScore: Float64Array.from(entryScore),
    fromApplication,
    dropped,
    emptyReason,
    window,
  };
}
