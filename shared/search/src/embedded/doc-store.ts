import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { grow } from './growable.js';
import { blockReader } from './read-blocks.js';

/**
 * The stored documents of one collection, as bytes: per document number one record in an
 * append-only arena of byte chunks,
 *
 *   [u32 source length][source as JSON, UTF-8][per text field: n, n term ids][per keyword field: n, n term ids]
 *
 * (n and the ids as LEB128 varints, the ids into this store's vocabulary of tokens and keyword
 * values). Nothing per document lives on the JS heap but a cached parsed source: a million
 * parsed documents were ~2 KB of heap objects each, a snapshot load parsed every one of them
 * (with the garbage collector walking the growing heap, most of the load), and a snapshot save
 * serialized them again. Now a load reads the records straight into chunks, a save writes them
 * out as they are, and a source is parsed when first read (re-ranking, fetch) and kept in a
 * bounded cache ({@link DocStore.cacheMax} sources, oldest out first).
 *
 * Records are never changed in place: an update appends a new one, so a frozen view (a
 * snapshot being written) stays valid while writes go on; the space of replaced records is
 * reclaimed by copying the live ones into fresh chunks once it outgrows them.
 */

/** Chunks that writes append to. */
const CHUNK_BYTES = 32 * 2 ** 20;
/** A snapshot's records are read into chunks of at most this size (one read each). */
const LOAD_CHUNK_BYTES = 512 * 2 ** 20;
/** Reclaim replaced records' space when it is over this and over the live records' bytes. */
const GARBAGE_MIN_BYTES = 64 * 2 ** 20;

export interface StoredTokens {
  readonly text: Record<string, string[]>;
  readonly keywords: Record<string, string[]>;
}

/** The records as they were at one instant: what a snapshot writes. */
export interface FrozenDocs {
  readonly span: number;
  readonly chunks: readonly Uint8Array[];
  readonly chunkOf: Uint32Array;
  readonly offset: Uint32Array;
  readonly length: Uint32Array;
  readonly terms: readonly string[];
  readonly termCount: number;
}

/** The JSON line that opens a documents file. */
interface DocsFileHeader {
  readonly span: number;
  readonly textFields: readonly string[];
  readonly keywordFields: readonly string[];
  /** The vocabulary the records' term ids index. */
  readonly terms: readonly string[];
  /** Per document number its id ('' for a free number). */
  readonly ids: readonly string[];
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

export class DocStore<S = unknown> {
  readonly textFields: readonly string[];
  readonly keywordFields: readonly string[];
  /** Parsed sources kept at most (0: none). */
  readonly cacheMax: number;
  readonly #terms: string[] = [];
  readonly #termIds = new Map<string, number>();
  #chunks: Uint8Array[] = [];
  /** Per document number: chunk, offset in it, record length (0: no document). */
  #chunkOf = new Uint32Array(1024);
  #offset = new Uint32Array(1024);
  #length = new Uint32Array(1024);
  /** Room left in the last chunk. */
  #writeAt = 0;
  #liveBytes = 0;
  #totalBytes = 0;
  #scratch = new Uint8Array(64 * 1024);
  /** The source cache: by document number, with a ring of the cached numbers (oldest at head). */
  #sources: Array<S | undefined> = [];
  #ring: Int32Array;
  #inRing = new Uint8Array(1024);
  #ringHead = 0;
  #ringSize = 0;
  readonly #garbageMin: number;

  /** `garbageMinBytes`: replaced records' bytes kept before reclaiming (tests make it small). */
  constructor(textFields: readonly string[], keywordFields: readonly string[], cacheMax: number, garbageMinBytes = GARBAGE_MIN_BYTES) {
    this.textFields = textFields;
    this.keywordFields = keywordFields;
    this.#garbageMin = garbageMinBytes;
    this.cacheMax = Math.max(0, Math.floor(cacheMax));
    this.#ring = new Int32Array(this.cacheMax);
  }

  has(d: number): boolean {
    return d < this.#length.length && this.#length[d]! > 0;
  }

  /** Bytes held by records (live and replaced), and by live records only. */
  get bytes(): { total: number; live: number } {
    return { total: this.#totalBytes, live: this.#liveBytes };
  }

  /** Store document `d` (replacing what it held); the given source object is cached as it is. */
  set(d: number, source: S, text: Readonly<Record<string, readonly string[]>>, keywords: Readonly<Record<string, readonly string[]>>): void {
    const json = JSON.stringify(source);
    let tokens = 0;
    for (const f of this.textFields) tokens += text[f]?.length ?? 0;
    for (const f of this.keywordFields) tokens += keywords[f]?.length ?? 0;
    const max = 4 + json.length * 3 + (tokens + this.textFields.length + this.keywordFields.length) * 5;
    if (this.#scratch.length < max) this.#scratch = new Uint8Array(Math.max(max, this.#scratch.length * 2));
    const out = this.#scratch;
    const { written } = encoder.encodeInto(json, out.subarray(4));
    new DataView(out.buffer, out.byteOffset).setUint32(0, written!, true);
    let at = 4 + written!;
    const put = (x: number) => {
      while (x > 0x7f) {
        out[at++] = (x & 0x7f) | 0x80;
        x >>>= 7;
      }
      out[at++] = x;
    };
    const ids = this.#termIds;
    const terms = this.#terms;
    const field = (values: readonly string[] | undefined) => {
      const n = values?.length ?? 0;
      put(n);
      for (let i = 0; i < n; i++) {
        const v = values![i]!;
        let id = ids.get(v);
        if (id === undefined) {
          id = terms.length;
          terms.push(v);
          ids.set(v, id);
        }
        put(id);
      }
    };
    for (const f of this.textFields) field(text[f]);
    for (const f of this.keywordFields) field(keywords[f]);
    this.#drop(d);
    this.#place(d, out.subarray(0, at));
    this.#remember(d, source);
    this.#maybeReclaim();
  }

  /** Forget document `d`. */
  free(d: number): void {
    this.#drop(d);
    if (d < this.#sources.length) this.#sources[d] = undefined;
  }

  /** Document `d`'s source: from the cache, or parsed from its record (and cached). */
  source(d: number): S | undefined {
    const cached = this.#sources[d];
    if (cached !== undefined) return cached;
    const len = d < this.#length.length ? this.#length[d]! : 0;
    if (len === 0) return undefined;
    const chunk = this.#chunks[this.#chunkOf[d]!]!;
    const at = this.#offset[d]!;
    const n = chunk[at]! | (chunk[at + 1]! << 8) | (chunk[at + 2]! << 16) | (chunk[at + 3]! << 24);
    const source = JSON.parse(decoder.decode(chunk.subarray(at + 4, at + 4 + n))) as S;
    this.#remember(d, source);
    return source;
  }

  /**
   * Parse the sources of documents [from, to) not cached yet, while the cache has room (it
   * evicts nothing). Returns false once the cache is full.
   */
  warm(from: number, to: number): boolean {
    const end = Math.min(to, this.#length.length);
    for (let d = from; d < end; d++) {
      if (this.#ringSize >= this.cacheMax) return false;
      if (this.#length[d]! > 0 && this.#sources[d] === undefined) this.source(d);
    }
    return this.#ringSize < this.cacheMax;
  }

  /** Document `d`'s tokens and keyword values, decoded from its record (not cached). */
  tokens(d: number): StoredTokens | undefined {
    const len = d < this.#length.length ? this.#length[d]! : 0;
    if (len === 0) return undefined;
    const chunk = this.#chunks[this.#chunkOf[d]!]!;
    let at = this.#offset[d]!;
    at += 4 + (chunk[at]! | (chunk[at + 1]! << 8) | (chunk[at + 2]! << 16) | (chunk[at + 3]! << 24));
    const terms = this.#terms;
    const get = () => {
      let x = 0;
      let shift = 0;
      for (;;) {
        const b = chunk[at++]!;
        x += (b & 0x7f) * 2 ** shift;
        if (b < 0x80) return x;
        shift += 7;
      }
    };
    const field = () => {
      const n = get();
      const values = new Array<string>(n);
      for (let i = 0; i < n; i++) values[i] = terms[get()]!;
      return values;
    };
    const text: Record<string, string[]> = {};
    for (const f of this.textFields) text[f] = field();
    const keywords: Record<string, string[]> = {};
    for (const f of this.keywordFields) keywords[f] = field();
    return { text, keywords };
  }

  /**
   * The records as they are now, for a snapshot: the location arrays are copied, the chunks
   * shared (never changed in place), the vocabulary shared (only appended to).
   */
  freeze(span: number): FrozenDocs {
    const copy = (a: Uint32Array) => {
      const out = new Uint32Array(span);
      out.set(a.subarray(0, Math.min(span, a.length)));
      return out;
    };
    return { span, chunks: [...this.#chunks], chunkOf: copy(this.#chunkOf), offset: copy(this.#offset), length: copy(this.#length), terms: this.#terms, termCount: this.#terms.length };
  }

  /**
   * Write a frozen view to `path`: a JSON line (fields, vocabulary, ids; padded so the blocks after
   * it are 4-byte aligned), the record lengths (u32 per document number), then the records in
   * document-number order, copied out in 16 MiB writes.
   */
  static async write(path: string, frozen: FrozenDocs, ids: readonly string[], fields: { textFields: readonly string[]; keywordFields: readonly string[] }): Promise<void> {
    const header: DocsFileHeader = { span: frozen.span, textFields: fields.textFields, keywordFields: fields.keywordFields, terms: frozen.terms.slice(0, frozen.termCount), ids: ids.slice(0, frozen.span) };
    let line = JSON.stringify(header);
    const pad = (4 - ((Buffer.byteLength(line) + 1) % 4)) % 4;
    line += ' '.repeat(pad) + '\n';
    const file = await open(path, 'w');
    try {
      await file.write(Buffer.from(line));
      await file.write(new Uint8Array(frozen.length.buffer, frozen.length.byteOffset, frozen.span * 4));
      const buf = Buffer.allocUnsafe(16 * 2 ** 20);
      let fill = 0;
      for (let d = 0; d < frozen.span; d++) {
        const n = frozen.length[d]!;
        if (n === 0) continue;
        const chunk = frozen.chunks[frozen.chunkOf[d]!]!;
        const at = frozen.offset[d]!;
        if (fill + n > buf.length) {
          await file.write(buf.subarray(0, fill));
          fill = 0;
        }
        if (n > buf.length) await file.write(chunk.subarray(at, at + n));
        else {
          buf.set(chunk.subarray(at, at + n), fill);
          fill += n;
        }
      }
      if (fill > 0) await file.write(buf.subarray(0, fill));
    } finally {
      await file.close();
    }
  }

  /**
   * Read what {@link write} wrote: the records straight into chunks of up to 512 MiB, nothing
   * parsed but the header line. Returns the store and the ids by document number.
   */
  static read<S>(path: string, fields: { textFields: readonly string[]; keywordFields: readonly string[] }, cacheMax: number): { store: DocStore<S>; ids: string[] } {
    const fd = openSync(path, 'r');
    try {
      // The header line: read until its newline.
      let head = Buffer.allocUnsafe(1 << 20);
      let have = 0;
      let nl = -1;
      for (;;) {
        if (have === head.length) {
          const bigger = Buffer.allocUnsafe(head.length * 2);
          head.copy(bigger, 0, 0, have);
          head = bigger;
        }
        const n = readSync(fd, head, have, head.length - have, have);
        nl = head.indexOf(10, have);
        have += n;
        if (nl !== -1 && nl < have) break;
        if (n === 0) throw new Error(`${path}: no header line`);
      }
      const header = JSON.parse(head.toString('utf8', 0, nl)) as DocsFileHeader;
      const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
      if (!same(header.textFields, fields.textFields) || !same(header.keywordFields, fields.keywordFields)) {
        throw new Error(`${path}: written with other fields`);
      }
      const fill = blockReader(fd, path, nl + 1);
      const span = header.span;
      const capacity = Math.max(1024, span + (span >>> 3));
      const store = new DocStore<S>(fields.textFields, fields.keywordFields, cacheMax);
      const lengths = new Uint32Array(capacity);
      fill(new Uint8Array(lengths.buffer, 0, span * 4));
      const chunkOf = new Uint32Array(capacity);
      const offset = new Uint32Array(capacity);
      // Split into chunks at record boundaries, then read each chunk in one go.
      const sizes: number[] = [];
      let size = 0;
      for (let d = 0; d < span; d++) {
        const n = lengths[d]!;
        if (size + n > LOAD_CHUNK_BYTES && size > 0) {
          sizes.push(size);
          size = 0;
        }
        chunkOf[d] = sizes.length;
        offset[d] = size;
        size += n;
      }
      sizes.push(size);
      const chunks = sizes.map((n) => {
        const chunk = new Uint8Array(n);
        fill(chunk);
        return chunk;
      });
      const total = sizes.reduce((a, b) => a + b, 0);
      store.#chunks = chunks;
      store.#chunkOf = chunkOf;
      store.#offset = offset;
      store.#length = lengths;
      // The last chunk is full: the next write opens a new one.
      store.#writeAt = chunks[chunks.length - 1]!.length;
      store.#liveBytes = store.#totalBytes = total;
      for (const t of header.terms) {
        store.#termIds.set(t, store.#terms.length);
        store.#terms.push(t);
      }
      return { store, ids: header.ids as string[] };
    } finally {
      closeSync(fd);
    }
  }

  #drop(d: number): void {
    if (d >= this.#length.length) return;
    this.#liveBytes -= this.#length[d]!;
    this.#length[d] = 0;
  }

  #place(d: number, record: Uint8Array): void {
    if (d >= this.#length.length) {
      this.#length = grow(this.#length, d + 1);
      this.#chunkOf = grow(this.#chunkOf, d + 1);
      this.#offset = grow(this.#offset, d + 1);
    }
    let last = this.#chunks[this.#chunks.length - 1];
    if (!last || last.length - this.#writeAt < record.length) {
      last = new Uint8Array(Math.max(CHUNK_BYTES, record.length));
      this.#chunks.push(last);
      this.#writeAt = 0;
    }
    last.set(record, this.#writeAt);
    this.#chunkOf[d] = this.#chunks.length - 1;
    this.#offset[d] = this.#writeAt;
    this.#length[d] = record.length;
    this.#writeAt += record.length;
    this.#liveBytes += record.length;
    this.#totalBytes += record.length;
  }

  /** Copy the live records into fresh chunks once replaced ones take more room than they do. */
  #maybeReclaim(): void {
    const garbage = this.#totalBytes - this.#liveBytes;
    if (garbage < this.#garbageMin || garbage < this.#liveBytes) return;
    const old = this.#chunks;
    this.#chunks = [];
    this.#writeAt = 0;
    this.#liveBytes = this.#totalBytes = 0;
    for (let d = 0; d < this.#length.length; d++) {
      const n = this.#length[d]!;
      if (n === 0) continue;
      const at = this.#offset[d]!;
      const record = old[this.#chunkOf[d]!]!.subarray(at, at + n);
      this.#length[d] = 0;
      this.#place(d, record);
    }
  }

  #remember(d: number, source: S): void {
    const cap = this.cacheMax;
    if (cap === 0) return;
    if (d >= this.#inRing.length) this.#inRing = grow(this.#inRing, d + 1);
    this.#sources[d] = source;
    if (this.#inRing[d]) return;
    this.#inRing[d] = 1;
    if (this.#ringSize < cap) {
      this.#ring[(this.#ringHead + this.#ringSize++) % cap] = d;
      return;
    }
    // Full: the oldest makes room and the new one takes its slot, which is now the newest.
    const out = this.#ring[this.#ringHead]!;
    this.#inRing[out] = 0;
    this.#sources[out] = undefined;
    this.#ring[this.#ringHead] = d;
    this.#ringHead = (this.#ringHead + 1) % cap;
  }
}
