import type { RecordType } from '@chanjiao/domain';
import { AppError, ErrorCatalogue, Errors, type Scope } from '@chanjiao/platform';
import type { Store, UpsertItem } from '@chanjiao/store';
import { columnOfPath } from './csv-spec.js';
import { decodeText } from './decode.js';
import { csvReader, jsonArrayReader, ndjsonReader, type IngestFormat, type RawRow, type RowReader } from './formats.js';
import { unknownReferences } from './references.js';
import { ReportBuilder, type DeleteReport, type IngestReport, type RowError, type UpsertReport } from './report.js';
import { labelZh, validateDeleteRow, validateUpsertRow } from './validate.js';

export type IngestOp = 'upsert' | 'delete';

export interface IngestProgress<R extends IngestReport = IngestReport> {
  /** Body bytes read so far. */
  readonly bytesRead: number;
  /** Rows read so far (committed, pending or rejected). */
  readonly rowsRead: number;
  /** The last row whose batch has committed; every valid row up to it is durable. */
  readonly lastCommittedRow: number;
  readonly report: R;
}

export interface IngestOptions<O extends IngestOp = IngestOp> {
  type: RecordType;
  /** Default 'upsert'. */
  op?: O;
  format: IngestFormat;
  /** The declared charset (Content-Type parameter or `--charset`); undefined: detect (see decode.ts). */
  charset?: string | undefined;
  store: Store;
  /** Rows per store transaction (INGEST_BATCH_SIZE). Default 1000. */
  batchSize?: number;
  /** Row errors listed in the report (INGEST_MAX_ERRORS); all are counted. Default 1000. */
  maxErrors?: number;
  /** Largest body in bytes (INGEST_BODY_LIMIT_BYTES). Default: none. */
  byteLimit?: number | undefined;
  /** The `updatedAt` of rows that have none, and the clock future timestamps are checked against. Default: now. */
  now?: Date;
  /**
   * How far ahead of `now` a row's `updatedAt` may be (INGEST_MAX_CLOCK_SKEW_MS; default 5 min).
   * A later one is rejected: stored, it would make every newer upload by the owner `stale`.
   */
  maxClockSkewMs?: number;
  /** Called after each committed batch. */
  onProgress?: ((progress: IngestProgress<ReportOf<O>>) => void) | undefined;
  /** Called as body bytes are read (before parsing), e.g. for a progress bar. */
  onBytes?: ((bytesRead: number) => void) | undefined;
  /**
   * May the caller write a record of this owner (its school or enterprise)? Rows it may not are
   * rejected with INGEST_ROW_OUT_OF_SCOPE. Both the row's owner and, where the record is already
   * stored, the stored record's owner must pass (checked in the store's write transaction), so a
   * key cannot take over another owner's record by naming itself the owner; deletes check the stored owner.
   * Undefined: everything may be written (the CLI's direct mode, a service without auth).
   */
  mayWrite?: ((owner: Scope) => boolean) | undefined;
}

/**
 * Whose record it is, for API-key scopes: a school's and its students' owner is the school, an
 * enterprise's and its posts' the enterprise; terms belong to the joint office alone (no owner
 * a scoped key can match). `field` is the field that names the owner.
 */
function ownerOf(type: RecordType, record: Record<string, unknown>): { owner: Scope; field: string } {
  switch (type) {
    case 'school':
      return { owner: { schoolId: record.id as string }, field: 'id' };
    case 'student':
      return { owner: { schoolId: record.schoolId as string }, field: 'schoolId' };
    case 'enterprise':
      return { owner: { enterpriseId: record.id as string }, field: 'id' };
    case 'post':
      return { owner: { enterpriseId: record.enterpriseId as string }, field: 'enterpriseId' };
    case 'term':
      return { owner: {}, field: 'id' };
  }
}

function outOfScope(type: RecordType, row: number, id: string, field: string): RowError {
  return {
    row,
    id,
    field,
    code: 'INGEST_ROW_OUT_OF_SCOPE',
    message: `${field}: this API key may not write records of this owner`,
    messageZh: `「${labelZh(type, [field])}」：当前 API 密钥无权写入该记录`,
  };
}

export type ReportOf<O extends IngestOp> = O extends 'delete' ? DeleteReport : UpsertReport;

function readerFor(format: IngestFormat, type: RecordType, op: IngestOp): RowReader {
  switch (format) {
    case 'csv':
      return csvReader(type, op);
    case 'ndjson':
      return ndjsonReader();
    case 'json':
      return jsonArrayReader();
  }
}

/** A client that hangs up mid-body: the stream errors with ECONNRESET / "aborted". */
function isBodyCutOff(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || (err as Error)?.message === 'aborted';
}

/**
 * The ingestion pipeline, shared by the HTTP routes and the import CLI's `--direct` mode:
 * bytes → text (charset detection, body limit) → rows (CSV / NDJSON / JSON array) → zod + catalog
 * checks → batches of `batchSize` rows, each checked for the schools and enterprises its rows name
 * (references.ts) and then written in one store transaction.
 *
 * Durability: the report is returned only after every batch has committed, and `onProgress` is
 * called only after its batch committed, so anything reported or acknowledged is durable.
 *
 * Whole-request failures throw an AppError (see codes/ingestion.ts). When one is found part-way
 * through, the valid rows *before* the failing point are committed first, and the error's
 * `details.committed` is the report of everything that landed, with `details.lastCommittedRow`;
 * nothing at or after the failing point is written. A store failure rolls back only its own batch;
 * the batches before it stay, and `details.committed` says what they held.
 */
export async function ingest<O extends IngestOp = 'upsert'>(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  opts: IngestOptions<O>,
): Promise<ReportOf<O>> {
  const op: IngestOp = opts.op ?? 'upsert';
  const { type, store } = opts;
  const batchSize = opts.batchSize ?? 1000;
  const builder = new ReportBuilder<ReportOf<O>>(op, opts.maxErrors ?? 1000);
  const reader = readerFor(opts.format, type, op);
  const now = opts.now ?? new Date();
  const defaultUpdatedAt = now.toISOString();
  const latestUpdatedAt = new Date(now.getTime() + (opts.maxClockSkewMs ?? 300_000)).toISOString();

  let bytesRead = 0;
  let rowsRead = 0;
  let lastCommittedRow = 0;
  const pendingUpserts: Array<UpsertItem<RecordType>> = [];
  const pendingDeletes: string[] = [];
  const pendingRows: number[] = [];

  const withContext = (errors: RowError[], raw: RawRow): RowError[] => {
    const v = raw.value as { id?: unknown } | string | null;
    // A delete row may be the bare id itself.
    const candidate = typeof v === 'string' ? (op === 'delete' ? v : undefined) : v?.id;
    return withId(errors, typeof candidate === 'string' && candidate !== '' ? candidate : undefined);
  };
  /** Row errors with the row's id and, in a CSV, the header of each field's column. */
  const withId = (errors: RowError[], id: string | undefined): RowError[] => {
    return errors.map((e) => {
      const column = reader.headerOf && e.field ? columnOfPath(type, e.field.split('.')) : undefined;
      const header = column && reader.headerOf?.(column);
      return { row: e.row, ...(id !== undefined ? { id } : {}), field: e.field, ...(header ? { column: header } : {}), ...rest(e) };
    });
  };

  const emit = (raw: RawRow) => {
    rowsRead++;
    if (op === 'upsert') {
      const r = validateUpsertRow(type, raw.row, raw.value, defaultUpdatedAt, latestUpdatedAt);
      if (!r.ok) return builder.reject(withContext(r.errors, raw));
      if (opts.mayWrite) {
        const record = r.value.record as unknown as Record<string, unknown>;
        const { owner, field } = ownerOf(type, record);
        if (!opts.mayWrite(owner)) return builder.reject(withContext([outOfScope(type, raw.row, record.id as string, field)], raw));
      }
      pendingUpserts.push(r.value);
    } else {
      const r = validateDeleteRow(raw.row, raw.value);
      if (!r.ok) return builder.reject(withContext(r.errors, raw));
      pendingDeletes.push(r.value);
    }
    pendingRows.push(raw.row);
  };

  const commit = async (n: number) => {
    if (op === 'upsert') {
      // A row naming a school or an enterprise that is not stored is refused (references.ts).
      const batch = pendingUpserts.slice(0, n);
      const batchRows = pendingRows.slice(0, n);
      const recordOf = (item: UpsertItem<RecordType>) => item.record as unknown as Record<string, unknown>;
      const missing = await unknownReferences(store, type, batch.map(recordOf), batchRows, (path) => labelZh(type, path));
      const items: Array<UpsertItem<RecordType>> = [];
      const rows: number[] = [];
      batch.forEach((item, i) => {
        if (missing[i]!.length) return builder.reject(withId(missing[i]!, recordOf(item).id as string));
        items.push(item);
        rows.push(batchRows[i]!);
      });
      const mayWrite = opts.mayWrite;
      const mayReplace = mayWrite && ((stored: object) => mayWrite(ownerOf(type, stored as Record<string, unknown>).owner));
      const outcomes = items.length ? await store.upsert(type, items, mayReplace ? { mayReplace } : {}) : [];
      pendingUpserts.splice(0, n);
      outcomes.forEach((o, i) => {
        if (o !== 'forbidden') return builder.count(o);
        const record = recordOf(items[i]!);
        builder.reject([outOfScope(type, rows[i]!, record.id as string, ownerOf(type, record).field)]);
      });
    } else {
      let ids = pendingDeletes.slice(0, n);
      if (opts.mayWrite) {
        const mayWrite = opts.mayWrite;
        const stored = await store.getMany(type, ids);
        ids = ids.filter((id, i) => {
          const s = stored[i] as Record<string, unknown> | undefined;
          if (!s) return true; // nothing there: counted as notFound, and it reveals nothing
          const { owner, field } = ownerOf(type, s);
          if (mayWrite(owner)) return true;
          builder.reject([outOfScope(type, pendingRows[i]!, id, field)]);
          return false;
        });
      }
      const gone = await store.delete(type, ids);
      pendingDeletes.splice(0, n);
      for (const g of gone) builder.count(g ? 'deleted' : 'notFound');
    }
    lastCommittedRow = pendingRows[n - 1]!;
    pendingRows.splice(0, n);
    opts.onProgress?.({ bytesRead, rowsRead, lastCommittedRow, report: builder.snapshot() });
  };
  const pending = () => pendingRows.length;

  try {
    const text = decodeText(source, {
      charset: opts.charset,
      sniff: opts.format === 'csv',
      byteLimit: opts.byteLimit,
      onBytes: (n) => {
        bytesRead = n;
        opts.onBytes?.(n);
      },
    });
    for await (const chunk of text) {
      await reader.push(chunk, emit);
      while (pending() >= batchSize) await commit(batchSize);
    }
    await reader.end(emit);
    while (pending() > 0) await commit(Math.min(batchSize, pending()));
    return builder.report;
  } catch (err) {
    const storeFailed = err instanceof AppError && err.code === Errors.STORE_UNAVAILABLE.code;
    if (!storeFailed) {
      // Every row still pending lies before the failing point and is valid: commit it, so the
      // account below is exact ("all valid rows before row N").
      try {
        while (pending() > 0) await commit(Math.min(batchSize, pending()));
      } catch (storeErr) {
        throw withCommitted(storeErr, builder.snapshot(), lastCommittedRow);
      }
    }
    throw withCommitted(err, builder.snapshot(), lastCommittedRow);
  }
}

function rest(e: RowError): Omit<RowError, 'row' | 'id' | 'field' | 'column'> {
  const { row: _r, id: _i, field: _f, column: _c, ...others } = e;
  return others;
}

/** The same failure, with the account of what was committed before it. */
function withCommitted(err: unknown, committed: IngestReport, lastCommittedRow: number): unknown {
  let base: AppError;
  if (err instanceof AppError) base = err;
  else if (isBodyCutOff(err)) {
    base = new AppError(Errors.REQUEST_INVALID, { message: 'The request body ended early (connection closed). / 请求体传输中断。', cause: err });
  } else return err;
  const def = ErrorCatalogue[base.code]!;
  const message =
    base.code === Errors.STORE_UNAVAILABLE.code
      ? 'The record store cannot be written now; the failing batch was rolled back, earlier batches are saved (see details.committed). / 数据存储暂不可写：出错的这一批已回滚，之前的批次已保存（见 details.committed）。'
      : base.message;
  return new AppError(def, {
    message,
    ...(base.fields ? { fields: base.fields } : {}),
    details: { ...base.details, lastCommittedRow, committed },
    ...(base.headers ? { headers: { ...base.headers } } : {}),
    cause: err,
  });
}
