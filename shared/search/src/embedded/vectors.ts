import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import hnswlib from 'hnswlib-node';
import { Bitset, grow } from './growable.js';
import { blockReader } from './read-blocks.js';
import { highScores, highestScores, Int8Scanner } from './simd/int8-scanner.js';

export interface VectorSpaceOptions {
  readonly dimensions: number;
  /** HNSW graph degree (hnswlib M). */
  readonly m: number;
  readonly efConstruction: number;
  /** Candidate list size of a search; at least k is used. */
  readonly efSearch: number;
  /**
   * A filtered search scans the matching vectors when at most this many documents match
   * (int8 SIMD scores, the best re-scored in float); otherwise it walks the HNSW graph with the
   * filter as a callback (as Lucene does).
   */
  readonly exactScanMax: number;
}

/** A candidate of the vector side: document number and cosine similarity. */
export interface VectorCandidate {
  readonly doc: number;
  readonly score: number;
}

/**
 * The candidates of a search: document numbers and cosine similarities, in no particular order.
 * Views of the space's own buffers, valid until its next search (the caller keeps the top k).
 */
export interface VectorCandidates {
  readonly count: number;
  readonly docs: Int32Array;
  readonly scores: Float64Array;
}

/**
 * Candidates of an int8 scan re-scored in float beyond k: int8 error is ~1e-3 of a cosine, so
 * the true top k lie well inside the top k + 64 of the scan (bench:recall-real checks it).
 */
const RESCORE_MARGIN = 64;
/**
 * A filter with more members than twice this pool is scanned in binary first, and only the pool's
 * best go on to int8. Measured offline on 100k real profiles: the binary top 1,600 held 99 % of
 * the exact top 200 and all of the top 20; the top 800, 99.9 % of the top 20.
 */
const binaryPool = (k: number) => Math.max(8 * k, 800);

const STATE_NONE = 0;
const STATE_LIVE = 1;
const STATE_DELETED = 2;

function normalize(v: Float32Array, dim: number, out: Float32Array = new Float32Array(dim)): Float32Array {
  if (v.length !== dim) throw new RangeError(`vector has ${v.length} dimensions; the index has ${dim}`);
  let n = 0;
  for (let i = 0; i < dim; i++) n += v[i]! * v[i]!;
  if (n === 0) return out.fill(0);
  const inv = 1 / Math.sqrt(n);
  for (let i = 0; i < dim; i++) out[i] = v[i]! * inv;
  return out;
}

/**
 * The vectors of one collection: an HNSW graph (hnswlib, inner product on unit vectors = cosine)
 * that also holds the only float copy of each vector, and the int8 copy the filtered scans read.
 * The document number is the HNSW label, so an update replaces the point in place.
 *
 * Why the floats live only in hnswlib: a second flat copy of our own was 2 KB a document (2 GB at
 * a million, a quarter of the memory budget, and as much again in every snapshot). hnswlib-node is
 * patched (patches/hnswlib-node@3.0.0.patch) with `innerProducts`, the exact cosines of a batch of
 * stored vectors with a query in one call (the scan's re-score of its k + 64 candidates: their
 * scores stay exact, the same floats), and `getPointsInto`, which copies stored vectors out. The
 * patch also takes points as Float32Array and a filter as a Uint32Array bitset read natively,
 * where the unpatched addon called a JavaScript function for every node a filtered graph search
 * visited.
 */
export class VectorSpace {
  readonly opts: VectorSpaceOptions;
  /** Per document: none / live / deleted in the graph. */
  state: Uint8Array;
  #hnsw: hnswlib.HierarchicalNSW;
  /** The int8 copy the filtered scans read. */
  #scanner: Int8Scanner;
  #live = 0;
  #ef = 0;
  /** The HNSW candidate list size of a search (opts.efSearch until a benchmark tunes it). */
  efSearch: number;
  /** Filters with at most this many members are scanned (opts.exactScanMax until a benchmark tunes it). */
  exactScanMax: number;
  /** A search's normalized query and its candidates, kept between searches (no allocation a search). */
  #query: Float32Array;
  #found: { count: number; docs: Int32Array; scores: Float64Array } = { count: 0, docs: new Int32Array(0), scores: new Float64Array(0) };

  constructor(opts: VectorSpaceOptions, capacity = 64) {
    this.opts = opts;
    this.efSearch = opts.efSearch;
    this.exactScanMax = opts.exactScanMax;
    this.#query = new Float32Array(opts.dimensions);
    this.state = new Uint8Array(capacity);
    this.#hnsw = new hnswlib.HierarchicalNSW('ip', opts.dimensions);
    this.#hnsw.initIndex({ maxElements: capacity, m: opts.m, efConstruction: opts.efConstruction, randomSeed: 100 });
    this.#hnsw.setEf(this.efSearch);
    this.#ef = this.efSearch;
    this.#scanner = new Int8Scanner(opts.dimensions, capacity);
  }

  get size(): number {
    return this.#live;
  }

  has(doc: number): boolean {
    return this.state[doc] === STATE_LIVE;
  }

  #ensure(doc: number): void {
    if (doc >= this.state.length) this.state = grow(this.state, doc + 1);
    const max = this.#hnsw.getMaxElements();
    // Doubling. The patched resizeIndex moves the base layer to a fresh block: grown in place by
    // realloc, a bulk build's graph was searched twice as slowly as the same graph loaded (DESIGN.md).
    if (doc >= max) this.#hnsw.resizeIndex(Math.max(doc + 1, max * 2));
  }

  /** Store (or replace) a document's vector; null removes it. */
  set(doc: number, vector: Float32Array | null): void {
    if (vector === null) {
      this.remove(doc);
      return;
    }
    const dim = this.opts.dimensions;
    const v = normalize(vector, dim);
    this.#ensure(doc);
    // Same label: hnswlib updates the point (and un-deletes it).
    this.#hnsw.addPoint(v, doc);
    this.#scanner.set(doc, v);
    if (this.state[doc] !== STATE_LIVE) this.#live++;
    this.state[doc] = STATE_LIVE;
  }

  remove(doc: number): void {
    if (this.state[doc] !== STATE_LIVE) return;
    this.#hnsw.markDelete(doc);
    this.#scanner.remove(doc);
    this.state[doc] = STATE_DELETED;
    this.#live--;
  }

  /** Remove every stored vector whose document number `keep` turns down. */
  retain(keep: (doc: number) => boolean): void {
    for (let d = 0; d < this.state.length; d++) if (this.state[d] === STATE_LIVE && !keep(d)) this.remove(d);
  }

  /** A copy of a stored vector. */
  get(doc: number): Float32Array | null {
    if (!this.has(doc)) return null;
    const out = new Float32Array(this.opts.dimensions);
    this.#hnsw.getPointsInto(Int32Array.of(doc), out);
    return out;
  }

  /**
   * Exact cosines of the query with the stored vectors of `docs` (all live) into `out`, computed
   * where the floats are (patched hnswlib's innerProducts: no copy, its own SIMD distance; copying
   * them out and taking the dot products here cost twice as much, measured in the host).
   */
  #rescore(q: Float32Array, docs: Int32Array, out: Float64Array): void {
    this.#hnsw.innerProducts(docs, q, out);
  }

  /**
   * The k nearest documents to the query among those in `filter` (all live ones when null).
   * `filterCount` is the filter's size. A scan when the filter is selective, HNSW otherwise.
   */
  search(query: Float32Array, k: number, filter: Bitset | null, filterCount: number): VectorCandidates {
    const found = this.#found;
    found.count = 0;
    if (k <= 0 || this.#live === 0) return found;
    const q = normalize(query, this.opts.dimensions, this.#query);
    if (filter && filterCount <= this.exactScanMax) return this.#scan(q, k, filter, filterCount);
    // hnswlib searches with max(ef, k) itself: ef changes only when a benchmark tunes it (never
    // while a walk is out on a worker thread, see searchGraphAsync), so walks never race a setEf.
    if (this.efSearch !== this.#ef) {
      this.#hnsw.setEf(this.efSearch);
      this.#ef = this.efSearch;
    }
    const want = Math.min(k, filter ? filterCount : this.#live);
    if (want <= 0) return found;
    const res = filter ? this.#hnsw.searchKnn(q, want, filter.words) : this.#hnsw.searchKnn(q, want);
    const n = res.neighbors.length;
    this.#room(n);
    for (let i = 0; i < n; i++) {
      found.docs[i] = res.neighbors[i]!;
      found.scores[i] = 1 - res.distances[i]!;
    }
    found.count = n;
    return found;
  }

  /**
   * {@link search} on a worker thread when it would walk the graph (patched hnswlib's
   * searchKnnAsync), so the caller does other work meanwhile (the engine's lexical walk); null when
   * the filter is scanned or the search has nothing to do, which the caller then runs with
   * {@link search}. The candidates are the promise's own (not the space's kept buffers). The
   * caller must not change this space until the promise settles (EmbeddedSearchIndex holds its
   * writes back meanwhile); a change of ef is a write, so a search that needs one is not offered here.
   */
  searchGraphAsync(query: Float32Array, k: number, filter: Bitset | null, filterCount: number): Promise<VectorCandidates> | null {
    if (k <= 0 || this.#live === 0) return null;
    if (filter && filterCount <= this.exactScanMax) return null;
    if (this.efSearch !== this.#ef) return null;
    const want = Math.min(k, filter ? filterCount : this.#live);
    if (want <= 0) return null;
    const q = normalize(query, this.opts.dimensions, this.#query);
    return this.#hnsw.searchKnnAsync(q, want, filter ? filter.words : undefined).then((res) => {
      const n = res.neighbors.length;
      const scores = new Float64Array(n);
      for (let i = 0; i < n; i++) scores[i] = 1 - res.distances[i]!;
      return { count: n, docs: res.neighbors, scores };
    });
  }

  /** Room for n candidates in the kept buffers. */
  #room(n: number): void {
    const found = this.#found;
    if (found.docs.length >= n) return;
    found.docs = new Int32Array(n);
    found.scores = new Float64Array(n);
  }

  /**
   * The filter's documents by scan (WebAssembly SIMD): a binary pass when the filter is wide (its
   * best `binaryPool(k)` go on), int8 scores, and the best k + margin of those re-scored with the
   * float vectors. So the scores are exact, and the top k is exact unless quantization reorders
   * candidates across the pool or the margin (recall is measured by bench:recall-real and
   * bench:search against the plain scan, {@link exact}).
   */
  #scan(q: Float32Array, k: number, filter: Bitset, filterCount: number): VectorCandidates {
    const pool = binaryPool(k);
    let found;
    if (filterCount > 2 * pool) {
      const bits = this.#scanner.scanBits(q, filter.words);
      const kept = highScores(bits.scores, pool);
      const docs = new Int32Array(kept.length);
      for (let i = 0; i < kept.length; i++) docs[i] = bits.docs[kept[i]!]!;
      found = this.#scanner.rescore(q, docs);
    } else {
      found = this.#scanner.scan(q, filter.words);
    }
    const best = highestScores(found.scores, k + RESCORE_MARGIN);
    const n = best.length;
    this.#room(n);
    const out = this.#found;
    for (let i = 0; i < n; i++) out.docs[i] = found.docs[best[i]!]!;
    this.#rescore(q, out.docs.subarray(0, n), out.scores);
    out.count = n;
    return out;
  }

  /**
   * Exact scan over the filter's documents that have a vector (plain JavaScript: the reference
   * the benchmarks and tests measure the other paths against). Returns every scored candidate
   * above the k-th best score (ties included) so the caller can break ties by id.
   */
  exact(q: Float32Array, k: number, filter: Bitset | null): VectorCandidate[] {
    const state = this.state;
    const scored: VectorCandidate[] = [];
    const batch = new Int32Array(1024);
    let n = 0;
    const flush = () => {
      const docs = batch.subarray(0, n);
      const scores = new Float64Array(n);
      this.#rescore(q, docs, scores);
      for (let i = 0; i < n; i++) scored.push({ doc: docs[i]!, score: scores[i]! });
      n = 0;
    };
    const visit = (doc: number) => {
      if (state[doc] !== STATE_LIVE) return;
      batch[n++] = doc;
      if (n === batch.length) flush();
    };
    if (filter) filter.forEach(visit);
    else for (let d = 0; d < state.length; d++) visit(d);
    if (n > 0) flush();
    if (scored.length <= k) return scored;
    scored.sort((a, b) => b.score - a.score);
    const kth = scored[k - 1]!.score;
    let end = k;
    while (end < scored.length && scored[end]!.score === kth) end++;
    return scored.slice(0, end);
  }

  /**
   * Write the graph (hnswlib's own format, with the float vectors) and, next to it, the state
   * bytes and the int8 copy the scans read, off the event loop: hnswlib serializes on a libuv thread and the rest goes out
   * in 16 MiB writes, so searches go on meanwhile (a synchronous save of 200k vectors held the
   * loop for seconds). The caller must not change this space until the promise settles (hnswlib
   * is not safe against a concurrent addPoint): EmbeddedSearchIndex holds its writes back while
   * it saves.
   *
   * The vectors file: a JSON line (padded so what follows is 4-byte aligned), the state byte of
   * each document (padded to 4), then the int8 copy's blocks
   * ({@link Int8Scanner.dump}), all raw, so {@link load} reads each straight into its array.
   */
  async save(graphPath: string, vectorsPath: string, docCount: number): Promise<void> {
    await this.#hnsw.writeIndex(graphPath);
    const dim = this.opts.dimensions;
    const scanned = this.#scanner.dump(docCount);
    const meta: VectorsFileMeta = { dim, docs: docCount, scanner: { live: scanned.live, nextRecenter: scanned.nextRecenter, centre: scanned.centre } };
    const file = await open(vectorsPath, 'w');
    try {
      const write = async (bytes: Uint8Array) => {
        const chunk = 16 * 2 ** 20;
        for (let at = 0; at < bytes.byteLength; at += chunk) await file.write(bytes.subarray(at, Math.min(at + chunk, bytes.byteLength)));
      };
      await write(Buffer.from(headerLine(JSON.stringify(meta))));
      const state = new Uint8Array(align4(docCount));
      state.set(this.state.subarray(0, docCount));
      await write(state);
      for (const block of scanned.blocks) await write(block);
    } finally {
      await file.close();
    }
  }

  /**
   * Read what {@link save} wrote: each block read straight into the array that keeps it (no
   * whole-file buffer), and the graph (with the floats)
   * by hnswlib's own reader, on a libuv thread: it is started first, and the blocks (and whatever
   * the caller reads before awaiting) are read meanwhile. Nothing is re-quantized or re-added.
   */
  static async load(opts: VectorSpaceOptions, graphPath: string, vectorsPath: string): Promise<VectorSpace> {
    const hnsw = new hnswlib.HierarchicalNSW('ip', opts.dimensions);
    const graph = hnsw.readIndex(graphPath).then(
      () => null,
      (err: unknown) => err,
    );
    const fd = openSync(vectorsPath, 'r');
    let space: VectorSpace;
    try {
      const head = Buffer.alloc(Math.min(1 << 20, fstatSync(fd).size));
      readSync(fd, head, 0, head.length, 0);
      const nl = head.indexOf(10);
      if (nl < 0) throw new Error(`${vectorsPath}: no header line`);
      const meta = JSON.parse(head.subarray(0, nl).toString('utf8')) as VectorsFileMeta;
      if (meta.dim !== opts.dimensions) throw new Error(`snapshot vectors have ${meta.dim} dimensions; the index has ${opts.dimensions}`);
      const fill = blockReader(fd, vectorsPath, nl + 1);
      const docs = meta.docs;
      // 1/8 room, as the posting lists get: the first new document after a restart must not
      // double (copy) the int8 copy.
      const cap = Math.max(1024, docs + (docs >>> 3));
      space = new VectorSpace(opts, 1);
      const state = new Uint8Array(align4(docs));
      fill(state);
      space.state = new Uint8Array(cap);
      space.state.set(state.subarray(0, docs));
      // Made at its full size: restoring into a small one grew it, moving and zero-filling every
      // block (a second pass over ≈ 600 MB at a million).
      space.#scanner = new Int8Scanner(opts.dimensions, cap);
      space.#scanner.restore(cap, docs, meta.scanner, fill);
      let live = 0;
      for (let d = 0; d < docs; d++) if (space.state[d] === STATE_LIVE) live++;
      space.#live = live;
    } finally {
      closeSync(fd);
    }
    const failed = await graph;
    if (failed) throw failed;
    // The graph keeps the capacity it was saved with (at least `docs`); #ensure grows it when a
    // document number reaches it (resizing at load would copy the whole graph).
    space.#hnsw = hnsw;
    hnsw.setEf(space.efSearch);
    space.#ef = space.efSearch;
    return space;
  }
}

/** The JSON line that opens a vectors file. */
interface VectorsFileMeta {
  dim: number;
  docs: number;
  scanner: { live: number; nextRecenter: number; centre: number[] };
}

const align4 = (n: number) => Math.ceil(n / 4) * 4;

/** A JSON line padded with spaces so the bytes after its newline start 4-byte aligned. */
function headerLine(json: string): string {
  const pad = (4 - ((Buffer.byteLength(json) + 1) % 4)) % 4;
  return json + ' '.repeat(pad) + '\n';
}

export { STATE_LIVE, STATE_NONE };
