import { BM25_B, BM25_K1, type CompiledFilter, type DocKind, type IndexDocument, type ScoredHit, type WeightedTerm } from '../search-index.js';
import { DocTopK, TopK } from '../top-k.js';
import { DocStore, type FrozenDocs } from './doc-store.js';
import { Bitset, grow, LEN_CAP, PostingList } from './growable.js';
import { highestScores } from './simd/int8-scanner.js';
import { VectorSpace, type VectorCandidates, type VectorSpaceOptions } from './vectors.js';

/** Per text field: the inverted index and the statistics BM25 needs. */
class TextField {
  readonly postings = new Map<string, PostingList>();
  /** Token count per document number (0 when the document lacks the field). */
  lengths = new Uint32Array(1024);
  /** Documents with a non-empty field, and the sum of their lengths. */
  docCount = 0;
  totalLength = 0;
}

/** Per keyword field: value → posting list (tf unused). */
class KeywordField {
  readonly postings = new Map<string, PostingList>();
}

/** A query term in one field: its posting list and weight w = boost · query weight · idf. */
interface Clause {
  readonly list: PostingList;
  readonly lengths: Uint32Array;
  readonly w: number;
  /** K1 · B / avgdl of the field. */
  readonly c1: number;
  /** The most any entry of the list can add: w · maxTf / (maxTf + norm(minLen)), see {@link clauseBound}. */
  readonly max: number;
}

/** K1 · (1 − B): the constant part of Lucene's length norm. */
const BM25_C0 = BM25_K1 * (1 - BM25_B);

/**
 * The most an entry of `list` can add to a score: the contribution w·tf/(tf + c0 + c1·len) grows
 * with tf and falls with len, and each floating-point step is monotone too, so the list's largest
 * tf and shortest field bound every entry's computed contribution. Widened by 1e-9 so that a sum
 * of bounds also bounds a sum of contributions whatever their rounding (≈ 1e-14 relative at 40
 * terms); never above w, the bound the contributions had before.
 */
function clauseBound(list: PostingList, w: number, c1: number): number {
  const tf = list.maxTf;
  if (tf === 0) return w;
  return Math.min(w, ((w * tf) / (tf + BM25_C0 + c1 * list.minLen)) * (1 + 1e-9));
}

/** Before a list shorter than this, checking whether the rest can be pruned costs more than it saves. */
const PRUNE_MIN_POSTINGS = 2048;

/** Galloping to a contender costs about this many posting steps: with fewer contenders than the sorted prefix over this, gallop. */
const GALLOP_STEPS = 12;

/**
 * Do at least k of scores[docs[0..n)] exceed `bound` (that is, is the k-th highest above it)? One
 * pass with no allocation: the question is asked before every long list until the answer is yes,
 * and the k-th highest itself is worked out only then.
 */
function atLeastAbove(scores: Float64Array, docs: Int32Array, n: number, k: number, bound: number): boolean {
  if (n < k) return false;
  let above = 0;
  for (let i = 0; i < n; i++) if (scores[docs[i]!]! > bound && ++above >= k) return true;
  return false;
}

/** The k-th highest of scores[docs[0..n)] (−Infinity when n < k); `scratch` holds at least n. */
function kthHighest(scores: Float64Array, docs: Int32Array, n: number, k: number, scratch: Float64Array): number {
  if (k <= 0 || n < k) return -Infinity;
  const gathered = scratch.subarray(0, n);
  for (let i = 0; i < n; i++) gathered[i] = scores[docs[i]!]!;
  let kth = Infinity;
  for (const i of highestScores(gathered, k)) kth = Math.min(kth, gathered[i]!);
  return kth;
}

/** Per filter set, how many members precede each of its words (filter sets are cached and never changed once built). */
const rankDirectories = new WeakMap<Bitset, Int32Array>();

function rankDirectory(set: Bitset): Int32Array {
  let ranks = rankDirectories.get(set);
  if (ranks) return ranks;
  const words = set.words;
  ranks = new Int32Array(words.length);
  let c = 0;
  for (let i = 0; i < words.length; i++) {
    ranks[i] = c;
    c += bitCount(words[i]!);
  }
  rankDirectories.set(set, ranks);
  return ranks;
}

/** Set bits of a 32-bit word. */
function bitCount(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** The rank of member d among a set's members, from its words and rank directory. */
function rankOf(d: number, words: Uint32Array, ranks: Int32Array): number {
  return ranks[d >>> 5]! + bitCount(words[d >>> 5]! & ((1 << (d & 31)) - 1));
}

/**
 * The postings file of a snapshot: a JSON header, then typed-array blocks in header order (the
 * generations; per text field its lengths, then its entries' documents and packed words; per
 * keyword field its entries' documents and packed words). Entries of one field are stored term
 * after term, `counts[i]` of them for `terms[i]`; only current entries are written.
 */
export interface PostingsHeader {
  readonly span: number;
  readonly text: ReadonlyArray<{ readonly name: string; readonly docCount: number; readonly totalLength: number; readonly terms: readonly string[]; readonly counts: readonly number[] }>;
  readonly keywords: ReadonlyArray<{ readonly name: string; readonly terms: readonly string[]; readonly counts: readonly number[] }>;
}

/** A postings file as {@link readPostings} reads it, for {@link Collection.restorePostings}. */
export interface RestoredPostings {
  readonly header: PostingsHeader;
  readonly gens: Uint32Array<ArrayBuffer>;
  /** Per text field (header order): its lengths by document number. */
  readonly lengths: ReadonlyArray<Uint32Array<ArrayBuffer>>;
  readonly text: ReadonlyArray<Map<string, PostingList>>;
  readonly keywords: ReadonlyArray<Map<string, PostingList>>;
}

/**
 * Read a postings file's blocks (after its header line, through `fill`, in file order) straight
 * into the arrays the collection keeps: each list gets arrays of its own with 1/8 room, and each
 * list's entries are read into them, so nothing is re-inserted or re-hashed per token, and no
 * whole-file buffer is read first and copied (that touched every byte twice: on this kind of
 * machine a fresh page costs more than the copy, and at a million the file is ≈ 0.8 GB).
 */
export function readPostings(header: PostingsHeader, fill: (block: Uint8Array) => void): RestoredPostings {
  const span = header.span;
  const capacity = Math.max(1024, span + (span >>> 3));
  const bytes = (a: Int32Array | Uint32Array, n: number) => new Uint8Array(a.buffer, a.byteOffset, n * 4);
  const gens = new Uint32Array(capacity);
  fill(bytes(gens, span));
  const lists = (terms: readonly string[], counts: readonly number[], lengths?: Uint32Array) => {
    const docs: Int32Array[] = [];
    const packed: Uint32Array[] = [];
    // The field's documents block (every list's in turn), then its packed block.
    for (const n of counts) {
      const a = new Int32Array(n + (n >>> 3) + 4);
      fill(bytes(a, n));
      docs.push(a);
    }
    for (const n of counts) {
      const a = new Uint32Array(n + (n >>> 3) + 4);
      fill(bytes(a, n));
      packed.push(a);
    }
    const map = new Map<string, PostingList>();
    terms.forEach((term, i) => {
      const n = counts[i]!;
      // A text list's entry lengths and bounds are not in the file: PostingList.of works them out.
      map.set(term, PostingList.of(docs[i]!, packed[i]!, n, lengths));
    });
    return map;
  };
  const lengths: Array<Uint32Array<ArrayBuffer>> = [];
  const text = header.text.map((t) => {
    const l = new Uint32Array(capacity);
    fill(bytes(l, span));
    lengths.push(l);
    return lists(t.terms, t.counts, l);
  });
  const keywords = header.keywords.map((k) => lists(k.terms, k.counts));
  return { header, gens, lengths, text, keywords };
}

/** A collection as a snapshot writes it, copied at one instant so documents and postings agree. */
export interface FrozenCollection {
  readonly span: number;
  readonly ids: readonly string[];
  readonly docs: FrozenDocs;
  readonly postings: { readonly header: PostingsHeader; readonly blocks: readonly ArrayBufferView[] };
}

/** The bitset cache's key of a compiled filter, worked out once per filter object (a search asks three times). */
const filterKeys = new WeakMap<CompiledFilter, string>();

/** Keyword clauses whose document sets are kept (a set is span / 8 bytes: 125 KB at a million). */
const CLAUSE_CACHE_MAX = 128;

/** Stale entries beyond this share of a list trigger its compaction on the next write. */
const COMPACT_RATIO = 0.5;

/**
 * One collection (students or posts) of the embedded index. Documents get a dense number for
 * their life (reused after deletion); every array is indexed by it. An update bumps the
 * number's generation, which turns its old postings stale without touching them.
 */
export class Collection<K extends DocKind = DocKind> {
  readonly kind: K;
  readonly textFields: readonly string[];
  readonly keywordFields: readonly string[];
  readonly #text = new Map<string, TextField>();
  readonly #keywords = new Map<string, KeywordField>();
  readonly vectors: VectorSpace;

  /** Document number → id ('' when free); the generation is 0 for a never-used number. */
  ids: string[] = [];
  /** The stored documents (tokens, keyword values, source) as bytes; see {@link DocStore}. */
  #store: DocStore<IndexDocument<K>['source']>;
  gens = new Uint32Array(1024);
  readonly #docOf = new Map<string, number>();
  readonly #free: number[] = [];
  #live = 0;
  /** Bumped on every write: cached filter bitsets of an older version are void. */
  version = 0;
  readonly #filterCache = new Map<string, { version: number; set: Bitset; count: number }>();
  readonly #clauseCache = new Map<string, { version: number; set: Bitset }>();
  /** Score accumulator of lexical queries, all zeros between queries, and the documents it touched. */
  #scores = new Float64Array(0);
  #touched = new Int32Array(0);
  /** Bitset of the documents still able to reach a lexical top k (all zeros between queries). */
  #contenders = new Uint32Array(0);
  /** With a filter, the touched documents' numbers (`#touched` then holds their accumulators' ranks). */
  #touchedDocs = new Int32Array(0);
  /** Scratch of a lexical query once it prunes: the touched documents' scores, then the contenders in order. */
  #gathered = new Float64Array(0);
  #contenderList = new Int32Array(0);
  #contenderAcc = new Int32Array(0);
  /** The k best of a lexical or vector search (reset by each). */
  readonly #top = new DocTopK();

  constructor(kind: K, textFields: readonly string[], keywordFields: readonly string[], vectorOpts: VectorSpaceOptions & { sourceCacheMax: number }, vectors?: VectorSpace) {
    this.kind = kind;
    this.textFields = textFields;
    this.keywordFields = keywordFields;
    this.#store = new DocStore(textFields, keywordFields, vectorOpts.sourceCacheMax);
    for (const f of textFields) this.#text.set(f, new TextField());
    for (const f of keywordFields) this.#keywords.set(f, new KeywordField());
    this.vectors = vectors ?? new VectorSpace(vectorOpts);
  }

  get size(): number {
    return this.#live;
  }

  /** Upper bound of document numbers in use. */
  get span(): number {
    return this.ids.length;
  }

  docNumber(id: string): number | undefined {
    return this.#docOf.get(id);
  }

  /** Whether a document lives at number `d`. */
  has(d: number): boolean {
    return this.#store.has(d);
  }

  /** The source record of document `d` (parsed on first read, then cached). */
  source(d: number): IndexDocument<K>['source'] | undefined {
    return this.#store.source(d);
  }

  /** Document `d` as it was given (its vector apart: null here), tokens decoded from its record. */
  document(d: number): IndexDocument<K> | undefined {
    const tokens = this.#store.tokens(d);
    if (!tokens) return undefined;
    return { kind: this.kind, id: this.ids[d]!, text: tokens.text, keywords: tokens.keywords, source: this.#store.source(d)!, vector: null } as unknown as IndexDocument<K>;
  }

  /** The document with this id, its tokens decoded only if read (re-ranking reads the source alone). */
  peek(id: string): IndexDocument<K> | undefined {
    const d = this.#docOf.get(id);
    if (d === undefined) return undefined;
    const source = this.#store.source(d);
    return source === undefined ? undefined : (new PeekedDocument(this, d, id, source) as unknown as IndexDocument<K>);
  }

  /** Parse the sources of documents [from, to) into the cache while it has room; false once it is full. */
  warmSources(from: number, to: number): boolean {
    return this.#store.warm(from, to);
  }

  /** Tokens and keyword values of document `d` (for {@link PeekedDocument}). */
  tokensOf(d: number): { text: Record<string, string[]>; keywords: Record<string, string[]> } {
    return this.#store.tokens(d) ?? { text: {}, keywords: {} };
  }

  upsert(doc: IndexDocument<K>): void {
    this.version++;
    let d = this.#docOf.get(doc.id);
    if (d === undefined) {
      d = this.#free.pop() ?? this.ids.length;
      this.#docOf.set(doc.id, d);
      this.#live++;
      if (d >= this.gens.length) this.gens = grow(this.gens, d + 1);
    }
    // Bump first: the old version's postings turn stale, and a compaction they trigger keeps none.
    const gen = this.#bump(d);
    this.#unindex(d);
    this.ids[d] = doc.id;
    // The vector lives in the vector space only (no second copy per document).
    this.#store.set(d, doc.source, doc.text, doc.keywords);
    this.#index(d, gen, doc);
    this.vectors.set(d, doc.vector);
  }

  /**
   * Put a snapshot's documents back at their numbers (`ids`: '' for a free number). Their
   * postings come from {@link restorePostings} and their vectors are already in the vector
   * space: nothing is re-indexed, and nothing is parsed.
   */
  restoreDocuments(store: DocStore<IndexDocument<K>['source']>, ids: string[]): void {
    this.#store = store;
    this.ids = ids;
    for (let d = 0; d < ids.length; d++) {
      if (store.has(d)) {
        this.#docOf.set(ids[d]!, d);
        this.#live++;
      } else {
        ids[d] = '';
        this.#free.push(d);
      }
    }
  }

  /**
   * Documents and postings as they are now, for a snapshot. Synchronous, so the two agree
   * (the caller writes them out afterwards while writes go on): the documents' locations are
   * copied (their records are never changed in place) and every posting list is copied without
   * its stale entries, one block per field.
   */
  freeze(): FrozenCollection {
    const span = this.span;
    const gens = this.gens;
    const blocks: ArrayBufferView[] = [gens.slice(0, span)];
    const copy = (postings: Map<string, PostingList>) => {
      const terms: string[] = [];
      const counts: number[] = [];
      let total = 0;
      for (const list of postings.values()) total += list.length;
      const docs = new Int32Array(total);
      const packed = new Uint32Array(total);
      let at = 0;
      for (const [term, list] of postings) {
        const start = at;
        for (let i = 0; i < list.length; i++) {
          const d = list.docs[i]!;
          const p = list.packed[i]!;
          if (p >>> 8 !== gens[d]) continue;
          docs[at] = d;
          packed[at] = p;
          at++;
        }
        if (at > start) {
          terms.push(term);
          counts.push(at - start);
        }
      }
      blocks.push(docs.subarray(0, at), packed.subarray(0, at));
      return { terms, counts };
    };
    const text: Array<PostingsHeader['text'][number]> = [];
    for (const [name, field] of this.#text) {
      const lengths = new Uint32Array(span);
      lengths.set(field.lengths.subarray(0, Math.min(span, field.lengths.length)));
      blocks.push(lengths);
      text.push({ name, docCount: field.docCount, totalLength: field.totalLength, ...copy(field.postings) });
    }
    const keywords: Array<PostingsHeader['keywords'][number]> = [];
    for (const [name, field] of this.#keywords) keywords.push({ name, ...copy(field.postings) });
    return { span, ids: this.ids.slice(0, span), docs: this.#store.freeze(span), postings: { header: { span, text, keywords }, blocks } };
  }

  /** Take the posting lists and field statistics {@link readPostings} read from a snapshot. */
  restorePostings(r: RestoredPostings): void {
    const { header } = r;
    this.gens = r.gens;
    header.text.forEach((t, i) => {
      const field = this.#text.get(t.name);
      if (!field) throw new Error(`snapshot has text field ${t.name}, which this collection does not`);
      field.lengths = r.lengths[i]!;
      field.docCount = t.docCount;
      field.totalLength = t.totalLength;
      for (const [term, list] of r.text[i]!) field.postings.set(term, list);
    });
    header.keywords.forEach((k, i) => {
      const field = this.#keywords.get(k.name);
      if (!field) throw new Error(`snapshot has keyword field ${k.name}, which this collection does not`);
      for (const [term, list] of r.keywords[i]!) field.postings.set(term, list);
    });
  }

  delete(id: string): boolean {
    const d = this.#docOf.get(id);
    if (d === undefined) return false;
    this.version++;
    this.#bump(d);
    this.#unindex(d);
    this.vectors.remove(d);
    this.#docOf.delete(id);
    this.#store.free(d);
    this.ids[d] = '';
    this.#free.push(d);
    this.#live--;
    return true;
  }

  /**
   * A new generation for a document number. Never reset (a reused number continues counting),
   * so no entry of an earlier occupant can look current. 24 bits, skipping 0.
   */
  #bump(d: number): number {
    const gen = ((this.gens[d]! + 1) & 0xffffff) || 1;
    this.gens[d] = gen;
    return gen;
  }

  #index(d: number, gen: number, doc: IndexDocument<K>): void {
    const text = doc.text as Record<string, readonly string[]>;
    for (const [name, field] of this.#text) {
      const tokens = text[name] ?? [];
      if (d >= field.lengths.length) field.lengths = grow(field.lengths, d + 1);
      field.lengths[d] = tokens.length;
      if (tokens.length === 0) continue;
      field.docCount++;
      field.totalLength += tokens.length;
      const tf = new Map<string, number>();
      for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [t, n] of tf) {
        let list = field.postings.get(t);
        if (!list) field.postings.set(t, (list = new PostingList(true)));
        list.push(d, gen, n, tokens.length);
      }
    }
    const keywords = doc.keywords as Record<string, readonly string[]>;
    for (const [name, field] of this.#keywords) {
      for (const v of new Set(keywords[name] ?? [])) {
        let list = field.postings.get(v);
        if (!list) field.postings.set(v, (list = new PostingList()));
        list.push(d, gen, 1);
      }
    }
  }

  /** Mark a document's current postings stale and take it out of the field statistics. */
  #unindex(d: number): void {
    const old = this.#store.tokens(d);
    if (!old) return;
    const text = old.text as Record<string, readonly string[]>;
    for (const [name, field] of this.#text) {
      const tokens = text[name] ?? [];
      field.lengths[d] = 0;
      if (tokens.length === 0) continue;
      field.docCount--;
      field.totalLength -= tokens.length;
      for (const t of new Set(tokens)) this.#stale(field.postings, t);
    }
    const keywords = old.keywords as Record<string, readonly string[]>;
    for (const [name, field] of this.#keywords) for (const v of new Set(keywords[name] ?? [])) this.#stale(field.postings, v);
  }

  #stale(postings: Map<string, PostingList>, key: string): void {
    const list = postings.get(key);
    if (!list) return;
    list.stale++;
    if (list.stale > list.length * COMPACT_RATIO) {
      // Compaction runs after the generation bump, so it keeps only current entries.
      list.compact(this.gens);
      if (list.length === 0) postings.delete(key);
    }
  }

  /**
   * The documents matching a compiled filter, and how many; null set = no filter (every live
   * document). Bitsets are cached per filter until the next write.
   */
  filter(compiled: CompiledFilter<K>): { set: Bitset | null; count: number } {
    if (compiled.clauses.length === 0 && !compiled.ids) return { set: null, count: this.#live };
    let key = filterKeys.get(compiled);
    if (key === undefined) filterKeys.set(compiled, (key = JSON.stringify(compiled)));
    const hit = this.#filterCache.get(key);
    if (hit && hit.version === this.version) return hit;
    const span = this.span;
    let set: Bitset | null = null;
    if (compiled.ids) {
      set = new Bitset(span);
      for (const id of compiled.ids) {
        const d = this.#docOf.get(id);
        if (d !== undefined) set.add(d);
      }
    }
    // Each clause's set comes from its own cache: searches share most clauses (every HR search
    // has consent and status), so a new combination costs word-wise ANDs, not posting scans.
    for (const clause of compiled.clauses) {
      const part = this.#clauseSet(clause.field, clause.anyOf);
      if (set) set.and(part);
      else set = part.copy();
    }
    const result = { version: this.version, set: set!, count: set!.count() };
    if (this.#filterCache.size >= 256) this.#filterCache.clear();
    this.#filterCache.set(key, result);
    return result;
  }

  /** The documents whose keyword field holds any of `anyOf`, cached until the next write (not to be changed). */
  #clauseSet(name: string, anyOf: readonly string[]): Bitset {
    const key = `${name}\u0000${anyOf.join('\u0001')}`;
    const hit = this.#clauseCache.get(key);
    if (hit && hit.version === this.version) return hit.set;
    const span = this.span;
    const gens = this.gens;
    const part = new Bitset(span);
    const field = this.#keywords.get(name);
    if (field) {
      for (const v of anyOf) {
        const list = field.postings.get(v);
        if (!list) continue;
        const docs = list.docs;
        const packed = list.packed;
        for (let i = 0; i < list.length; i++) {
          const doc = docs[i]!;
          if (packed[i]! >>> 8 === gens[doc]) part.add(doc);
        }
      }
    }
    if (this.#clauseCache.size >= CLAUSE_CACHE_MAX) this.#clauseCache.clear();
    this.#clauseCache.set(key, { version: this.version, set: part });
    return part;
  }

  /**
   * BM25 top-k (Lucene's formula, per-field statistics, boosted fields summed), over documents in
   * `allowed` (all when null). Only positive scores.
   */
  lexical(terms: readonly WeightedTerm[], boosts: Readonly<Record<string, number>>, k: number, allowed: Bitset | null): ScoredHit[] {
    const span = this.span;
    if (this.#scores.length < span) {
      this.#scores = new Float64Array(Math.max(1024, span * 2));
      this.#touched = new Int32Array(this.#scores.length);
      this.#touchedDocs = new Int32Array(this.#scores.length);
      this.#contenders = new Uint32Array((this.#scores.length + 31) >>> 5);
      this.#gathered = new Float64Array(this.#scores.length);
      this.#contenderList = new Int32Array(this.#scores.length);
      this.#contenderAcc = new Int32Array(this.#scores.length);
    }
    const scores = this.#scores;
    const touched = this.#touched;
    let nTouched = 0;
    const gens = this.gens;
    const allowedWords = allowed ? allowed.words : null;
    // Under a filter, a document's accumulator is at its rank among the allowed documents, not at
    // its number: the score updates are cache misses, and a filter's few thousand accumulators
    // share cache lines that 200k by number do not. `touched` holds accumulators, `touchedDocs`
    // the documents (the same array without a filter).
    const ranks = allowed ? rankDirectory(allowed) : null;
    const touchedDocs = ranks ? this.#touchedDocs : touched;

    // One clause per (field, term), the largest weight first (ties in field, then term order).
    // A contribution is w·tf/(tf + norm) < w, so the weights of the clauses still to come bound
    // what any document can gain from them (MaxScore, Turtle & Flood 1995).
    const clauses: Clause[] = [];
    for (const [name, field] of this.#text) {
      const boost = boosts[name] ?? 0;
      if (boost <= 0 || field.docCount === 0) continue;
      // Lucene's norm K1·(1 − B + B·len/avgdl) as c0 + c1·len: one multiply-add a posting.
      const c1 = (BM25_K1 * BM25_B) / (field.totalLength / field.docCount);
      for (const { token, weight } of terms) {
        const list = field.postings.get(token);
        if (!list || weight <= 0) continue;
        const n = list.live;
        if (n <= 0) continue;
        const idf = Math.log(1 + (field.docCount - n + 0.5) / (n + 0.5));
        const w = boost * weight * idf;
        clauses.push({ list, lengths: field.lengths, w, c1, max: clauseBound(list, w, c1) });
      }
    }
    clauses.sort((x, y) => y.w - x.w);
    const remaining = new Float64Array(clauses.length + 1);
    for (let j = clauses.length - 1; j >= 0; j--) remaining[j] = remaining[j + 1]! + clauses[j]!.max;

    // Once the k-th best score so far beats all that the clauses left can add, a document none of
    // the earlier clauses matched cannot reach the top k: the rest is added for the contenders
    // only (documents that can still get there), which a bitset tells apart in one read.
    let only: Uint32Array | null = null;
    // The contenders in increasing order too: when they are few against a list's sorted prefix,
    // each is found in it by galloping (a few steps each) instead of walking the whole list (the
    // lists left by then are the common words', tens of thousands long).
    let contenders: Int32Array | null = null;
    // Each contender's accumulator (its rank under a filter), beside it: worked out once when the
    // pruning starts, not again at every drop and every galloped entry.
    let contenderAcc: Int32Array | null = null;
    // The k-th best score when the pruning started: scores only grow, so it stays a floor of the k-th.
    let floor = -Infinity;
    // An entry's field length beside it (see PostingList.lens); the cap means "read the field's".
    const cap = LEN_CAP;
    for (let j = 0; j < clauses.length; j++) {
      const { list, lengths, w, c1 } = clauses[j]!;
      if (only === null && j > 0 && nTouched >= k && list.length >= PRUNE_MIN_POSTINGS && atLeastAbove(scores, touched, nTouched, k, remaining[j]!)) {
        // A hair below the k-th best: the sums on both sides round differently (see clauseBound).
        const kth = kthHighest(scores, touched, nTouched, k, this.#gathered) * (1 - 1e-12);
        only = this.#contenders;
        let lo = span;
        let hi = 0;
        for (let i = 0; i < nTouched; i++) {
          if (scores[touched[i]!]! + remaining[j]! >= kth) {
            const d = touchedDocs[i]!;
            only[d >>> 5]! |= 1 << (d & 31);
            if (d < lo) lo = d;
            if (d > hi) hi = d;
          }
        }
        // In increasing order, read off the bitset (a pass over its words between the first and
        // the last contender, instead of sorting thousands of numbers).
        const found = this.#contenderList;
        const acc = this.#contenderAcc;
        let nFound = 0;
        for (let word = lo >>> 5; word <= hi >>> 5; word++) {
          let bits = only[word]!;
          // Under a filter the members before this word, then those before each bit in it.
          const rank = ranks ? ranks[word]! : 0;
          const allowedWord = allowedWords ? allowedWords[word]! : 0;
          while (bits !== 0) {
            const low = bits & -bits;
            const d = (word << 5) + (31 - Math.clz32(low));
            found[nFound] = d;
            acc[nFound++] = ranks ? rank + bitCount(allowedWord & (low - 1)) : d;
            bits ^= low;
          }
        }
        contenders = found.subarray(0, nFound);
        contenderAcc = acc.subarray(0, nFound);
        floor = kth;
      } else if (contenders !== null && list.sorted > contenders.length) {
        // Before a list longer than the contenders, drop those that the clauses left can no
        // longer lift to the k-th (one read each, in document order): fewer contenders make
        // galloping pay on more of the lists left, and a dropped one is never read again. Its
        // score stays partial, below the floor, so it cannot enter the top k either way.
        const bound = remaining[j]!;
        let n = 0;
        const acc: Int32Array = contenderAcc!;
        for (let c = 0; c < contenders.length; c++) {
          const d = contenders[c]!;
          const a = acc[c]!;
          if (scores[a]! + bound >= floor) {
            contenders[n] = d;
            acc[n++] = a;
          } else only![d >>> 5]! &= ~(1 << (d & 31));
        }
        contenders = contenders.subarray(0, n);
        contenderAcc = acc.subarray(0, n);
      }
      const docs = list.docs;
      const packed = list.packed;
      const lens = list.lens;
      const len = list.length;
      // A list with no stale entry (the common case, and every list after a snapshot load)
      // skips the generation check: one random read less a posting.
      const checkGen = list.stale > 0;
      let from = 0;
      if (contenders !== null && contenders.length * GALLOP_STEPS < list.sorted) {
        // Each contender's entries in the sorted prefix; the unsorted tail is walked below.
        const end = list.sorted;
        let at = 0;
        const acc = contenderAcc!;
        for (let c = 0; c < contenders.length && at < end; c++) {
          const d = contenders[c]!;
          if (docs[at]! < d) {
            // Gallop: bound the first entry ≥ d, then bisect.
            let step = 1;
            let lo = at;
            let hi = at + 1;
            while (hi < end && docs[hi]! < d) {
              lo = hi;
              step <<= 1;
              hi = at + step;
            }
            if (hi > end) hi = end;
            while (lo + 1 < hi) {
              const mid = (lo + hi) >>> 1;
              if (docs[mid]! < d) lo = mid;
              else hi = mid;
            }
            at = hi;
          }
          for (; at < end && docs[at]! === d; at++) {
            const p = packed[at]!;
            if (checkGen && p >>> 8 !== gens[d]) continue;
            const tf = p & 0xff;
            const l = lens[at]!;
            scores[acc[c]!]! += (w * tf) / (tf + BM25_C0 + c1 * (l === cap ? lengths[d]! : l));
          }
        }
        from = end;
      }
      if (only !== null) {
        for (let i = from; i < len; i++) {
          const d = docs[i]!;
          if ((only[d >>> 5]! & (1 << (d & 31))) === 0) continue;
          const p = packed[i]!;
          if (checkGen && p >>> 8 !== gens[d]) continue;
          const tf = p & 0xff;
          const l = lens[i]!;
          scores[ranks ? rankOf(d, allowedWords!, ranks) : d]! += (w * tf) / (tf + BM25_C0 + c1 * (l === cap ? lengths[d]! : l));
        }
        continue;
      }
      // The same walk in three copies, the loop-invariant tests hoisted out: the common case (a
      // filter, no stale entry) runs a loop with one test a posting.
      if (ranks !== null && !checkGen) {
        for (let i = 0; i < len; i++) {
          const d = docs[i]!;
          const word = allowedWords![d >>> 5]!;
          const bit = 1 << (d & 31);
          if ((word & bit) === 0) continue;
          const tf = packed[i]! & 0xff;
          const l = lens[i]!;
          const a = ranks[d >>> 5]! + bitCount(word & (bit - 1));
          const prev = scores[a]!;
          if (prev === 0) {
            touched[nTouched] = a;
            touchedDocs[nTouched++] = d;
          }
          scores[a] = prev + (w * tf) / (tf + BM25_C0 + c1 * (l === cap ? lengths[d]! : l));
        }
      } else if (ranks !== null) {
        for (let i = 0; i < len; i++) {
          const d = docs[i]!;
          const p = packed[i]!;
          if (p >>> 8 !== gens[d]) continue;
          const word = allowedWords![d >>> 5]!;
          const bit = 1 << (d & 31);
          if ((word & bit) === 0) continue;
          const tf = p & 0xff;
          const l = lens[i]!;
          const a = ranks[d >>> 5]! + bitCount(word & (bit - 1));
          const prev = scores[a]!;
          if (prev === 0) {
            touched[nTouched] = a;
            touchedDocs[nTouched++] = d;
          }
          scores[a] = prev + (w * tf) / (tf + BM25_C0 + c1 * (l === cap ? lengths[d]! : l));
        }
      } else {
        for (let i = 0; i < len; i++) {
          const d = docs[i]!;
          const p = packed[i]!;
          if (checkGen && p >>> 8 !== gens[d]) continue;
          const tf = p & 0xff;
          const l = lens[i]!;
          const prev = scores[d]!;
          if (prev === 0) touched[nTouched++] = d;
          scores[d] = prev + (w * tf) / (tf + BM25_C0 + c1 * (l === cap ? lengths[d]! : l));
        }
      }
    }
    if (only !== null) for (let i = 0; i < nTouched; i++) only[touchedDocs[i]! >>> 5] = 0;
    // A document reaches the id-ordered top k only when its score beats the k-th kept one:
    // after the first k, that is rare (about k·ln(n/k) of n times).
    const top = this.#top;
    top.reset(k, this.ids);
    for (let i = 0; i < nTouched; i++) {
      const a = touched[i]!;
      const s = scores[a]!;
      scores[a] = 0;
      if (s > 0 && s >= top.threshold) top.offer(touchedDocs[i]!, s);
    }
    return top.sorted();
  }

  /** Vector top-k among `allowed` (all when null; `count` its size). */
  vector(query: Float32Array, k: number, allowed: Bitset | null, count: number): ScoredHit[] {
    return this.#topOf(this.vectors.search(query, k, allowed, count), k);
  }

  /**
   * {@link vector} with a graph walk on a worker thread (see VectorSpace.searchGraphAsync), or
   * null when the search is a scan (then call {@link vector}). Nothing in this collection may
   * change until the promise settles: its ids are read when it does.
   */
  vectorAsync(query: Float32Array, k: number, allowed: Bitset | null, count: number): Promise<ScoredHit[]> | null {
    return this.vectors.searchGraphAsync(query, k, allowed, count)?.then((found) => this.#topOf(found, k)) ?? null;
  }

  #topOf(found: VectorCandidates, k: number): ScoredHit[] {
    const top = this.#top;
    top.reset(k, this.ids);
    for (let i = 0; i < found.count; i++) top.offer(found.docs[i]!, found.scores[i]!);
    return top.sorted();
  }

  /** The k smallest ids greater than `after` among `allowed` (all live documents when null) that `keep` keeps. */
  list(k: number, allowed: Bitset | null, after: string | undefined, keep?: (d: number) => boolean): string[] {
    const top = new TopK(k);
    const visit = (d: number) => {
      const id = this.ids[d]!;
      if (this.#store.has(d) && (after === undefined || id > after) && (!keep || keep(d))) top.offer(id, 0);
    };
    if (allowed) allowed.forEach(visit);
    else for (let d = 0; d < this.span; d++) visit(d);
    return top.sorted().map((h) => h.id);
  }

  /** Value counts of keyword fields over `allowed` (all live documents when null). */
  facets(fields: readonly string[], allowed: Bitset | null, size: number): Record<string, Array<{ value: string; count: number }>> {
    const out: Record<string, Array<{ value: string; count: number }>> = {};
    const gens = this.gens;
    for (const name of fields) {
      const field = this.#keywords.get(name);
      const counts: Array<{ value: string; count: number }> = [];
      if (field) {
        for (const [value, list] of field.postings) {
          let c = 0;
          for (let i = 0; i < list.length; i++) {
            const d = list.docs[i]!;
            if (list.packed[i]! >>> 8 !== gens[d]) continue;
            if (allowed && !allowed.has(d)) continue;
            c++;
          }
          if (c > 0) counts.push({ value, count: c });
        }
      }
      counts.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
      out[name] = counts.slice(0, size);
    }
    return out;
  }
}

/**
 * What {@link Collection.peek} returns: the id and source at hand, the tokens and keyword values
 * decoded from the record only when read (re-ranking and fetching read the source alone).
 */
class PeekedDocument {
  readonly kind: DocKind;
  readonly id: string;
  readonly source: unknown;
  readonly vector = null;
  readonly #collection: Collection;
  readonly #d: number;
  #tokens: { text: Record<string, string[]>; keywords: Record<string, string[]> } | undefined;

  constructor(collection: Collection, d: number, id: string, source: unknown) {
    this.kind = collection.kind;
    this.#collection = collection;
    this.#d = d;
    this.id = id;
    this.source = source;
  }

  get text(): Record<string, string[]> {
    return (this.#tokens ??= this.#collection.tokensOf(this.#d)).text;
  }

  get keywords(): Record<string, string[]> {
    return (this.#tokens ??= this.#collection.tokensOf(this.#d)).keywords;
  }
}
