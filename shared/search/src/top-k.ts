import type { ScoredHit } from './search-index.js';

/**
 * The ranking order of every answer: score descending, then id ascending. Compares instead of
 * subtracting: a sort calls this thousands of times a search, and a difference of two doubles is
 * a new heap number each call where V8 does not inline the comparator (the same order: a NaN
 * difference fell through to the ids, as an unordered pair does here).
 */
export function compareHits(a: ScoredHit, b: ScoredHit): number {
  const x = a.score;
  const y = b.score;
  return x > y ? -1 : x < y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The k best of a stream of hits, in {@link compareHits} order. A bounded binary heap whose root
 * is the worst kept hit, so each offer is O(log k) and a loser costs one comparison.
 */
export class TopK {
  readonly #k: number;
  readonly #heap: ScoredHit[] = [];

  constructor(k: number) {
    this.#k = Math.max(0, Math.floor(k));
  }

  get size(): number {
    return this.#heap.length;
  }

  /** The score a new hit must beat (or tie with a smaller id) once the heap is full. */
  get threshold(): number {
    return this.#heap.length < this.#k ? -Infinity : this.#heap[0]!.score;
  }

  offer(id: string, score: number): void {
    const h = this.#heap;
    if (this.#k === 0) return;
    if (h.length < this.#k) {
      h.push({ id, score });
      this.#up(h.length - 1);
      return;
    }
    const worst = h[0]!;
    // A hit enters when it ranks before the worst kept one.
    if (score < worst.score || (score === worst.score && id >= worst.id)) return;
    h[0] = { id, score };
    this.#down(0);
  }

  /** The kept hits, best first. */
  sorted(): ScoredHit[] {
    return [...this.#heap].sort(compareHits);
  }

  /** Is a worse than b (ranks after it)? The heap keeps the worst at the root. */
  #worse(a: ScoredHit, b: ScoredHit): boolean {
    return compareHits(a, b) > 0;
  }

  #up(i: number): void {
    const h = this.#heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.#worse(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  #down(i: number): void {
    const h = this.#heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.#worse(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.#worse(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}
