/**
 * A small seeded PRNG (mulberry32) and the draws the generator needs. Our own, so the output
 * depends only on the seed, never on the Node version or a library's upgrade.
 */
export class Random {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Up to `k` distinct items, in a random order. */
  sample<T>(items: readonly T[], k: number): T[] {
    const pool = [...items];
    const n = Math.min(k, pool.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.next() * (pool.length - i));
      [pool[i], pool[j]] = [pool[j] as T, pool[i] as T];
    }
    return pool.slice(0, n);
  }

  /** Up to `k` distinct items, earlier ones more likely: fits lists ordered by relevance. */
  sampleFront<T>(items: readonly T[], k: number, bias = 2): T[] {
    const out: T[] = [];
    const taken = new Set<number>();
    const n = Math.min(k, items.length);
    while (out.length < n) {
      const i = Math.floor(Math.pow(this.next(), bias) * items.length);
      if (taken.has(i)) continue;
      taken.add(i);
      out.push(items[i] as T);
    }
    return out;
  }

  shuffle<T>(items: readonly T[]): T[] {
    return this.sample(items, items.length);
  }
}

/** A table for repeated weighted draws (cumulative weights, binary search). */
export class Weighted<T> {
  readonly items: readonly T[];
  readonly #cumulative: number[];

  constructor(entries: ReadonlyArray<readonly [T, number]>) {
    const kept = entries.filter(([, w]) => w > 0);
    if (kept.length === 0) throw new Error('weighted table without a positive weight');
    this.items = kept.map(([item]) => item);
    let sum = 0;
    this.#cumulative = kept.map(([, w]) => (sum += w));
  }

  pick(random: Random): T {
    const total = this.#cumulative[this.#cumulative.length - 1] as number;
    const x = random.next() * total;
    let lo = 0;
    let hi = this.#cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.#cumulative[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo] as T;
  }
}

/** One draw from inline weights, for tables used once. */
export function pickWeighted<T>(random: Random, entries: ReadonlyArray<readonly [T, number]>): T {
  return new Weighted(entries).pick(random);
}

/**
 * A 32-bit seed from a seed and a path (FNV-1a, then a murmur finaliser), so every record has
 * its own stream: student 123 is the same whether 1,000 or 1,000,000 are generated.
 */
export function deriveSeed(seed: number, ...path: ReadonlyArray<string | number>): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (const part of path) {
    const s = String(part);
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0xff;
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
