/**
 * The abstract two-sided market that deferred acceptance runs on: students and posts are plain
 * indices, preference lists are compressed rows, and a post's priority over a student is a number
 * carried on the student's list entry. Everything domain-specific (eligibility, scores, interviews)
 * is decided before a market is built (see candidates.ts), so the algorithm and its checkers can be
 * tested alone on textbook and random instances.
 */
export interface Market {
  readonly studentCount: number;
  readonly postCount: number;
  /**
   * Student s's acceptable posts, best first, are `listPost[listStart[s] .. listStart[s + 1])`.
   * A post on a student's list also finds the student acceptable (eligibility was checked).
   */
  readonly listStart: Int32Array;
  readonly listPost: Int32Array;
  /** The post's priority of the student on that entry: higher is better. */
  readonly listPriority: Float64Array;
  /** Seats per post; 0 closes a post (a cancelled class). */
  readonly capacity: Int32Array;
  /** Lottery ticket per student: breaks equal priorities, lower wins (lottery.ts). */
  readonly ticket: Float64Array;
  /** The quota group (school) of each student; -1 when the student has none. */
  readonly group: Int32Array;
  /**
   * Per-school quotas within a class: post → group → seats reserved for that group's students.
   * Flexible: reserved seats a group does not use are released to everyone (HYY 2013 reserves).
   * The reserved seats of one post never exceed its capacity.
   */
  readonly reserves: ReadonlyMap<number, ReadonlyMap<number, number>>;
}

/**
 * Does student a (priority pa) outrank student b (priority pb) at a post? Priority first, then the
 * lottery ticket, then the index, so the order is strict and the same everywhere (algorithm,
 * checker, waiting lists, reports).
 */
export function outranks(market: Market, pa: number, a: number, pb: number, b: number): boolean {
  if (pa !== pb) return pa > pb;
  const ta = market.ticket[a]!;
  const tb = market.ticket[b]!;
  if (ta !== tb) return ta < tb;
  return a < b;
}

/** Where post p sits on student s's list, or -1. Lists are short (top N), so a scan is right. */
export function entryOf(market: Market, s: number, p: number): number {
  for (let i = market.listStart[s]!; i < market.listStart[s + 1]!; i++) if (market.listPost[i] === p) return i;
  return -1;
}

export interface MarketSpec {
  /** Per student, the posts it ranks, best first. */
  students: ReadonlyArray<ReadonlyArray<number>>;
  /**
   * Per post: seats, and either a full ranking of the students it accepts (best first) or
   * explicit priorities (higher better; equal ones go to the lottery). A student a post does not
   * rank is unacceptable to it and is dropped from that student's list.
   */
  posts: ReadonlyArray<{
    capacity: number;
    ranking?: ReadonlyArray<number>;
    priorities?: ReadonlyMap<number, number> | ReadonlyArray<number | undefined>;
    reserves?: ReadonlyMap<number, number>;
  }>;
  groups?: ReadonlyArray<number>;
  tickets?: ReadonlyArray<number>;
}

/** Build a market from readable lists: what tests, textbook instances and generators use. */
export function marketFromSpec(spec: MarketSpec): Market {
  const n = spec.students.length;
  const priorityOf = spec.posts.map((post) => {
    const m = new Map<number, number>();
    if (post.ranking) post.ranking.forEach((s, rank) => m.set(s, post.ranking!.length - rank));
    else if (post.priorities instanceof Map) for (const [s, v] of post.priorities) m.set(s, v);
    else if (post.priorities) (post.priorities as ReadonlyArray<number | undefined>).forEach((v, s) => v !== undefined && m.set(s, v));
    return m;
  });
  const listStart = new Int32Array(n + 1);
  const posts: number[] = [];
  const prios: number[] = [];
  spec.students.forEach((list, s) => {
    listStart[s] = posts.length;
    for (const p of list) {
      const prio = priorityOf[p]?.get(s);
      if (prio === undefined) continue;
      posts.push(p);
      prios.push(prio);
    }
  });
  listStart[n] = posts.length;
  const reserves = new Map<number, ReadonlyMap<number, number>>();
  spec.posts.forEach((post, p) => post.reserves && post.reserves.size > 0 && reserves.set(p, post.reserves));
  return {
    studentCount: n,
    postCount: spec.posts.length,
    listStart,
    listPost: Int32Array.from(posts),
    listPriority: Float64Array.from(prios),
    capacity: Int32Array.from(spec.posts.map((p) => p.capacity)),
    ticket: Float64Array.from(spec.tickets ?? spec.students.map(() => 0)),
    group: Int32Array.from(spec.groups ?? spec.students.map(() => -1)),
    reserves,
  };
}

/** The same market with some posts closed (capacity 0): how a cancelled class leaves the run. */
export function withClosedPosts(market: Market, closed: Iterable<number>): Market {
  const capacity = Int32Array.from(market.capacity);
  for (const p of closed) capacity[p] = 0;
  return { ...market, capacity };
}

/**
 * The lists a run actually used: each student's list without the closed posts, cut to its window
 * (the first `window[s]` open posts; all of them without a window). Returns the market and, per
 * entry of it, the entry of the pool it came from (to carry scores and other per-entry data).
 */
export function windowedMarket(
  market: Market,
  closed: ArrayLike<number>,
  window?: Int32Array,
): { market: Market; poolEntry: Int32Array } {
  const n = market.studentCount;
  const listStart = new Int32Array(n + 1);
  const poolEntry: number[] = [];
  for (let s = 0; s < n; s++) {
    listStart[s] = poolEntry.length;
    const limit = window ? window[s]! : Number.POSITIVE_INFINITY;
    let taken = 0;
    for (let i = market.listStart[s]!; i < market.listStart[s + 1]! && taken < limit; i++) {
      if (closed[market.listPost[i]!]) continue;
      poolEntry.push(i);
      taken++;
    }
  }
  listStart[n] = poolEntry.length;
  const entries = Int32Array.from(poolEntry);
  const capacity = Int32Array.from(market.capacity, (c, p) => (closed[p] ? 0 : c));
  return {
    market: {
      ...market,
      listStart,
      listPost: Int32Array.from(entries, (i) => market.listPost[i]!),
      listPriority: Float64Array.from(entries, (i) => market.listPriority[i]!),
      capacity,
    },
    poolEntry: entries,
  };
}
