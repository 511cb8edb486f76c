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

/**
 * {@link TopK} over document numbers, for the embedded index's hot loops: the heap is two typed
 * arrays kept between searches (reset per search), so an offer allocates nothing, and ids are
 * read only to break a tie and for the k hits returned. The same order, the same hits.
 */
export class DocTopK {
  #k = 0;
  #n = 0;
  #docs = new Int32Array(0);
  #scores = new Float64Array(0);
  #ids: readonly string[] = [];

  /** Empty, for the k best of documents named by `ids` (document number → id). */
  reset(k: number, ids: readonly string[]): void {
    this.#k = Math.max(0, Math.floor(k));
    if (this.#docs.length < this.#k) {
      this.#docs = new Int32Array(this.#k);
      this.#scores = new Float64Array(this.#k);
    }
    this.#n = 0;
    this.#ids = ids;
  }

  /** The score a new document must beat (or tie with a smaller id) once the heap is full. */
  get threshold(): number {
    return this.#n < this.#k ? -Infinity : this.#scores[0]!;
  }

  offer(d: number, score: number): void {
    const k = this.#k;
    if (k === 0) return;
    const docs = this.#docs;
    const scores = this.#scores;
    if (this.#n < k) {
      let i = this.#n++;
      // Sift up: the root is the worst kept document.
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!this.#worse(score, d, scores[p]!, docs[p]!)) break;
        docs[i] = docs[p]!;
        scores[i] = scores[p]!;
        i = p;
      }
      docs[i] = d;
      scores[i] = score;
      return;
    }
    const ws = scores[0]!;
    if (score < ws || (score === ws && this.#ids[d]! >= this.#ids[docs[0]!]!)) return;
    // Sift down from the root.
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= k) break;
      const r = l + 1;
      const m = r < k && this.#worse(scores[r]!, docs[r]!, scores[l]!, docs[l]!) ? r : l;
      if (!this.#worse(scores[m]!, docs[m]!, score, d)) break;
      docs[i] = docs[m]!;
      scores[i] = scores[m]!;
      i = m;
    }
    docs[i] = d;
    scores[i] = score;
  }

  /** The kept documents as hits, best first. */
  sorted(): ScoredHit[] {
    const out: ScoredHit[] = new Array<ScoredHit>(this.#n);
    for (let i = 0; i < this.#n; i++) out[i] = { id: this.#ids[this.#docs[i]!]!, score: this.#scores[i]! };
    return out.sort(compareHits);
  }

  /** Does (sa, da) rank after (sb, db)? */
  #worse(sa: number, da: number, sb: number, db: number): boolean {
    return sa < sb || (sa === sb && this.#ids[da]! > this.#ids[db]!);
  }
}
