import { hash as digest } from 'node:crypto';
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { RECORD_SCHEMAS, type RecordOf, type RecordType, type StudentPersonal } from '@chanjiao/domain';
import { AppError, Errors } from '@chanjiao/platform';
import type { Change, Store, StoredDocument, UpsertItem, UpsertOptions, WriteOutcome } from './store.js';

/** Bumped when the on-disk layout changes; a store of another version refuses to open. */
export const STORE_FORMAT_VERSION = 1;

export interface SqliteStoreOptions {
  /** File path, or `:memory:` for the in-memory store tests use. */
  path: string;
  /** FULL (default): fsync on commit, survives power loss. NORMAL: survives process crashes only. */
  synchronous?: 'FULL' | 'NORMAL';
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
  type TEXT NOT NULL, id TEXT NOT NULL, data TEXT NOT NULL, hash TEXT NOT NULL,
  updated_at TEXT NOT NULL, seq INTEGER NOT NULL,
  PRIMARY KEY (type, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS personal (student_id TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS changes (seq INTEGER PRIMARY KEY, type TEXT NOT NULL, id TEXT NOT NULL, op TEXT NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS changes_record ON changes (type, id);
CREATE TABLE IF NOT EXISTS documents (
  collection TEXT NOT NULL, id TEXT NOT NULL, data TEXT NOT NULL, updated_at TEXT NOT NULL,
  PRIMARY KEY (collection, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS vectors (model TEXT NOT NULL, hash TEXT NOT NULL, vec BLOB NOT NULL, PRIMARY KEY (model, hash)) WITHOUT ROWID;
`;

/**
 * Content fingerprint of a record, without `updatedAt`: re-sending the same row with a new
 * timestamp is "unchanged". zod emits keys in schema order, so the JSON is canonical here.
 * A SHA-1 of the JSON rather than the JSON itself: the column was half of every row, and the
 * write path of a bulk import is bound by row size. `data` is the record's JSON, already made
 * for storage; when `updatedAt` is its last key (every schema puts it last) the fingerprint is
 * that JSON without it, so the record is serialized once.
 */
function contentKey(record: { updatedAt: string }, data: string, personalJson: string | undefined): string {
  const suffix = `,"updatedAt":${JSON.stringify(record.updatedAt)}}`;
  let rest: string;
  if (data.endsWith(suffix)) rest = `${data.slice(0, -suffix.length)}}`;
  else {
    const { updatedAt: _u, ...others } = record;
    rest = JSON.stringify(others);
  }
  return digest('sha1', personalJson === undefined ? rest : `${rest}\u0000${personalJson}`, 'base64');
}

/** SQLite errors that mean "cannot write now" (read-only disk, full disk, I/O): a 503, never a 500. */
function isUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && /^SQLITE_(READONLY|IOERR|FULL|CANTOPEN|BUSY|LOCKED|PERM)/.test(code);
}

/** Students whose personal data are kept in memory between reads (a page of candidates is 20; see #personalKept). */
const PERSONAL_KEPT_MAX = 16_384;

/** The embedded store: SQLite in WAL mode through better-sqlite3. One writer process per file. */
export class SqliteStore implements Store {
  readonly #db: Database.Database;
  readonly #stmt;
  #seq: number;
  /**
   * Personal data read by {@link personalMany}, kept for the next read: every page of candidates
   * reads its students' names to mask them, and the SQL read (ids in, JSON out, parsed) was a
   * twentieth of an HR search request's CPU. A kept entry answers only while nothing can have
   * changed it: each read first asks SQLite's `data_version`, which moves when another connection
   * (the ingestion process, in the distributed mode) commits, and every write of this connection
   * (which `data_version` does not count) empties the map. So a read is never staler than the
   * SQL read it replaces. Bounded: the oldest entries go first.
   */
  readonly #personalKept = new Map<string, StudentPersonal>();
  #personalKeptAt = -1;

  constructor(opts: SqliteStoreOptions) {
    if (opts.path !== ':memory:') {
      // Names, phones and ID numbers live in this file: a folder only the owner can enter (when
      // this creates it), and a file only the owner can read. SQLite gives the -wal and -shm files
      // the database file's mode.
      mkdirSync(dirname(opts.path), { recursive: true, mode: 0o700 });
      closeSync(openSync(opts.path, 'a', 0o600));
      chmodSync(opts.path, 0o600);
    }
    const db = new Database(opts.path);
    this.#db = db;
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${opts.synchronous ?? 'FULL'}`);
    db.pragma('busy_timeout = 5000');
    // 64 MiB of page cache instead of 2: the record and vector B-trees stay hot for lookups (the
    // vector cache is read on every query), and bulk upserts rewrite fewer pages.
    db.pragma('cache_size = -65536');
    // Checkpoint the WAL every ~16 MiB instead of ~4: a bulk import copies pages into the database
    // file (and fsyncs it) four times less often. Reads are unaffected; the WAL is bounded still.
    db.pragma('wal_autocheckpoint = 4096');
    db.exec(SCHEMA);
    const version = db.prepare(`SELECT value FROM meta WHERE key = 'format'`).pluck().get() as string | undefined;
    if (version === undefined) {
      db.prepare(`INSERT INTO meta (key, value) VALUES ('format', ?)`).run(String(STORE_FORMAT_VERSION));
    } else if (Number(version) !== STORE_FORMAT_VERSION) {
      db.close();
      throw new Error(`store ${opts.path} has format ${version}; this build reads format ${STORE_FORMAT_VERSION}`);
    }
    this.#stmt = {
      head: db.prepare<[string, string], { hash: string; updated_at: string }>(
        `SELECT hash, updated_at FROM records WHERE type = ? AND id = ?`,
      ),
      put: db.prepare(
        `INSERT INTO records (type, id, data, hash, updated_at, seq) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (type, id) DO UPDATE SET data = excluded.data, hash = excluded.hash,
           updated_at = excluded.updated_at, seq = excluded.seq`,
      ),
      putPersonal: db.prepare(
        `INSERT INTO personal (student_id, data) VALUES (?, ?) ON CONFLICT (student_id) DO UPDATE SET data = excluded.data`,
      ),
      change: db.prepare(
        `INSERT INTO changes (seq, type, id, op) VALUES (?, ?, ?, ?)
         ON CONFLICT (type, id) DO UPDATE SET seq = excluded.seq, op = excluded.op`,
      ),
      del: db.prepare(`DELETE FROM records WHERE type = ? AND id = ?`),
      delPersonal: db.prepare(`DELETE FROM personal WHERE student_id = ?`),
      get: db.prepare<[string, string], string>(`SELECT data FROM records WHERE type = ? AND id = ?`).pluck(),
      page: db
        .prepare<[string, string, number], { id: string; data: string }>(
          `SELECT id, data FROM records WHERE type = ? AND id > ? ORDER BY id LIMIT ?`,
        ),
      count: db.prepare<[string], number>(`SELECT count(*) FROM records WHERE type = ?`).pluck(),
      changes: db.prepare<[number, number], Change>(
        `SELECT seq, type, id, op FROM changes WHERE seq > ? ORDER BY seq LIMIT ?`,
      ),
      personal: db.prepare<[string], string>(`SELECT data FROM personal WHERE student_id = ?`).pluck(),
      dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
      personalMany: db.prepare<[string], { student_id: string; data: string }>(
        `SELECT student_id, data FROM personal WHERE student_id IN (SELECT value FROM json_each(?))`,
      ),
      putDoc: db.prepare(
        `INSERT INTO documents (collection, id, data, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (collection, id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
      ),
      getDoc: db.prepare<[string, string], { id: string; data: string; updated_at: string }>(
        `SELECT id, data, updated_at FROM documents WHERE collection = ? AND id = ?`,
      ),
      listDocs: db.prepare<[string, string, string], { id: string; data: string; updated_at: string }>(
        `SELECT id, data, updated_at FROM documents WHERE collection = ? AND id >= ? AND id < ? ORDER BY id`,
      ),
      delDoc: db.prepare(`DELETE FROM documents WHERE collection = ? AND id = ?`),
      getVec: db.prepare<[string, string], Buffer>(`SELECT vec FROM vectors WHERE model = ? AND hash = ?`).pluck(),
      putVec: db.prepare(`INSERT OR REPLACE INTO vectors (model, hash, vec) VALUES (?, ?, ?)`),
    };
    this.#seq = (db.prepare(`SELECT coalesce(max(seq), 0) FROM changes`).pluck().get() as number) ?? 0;
  }

  /** Run a write transaction; storage failures become 503 STORE_UNAVAILABLE, and nothing of the batch lands. */
  #write<R>(fn: () => R): R {
    const seqBefore = this.#seq;
    // Whatever the transaction does, nothing kept may outlive it (see #personalKept).
    this.#personalKept.clear();
    try {
      return this.#db.transaction(fn).immediate();
    } catch (err) {
      this.#seq = seqBefore;
      if (isUnavailable(err)) throw new AppError(Errors.STORE_UNAVAILABLE, { cause: err });
      throw err;
    }
  }

  async upsert<T extends RecordType>(type: T, items: ReadonlyArray<UpsertItem<T>>, opts: UpsertOptions<T> = {}): Promise<WriteOutcome[]> {
    const s = this.#stmt;
    const mayReplace = opts.mayReplace;
    return this.#write(() =>
      items.map(({ record, personal }): WriteOutcome => {
        const r = record as RecordOf[T] & { id: string; updatedAt: string };
        const data = JSON.stringify(r);
        const personalJson = personal ? JSON.stringify(personal) : undefined;
        const hash = contentKey(r, data, personalJson);
        const head = s.head.get(type, r.id);
        if (head) {
          if (mayReplace && !mayReplace(JSON.parse(s.get.get(type, r.id)!) as RecordOf[T])) return 'forbidden';
          if (head.hash === hash) return 'unchanged';
          if (head.updated_at > r.updatedAt) return 'stale';
        }
        const seq = ++this.#seq;
        s.put.run(type, r.id, data, hash, r.updatedAt, seq);
        if (personalJson !== undefined) s.putPersonal.run(r.id, personalJson);
        s.change.run(seq, type, r.id, 'upsert');
        return head ? 'updated' : 'created';
      }),
    );
  }

  async delete(type: RecordType, ids: readonly string[]): Promise<boolean[]> {
    const s = this.#stmt;
    return this.#write(() =>
      ids.map((id) => {
        const gone = s.del.run(type, id).changes > 0;
        if (gone) {
          if (type === 'student') s.delPersonal.run(id);
          s.change.run(++this.#seq, type, id, 'delete');
        }
        return gone;
      }),
    );
  }

  async get<T extends RecordType>(type: T, id: string): Promise<RecordOf[T] | undefined> {
    const data = this.#stmt.get.get(type, id);
    return data === undefined ? undefined : (JSON.parse(data) as RecordOf[T]);
  }

  async getMany<T extends RecordType>(type: T, ids: readonly string[]): Promise<Array<RecordOf[T] | undefined>> {
    return ids.map((id) => {
      const data = this.#stmt.get.get(type, id);
      return data === undefined ? undefined : (JSON.parse(data) as RecordOf[T]);
    });
  }

  async *scan<T extends RecordType>(type: T, opts: { pageSize?: number } = {}): AsyncIterable<RecordOf[T]> {
    const pageSize = opts.pageSize ?? 1000;
    let after = '';
    for (;;) {
      const rows = this.#stmt.page.all(type, after, pageSize);
      for (const row of rows) yield JSON.parse(row.data) as RecordOf[T];
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1]!.id;
    }
  }

  async count(type: RecordType): Promise<number> {
    return this.#stmt.count.get(type) ?? 0;
  }

  async changes(afterSeq: number, limit: number): Promise<Change[]> {
    return this.#stmt.changes.all(afterSeq, limit);
  }

  async lastSeq(): Promise<number> {
    return this.#seq;
  }

  async personal(studentId: string): Promise<StudentPersonal | undefined> {
    const data = this.#stmt.personal.get(studentId);
    return data === undefined ? undefined : (JSON.parse(data) as StudentPersonal);
  }

  /** Frozen objects: they may be kept (see #personalKept) and handed to the next caller too. */
  async personalMany(studentIds: readonly string[]): Promise<Map<string, StudentPersonal>> {
    const out = new Map<string, StudentPersonal>();
    if (studentIds.length === 0) return out;
    const kept = this.#personalKept;
    const version = this.#stmt.dataVersion.get()!;
    if (version !== this.#personalKeptAt) {
      kept.clear();
      this.#personalKeptAt = version;
    }
    let missing: string[] | undefined;
    for (const id of studentIds) {
      const p = kept.get(id);
      if (p !== undefined) out.set(id, p);
      else (missing ??= []).push(id);
    }
    if (missing === undefined) return out;
    for (const row of this.#stmt.personalMany.all(JSON.stringify(missing))) {
      const p = Object.freeze(JSON.parse(row.data) as StudentPersonal);
      out.set(row.student_id, p);
      if (kept.size >= PERSONAL_KEPT_MAX) kept.delete(kept.keys().next().value!);
      kept.set(row.student_id, p);
    }
    return out;
  }

  async putDocument(collection: string, id: string, value: unknown): Promise<void> {
    this.#write(() => this.#stmt.putDoc.run(collection, id, JSON.stringify(value), new Date().toISOString()));
  }

  async getDocument<T>(collection: string, id: string): Promise<StoredDocument<T> | undefined> {
    const row = this.#stmt.getDoc.get(collection, id);
    return row ? { id: row.id, value: JSON.parse(row.data) as T, updatedAt: row.updated_at } : undefined;
  }

  async listDocuments<T>(collection: string, opts: { prefix?: string } = {}): Promise<Array<StoredDocument<T>>> {
    const prefix = opts.prefix ?? '';
    return this.#stmt.listDocs
      .all(collection, prefix, `${prefix}\uffff`)
      .map((row) => ({ id: row.id, value: JSON.parse(row.data) as T, updatedAt: row.updated_at }));
  }

  async deleteDocument(collection: string, id: string): Promise<boolean> {
    return this.#write(() => this.#stmt.delDoc.run(collection, id).changes > 0);
  }

  async getVectors(model: string, hashes: readonly string[]): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    for (const h of hashes) {
      const buf = this.#stmt.getVec.get(model, h);
      // Copy out of SQLite's buffer into an aligned Float32Array.
      if (buf) out.set(h, new Float32Array(new Uint8Array(buf).buffer));
    }
    return out;
  }

  async putVectors(model: string, entries: ReadonlyArray<readonly [string, Float32Array]>): Promise<void> {
    this.#write(() => {
      for (const [h, v] of entries) this.#stmt.putVec.run(model, h, Buffer.from(v.buffer, v.byteOffset, v.byteLength));
    });
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }
}

/** Validate a stored record on the way out in tests and tools that want certainty; the hot path trusts the store. */
export function parseStored<T extends RecordType>(type: T, value: unknown): RecordOf[T] {
  return RECORD_SCHEMAS[type].parse(value) as RecordOf[T];
}
