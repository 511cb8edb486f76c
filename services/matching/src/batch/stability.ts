import { outranks, type Market } from './market.js';

export interface BlockingPair {
  readonly student: number;
  readonly post: number;
  /** Why the pair blocks: a free seat, or a held student the post ranks below this one. */
  readonly reason: 'free_seat' | 'outranks_held' | 'under_reserve';
  /** The held student the post would give up (absent for a free seat). */
  readonly displaces?: number;
}

export interface CapacityViolation {
  readonly post: number;
  readonly assigned: number;
  readonly capacity: number;
}

export interface StabilityReport {
  readonly blockingPairs: BlockingPair[];
  readonly capacityViolations: CapacityViolation[];
  /** Students assigned to a post that is not on their list (not acceptable to either side). */
  readonly unacceptable: Array<{ student: number; post: number }>;
}

/**
 * Check a matching against the market it came from, without using the algorithm's code.
 *
 * A pair (s, p) blocks when s prefers p to its assignment (p is above it on s's list, or s is
 * unmatched) and one of these holds (justified envy, with HYY reserves per school):
 * - p has a free seat;
 * - p holds t of s's own school and ranks s above t;
 * - p holds t who is *not protected* (t's school has more students at p than its reserve, so t sits
 *   on an open seat) and either p ranks s above t, or s's school is below its reserve at p.
 * Without reserves every held student is unprotected, and this is the textbook definition.
 *
 * Also lists capacity violations and assignments outside the student's list. A stable matching
 * has all three lists empty. O(total list length + students).
 */
export function checkStability(market: Market, assignment: ArrayLike<number>): StabilityReport {
  const n = market.studentCount;
  const held: number[][] = Array.from({ length: market.postCount }, () => []);
  const priorityAt = new Float64Array(n).fill(Number.NaN);
  const rankOnList = new Int32Array(n).fill(-1);
  const unacceptable: Array<{ student: number; post: number }> = [];

  for (let s = 0; s < n; s++) {
    const p = assignment[s]!;
    if (p < 0) continue;
    let found = -1;
    for (let i = market.listStart[s]!; i < market.listStart[s + 1]!; i++) {
      if (market.listPost[i] === p) {
        found = i;
        break;
      }
    }
    if (found < 0) {
      unacceptable.push({ student: s, post: p });
      continue;
    }
    rankOnList[s] = found - market.listStart[s]!;
    priorityAt[s] = market.listPriority[found]!;
    held[p]!.push(s);
  }

  const capacityViolations: CapacityViolation[] = [];
  // Per post: the worst held student of each school, and the worst unprotected one.
  const worstInGroup: Array<Map<number, number>> = [];
  const worstOpen = new Int32Array(market.postCount).fill(-1);
  const countInGroup: Array<Map<number, number>> = [];
  for (let p = 0; p < market.postCount; p++) {
    const students = held[p]!;
    const capacity = market.capacity[p]!;
    if (students.length > capacity) capacityViolations.push({ post: p, assigned: students.length, capacity });
    const counts = new Map<number, number>();
    for (const s of students) counts.set(market.group[s]!, (counts.get(market.group[s]!) ?? 0) + 1);
    const worst = new Map<number, number>();
    const reserves = market.reserves.get(p);
    let open = -1;
    for (const s of students) {
      const g = market.group[s]!;
      const w = worst.get(g);
      if (w === undefined || outranks(market, priorityAt[w]!, w, priorityAt[s]!, s)) worst.set(g, s);
      const isProtected = (counts.get(g) ?? 0) <= (reserves?.get(g) ?? 0);
      if (!isProtected && (open < 0 || outranks(market, priorityAt[open]!, open, priorityAt[s]!, s))) open = s;
    }
    worstInGroup.push(worst);
    countInGroup.push(counts);
    worstOpen[p] = open;
  }

  const blockingPairs: BlockingPair[] = [];
  for (let s = 0; s < n; s++) {
    const start = market.listStart[s]!;
    const end = rankOnList[s]! >= 0 ? start + rankOnList[s]! : market.listStart[s + 1]!;
    const g = market.group[s]!;
    for (let i = start; i < end; i++) {
      const p = market.listPost[i]!;
      const prio = market.listPriority[i]!;
      const capacity = market.capacity[p]!;
      if (capacity === 0) continue;
      if (held[p]!.length < capacity) {
        blockingPairs.push({ student: s, post: p, reason: 'free_seat' });
        continue;
      }
      const same = worstInGroup[p]!.get(g);
      if (same !== undefined && outranks(market, prio, s, priorityAt[same]!, same)) {
        blockingPairs.push({ student: s, post: p, reason: 'outranks_held', displaces: same });
        continue;
      }
      const open = worstOpen[p]!;
      if (open < 0) continue;
      if (outranks(market, prio, s, priorityAt[open]!, open)) {
        blockingPairs.push({ student: s, post: p, reason: 'outranks_held', displaces: open });
      } else if ((countInGroup[p]!.get(g) ?? 0) < (market.reserves.get(p)?.get(g) ?? 0)) {
        blockingPairs.push({ student: s, post: p, reason: 'under_reserve', displaces: open });
      }
    }
  }
  return { blockingPairs, capacityViolations, unacceptable };
}
