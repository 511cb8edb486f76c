import { SCAN_WASM_BASE64 } from './scan-wasm.js';

/** The WebAssembly API this file uses (the project compiles without the DOM library that declares it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** What the kernel exports (scan.wat). */
interface ScanKernel {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  scan(filter: number, live: number, words: number, vecs: number, scales: number, query: number, dim: number, outDocs: number, outScores: number): number;
  scanBits(filter: number, live: number, words: number, bits: number, query: number, bytes: number, outDocs: number, outScores: number): number;
  scoreInt8(docs: number, n: number, vecs: number, scales: number, query: number, dim: number, outScores: number): void;
}

let compiled: object | undefined;
/** A kernel instance with memory of its own (one per vector space). */
function kernel(): ScanKernel {
  compiled ??= new wasm.Module(Buffer.from(SCAN_WASM_BASE64, 'base64'));
  return new wasm.Instance(compiled).exports as ScanKernel;
}

const PAGE = 65536;
/** Query values are quantized to ±16383: int8 × int16 products then fit a lane's int32 sum (see scan.wat). */
const QUERY_RANGE = 16383;
/** The binary stage's centre is recomputed each time the live count reaches 1024 · 4ⁿ. */
const FIRST_RECENTER = 1024;

/**
 * Byte offsets of the regions in the kernel's memory for a capacity (documents, a multiple of
 * 128); `stride` is the padded dimension count. The kept regions (vecs, bits, scales, live) come
 * in this order, so growing moves each one up, never down.
 */
function layout(capacity: number, stride: number) {
  const words = capacity >>> 5;
  const query = 0;
  const query8 = query + 2 * stride;
  const vecs = query8 + stride;
  const bits = vecs + capacity * stride;
  const scales = bits + (capacity * stride) / 8;
  const live = scales + capacity * 4;
  const filter = live + words * 4;
  const outDocs = filter + words * 4;
  const outScores = outDocs + capacity * 4;
  const list = outScores + capacity * 4 + 16;
  const listScores = list + capacity * 4;
  // 16 bytes of slack after each output: the kernel scores a short last group of four in full.
  return { words, query, query8, vecs, bits, scales, live, filter, outDocs, outScores, list, listScores, end: listScores + capacity * 4 + 16 };
}
type Layout = ReturnType<typeof layout>;

/** The candidates of one scan: views into the kernel's memory, valid until the next call. */
export interface ScanResult {
  readonly count: number;
  readonly docs: Int32Array;
  /** Approximate scores, comparable within one scan only. */
  readonly scores: Float32Array;
  /** int8 scans: score × scale ≈ the dot product with the query (binary scans: 0, they only rank). */
  readonly scale: number;
}

/**
 * Quantized copies of a collection's vectors in WebAssembly memory, for filtered scans at SIMD
 * speed. Two copies: int8 per dimension with a per-vector scale (max |x| → 127; the error of a
 * unit vector's dot product is near 1e-3, the trade Lucene's and Elasticsearch's int8 formats
 * make) and one sign bit per dimension of (vector − centre), 64 bytes at 512 dimensions, for a
 * first pass over many members (the trade of Elasticsearch's BBQ; the centre is the mean of the
 * vectors, so the bits split each dimension near its middle). The caller re-scores the best
 * binary candidates in int8, and the best of those with the float vectors.
 * Memory: dim + dim / 8 + 4 bytes per document (580 B at 512 dimensions: 111 MiB for 200k).
 */
export class Int8Scanner {
  readonly dim: number;
  /** Bytes an int8 vector takes: dim rounded up to the kernel's 16 (the padding stays zero). */
  readonly #stride: number;
  readonly #k = kernel();
  #capacity = 0;
  #live = 0;
  #nextRecenter = FIRST_RECENTER;
  readonly #center: Float32Array;
  #at!: Layout;
  /** Views, renewed whenever the memory grows (growing detaches the old buffer). */
  #bytes!: Uint8Array;
  #i8!: Int8Array;
  #f32!: Float32Array;
  #u32!: Uint32Array;
  #i16!: Int16Array;
  #i32!: Int32Array;

  constructor(dim: number, capacity = 1024) {
    this.dim = dim;
    this.#stride = Math.ceil(dim / 16) * 16;
    this.#center = new Float32Array(dim);
    this.#resize(capacity);
  }

  get capacity(): number {
    return this.#capacity;
  }

  /** Documents stored. */
  get size(): number {
    return this.#live;
  }

  /** A copy of the binary copy's centre. */
  centre(): Float32Array {
    return this.#center.slice();
  }

  #views(): void {
    const buf = this.#k.memory.buffer;
    this.#bytes = new Uint8Array(buf);
    this.#i8 = new Int8Array(buf);
    this.#f32 = new Float32Array(buf);
    this.#u32 = new Uint32Array(buf);
    this.#i16 = new Int16Array(buf);
    this.#i32 = new Int32Array(buf);
  }

  /** Grow to hold `min` documents: the kept regions move up, the last one first, so nothing is overwritten. */
  #resize(min: number): void {
    let capacity = Math.max(128, this.#capacity);
    while (capacity < min) capacity *= 2;
    capacity = Math.ceil(capacity / 128) * 128;
    if (capacity === this.#capacity) return;
    const next = layout(capacity, this.#stride);
    const have = this.#k.memory.buffer.byteLength;
    if (next.end > have) this.#k.memory.grow(Math.ceil((next.end - have) / PAGE));
    this.#views();
    if (this.#capacity > 0) {
      const old = this.#at;
      const b = this.#bytes;
      const move = (from: number, to: number, length: number, newLength: number) => {
        b.copyWithin(to, from, from + length);
        b.fill(0, to + length, to + newLength);
      };
      move(old.live, next.live, old.words * 4, next.words * 4);
      move(old.scales, next.scales, this.#capacity * 4, capacity * 4);
      move(old.bits, next.bits, (this.#capacity * this.#stride) / 8, (capacity * this.#stride) / 8);
      // vecs keep their offset; clear what the moves left behind in their new room.
      b.fill(0, old.bits, next.bits);
    }
    this.#at = next;
    this.#capacity = capacity;
  }

  /**
   * The stored state of documents [0, docs) for a snapshot: views of the int8 vectors, sign bits,
   * scales and live bits (valid until the next write), and what they need besides. Read back
   * with {@link restore}: a restart then reads 580 B a document instead of quantizing 2 KB.
   */
  dump(docs: number): { live: number; nextRecenter: number; centre: number[]; blocks: Uint8Array[] } {
    const at = this.#at;
    const b = this.#bytes;
    const n = Math.min(docs, this.#capacity);
    // Each block as long as `restore` reads for `docs`: documents past the capacity never had a
    // vector here (the last ones indexed while their vectors were pending), so zeros (not live).
    // Writing the shorter blocks made the snapshot unreadable ("truncated") and the next start rebuild.
    const view = (from: number, length: number, full: number) => {
      const part = b.subarray(from, from + length);
      return full === length ? [part] : [part, new Uint8Array(full - length)];
    };
    return {
      live: this.#live,
      nextRecenter: this.#nextRecenter,
      centre: Array.from(this.#center),
      blocks: [
        ...view(at.vecs, n * this.#stride, docs * this.#stride),
        ...view(at.bits, (n * this.#stride) / 8, (docs * this.#stride) / 8),
        ...view(at.scales, n * 4, docs * 4),
        ...view(at.live, Math.ceil(n / 32) * 4, Math.ceil(docs / 32) * 4),
      ],
    };
  }

  /**
   * Make room for `capacity` documents and fill the blocks {@link dump} gave for `docs` of them,
   * in its order, through `fill` (which reads each one from the snapshot).
   */
  restore(capacity: number, docs: number, saved: { live: number; nextRecenter: number; centre: readonly number[] }, fill: (block: Uint8Array) => void): void {
    this.#resize(Math.max(capacity, docs));
    const at = this.#at;
    const b = this.#bytes;
    const view = (from: number, length: number) => b.subarray(from, from + length);
    for (const block of [view(at.vecs, docs * this.#stride), view(at.bits, (docs * this.#stride) / 8), view(at.scales, docs * 4), view(at.live, Math.ceil(docs / 32) * 4)]) fill(block);
    this.#center.set(saved.centre);
    this.#live = saved.live;
    this.#nextRecenter = saved.nextRecenter;
  }

  #isLive(doc: number): boolean {
    return (this.#u32[(this.#at.live >>> 2) + (doc >>> 5)]! & (1 << (doc & 31))) !== 0;
  }

  /**
   * Store a document's vector (any length-`dim` vector; unit vectors in practice). `bulk`: leave
   * the sign bits and the centre to one {@link recenter} after the last document (a snapshot load).
   */
  set(doc: number, v: Float32Array, bulk = false): void {
    if (doc >= this.#capacity) this.#resize(doc + 1);
    const dim = this.dim;
    let max = 0;
    for (let i = 0; i < dim; i++) max = Math.max(max, Math.abs(v[i]!));
    const scale = max === 0 ? 0 : max / 127;
    const inv = max === 0 ? 0 : 127 / max;
    const base = this.#at.vecs + doc * this.#stride;
    for (let i = 0; i < dim; i++) this.#i8[base + i] = Math.round(v[i]! * inv);
    this.#f32[(this.#at.scales >>> 2) + doc] = scale;
    if (!bulk) this.#setBits(doc);
    if (!this.#isLive(doc)) {
      this.#u32[(this.#at.live >>> 2) + (doc >>> 5)]! |= 1 << (doc & 31);
      if (++this.#live >= this.#nextRecenter && !bulk) this.recenter();
    }
  }

  remove(doc: number): void {
    if (doc >= this.#capacity || !this.#isLive(doc)) return;
    this.#u32[(this.#at.live >>> 2) + (doc >>> 5)]! &= ~(1 << (doc & 31));
    this.#live--;
  }

  /** Sign bits of (int8 vector · scale − centre). */
  #setBits(doc: number): void {
    const dim = this.dim;
    const bytes = this.#stride >>> 3;
    const base = this.#at.vecs + doc * this.#stride;
    const scale = this.#f32[(this.#at.scales >>> 2) + doc]!;
    const at = this.#at.bits + doc * bytes;
    this.#bytes.fill(0, at, at + bytes);
    for (let i = 0; i < dim; i++) if (this.#i8[base + i]! * scale > this.#center[i]!) this.#bytes[at + (i >>> 3)]! |= 1 << (i & 7);
  }

  /**
   * Centre the binary copy on the mean of the stored vectors and recompute every document's bits.
   * Called as the collection grows (at 1024 · 4ⁿ documents) and after a bulk load.
   */
  recenter(): void {
    const dim = this.dim;
    const sum = new Float64Array(dim);
    const live = this.#at.live >>> 2;
    const each = (fn: (doc: number) => void) => {
      for (let w = 0; w < this.#at.words; w++) {
        let v = this.#u32[live + w]!;
        while (v !== 0) {
          const t = v & -v;
          fn((w << 5) + (31 - Math.clz32(t)));
          v ^= t;
        }
      }
    };
    each((doc) => {
      const base = this.#at.vecs + doc * this.#stride;
      const scale = this.#f32[(this.#at.scales >>> 2) + doc]!;
      for (let i = 0; i < dim; i++) sum[i]! += this.#i8[base + i]! * scale;
    });
    for (let i = 0; i < dim; i++) this.#center[i] = this.#live > 0 ? sum[i]! / this.#live : 0;
    each((doc) => this.#setBits(doc));
    while (this.#nextRecenter <= this.#live) this.#nextRecenter *= 4;
  }

  #filterAt(filter: Uint32Array | null): number {
    const at = this.#at;
    if (!filter) return at.live;
    const words = Math.min(filter.length, at.words);
    this.#u32.set(words === filter.length ? filter : filter.subarray(0, words), at.filter >>> 2);
    this.#u32.fill(0, (at.filter >>> 2) + words, (at.filter >>> 2) + at.words);
    return at.filter;
  }

  /** Quantize the query into the int16 region (for int8 scores); returns 1 / the factor used. */
  #query16(query: Float32Array): number {
    const dim = this.dim;
    let max = 0;
    for (let i = 0; i < dim; i++) max = Math.max(max, Math.abs(query[i]!));
    const f = max === 0 ? 0 : QUERY_RANGE / max;
    const q = this.#at.query >>> 1;
    for (let i = 0; i < dim; i++) this.#i16[q + i] = Math.round(query[i]! * f);
    return f === 0 ? 0 : 1 / f;
  }

  /**
   * int8 scores of every stored document in `filter` (bitset words by document number; null =
   * all), in increasing document order.
   */
  scan(query: Float32Array, filter: Uint32Array | null): ScanResult {
    const at = this.#at;
    const scale = this.#query16(query);
    const count = this.#k.scan(this.#filterAt(filter), at.live, at.words, at.vecs, at.scales, at.query, this.#stride, at.outDocs, at.outScores);
    return {
      count,
      scale,
      docs: this.#i32.subarray(at.outDocs >>> 2, (at.outDocs >>> 2) + count),
      scores: this.#f32.subarray(at.outScores >>> 2, (at.outScores >>> 2) + count),
    };
  }

  /**
   * Binary scores of every stored document in `filter`: the query (minus the centre, as int8)
   * summed over each document's set bits. They only rank; re-score the best with {@link rescore}.
   */
  scanBits(query: Float32Array, filter: Uint32Array | null): ScanResult {
    const at = this.#at;
    const dim = this.dim;
    let max = 0;
    for (let i = 0; i < dim; i++) max = Math.max(max, Math.abs(query[i]! - this.#center[i]!));
    const f = max === 0 ? 0 : 127 / max;
    for (let i = 0; i < dim; i++) this.#i8[at.query8 + i] = Math.round((query[i]! - this.#center[i]!) * f);
    const count = this.#k.scanBits(this.#filterAt(filter), at.live, at.words, at.bits, at.query8, this.#stride >>> 3, at.outDocs, at.outScores);
    return {
      count,
      scale: 0,
      docs: this.#i32.subarray(at.outDocs >>> 2, (at.outDocs >>> 2) + count),
      scores: this.#f32.subarray(at.outScores >>> 2, (at.outScores >>> 2) + count),
    };
  }

  /** int8 scores of listed documents (stored ones), in the order given. */
  rescore(query: Float32Array, docs: ArrayLike<number>): ScanResult {
    const at = this.#at;
    const scale = this.#query16(query);
    const list = at.list >>> 2;
    for (let i = 0; i < docs.length; i++) this.#i32[list + i] = docs[i]!;
    this.#k.scoreInt8(at.list, docs.length, at.vecs, at.scales, at.query, this.#stride, at.listScores);
    return {
      count: docs.length,
      scale,
      docs: this.#i32.subarray(list, list + docs.length),
      scores: this.#f32.subarray(at.listScores >>> 2, (at.listScores >>> 2) + docs.length),
    };
  }
}

const BUCKETS = 4096;
const histogram = new Int32Array(BUCKETS);

/**
 * Positions of at least the `m` highest scores (all of them, in no particular order), cheaply:
 * a histogram of the scores finds the bucket the m-th highest falls in, and every score from that
 * bucket up is kept, so a few more than m may come back. Two passes over the scores, against
 * k·log m heap work for an exact cut; the caller re-scores the survivors anyway.
 */
export function highScores(scores: Float32Array, m: number): Int32Array {
  const n = scores.length;
  if (n <= m * 2) return highestScores(scores, m);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    if (s < min) min = s;
    if (s > max) max = s;
  }
  if (!(max > min)) return highestScores(scores, m);
  const h = histogram.fill(0);
  const f = (BUCKETS - 1) / (max - min);
  for (let i = 0; i < n; i++) h[((scores[i]! - min) * f) | 0]!++;
  let cut = BUCKETS - 1;
  let kept = h[cut]!;
  while (kept < m && cut > 0) kept += h[--cut]!;
  const out = new Int32Array(kept);
  let w = 0;
  for (let i = 0; i < n; i++) if ((((scores[i]! - min) * f) | 0) >= cut) out[w++] = i;
  return out;
}

/**
 * Positions of the `m` highest scores (in no particular order): a min-heap of positions whose root
 * is the lowest kept score, so a loser costs one comparison. Also BM25's pruning threshold
 * (collection.ts) asks it for the k-th best score.
 */
export function highestScores(scores: Float32Array | Float64Array, m: number): Int32Array {
  const n = scores.length;
  if (n <= m) return Int32Array.from({ length: n }, (_, i) => i);
  const heap = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    // sift up
    let c = i;
    heap[c] = i;
    while (c > 0) {
      const p = (c - 1) >> 1;
      if (scores[heap[p]!]! <= scores[heap[c]!]!) break;
      const t = heap[p]!;
      heap[p] = heap[c]!;
      heap[c] = t;
      c = p;
    }
  }
  for (let i = m; i < n; i++) {
    const s = scores[i]!;
    if (s <= scores[heap[0]!]!) continue;
    heap[0] = i;
    // sift down
    let p = 0;
    for (;;) {
      const l = 2 * p + 1;
      if (l >= m) break;
      const r = l + 1;
      const c = r < m && scores[heap[r]!]! < scores[heap[l]!]! ? r : l;
      if (scores[heap[c]!]! >= scores[heap[p]!]!) break;
      const t = heap[p]!;
      heap[p] = heap[c]!;
      heap[c] = t;
      p = c;
    }
  }
  return heap;
}
