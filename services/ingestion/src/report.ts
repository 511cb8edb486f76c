import { z } from 'zod';
import { clipEcho } from '@chanjiao/platform';

/** One failing field of a rejected row. A row with three bad fields gives three entries. */
export const RowError = z.object({
  /** As the user numbers rows: the CSV line (the header is line 1), the NDJSON line, or the 1-based array index. */
  row: z.number().int(),
  /** The row's id, when it has a usable one. */
  id: z.string().optional(),
  /** Dotted path in the record (`majorCode`, `personal.phone`, `skills.2.level`); empty for the whole row. */
  field: z.string(),
  /** An Excel workbook with several sheets of records: the worksheet the row is on. */
  sheet: z.string().optional(),
  /** CSV only: the header of that column as the file spells it (`专业代码`). */
  column: z.string().optional(),
  /** A row code of the catalogue: INGEST_ROW_MISSING_FIELD, _WRONG_TYPE, _INVALID_VALUE, _UNKNOWN_MAJOR, _UNKNOWN_REFERENCE, _OUT_OF_SCOPE. */
  code: z.string(),
  message: z.string(),
  messageZh: z.string(),
  /** INGEST_ROW_UNKNOWN_MAJOR: the closest majors of the catalog. */
  suggestions: z.array(z.object({ code: z.string(), name: z.string(), level: z.string() })).optional(),
});
export type RowError = z.infer<typeof RowError>;

const errorList = {
  /** At most INGEST_MAX_ERRORS entries; `errorsOmitted` counts the rest. */
  errors: z.array(RowError),
  errorsOmitted: z.number().int(),
};

/** The reply of an upsert import. Every row read is counted in exactly one of the five counts. */
export const UpsertReport = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  /** Same content as stored (whatever `updatedAt` says): nothing written. */
  unchanged: z.number().int(),
  /** The stored copy has a newer `updatedAt`: kept, this row dropped. */
  stale: z.number().int(),
  /** Rows that failed validation; listed in `errors`. */
  rejected: z.number().int(),
  ...errorList,
});
export type UpsertReport = z.infer<typeof UpsertReport>;

/** The reply of a delete import. */
export const DeleteReport = z.object({
  deleted: z.number().int(),
  notFound: z.number().int(),
  rejected: z.number().int(),
  ...errorList,
});
export type DeleteReport = z.infer<typeof DeleteReport>;

export type IngestReport = UpsertReport | DeleteReport;

function clipRowError(e: RowError): RowError {
  return {
    ...e,
    ...(e.id !== undefined ? { id: clipEcho(e.id) } : {}),
    field: clipEcho(e.field, 200),
    ...(e.column !== undefined ? { column: clipEcho(e.column) } : {}),
    ...(e.sheet !== undefined ? { sheet: clipEcho(e.sheet) } : {}),
    message: clipEcho(e.message, 300),
    messageZh: clipEcho(e.messageZh, 300),
  };
}

/** Counts and a capped error list, filled as rows are read and batches commit. */
export class ReportBuilder<R extends IngestReport> {
  readonly report: R;
  readonly #maxErrors: number;

  constructor(op: 'upsert' | 'delete', maxErrors: number) {
    this.#maxErrors = maxErrors;
    this.report = (
      op === 'upsert'
        ? { created: 0, updated: 0, unchanged: 0, stale: 0, rejected: 0, errors: [], errorsOmitted: 0 }
        : { deleted: 0, notFound: 0, rejected: 0, errors: [], errorsOmitted: 0 }
    ) as unknown as R;
  }

  /**
   * One rejected row and its errors. What the errors echo from the row (its id, a field path, a
   * column header, messages quoting values) is clipped, so a reply stays small whatever the row held.
   */
  reject(errors: readonly RowError[]): void {
    this.report.rejected++;
    for (const e of errors) {
      if (this.report.errors.length < this.#maxErrors) this.report.errors.push(clipRowError(e));
      else this.report.errorsOmitted++;
    }
  }

  count(outcome: 'created' | 'updated' | 'unchanged' | 'stale' | 'deleted' | 'notFound'): void {
    (this.report as unknown as Record<string, number>)[outcome]!++;
  }

  /** A copy that later rows do not change (for progress callbacks and failure details). */
  snapshot(): R {
    return { ...this.report, errors: [...this.report.errors] };
  }
}
