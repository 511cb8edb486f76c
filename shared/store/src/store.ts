import type { RecordOf, RecordType, StudentPersonal } from '@chanjiao/domain';

/**
 * What a bulk write did to one record. `stale`: the stored copy has a newer `updatedAt`, so it was
 * kept. `forbidden`: the stored copy belongs to an owner the writer may not write for
 * ({@link UpsertOptions.mayReplace}), so it was kept.
 */
export type WriteOutcome = 'created' | 'updated' | 'unchanged' | 'stale' | 'forbidden';

export interface UpsertOptions<T extends RecordType> {
  /**
   * May the stored copy of a record be replaced? Asked inside the write transaction, so no other
   * write can slip between the check and the write (ingestion: the stored record's owner must be
   * one the caller's key acts for; otherwise a key could take a record over by naming itself its owner).
   */
  mayReplace?: (stored: RecordOf[T]) => boolean;
}

export interface UpsertItem<T extends RecordType> {
  record: RecordOf[T];
  /** Students only: personal data, stored apart from the profile and never indexed. */
  personal?: StudentPersonal;
}

/** One entry of the change feed that indexers follow. Only the newest change per record is kept. */
export interface Change {
  readonly seq: number;
  readonly type: RecordType;
  readonly id: string;
  readonly op: 'upsert' | 'delete';
}

export interface StoredDocument<T> {
  readonly id: string;
  readonly value: T;
  readonly updatedAt: string;
}

/**
 * The durable record store. Every write method resolves only once the write is durable
 * (committed; with `STORE_SYNCHRONOUS=FULL` also fsynced): what a caller acknowledges after
 * `await` survives `kill -9`. A batch is one transaction: all of it lands or none.
 */
export interface Store {
  upsert<T extends RecordType>(type: T, items: ReadonlyArray<UpsertItem<T>>, opts?: UpsertOptions<T>): Promise<WriteOutcome[]>;
  /** true where a record was there to delete. */
  delete(type: RecordType, ids: readonly string[]): Promise<boolean[]>;
  get<T extends RecordType>(type: T, id: string): Promise<RecordOf[T] | undefined>;
  getMany<T extends RecordType>(type: T, ids: readonly string[]): Promise<Array<RecordOf[T] | undefined>>;
  /** Every record of a type in id order, read in pages so a million records never sit in memory at once. */
  scan<T extends RecordType>(type: T, opts?: { pageSize?: number }): AsyncIterable<RecordOf[T]>;
  count(type: RecordType): Promise<number>;
  /** Changes with `seq > afterSeq`, oldest first. */
  changes(afterSeq: number, limit: number): Promise<Change[]>;
  lastSeq(): Promise<number>;
  /** A student's personal data; callers mask it before it leaves the service. */
  personal(studentId: string): Promise<StudentPersonal | undefined>;
  /** Personal data of many students in one read (a page of search hits); absent ids are left out. */
  personalMany(studentIds: readonly string[]): Promise<Map<string, StudentPersonal>>;

  /** Small JSON documents of other subsystems (shortlists, batch results, API keys), by collection. */
  putDocument(collection: string, id: string, value: unknown): Promise<void>;
  getDocument<T>(collection: string, id: string): Promise<StoredDocument<T> | undefined>;
  listDocuments<T>(collection: string, opts?: { prefix?: string }): Promise<Array<StoredDocument<T>>>;
  deleteDocument(collection: string, id: string): Promise<boolean>;

  /** The embedding cache: vectors by model and content hash, so unchanged text is never embedded twice. */
  getVectors(model: string, hashes: readonly string[]): Promise<Map<string, Float32Array>>;
  putVectors(model: string, entries: ReadonlyArray<readonly [hash: string, vector: Float32Array]>): Promise<void>;

  close(): Promise<void>;
}
