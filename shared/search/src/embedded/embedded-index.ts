import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Analyzer } from '../analyzer.js';
import { compileFilter } from '../documents.js';
import {
  FIELD_BOOSTS,
  POST_KEYWORD_FIELDS,
  POST_TEXT_FIELDS,
  STUDENT_KEYWORD_FIELDS,
  STUDENT_TEXT_FIELDS,
  type AnyIndexDocument,
  type CompiledFilter,
  type DocKind,
  type FacetCounts,
  type FacetFieldOf,
  type FilterInput,
  type IndexDocument,
  type LexicalQuery,
  type ScoredHit,
  type SearchIndex,
  type TopKOptions,
} from '../search-index.js';
import { Collection, readPostings, type FrozenCollection, type PostingsHeader, type RestoredPostings } from './collection.js';
import { blockReader } from './read-blocks.js';
import { DocStore } from './doc-store.js';
import { VectorSpace, type VectorSpaceOptions } from './vectors.js';

/** Bumped whenever the snapshot layout changes; an older snapshot is refused and rebuilt. */
export const SNAPSHOT_FORMAT_VERSION = 6;

export interface EmbeddedIndexOptions {
  /** The analyzer the documents were built with; filters fold names with it. */
  readonly analyzer: Analyzer;
  /** Vector dimensions (bge-small-zh-v1.5: 512). */
  readonly dimensions?: number;
  /** HNSW M (graph degree). Default 16. */
  readonly hnswM?: number;
  /** HNSW efConstruction. Default 100. */
  readonly efConstruction?: number;
  /** HNSW ef at query time (at least k is used). Default 100. */
  readonly efSearch?: number;
  /** Filtered vector queries matching at most this many documents are scanned (int8 SIMD + float re-score). Default 20000. */
  readonly exactScanMax?: number;
  /**
   * Walk the HNSW graph on a worker thread ({@link EmbeddedSearchIndex.searchVector}) so the
   * caller's lexical walk overlaps it. Default false: it pays where a core is idle; on two shared
   * cores already busy it was a wash (measured in docs/benchmarks.md).
   */
  readonly vectorWalkThread?: boolean;
  /**
   * Parsed source records kept per collection (the rest stay bytes, parsed when read). Default
   * 300000: a collection up to that size is parsed at most once per document.
   */
  readonly sourceCacheMax?: number;
}

/** A snapshot that this build cannot use (another format or analyzer): rebuild from the store. */
export class SnapshotMismatchError extends Error {
  override readonly name = 'SnapshotMismatchError';
}

interface Manifest {
  format: number;
  analyzer: string;
  dimensions: number;
  createdAt: string;
  collections: Record<DocKind, { span: number; live: number }>;
  meta: Record<string, unknown>;
}

const KINDS: readonly DocKind[] = ['student', 'post'];

/** Read a postings file {@link writePostings} wrote: its header line, then its blocks by positioned reads. */
function readPostingsFile(path: string): RestoredPostings {
  const fd = openSync(path, 'r');
  try {
    // The header line (the terms of every field: a few MB at a million documents), read until its newline.
    let head = Buffer.alloc(0);
    let nl = -1;
    while (nl < 0) {
      const chunk = Buffer.alloc(1 << 20);
      const n = readSync(fd, chunk, 0, chunk.length, head.length);
      if (n === 0) throw new Error(`${path}: no header line`);
      nl = chunk.subarray(0, n).indexOf(10);
      if (nl >= 0) nl += head.length;
      head = Buffer.concat([head, chunk.subarray(0, n)]);
    }
    const header = JSON.parse(head.subarray(0, nl).toString('utf8')) as PostingsHeader;
    return readPostings(header, blockReader(fd, path, nl + 1));
  } finally {
    closeSync(fd);
  }
}

/** A collection's postings file: the JSON header on one line, padded so the blocks after it are 4-byte aligned. */
async function writePostings(path: string, postings: FrozenCollection['postings']): Promise<void> {
  let header = JSON.stringify(postings.header);
  const pad = (4 - ((Buffer.byteLength(header) + 1) % 4)) % 4;
  header += ' '.repeat(pad) + '\n';
  const file = await open(path, 'w');
  try {
    await file.write(Buffer.from(header));
    for (const block of postings.blocks) await file.write(Buffer.from(block.buffer, block.byteOffset, block.byteLength));
  } finally {
    await file.close();
  }
}

/**
 * The embedded search backend: one process, everything in memory. BM25 over typed-array posting
 * lists, HNSW (hnswlib) for vectors with exact scans for selective filters, keyword posting lists
 * for filters and facets. Writes are synchronous, so an update is visible to the next query.
 * Snapshots (save / load) make a restart cheap: no re-analysis, no re-embedding, no graph build.
 */
export class EmbeddedSearchIndex implements SearchIndex {
  readonly backend = 'embedded';
  readonly analyzer: Analyzer;
  readonly #vectorOpts: VectorSpaceOptions & { sourceCacheMax: number };
  readonly #students: Collection<'student'>;
  readonly #posts: Collection<'post'>;
  /** Set while a save writes the vectors and graphs: writes wait for it (reads do not). */
  #saving: Promise<void> | null = null;
  readonly #compiledByFilter = new WeakMap<object, { kind: DocKind; compiled: CompiledFilter }>();

  constructor(opts: EmbeddedIndexOptions, restored?: { student: VectorSpace; post: VectorSpace }) {
    this.analyzer = opts.analyzer;
    this.#walkThread = opts.vectorWalkThread ?? false;
    this.#vectorOpts = {
      dimensions: opts.dimensions ?? 512,
      m: opts.hnswM ?? 16,
      efConstruction: opts.efConstruction ?? 100,
      efSearch: opts.efSearch ?? 100,
      exactScanMax: opts.exactScanMax ?? 20_000,
      sourceCacheMax: opts.sourceCacheMax ?? 300_000,
    };
    this.#students = new Collection('student', STUDENT_TEXT_FIELDS, STUDENT_KEYWORD_FIELDS, this.#vectorOpts, restored?.student);
    this.#posts = new Collection('post', POST_TEXT_FIELDS, POST_KEYWORD_FIELDS, this.#vectorOpts, restored?.post);
  }

  /**
   * The compiled filter of a filter object: a search passes the same one to its count, lexical and
   * vector calls, so it is compiled (and keyed for the bitset cache) once, not three times. By
   * identity: filters are built per search and not changed after.
   */
  #compiled<K extends DocKind>(kind: K, filter: FilterInput<K> | undefined): CompiledFilter<K> {
    if (filter === undefined || typeof filter !== 'object') return compileFilter(kind, filter, this.analyzer);
    const hit = this.#compiledByFilter.get(filter);
    if (hit && hit.kind === kind) return hit.compiled as CompiledFilter<K>;
    const compiled = compileFilter(kind, filter, this.analyzer);
    this.#compiledByFilter.set(filter, { kind, compiled });
    return compiled;
  }

  /** True while a save writes the vectors and graphs: writes wait until it is done, searches do not. */
  get saving(): boolean {
    return this.#saving !== null;
  }

  get options(): VectorSpaceOptions {
    return this.#vectorOpts;
  }

  /**
   * Change the vector search's effort from now on: the HNSW candidate list size (ef) and,
   * optionally, the largest filter that is scanned instead of walked. How a benchmark brings
   * the vector side to a recall target; the service sets both once, from SEARCH_HNSW_EF_SEARCH
   * and SEARCH_EXACT_SCAN_MAX.
   */
  tuneVectorSearch(efSearch: number, exactScanMax?: number): void {
    if (this.#searching > 0) throw new Error('tuneVectorSearch while a vector search runs on a worker thread');
    if (!Number.isInteger(efSearch) || efSearch < 1) throw new RangeError(`efSearch ${efSearch} is not a positive integer`);
    if (exactScanMax !== undefined && !(Number.isInteger(exactScanMax) && exactScanMax >= 0)) throw new RangeError(`exactScanMax ${exactScanMax} is not a count`);
    for (const c of [this.#students, this.#posts]) {
      c.vectors.efSearch = efSearch;
      if (exactScanMax !== undefined) c.vectors.exactScanMax = exactScanMax;
    }
  }

  #collection<K extends DocKind>(kind: K): Collection<K> {
    return (kind === 'student' ? this.#students : this.#posts) as unknown as Collection<K>;
  }

  /** Synchronous core of {@link upsert}, for bulk loads that need no promise per batch (not during a save). */
  upsertSync(docs: readonly AnyIndexDocument[]): void {
    if (this.#saving) throw new Error('upsertSync while a snapshot is being written: use upsert, which waits');
    if (this.#searching > 0) throw new Error('upsertSync while a vector search runs on a worker thread: use upsert, which waits');
    for (const doc of docs) (this.#collection(doc.kind) as Collection).upsert(doc);
  }

  async upsert(docs: readonly AnyIndexDocument[]): Promise<void> {
    return this.#whenWritable(() => this.upsertSync(docs));
  }

  async delete(kind: DocKind, ids: readonly string[]): Promise<number> {
    return this.#whenWritable(() => {
      const c = this.#collection(kind);
      let n = 0;
      for (const id of ids) if (c.delete(id)) n++;
      return n;
    });
  }

  /** The document with its vector (stored apart, in the vector space). */
  getSync<K extends DocKind>(kind: K, id: string): IndexDocument<K> | undefined {
    const c = this.#collection(kind);
    const d = c.docNumber(id);
    if (d === undefined) return undefined;
    const doc = c.document(d);
    return doc && { ...doc, vector: c.vectors.get(d) };
  }

  async get<K extends DocKind>(kind: K, id: string): Promise<IndexDocument<K> | undefined> {
    return this.getSync(kind, id);
  }

  async getMany<K extends DocKind>(kind: K, ids: readonly string[], opts: { vectors?: boolean } = {}): Promise<Array<IndexDocument<K> | undefined>> {
    return opts.vectors === false ? ids.map((id) => this.peek(kind, id)) : ids.map((id) => this.getSync(kind, id));
  }

  hasVector(kind: DocKind, id: string): boolean {
    const c = this.#collection(kind);
    const d = c.docNumber(id);
    return d !== undefined && c.vectors.has(d);
  }

  async listWithoutVector(kind: DocKind, opts: { k: number; after?: string }): Promise<string[]> {
    const c = this.#collection(kind);
    return c.list(opts.k, null, opts.after, (d) => !c.vectors.has(d));
  }

  /** The stored document without its vector: what re-ranking reads (its tokens decoded only when read). */
  peek<K extends DocKind>(kind: K, id: string): IndexDocument<K> | undefined {
    return this.#collection(kind).peek(id);
  }

  countSync<K extends DocKind>(kind: K, filter?: FilterInput<K>): number {
    const c = this.#collection(kind);
    return c.filter(this.#compiled(kind, filter)).count;
  }

  async count<K extends DocKind>(kind: K, filter?: FilterInput<K>): Promise<number> {
    return this.countSync(kind, filter);
  }

  listSync<K extends DocKind>(kind: K, opts: { k: number; filter?: FilterInput<K>; after?: string }): string[] {
    const c = this.#collection(kind);
    const { set } = c.filter(this.#compiled(kind, opts.filter));
    return c.list(opts.k, set, opts.after);
  }

  async list<K extends DocKind>(kind: K, opts: { k: number; filter?: FilterInput<K>; after?: string }): Promise<string[]> {
    return this.listSync(kind, opts);
  }

  lexicalSync<K extends DocKind>(kind: K, query: LexicalQuery<K>, opts: TopKOptions<K>): ScoredHit[] {
    const c = this.#collection(kind);
    const { set, count } = c.filter(this.#compiled(kind, opts.filter));
    if (count === 0 || query.terms.length === 0) return [];
    const boosts = { ...FIELD_BOOSTS[kind], ...query.fieldBoosts } as Record<string, number>;
    return c.lexical(query.terms, boosts, opts.k, set);
  }

  async searchLexical<K extends DocKind>(kind: K, query: LexicalQuery<K>, opts: TopKOptions<K>): Promise<ScoredHit[]> {
    return this.lexicalSync(kind, query, opts);
  }

  vectorSync<K extends DocKind>(kind: K, vector: Float32Array, opts: TopKOptions<K>): ScoredHit[] {
    const c = this.#collection(kind);
    const { set, count } = c.filter(this.#compiled(kind, opts.filter));
    if (count === 0) return [];
    return c.vector(vector, opts.k, set, count);
  }

  /**
   * The vector top k. With `vectorWalkThread`, a graph walk runs on a worker thread, so the
   * caller's next call (the engine starts the vector side first, then walks the lexical side)
   * overlaps it; a scan, and any search without the option, runs here and now. While a walk is
   * out, writes wait (hnswlib is not safe against an update during a search) and, once a write
   * waits, new searches walk the graph here instead, so writes are never starved.
   */
  async searchVector<K extends DocKind>(kind: K, vector: Float32Array, opts: TopKOptions<K>): Promise<ScoredHit[]> {
    const c = this.#collection(kind);
    const { set, count } = c.filter(this.#compiled(kind, opts.filter));
    if (count === 0) return [];
    const walk = this.#walkThread && this.#writersWaiting === 0 ? c.vectorAsync(vector, opts.k, set, count) : null;
    if (!walk) return c.vector(vector, opts.k, set, count);
    this.#searching++;
    try {
      return await walk;
    } finally {
      if (--this.#searching === 0 && this.#idle) {
        this.#idle.resolve();
        this.#idle = null;
      }
    }
  }

  /** Graph walks go to a worker thread (EmbeddedIndexOptions.vectorWalkThread). */
  readonly #walkThread: boolean;
  /** Vector walks out on worker threads ({@link searchVector}). */
  #searching = 0;
  /** Writes waiting for them to end. */
  #writersWaiting = 0;
  /** Resolved when the last walk out ends. */
  #idle: { promise: Promise<void>; resolve: () => void } | null = null;

  /**
   * Run `write` once no snapshot is being written and no vector walk is out, in the same turn as
   * the check (awaiting a `#writable()` and writing after it would leave a microtask between the
   * two, in which a search could send a walk out).
   */
  async #whenWritable<T>(write: () => T): Promise<T> {
    for (;;) {
      if (this.#saving) {
        await this.#saving;
      } else if (this.#searching > 0) {
        if (!this.#idle) {
          let resolve!: () => void;
          const promise = new Promise<void>((r) => (resolve = r));
          this.#idle = { promise, resolve };
        }
        const idle = this.#idle.promise;
        this.#writersWaiting++;
        try {
          await idle;
        } finally {
          this.#writersWaiting--;
        }
      } else {
        return write();
      }
    }
  }

  /** Exact (brute-force) vector top-k: the reference the benchmark measures recall against. */
  exactVectorSync<K extends DocKind>(kind: K, vector: Float32Array, opts: TopKOptions<K>): ScoredHit[] {
    const c = this.#collection(kind);
    const { set } = c.filter(this.#compiled(kind, opts.filter));
    const norm = Math.hypot(...vector) || 1;
    const q = vector.map((x) => x / norm);
    const candidates = c.vectors.exact(q, opts.k, set);
    return candidates
      .map((x) => ({ id: c.ids[x.doc]!, score: x.score }))
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
      .slice(0, opts.k);
  }

  facetsSync<K extends DocKind>(kind: K, fields: ReadonlyArray<FacetFieldOf<K>>, opts: { filter?: FilterInput<K>; size?: number } = {}): FacetCounts {
    const c = this.#collection(kind);
    const { set } = c.filter(this.#compiled(kind, opts.filter));
    return c.facets(fields, set, opts.size ?? 20);
  }

  async facets<K extends DocKind>(kind: K, fields: ReadonlyArray<FacetFieldOf<K>>, opts: { filter?: FilterInput<K>; size?: number } = {}): Promise<FacetCounts> {
    return this.facetsSync(kind, fields, opts);
  }

  /**
   * Parse the stored sources into the cache (up to `sourceCacheMax` per collection) in slices of
   * 2,000 documents between which the event loop runs: after a snapshot load, so that re-ranking
   * does not pay the parses on the first queries that touch each document. Stops at close.
   */
  async warmSources(): Promise<void> {
    for (const kind of KINDS) {
      const c = this.#collection(kind) as Collection;
      for (let d = 0; d < c.span && !this.#closed; d += 2000) {
        if (!c.warmSources(d, d + 2000)) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }

  #closed = false;

  async close(): Promise<void> {
    this.#closed = true;
  }

  /**
   * Write a snapshot to `dir` (replaced atomically: written beside it, then renamed). `meta` is
   * kept verbatim, e.g. the store's change-feed position the snapshot reflects.
   */
  async save(dir: string, meta: Record<string, unknown> = {}): Promise<void> {
    const tmp = `${dir}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    try {
      await this.#write(tmp, meta);
    } catch (err) {
      // A save cut short (disk full, a write that failed) must not leave an index's size of
      // half-written files behind for the life of this process: the next start would remove it,
      // but a process that goes on (or shuts down cleanly) would not.
      rmSync(tmp, { recursive: true, force: true });
      throw err;
    }
    const old = `${dir}.old-${process.pid}`;
    if (existsSync(dir)) renameSync(dir, old);
    renameSync(tmp, dir);
    rmSync(old, { recursive: true, force: true });
  }

  /** The snapshot's files, manifest last, into the folder `tmp`. */
  async #write(tmp: string, meta: Record<string, unknown>): Promise<void> {
    mkdirSync(tmp, { recursive: true });
    const collections = {} as Manifest['collections'];
    for (const kind of KINDS) {
      const c = this.#collection(kind);
      // Documents and postings from one instant; written out while writes go on.
      const frozen = c.freeze();
      collections[kind] = { span: frozen.span, live: c.size };
      await DocStore.write(join(tmp, `${kind}.docs`), frozen.docs, frozen.ids, c);
      await writePostings(join(tmp, `${kind}.postings`), frozen.postings);
      // The vectors and graph are written off the event loop; writes wait meanwhile (hnswlib
      // must not change under its serializer). The span is taken now, with the gate closed.
      // (Vector walks on worker threads may go on: they only read, as the serializer does.)
      while (this.#saving) await this.#saving;
      const written = c.vectors.save(join(tmp, `${kind}.hnsw`), join(tmp, `${kind}.vectors`), c.span);
      this.#saving = written.then(
        () => undefined,
        () => undefined,
      );
      try {
        await written;
      } finally {
        this.#saving = null;
      }
    }
    const manifest: Manifest = {
      format: SNAPSHOT_FORMAT_VERSION,
      analyzer: this.analyzer.fingerprint,
      dimensions: this.#vectorOpts.dimensions,
      createdAt: new Date().toISOString(),
      collections,
      meta,
    };
    writeFileSync(join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2));
  }

  /**
   * Open a snapshot written by {@link save}. Throws {@link SnapshotMismatchError} when it was
   * written by another format version or with another analyzer (its tokens would not match).
   */
  static async load(dir: string, opts: EmbeddedIndexOptions): Promise<{ index: EmbeddedSearchIndex; meta: Record<string, unknown> }> {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    if (manifest.format !== SNAPSHOT_FORMAT_VERSION) {
      throw new SnapshotMismatchError(`snapshot format ${manifest.format}; this build reads ${SNAPSHOT_FORMAT_VERSION}`);
    }
    if (manifest.analyzer !== opts.analyzer.fingerprint) {
      throw new SnapshotMismatchError('snapshot was analyzed with another dictionary or synonym table');
    }
    if (manifest.dimensions !== (opts.dimensions ?? 512)) {
      throw new SnapshotMismatchError(`snapshot vectors have ${manifest.dimensions} dimensions`);
    }
    const probe = new EmbeddedSearchIndex(opts);
    const vopts = probe.#vectorOpts;
    // hnswlib reads the graphs on libuv threads while this one reads the rest.
    const vectors = {
      student: VectorSpace.load(vopts, join(dir, 'student.hnsw'), join(dir, 'student.vectors')),
      post: VectorSpace.load(vopts, join(dir, 'post.hnsw'), join(dir, 'post.vectors')),
    };
    const parts = KINDS.map((kind) => {
      const postings = readPostingsFile(join(dir, `${kind}.postings`));
      const c = probe.#collection(kind) as Collection;
      const docs = DocStore.read<AnyIndexDocument['source']>(join(dir, `${kind}.docs`), c, vopts.sourceCacheMax);
      const span = manifest.collections[kind].span;
      if (docs.ids.length !== span) throw new Error(`snapshot ${kind}.docs has ${docs.ids.length} documents; the manifest says ${span}`);
      return { kind, postings, docs };
    });
    const restored = await Promise.allSettled([vectors.student, vectors.post]);
    for (const r of restored) if (r.status === 'rejected') throw r.reason;
    const index = new EmbeddedSearchIndex(opts, { student: await vectors.student, post: await vectors.post });
    for (const { kind, postings, docs } of parts) {
      const c = index.#collection(kind) as Collection;
      c.restorePostings(postings);
      c.restoreDocuments(docs.store, docs.ids);
      // The vectors were written after the documents were frozen: a vector of a document added
      // in between has no document here. Drop it; the change feed replays that document.
      c.vectors.retain((doc) => c.has(doc));
    }
    return { index, meta: manifest.meta };
  }
}
