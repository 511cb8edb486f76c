/** Typed-array helpers of the embedded index: growable arrays and a fixed-size bitset. */

export function grow<T extends Int32Array | Uint32Array | Uint16Array | Uint8Array | Float32Array>(a: T, min: number): T {
  if (a.length >= min) return a;
  let n = Math.max(8, a.length);
  while (n < min) n *= 2;
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

/** An entry's field length from this on is read from the field's lengths (a text list's `lens` hold 16 bits). */
export const LEN_CAP = 0xffff;

const EMPTY_LENS = new Uint16Array(0);

/**
 * A posting list: document numbers and, per entry, the document's generation when it was
 * written (the high 24 bits) and the term frequency (the low 8 bits, capped at 255). An entry
 * whose generation differs from the document's current one is stale (the document was updated
 * or deleted) and is skipped, then dropped when the list is compacted.
 */
export class PostingList {
  docs: Int32Array = new Int32Array(4);
  packed: Uint32Array = new Uint32Array(4);
  length = 0;
  /** Entries known to be stale. */
  stale = 0;
  /**
   * Entries [0, sorted) are in non-decreasing document order (a bulk load appends in that order;
   * an update or a reused number appends out of it): a search can gallop through that prefix.
   */
  sorted = 0;
  /**
   * Text lists: the largest tf and the shortest field of any entry ever added. A BM25
   * contribution grows with tf and shrinks with the field's length, so these two bound every
   * entry's (MaxScore's per-list bound). Kept through compactions and updates: a bound that
   * only loosens stays a bound.
   */
  maxTf = 0;
  minLen = 0x7fffffff;
  /**
   * Text lists: per entry, the length of its field in its document when it was written (an entry
   * never outlives that version of the document, so the length stays right), capped at
   * {@link LEN_CAP}, where a reader takes the field's own length. BM25 reads it beside the entry
   * instead of `lengths[d]`, a random read (a cache miss at 200k) an entry. Empty for keyword
   * lists. Not in the snapshot: worked out from the lengths at a load.
   */
  lens: Uint16Array = EMPTY_LENS;

  /** A text list (with per-entry lengths) or a keyword list. */
  constructor(text = false) {
    if (text) this.lens = new Uint16Array(4);
  }

  /**
   * A list of `length` entries over existing arrays (a snapshot's), used as they are until a push
   * outgrows them. With the field's `lengths`, a text list: its entries' lengths and its bounds
   * are worked out in one pass (a snapshot keeps current entries only).
   */
  static of(docs: Int32Array, packed: Uint32Array, length: number, lengths?: Uint32Array): PostingList {
    const list = new PostingList();
    list.docs = docs;
    list.packed = packed;
    list.length = length;
    if (lengths) {
      const lens = new Uint16Array(docs.length);
      for (let e = 0; e < length; e++) {
        const len = lengths[docs[e]!]!;
        lens[e] = Math.min(len, LEN_CAP);
        list.bound(packed[e]! & 0xff, len);
      }
      list.lens = lens;
    }
    list.#measureSorted();
    return list;
  }

  #measureSorted(): void {
    let n = this.length > 0 ? 1 : 0;
    while (n < this.length && this.docs[n]! >= this.docs[n - 1]!) n++;
    this.sorted = n;
  }

  /** Append an entry; `len` (its field's length) for a text list, whose bounds it widens. */
  push(doc: number, gen: number, tf: number, len = 0): void {
    const n = this.length + 1;
    const text = this.lens !== EMPTY_LENS;
    if (n > this.docs.length) {
      this.docs = grow(this.docs, n);
      this.packed = grow(this.packed, n);
    }
    if (text && n > this.lens.length) this.lens = grow(this.lens, this.docs.length);
    if (this.sorted === this.length && (this.length === 0 || doc >= this.docs[this.length - 1]!)) this.sorted = n;
    this.docs[this.length] = doc;
    this.packed[this.length] = (((gen & 0xffffff) << 8) | Math.min(tf, 255)) >>> 0;
    if (text) {
      this.lens[this.length] = Math.min(len, LEN_CAP);
      this.bound(tf, len);
    }
    this.length = n;
  }

  /** Widen the bounds to an entry of term frequency `tf` in a field of `len` tokens. */
  bound(tf: number, len: number): void {
    const t = Math.min(tf, 255);
    if (t > this.maxTf) this.maxTf = t;
    if (len < this.minLen) this.minLen = len;
  }

  get live(): number {
    return this.length - this.stale;
  }

  /** Drop stale entries (those whose generation is not the document's current one). */
  compact(gens: Uint32Array): void {
    let w = 0;
    for (let r = 0; r < this.length; r++) {
      const d = this.docs[r]!;
      const p = this.packed[r]!;
      if (p >>> 8 !== (gens[d]! & 0xffffff)) continue;
      this.docs[w] = d;
      this.packed[w] = p;
      if (this.lens !== EMPTY_LENS) this.lens[w] = this.lens[r]!;
      w++;
    }
    this.length = w;
    this.stale = 0;
    this.#measureSorted();
  }
}

/** A set of document numbers as 32-bit words. */
export class Bitset {
  readonly words: Uint32Array;

  constructor(readonly capacity: number) {
    this.words = new Uint32Array((capacity + 31) >>> 5);
  }

  add(i: number): void {
    this.words[i >>> 5]! |= 1 << (i & 31);
  }

  has(i: number): boolean {
    return (this.words[i >>> 5]! & (1 << (i & 31))) !== 0;
  }

  copy(): Bitset {
    const b = new Bitset(this.capacity);
    b.words.set(this.words);
    return b;
  }

  and(other: Bitset): void {
    const a = this.words;
    const b = other.words;
    for (let i = 0; i < a.length; i++) a[i]! &= b[i] ?? 0;
  }

  count(): number {
    let c = 0;
    const w = this.words;
    for (let i = 0; i < w.length; i++) {
      let v = w[i]!;
      v -= (v >>> 1) & 0x55555555;
      v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
      c += (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
    }
    return c;
  }

  /** Call fn for every member, in increasing order. */
  forEach(fn: (i: number) => void): void {
    const w = this.words;
    for (let i = 0; i < w.length; i++) {
      let v = w[i]!;
      while (v !== 0) {
        const t = v & -v;
        fn((i << 5) + (31 - Math.clz32(t)));
        v ^= t;
      }
    }
  }
}
