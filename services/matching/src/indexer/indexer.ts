import type { Enterprise, Post, School, StudentProfile } from '@chanjiao/domain';
import type { Embedder } from '@chanjiao/embedding';
import { postText, studentText } from '@chanjiao/embedding';
import {
  buildPostDocument,
  buildStudentDocument,
  type Analyzer,
  type AnyIndexDocument,
  type DocKind,
  type ReferenceData,
  type SearchIndex,
} from '@chanjiao/search';
import type { Change, Store } from '@chanjiao/store';
import { scrubProfile } from './scrub.js';

/**
 * The version of what the indexer writes for a record (how free text is scrubbed, how documents
 * are built). Snapshots and checkpoints record it with their position; one saved under another
 * version is not resumed from but replayed from the start of the change feed, so every document
 * is written again by the rules of this build (vectors come from the embedding cache: only a text
 * that changed is embedded again). 2: phone and ID numbers in free text lose every digit.
 * 3: numbers in any rendering (separators, prefixes, full-width, invisible characters), e-mail
 * addresses and the given name go too, from skill and certificate names as well.
 * 4: the full name becomes `**`, not the masked name 王** (the surname was indexed).
 * 5: the preferred industries, parks and cities are scrubbed too (they are filter and facet
 * values), and a QQ / WeChat account goes whatever its label's wording (QQ号码：, Q号, 微信账号).
 */
export const DOCUMENT_RULES = 5;

/** What a snapshot or checkpoint records besides the index: where to resume, under which rules. */
export interface IndexPosition {
  readonly seq: number;
  readonly documents: number;
  /** EMBEDDING_PROFILE_TOKENS the vectors were embedded under (absent in positions saved before it existed: 510). */
  readonly profileTokens: number;
}

/**
 * Ids asked of the index a page when the documents without a vector are listed at start. Large:
 * the embedded index walks every document a page (100k waiting of 340k: 2 pages, not 20); a
 * backend may answer fewer (Elasticsearch: 10,000), so the listing ends at an empty page.
 */
const REQUEUE_PAGE = 50_000;

/** The profile-text budget of positions saved before EMBEDDING_PROFILE_TOKENS existed. */
const FULL_PROFILE_TOKENS = 510;

/**
 * The change to resume after, from what was saved: 0 (replay everything) unless it was saved under
 * these rules and the same profile-text budget; with another budget every vector is of another text.
 */
export function resumePosition(saved: Readonly<Record<string, unknown>> | null | undefined, profileTokens = FULL_PROFILE_TOKENS): number {
  if (!saved || saved.documents !== DOCUMENT_RULES || typeof saved.seq !== 'number') return 0;
  return (saved.profileTokens ?? FULL_PROFILE_TOKENS) === profileTokens ? saved.seq : 0;
}

export interface IndexerLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface IndexerOptions {
  store: Store;
  index: SearchIndex;
  analyzer: Analyzer;
  /** The schools and enterprises the re-ranker reads; kept current from the same feed. */
  references: ReferenceData;
  /** Resume after this change (the position a loaded index snapshot was saved at). */
  resumeSeq?: number;
  /** Null in a lexical-only setup; a failing embedder only delays vectors, never the lexical side. */
  embedder: Embedder | null;
  log: IndexerLogger;
  /** Changes read per step (default 128: small steps keep shutdown and first results quick; the embedder batches anyway). */
  batchSize?: number;
  /**
   * Changes read per step until the backlog found at start is applied (default 1024). Readiness
   * waits for that backlog, and each step may wait `vectorWaitMs` for vectors that a crash left to
   * compute (they are not in the cache, so the wait is lost): 12,000 changes were 94 steps and
   * 23 s of waiting at 128, 12 steps and 3 s at 1024.
   */
  catchUpBatchSize?: number;
  /**
   * What a step waits for vectors until that backlog is applied (default 50 ms, at most
   * `vectorWaitMs`): enough for the vector cache to answer, and the model cannot embed a
   * 1,024-text step in any wait worth making anyway. Waiting the full `vectorWaitMs` a step made
   * the ready time grow with the backlog: 43,520 changes behind at a kill, 42 steps, 10 s of waiting.
   */
  catchUpVectorWaitMs?: number;
  /** Idle poll interval of the follow loop (default 50 ms): ingested records are searchable well within 1 s. */
  pollMs?: number;
  /** How often documents indexed without a vector are retried after a retry that got none (default 5 s). */
  retryMs?: number;
  /**
   * How long a step waits for its documents' vectors (default 250 ms) before it indexes them
   * without the missing ones: they are found lexically at once (the engine marks them in the
   * explanation) and get their vectors in the background (the embedding goes on and lands in the
   * cache, where the retry finds it). So a restart after a crash is ready when the change-feed
   * backlog is applied, not when its embedding backlog is; cached vectors arrive well within it.
   */
  vectorWaitMs?: number;
  /** Most model tokens of a profile text (EMBEDDING_PROFILE_TOKENS; default the model's limit). */
  profileTokens?: number | undefined;
}

export interface IndexerStats {
  /** The last store change applied to the index. */
  readonly seq: number;
  readonly indexed: number;
  /**
   * Documents indexed without a vector (the embedder was slower than `vectorWaitMs`, or failed):
   * the embedding backlog, found lexically meanwhile and given their vectors in the background.
   */
  readonly pendingVectors: number;
  /**
   * Where a restart resumes (what snapshots and checkpoints save): the last applied change. A
   * document still waiting for its vector is in the index without one, and the restarted indexer
   * lists those (`SearchIndex.listWithoutVector`) and embeds them again: nothing is replayed for them.
   */
  readonly resumeSeq: number;
  /**
   * Documents given their vector after they were indexed without one, since this indexer started.
   * The change-feed position does not move for them, so a snapshot is due after these too: else
   * the vectors a first load embedded in the background are never saved, and every restart lists
   * and fetches them all again.
   */
  readonly vectorsFilled: number;
  readonly caughtUp: boolean;
}

/**
 * Follows the store's change feed into the search index: the only writer of the index. Students
 * and posts are denormalised here (a student carries its school, a post its enterprise), so a
 * change to a school or an enterprise re-indexes the records that point at it.
 *
 * Vectors come from the embedder, whose content-hash cache makes a rebuild after restart cost no
 * inference. When the embedder fails, the document is indexed lexically at once and its vector
 * is retried later: ingestion is never blocked by the model.
 */
export class Indexer {
  readonly #o: Required<Omit<IndexerOptions, 'embedder' | 'resumeSeq' | 'profileTokens'>> & { embedder: Embedder | null; profileTokens?: number | undefined };
  /** The last retry gave vectors: the next one runs at once (the backlog drains at embedding speed). */
  #retryProgress = false;
  /** An embedding that a step stopped waiting for has finished since the last retry: its vectors are in the cache now. */
  #embeddedLate = false;
  #seq = 0;
  #indexed = 0;
  #caughtUp = false;
  #timer: NodeJS.Timeout | null = null;
  #following = false;
  /** stop() was called: the embedder closes next, and what it still had queued for us fails. */
  #stopped = false;
  #lastRetry = 0;
  #stepping: Promise<number> | null = null;
  /** Documents indexed without a vector (`kind:id` → kind), in the order they are retried. */
  readonly #pendingVectors = new Map<string, DocKind>();
  #vectorsFilled = 0;
  /** The index's documents without a vector have been listed into the pending set (the first step does it). */
  #requeued = false;
  readonly #waiters: Array<{ seq: number; resolve: () => void }> = [];

  constructor(opts: IndexerOptions) {
    const { resumeSeq = 0, ...rest } = opts;
    this.#o = { batchSize: 128, catchUpBatchSize: 1024, catchUpVectorWaitMs: 50, pollMs: 50, retryMs: 5000, vectorWaitMs: 250, ...rest };
    this.#seq = resumeSeq;
  }

  stats(): IndexerStats {
    return { seq: this.#seq, indexed: this.#indexed, pendingVectors: this.#pendingVectors.size, resumeSeq: this.#seq, vectorsFilled: this.#vectorsFilled, caughtUp: this.#caughtUp };
  }

  /** Start following the change feed. */
  start(): void {
    if (this.#timer) return;
    this.#following = true;
    const loop = async () => {
      let next = this.#o.pollMs;
      try {
        next = (await this.step()) > 0 ? 0 : this.#o.pollMs;
      } catch (err) {
        this.#o.log.error({ err }, 'indexer step failed; retrying');
        next = this.#o.retryMs;
      }
      // stop() may have come while the step ran: then no next step (the embedder and the
      // store close after the indexer, and the snapshot saved at shutdown must be the last word).
      if (this.#following) this.#timer = setTimeout(loop, next);
    };
    this.#timer = setTimeout(loop, 0);
  }

  /** Stop following: no step starts after this, and the one running (if any) is awaited. */
  async stop(): Promise<void> {
    this.#following = false;
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#stepping;
  }

  /** Apply everything committed so far; resolves to the number of changes applied. */
  async catchUp(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.step();
      total += n;
      if (n === 0) return total;
    }
  }

  /** Resolves once every change up to `seq` (default: the store's newest) is searchable. */
  async waitFor(seq?: number, timeoutMs = 30_000): Promise<void> {
    const target = seq ?? (await this.#o.store.lastSeq());
    if (this.#seq >= target) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`indexer did not reach seq ${target} in ${timeoutMs} ms`)), timeoutMs);
      this.#waiters.push({ seq: target, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  /** One step of at most `batchSize` changes; steps never overlap. */
  step(): Promise<number> {
    this.#stepping ??= this.#step().finally(() => {
      this.#stepping = null;
    });
    return this.#stepping;
  }

  async #step(): Promise<number> {
    if (!this.#requeued) {
      await this.#requeuePending();
      this.#requeued = true;
    }
    const changes = await this.#o.store.changes(this.#seq, this.#caughtUp ? this.#o.batchSize : this.#o.catchUpBatchSize);
    if (changes.length === 0) {
      this.#caughtUp = true;
      // Retries run inside a step, so they never race a newer change (or a delete) of the same record.
      if (this.#pendingVectors.size > 0 && (this.#retryProgress || this.#embeddedLate || Date.now() - this.#lastRetry >= this.#o.retryMs)) {
        this.#lastRetry = Date.now();
        this.#embeddedLate = false;
        const before = this.#pendingVectors.size;
        await this.#retryVectors();
        this.#retryProgress = this.#pendingVectors.size < before;
        // Progress counts as work done: the follow loop comes back at once, not after pollMs.
        if (this.#retryProgress) return 0;
      }
      return 0;
    }
    await this.#apply(changes);
    this.#seq = changes[changes.length - 1]!.seq;
    for (let i = this.#waiters.length - 1; i >= 0; i--) {
      const w = this.#waiters[i]!;
      if (w.seq <= this.#seq) {
        this.#waiters.splice(i, 1);
        w.resolve();
      }
    }
    return changes.length;
  }

  async #apply(changes: readonly Change[]): Promise<void> {
    const students = new Set<string>();
    const posts = new Set<string>();
    const deletes: Record<DocKind, string[]> = { student: [], post: [] };
    const refs: { school: Change[]; enterprise: Change[] } = { school: [], enterprise: [] };
    for (const c of changes) {
      if (c.type === 'student' || c.type === 'post') {
        if (c.op === 'delete') deletes[c.type].push(c.id);
        else (c.type === 'student' ? students : posts).add(c.id);
      } else if (c.type === 'school') {
        for (const id of await this.#dependants('student', c.id)) students.add(id);
        refs.school.push(c);
      } else if (c.type === 'enterprise') {
        for (const id of await this.#dependants('post', c.id)) posts.add(id);
        refs.enterprise.push(c);
      }
    }
    await this.#applyReferences(refs);
    for (const kind of ['student', 'post'] as const) {
      if (deletes[kind].length === 0) continue;
      await this.#o.index.delete(kind, deletes[kind]);
      for (const id of deletes[kind]) this.#pendingVectors.delete(`${kind}:${id}`);
    }
    const docs = [...(await this.#studentDocs([...students])), ...(await this.#postDocs([...posts]))];
    if (docs.length > 0) await this.#o.index.upsert(docs);
    this.#indexed += docs.length;
  }

  /**
   * The students of a school or the posts of an enterprise, asked of the index itself (a keyword
   * filter), so it stays right after a restart from a snapshot, with no reverse map to rebuild.
   */
  async #dependants(kind: DocKind, ownerId: string): Promise<string[]> {
    const filter = kind === 'student' ? { schoolIds: [ownerId] } : { enterpriseIds: [ownerId] };
    const ids: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.#o.index.list(kind, { k: 5000, filter, ...(after ? { after } : {}) });
      ids.push(...page);
      if (page.length < 5000) return ids;
      after = page[page.length - 1];
    }
  }

  async #applyReferences(refs: { school: Change[]; enterprise: Change[] }): Promise<void> {
    const { store, references } = this.#o;
    for (const c of refs.school) {
      const s = c.op === 'delete' ? undefined : await store.get('school', c.id);
      if (s) references.putSchool(s);
      else references.deleteSchool(c.id);
    }
    for (const c of refs.enterprise) {
      const e = c.op === 'delete' ? undefined : await store.get('enterprise', c.id);
      if (e) references.putEnterprise(e);
      else references.deleteEnterprise(c.id);
    }
  }

  /**
   * Vectors for texts, or nulls when the embedder is absent, failing, or slower than
   * `vectorWaitMs` (the caller marks them pending; an embedding still running goes on and fills
   * the cache, and the retry, asking for the same texts, joins it or reads the cache).
   */
  async #vectors(texts: string[]): Promise<Array<Float32Array | null>> {
    const embedder = this.#o.embedder;
    if (!embedder || texts.length === 0) return texts.map(() => null);
    const work = embedder.embed(texts, { priority: 'bulk' }).then(
      (vectors) => vectors,
      (err: unknown) => {
        // At shutdown this is the embedder closing, as it should: not a failure to warn about.
        if (this.#stopped) this.#o.log.info({ count: texts.length }, 'embedding cancelled by the shutdown; vectors retried at the next start');
        else this.#o.log.warn({ err, count: texts.length }, 'embedding failed; indexing lexically, vectors retried later');
        return null;
      },
    );
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => {
      const wait = this.#caughtUp ? this.#o.vectorWaitMs : Math.min(this.#o.vectorWaitMs, this.#o.catchUpVectorWaitMs);
      timer = setTimeout(() => resolve(null), wait);
    });
    try {
      const vectors = await Promise.race([work, late]);
      // Not waited for: when it is done, its vectors are in the cache and the next retry takes them.
      if (vectors === null) void work.then((v) => v && (this.#embeddedLate = true));
      return vectors ?? texts.map(() => null);
    } finally {
      clearTimeout(timer);
    }
  }

  async #studentDocs(ids: string[]): Promise<AnyIndexDocument[]> {
    const { store, analyzer } = this.#o;
    // Only scrubbed free text is indexed and embedded: no one is findable by a number or a name they typed.
    const stored = (await store.getMany('student', ids)).filter((p): p is StudentProfile => p !== undefined);
    const personal = await store.personalMany(stored.map((p) => p.id));
    const profiles = stored.map((p) => scrubProfile(p, personal.get(p.id)));
    const schools = await this.#lookup<School>('school', profiles.map((p) => p.schoolId));
    const vectors = await this.#vectors(profiles.map((p) => studentText(p, { tokens: this.#o.profileTokens })));
    return profiles.map((profile, i) => {
      const vector = vectors[i] ?? null;
      this.#notePending('student', profile.id, vector);
      return buildStudentDocument({ profile, school: schools.get(profile.schoolId), vector }, analyzer);
    });
  }

  async #postDocs(ids: string[]): Promise<AnyIndexDocument[]> {
    const { store, analyzer } = this.#o;
    const posts = (await store.getMany('post', ids)).filter((p): p is Post => p !== undefined);
    const enterprises = await this.#lookup<Enterprise>('enterprise', posts.map((p) => p.enterpriseId));
    const vectors = await this.#vectors(posts.map((p) => postText(p, enterprises.get(p.enterpriseId), { tokens: this.#o.profileTokens })));
    return posts.map((post, i) => {
      const vector = vectors[i] ?? null;
      this.#notePending('post', post.id, vector);
      return buildPostDocument({ post, enterprise: enterprises.get(post.enterpriseId), vector }, analyzer);
    });
  }

  #notePending(kind: DocKind, id: string, vector: Float32Array | null): void {
    if (vector) {
      if (this.#pendingVectors.delete(`${kind}:${id}`)) this.#vectorsFilled++;
    }
    // A retry that fails again keeps its place in the queue.
    else if (this.#o.embedder) this.#pendingVectors.set(`${kind}:${id}`, kind);
  }

  /**
   * Put the index's documents without a vector into the pending set, as the ones this process
   * indexed without one: after a restart, the documents a crash left waiting (a snapshot or
   * checkpoint position is the last applied change, so their changes are not replayed). Their
   * vectors come from the retry: the store's record, scrubbed and turned into the profile text the
   * same way, embedded in the background once the change-feed backlog is applied. Not with a
   * lexical-only setup: there no document ever gets a vector.
   */
  async #requeuePending(): Promise<void> {
    if (!this.#o.embedder) return;
    for (const kind of ['student', 'post'] as const) {
      let after: string | undefined;
      for (;;) {
        const page = await this.#o.index.listWithoutVector(kind, { k: REQUEUE_PAGE, ...(after ? { after } : {}) });
        if (page.length === 0) break;
        for (const id of page) this.#pendingVectors.set(`${kind}:${id}`, kind);
        after = page[page.length - 1];
      }
    }
    if (this.#pendingVectors.size > 0) this.#o.log.info({ pendingVectors: this.#pendingVectors.size }, 'documents indexed without a vector re-queued for embedding');
  }

  async #lookup<T extends School | Enterprise>(type: 'school' | 'enterprise', ids: string[]): Promise<Map<string, T>> {
    const unique = [...new Set(ids)];
    const found = await this.#o.store.getMany(type, unique);
    const out = new Map<string, T>();
    unique.forEach((id, i) => {
      const r = found[i];
      if (r) out.set(id, r as T);
    });
    return out;
  }

  /**
   * Re-embed documents that were indexed without a vector, once the embedder answers again. The
   * document is built again from the store's record as it is now (the same scrub and profile text
   * as a change would give) and upserted with its vector; this runs inside a step, so a newer
   * change of the record is either applied already (its text is the one embedded) or comes after.
   */
  async #retryVectors(): Promise<void> {
    if (this.#pendingVectors.size === 0 || !this.#o.embedder?.isReady()) return;
    const ids: Record<DocKind, string[]> = { student: [], post: [] };
    let n = 0;
    for (const [key, kind] of this.#pendingVectors) {
      ids[kind].push(key.slice(kind.length + 1));
      if (++n >= this.#o.batchSize) break;
    }
    const docs = [...(await this.#studentDocs(ids.student)), ...(await this.#postDocs(ids.post))];
    // A record gone from the store has its delete in the feed (applied, or to come): nothing to embed.
    const built = new Set(docs.map((d) => `${d.kind}:${d.id}`));
    for (const kind of ['student', 'post'] as const) for (const id of ids[kind]) if (!built.has(`${kind}:${id}`)) this.#pendingVectors.delete(`${kind}:${id}`);
    // Only those that got their vector are written: the others are in the index as they would be
    // written again (the record has not changed since, or its change is still to be applied).
    const embedded = docs.filter((d) => d.vector !== null);
    if (embedded.length > 0) await this.#o.index.upsert(embedded);
  }
}

