/**
 * Slow, obviously-right models the batch tests compare the algorithm and the checker with:
 * a post's choice written straight from its definition, blocking pairs from that choice, and
 * brute-force enumeration of every matching of a small market.
 */
import fc from 'fast-check';
import { entryOf, marketFromSpec, outranks, type Market } from '../../src/batch/market.js';

/** Post p's priority of student s, or undefined when s does not list p. */
export function priorityOf(market: Market, s: number, p: number): number | undefined {
  const i = entryOf(market, s, p);
  return i < 0 ? undefined : market.listPriority[i];
}

/** Best first, by the market's strict priority order at post p. */
export function sortByPriority(market: Market, p: number, students: readonly number[]): number[] {
  return [...students].sort((a, b) => (outranks(market, priorityOf(market, a, p)!, a, priorityOf(market, b, p)!, b) ? -1 : 1));
}

/**
 * The post's choice from a set of applicants, from its definition: each school's best up to its
 * reserve, then the best of the rest up to the capacity.
 */
export function choose(market: Market, p: number, applicants: readonly number[]): Set<number> {
  const capacity = market.capacity[p]!;
  const ranked = sortByPriority(market, p, applicants);
  const reserves = market.reserves.get(p) ?? new Map<number, number>();
  const chosen = new Set<number>();
  const used = new Map<number, number>();
  for (const s of ranked) {
    const g = market.group[s]!;
    if ((used.get(g) ?? 0) < (reserves.get(g) ?? 0) && chosen.size < capacity) {
      chosen.add(s);
      used.set(g, (used.get(g) ?? 0) + 1);
    }
  }
  for (const s of ranked) if (chosen.size < capacity) chosen.add(s);
  return chosen;
}

/** Does s strictly prefer post p to its assignment a (-1 = unmatched)? */
export function prefers(market: Market, s: number, p: number, a: number): boolean {
  const i = entryOf(market, s, p);
  if (i < 0) return false;
  if (a < 0) return true;
  const j = entryOf(market, s, a);
  return j < 0 || i < j;
}

/** Blocking pairs by the choice definition: s prefers p and p would choose s from μ(p) ∪ {s}. */
export function blockingByChoice(market: Market, assignment: ArrayLike<number>): Array<[number, number]> {
  const held: number[][] = Array.from({ length: market.postCount }, () => []);
  for (let s = 0; s < market.studentCount; s++) if (assignment[s]! >= 0) held[assignment[s]!]!.push(s);
  const out: Array<[number, number]> = [];
  for (let s = 0; s < market.studentCount; s++) {
    for (let p = 0; p < market.postCount; p++) {
      if (p === assignment[s] || !prefers(market, s, p, assignment[s]!)) continue;
      if (choose(market, p, [...held[p]!, s]).has(s)) out.push([s, p]);
    }
  }
  return out;
}

/** Every assignment of students to listed posts (or none) within capacities. */
export function allFeasibleMatchings(market: Market): Int32Array[] {
  const out: Int32Array[] = [];
  const current = new Int32Array(market.studentCount).fill(-1);
  const load = new Int32Array(market.postCount);
  const visit = (s: number): void => {
    if (s === market.studentCount) {
      out.push(Int32Array.from(current));
      return;
    }
    current[s] = -1;
    visit(s + 1);
    for (let i = market.listStart[s]!; i < market.listStart[s + 1]!; i++) {
      const p = market.listPost[i]!;
      if (load[p]! >= market.capacity[p]!) continue;
      load[p]!++;
      current[s] = p;
      visit(s + 1);
      load[p]!--;
      current[s] = -1;
    }
  };
  visit(0);
  return out;
}

export function allStableMatchings(market: Market): Int32Array[] {
  return allFeasibleMatchings(market).filter((m) => blockingByChoice(market, m).length === 0);
}

/** Small random markets: ties in priorities (the lottery decides), schools, reserves, closed posts. */
export const smallMarket = (opts: { maxStudents?: number; maxPosts?: number; reserves?: boolean } = {}) =>
  fc
    .record({
      students: fc.integer({ min: 1, max: opts.maxStudents ?? 5 }),
      posts: fc.integer({ min: 1, max: opts.maxPosts ?? 3 }),
    })
    .chain(({ students, posts }) =>
      fc.record({
        lists: fc.array(fc.shuffledSubarray([...Array(posts).keys()]), { minLength: students, maxLength: students }),
        priorities: fc.array(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: students, maxLength: students }), {
          minLength: posts,
          maxLength: posts,
        }),
        capacities: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: posts, maxLength: posts }),
        groups: fc.array(fc.integer({ min: -1, max: 2 }), { minLength: students, maxLength: students }),
        reserveSeeds: fc.array(fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 3, maxLength: 3 }), {
          minLength: posts,
          maxLength: posts,
        }),
        tickets: fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { minLength: students, maxLength: students }),
      }),
    )
    .map(({ lists, priorities, capacities, groups, reserveSeeds, tickets }) =>
      marketFromSpec({
        students: lists,
        posts: capacities.map((capacity, p) => {
          const reserves = new Map<number, number>();
          if (opts.reserves) {
            let left = capacity;
            reserveSeeds[p]!.forEach((r, g) => {
              const take = Math.min(r, left);
              if (take > 0) reserves.set(g, take);
              left -= take;
            });
          }
          return { capacity, priorities: priorities[p]!, reserves };
        }),
        groups,
        tickets,
      }),
    );
