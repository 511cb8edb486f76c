import { outranks, type Market } from './market.js';

/** The seats of one post while the run goes on: who is held, and whom to reject on overflow. */
interface Holder {
  /** Hold student s (post priority `prio`); returns the student rejected (maybe s itself) or -1. */
  offer(s: number, prio: number): number;
  /** Empties the post (it was closed) and returns everyone it held. */
  drain(): number[];
  /** The students held now, in no particular order. */
  members(): readonly number[];
  readonly size: number;
}

/**
 * A plain post: a binary heap whose root is the worst student held, so an overflow rejects the
 * worst in O(log seats).
 */
class HeapHolder implements Holder {
  readonly #students: number[] = [];
  readonly #prios: number[] = [];

  constructor(
    readonly market: Market,
    readonly capacity: number,
  ) {}

  get size(): number {
    return this.#students.length;
  }

  /** i is worse than j: the heap order (worst at the root). */
  #worse(i: number, j: number): boolean {
    return outranks(this.market, this.#prios[j]!, this.#students[j]!, this.#prios[i]!, this.#students[i]!);
  }

  #swap(i: number, j: number): void {
    const s = this.#students;
    const p = this.#prios;
    [s[i], s[j]] = [s[j]!, s[i]!];
    [p[i], p[j]] = [p[j]!, p[i]!];
  }

  #down(i: number): void {
    const n = this.#students.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.#worse(l, m)) m = l;
      if (r < n && this.#worse(r, m)) m = r;
      if (m === i) return;
      this.#swap(i, m);
      i = m;
    }
  }

  #up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#worse(i, parent)) return;
      this.#swap(i, parent);
      i = parent;
    }
  }

  offer(s: number, prio: number): number {
    if (this.capacity === 0) return s;
    if (this.#students.length < this.capacity) {
      this.#students.push(s);
      this.#prios.push(prio);
      this.#up(this.#students.length - 1);
      return -1;
    }
    const worst = this.#students[0]!;
    if (!outranks(this.market, prio, s, this.#prios[0]!, worst)) return s;
    this.#students[0] = s;
    this.#prios[0] = prio;
    this.#down(0);
    return worst;
  }

  drain(): number[] {
    const out = this.#students.splice(0);
    this.#prios.length = 0;
    return out;
  }

  members(): readonly number[] {
    return this.#students;
  }
}

/**
 * A class with per-school quotas (Hafalir, Yenmez & Yildirim 2013, "minority reserves", with one
 * reserve per school). Its choice from a set of applicants: each school's best applicants up to its
 * reserve, then the remaining seats to the best of everyone left. Unused reserved seats are thereby
 * released, never wasted. With at most capacity + 1 applicants the one rejected is the worst
 * applicant outside every school's reserved block. This choice rule is substitutable and
 * size-monotone, so deferred acceptance stays stable and strategy-proof for students.
 */
class ReserveHolder implements Holder {
  /** Per school, the held students, best first (with their priorities alongside). */
  readonly #byGroup = new Map<number, { students: number[]; prios: number[] }>();
  #size = 0;

  constructor(
    readonly market: Market,
    readonly capacity: number,
    readonly reserves: ReadonlyMap<number, number>,
  ) {}

  get size(): number {
    return this.#size;
  }

  offer(s: number, prio: number): number {
    if (this.capacity === 0) return s;
    const g = this.market.group[s]!;
    let block = this.#byGroup.get(g);
    if (!block) this.#byGroup.set(g, (block = { students: [], prios: [] }));
    // Insert in order (classes are small, a linear insertion is fine).
    let at = block.students.length;
    while (at > 0 && outranks(this.market, prio, s, block.prios[at - 1]!, block.students[at - 1]!)) at--;
    block.students.splice(at, 0, s);
    block.prios.splice(at, 0, prio);
    this.#size++;
    if (this.#size <= this.capacity) return -1;
    // Overflow: reject the worst student not protected by a reserve (the tail of each school's
    // block beyond its reserve). One exists, since the reserves sum to at most the capacity.
    let worstGroup: { students: number[]; prios: number[] } | undefined;
    for (const [group, b] of this.#byGroup) {
      if (b.students.length <= (this.reserves.get(group) ?? 0)) continue;
      const last = b.students.length - 1;
      if (
        !worstGroup ||
        outranks(this.market, worstGroup.prios.at(-1)!, worstGroup.students.at(-1)!, b.prios[last]!, b.students[last]!)
      ) {
        worstGroup = b;
      }
    }
    const rejected = worstGroup!.students.pop()!;
    worstGroup!.prios.pop();
    this.#size--;
    return rejected;
  }

  drain(): number[] {
    const out = [...this.#byGroup.values()].flatMap((b) => b.students);
    this.#byGroup.clear();
    this.#size = 0;
    return out;
  }

  members(): readonly number[] {
    return [...this.#byGroup.values()].flatMap((b) => b.students);
  }
}

/** How a run treats the lists beyond the market's own rules. */
export interface RunOptions {
  /**
   * Per student, how many *open* posts of its list it may propose to. A derived list is the top N
   * open posts, so it is built longer than N (a pool) and this window keeps the first N that are
   * not closed: when a class on it is cancelled, the next post of the pool moves in, exactly as a
   * list rebuilt without that class. Default: the whole list.
   */
  readonly window?: Int32Array;
  /** Posts closed from the start (cancelled classes). */
  readonly closed?: Iterable<number>;
}

/**
 * Student-proposing deferred acceptance with capacities (Gale & Shapley 1962; the Roth–Peranson
 * design without couples). The result is the student-optimal stable matching of the market (with
 * each student's list cut to its window of open posts), and no student gains by misreporting. The
 * outcome does not depend on the order of proposals (McVitie & Wilson 1970), which is what lets a
 * run be resumed: closing a post releases its students, who continue down their lists (their
 * windows reach one post further), and the result is the same as a fresh run without that post.
 */
export class DeferredAcceptance {
  /** Post of each student, -1 while unmatched. */
  readonly assignment: Int32Array;
  /** The list entry (index into listPost) of each student's assignment, -1 while unmatched. */
  readonly assignedEntry: Int32Array;
  /** The next list entry each student will propose to. */
  readonly next: Int32Array;
  readonly #holders: Holder[];
  readonly #free: number[] = [];
  readonly #isFree: Uint8Array;
  /** Open posts each student has proposed to; a post that closes stops counting. */
  readonly #used: Int32Array;
  readonly #window: Int32Array | null;
  readonly #closed: Uint8Array;
  /** Per post, the list entries that name it (built on the first close of a windowed run). */
  #byPost: { start: Int32Array; entry: Int32Array; student: Int32Array } | null = null;
  #proposals = 0;

  constructor(
    readonly market: Market,
    options: RunOptions = {},
  ) {
    const n = market.studentCount;
    this.assignment = new Int32Array(n).fill(-1);
    this.assignedEntry = new Int32Array(n).fill(-1);
    this.next = Int32Array.from(market.listStart.subarray(0, n));
    this.#used = new Int32Array(n);
    this.#window = options.window ?? null;
    this.#closed = new Uint8Array(market.postCount);
    for (const p of options.closed ?? []) this.#closed[p] = 1;
    this.#holders = Array.from({ length: market.postCount }, (_, p) => {
      if (this.#closed[p]) return new HeapHolder(market, 0);
      const reserves = market.reserves.get(p);
      return reserves ? new ReserveHolder(market, market.capacity[p]!, reserves) : new HeapHolder(market, market.capacity[p]!);
    });
    this.#isFree = new Uint8Array(n).fill(1);
    for (let s = n - 1; s >= 0; s--) this.#free.push(s);
  }

  /** Proposals made so far; at most the total length of all lists (progress reporting). */
  get proposals(): number {
    return this.#proposals;
  }

  get done(): boolean {
    return this.#free.length === 0;
  }

  /** Make at most `budget` proposals; true when no free student has a post left to propose to. */
  step(budget = Number.POSITIVE_INFINITY): boolean {
    const m = this.market;
    const window = this.#window;
    let left = budget;
    while (this.#free.length > 0 && left > 0) {
      const s = this.#free.pop()!;
      this.#isFree[s] = 0;
      const end = m.listStart[s + 1]!;
      const limit = window ? window[s]! : Number.POSITIVE_INFINITY;
      while (this.next[s]! < end && this.#used[s]! < limit) {
        const i = this.next[s]!++;
        const p = m.listPost[i]!;
        if (this.#closed[p]) continue;
        this.#used[s]!++;
        this.#proposals++;
        left--;
        const rejected = this.#holders[p]!.offer(s, m.listPriority[i]!);
        if (rejected === s) continue;
        this.assignment[s] = p;
        this.assignedEntry[s] = i;
        if (rejected >= 0) {
          this.assignment[rejected] = -1;
          this.assignedEntry[rejected] = -1;
          this.#wake(rejected);
        }
        break;
      }
    }
    return this.done;
  }

  run(): this {
    this.step();
    return this;
  }

  #wake(s: number): void {
    if (this.#isFree[s]) return;
    this.#isFree[s] = 1;
    this.#free.push(s);
  }

  /**
   * Close post p (a class under its minimum size): it holds nobody from now on, and the students
   * it held go back into the run; in a windowed run every student who had proposed to it may go
   * one post further down its list. Returns the students it held. Call `step`/`run` afterwards.
   */
  close(p: number): number[] {
    if (this.#closed[p]) return [];
    this.#closed[p] = 1;
    const released = this.#holders[p]!.drain();
    this.#holders[p] = new HeapHolder(this.market, 0);
    for (const s of released) {
      this.assignment[s] = -1;
      this.assignedEntry[s] = -1;
      this.#wake(s);
    }
    if (this.#window) {
      const byPost = (this.#byPost ??= entriesByPost(this.market));
      for (let k = byPost.start[p]!; k < byPost.start[p + 1]!; k++) {
        const s = byPost.student[k]!;
        if (byPost.entry[k]! >= this.next[s]!) continue;
        this.#used[s]!--;
        if (this.assignment[s]! < 0) this.#wake(s);
      }
    }
    return released;
  }

  isClosed(p: number): boolean {
    return this.#closed[p] === 1;
  }

  /** How many students post p holds now. */
  heldCount(p: number): number {
    return this.#holders[p]!.size;
  }

  /** The students post p holds now. */
  heldStudents(p: number): readonly number[] {
    return this.#holders[p]!.members();
  }
}

/** Per post, the list entries that name it and their students (compressed rows). */
export function entriesByPost(market: Market): { start: Int32Array; entry: Int32Array; student: Int32Array } {
  const start = new Int32Array(market.postCount + 1);
  for (const p of market.listPost) start[p + 1]!++;
  for (let p = 0; p < market.postCount; p++) start[p + 1]! += start[p]!;
  const fill = Int32Array.from(start.subarray(0, market.postCount));
  const entry = new Int32Array(market.listPost.length);
  const student = new Int32Array(market.listPost.length);
  for (let s = 0; s < market.studentCount; s++) {
    for (let i = market.listStart[s]!; i < market.listStart[s + 1]!; i++) {
      const k = fill[market.listPost[i]!]!++;
      entry[k] = i;
      student[k] = s;
    }
  }
  return { start, entry, student };
}

/** The student-optimal stable matching of a market: post per student, -1 for unmatched. */
export function deferredAcceptance(market: Market, options: RunOptions = {}): Int32Array {
  return new DeferredAcceptance(market, options).run().assignment;
}
