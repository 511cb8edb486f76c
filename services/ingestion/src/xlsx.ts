import type { CellValue, Worksheet } from 'exceljs';
import type { RecordType } from '@chanjiao/domain';
import { AppError, Errors } from '@chanjiao/platform';
import { columnOf } from './csv-spec.js';

/**
 * Month columns: Excel turns a typed `2027-03` into the date 2027-03-01, which is written back
 * as the month the person meant.
 */
const MONTH_COLUMNS = new Set(['availableFrom']);

/**
 * Excel import: each worksheet of records becomes CSV text that goes through the CSV path of
 * the pipeline unchanged (header names, codecs, zod checks, row errors), so an .xlsx and the same
 * table saved as CSV are accepted and rejected alike. Row numbers in errors are the worksheet's,
 * as Excel shows them.
 */
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A converted worksheet: its name, the CSV text, and the worksheet row each CSV line number stands for. */
export interface XlsxAsCsv {
  readonly sheet: string;
  readonly csv: string;
  /** CSV line (1-based, the line a record starts on) → worksheet row. */
  rowOfLine(line: number): number;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A cell as the text a person sees. Excel stores dates as serial numbers that exceljs hands out
 * as UTC Date objects carrying the wall-clock time: they are written back as that wall-clock
 * time (`2026-09-01`, `2026-09-01 08:00:00`), which the CSV codecs read as China time.
 */
function cellText(value: CellValue, month = false): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date && month) return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}`;
  if (value instanceof Date) {
    const d = `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
    const h = value.getUTCHours();
    const m = value.getUTCMinutes();
    const s = value.getUTCSeconds();
    return h === 0 && m === 0 && s === 0 ? d : `${d} ${pad(h)}:${pad(m)}:${pad(s)}`;
  }
  // Excel keeps 15 significant digits: an 18-digit 身份证号 typed into a number cell has lost its
  // last digits already (440…123X becomes 440…000). Written as Excel shows it (4.4040E+17), it is
  // refused as an ID number instead of stored with the wrong digits.
  if (typeof value === 'number' && !Number.isSafeInteger(value) && Number.isInteger(value)) return value.toExponential().toUpperCase();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: CellValue }).result ?? null);
  if ('text' in value) return String((value as { text: unknown }).text);
  if ('error' in value) return String(value.error);
  return '';
}

function csvCell(s: string): string {
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** How far down a sheet its header may be: below a title, a date line and a blank row or two. */
const HEADER_SEARCH_ROWS = 10;

/**
 * The row of a sheet's header: the first of its top rows with two or more cells naming columns
 * of the record type, or undefined. A title row above it names none; a 填写说明 sheet lists the
 * column names one per row, so it never has two in one row.
 */
function headerRowOf(ws: Worksheet, type: RecordType): number | undefined {
  for (let r = 1; r <= Math.min(ws.rowCount, HEADER_SEARCH_ROWS); r++) {
    const named = new Set<string>();
    ws.getRow(r).eachCell((cell) => {
      const c = columnOf(type, cellText(cell.value).trim());
      if (c) named.add(c.name);
    });
    if (named.size >= 2) return r;
  }
  return undefined;
}

function sheetToCsv(ws: Worksheet, type: RecordType, headerRow: number): XlsxAsCsv {
  const lines: string[] = [];
  const rowOfLine = new Map<number, number>();
  let line = 1;
  const width = ws.columnCount;
  const header = ws.getRow(headerRow);
  const isMonth: boolean[] = [];
  for (let c = 1; c <= width; c++) isMonth[c] = MONTH_COLUMNS.has(columnOf(type, cellText(header.getCell(c).value))?.name ?? '');
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) {
      const cell = row.getCell(c);
      // A merged range (a title across the table) holds its text once, in its first cell; exceljs
      // hands it out from every cell of the range, which would read as that many cells.
      cells.push(cell.isMerged && cell.master.address !== cell.address ? '' : cellText(cell.value, r > headerRow && isMonth[c]));
    }
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    const text = cells.map(csvCell).join(',');
    rowOfLine.set(line, r);
    lines.push(text);
    // A cell with line breaks spans several CSV lines: the next row starts further down.
    line += 1 + (text.match(/\r\n|\r|\n/g)?.length ?? 0);
  }
  return { sheet: ws.name, csv: `${lines.join('\r\n')}\r\n`, rowOfLine: (l) => rowOfLine.get(l) ?? l };
}

/**
 * Read an .xlsx body: every worksheet whose header names the record type's columns (offices keep
 * one sheet per class or 届, and a note sheet first), in workbook order. A workbook with no such
 * sheet gives its first sheet with rows, so the CSV path says what is wrong with its header. Not a
 * workbook (or an empty one): 400 INGEST_BAD_XLSX.
 */
export async function xlsxToCsv(body: Buffer, type: RecordType): Promise<XlsxAsCsv[]> {
  // Loaded on the first workbook: exceljs and its zip stack take ~0.4 s to load, which every start and test paid.
  const wb = new (await import('exceljs')).default.Workbook();
  try {
    await wb.xlsx.load(body as unknown as ArrayBuffer);
  } catch (err) {
    throw new AppError(Errors.INGEST_BAD_XLSX, { fields: [{ path: 'body', message: 'not an .xlsx workbook' }], cause: err });
  }
  const withRows = wb.worksheets.filter((w) => w.actualRowCount > 0);
  if (!withRows.length) throw new AppError(Errors.INGEST_BAD_XLSX, { fields: [{ path: 'body', message: 'the workbook has no rows' }] });
  const data = withRows.flatMap((ws) => {
    const h = headerRowOf(ws, type);
    return h === undefined ? [] : [sheetToCsv(ws, type, h)];
  });
  return data.length ? data : [sheetToCsv(withRows[0]!, type, 1)];
}

/** The whole body in memory (a workbook is a zip: it cannot be streamed), up to `limit` bytes, else 413. */
export async function readWhole(body: AsyncIterable<Uint8Array | string>, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    size += b.length;
    if (size > limit) throw new AppError(Errors.REQUEST_BODY_TOO_LARGE, { details: { limitBytes: limit } });
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

interface RowNumbered {
  errors: Array<{ row: number; sheet?: string }>;
}

/** Two reports of one import added up (counts summed, errors in order). */
function addReports<R extends RowNumbered>(a: R | undefined, b: R): R {
  if (!a) return b;
  const counts = b as unknown as Record<string, unknown>;
  const sum: Record<string, unknown> = { ...counts };
  for (const [k, v] of Object.entries(a)) if (typeof v === 'number') sum[k] = v + (counts[k] as number);
  sum.errors = [...a.errors, ...b.errors];
  return sum as unknown as R;
}

/**
 * Import an .xlsx body through the CSV path, one worksheet of records after the other: `run` is
 * the pipeline call with a sheet's CSV text, and every row number in its report (or in the
 * details of its error) is turned back into the worksheet's row. When the workbook has several
 * sheets of records, each error names its sheet (`sheet`), and the reply counts them all; a
 * sheet that cannot be read stops the import there, `details.committed` holding every sheet before it.
 */
export async function ingestXlsx<R extends RowNumbered>(
  body: AsyncIterable<Uint8Array | string>,
  opts: { type: RecordType; limit: number },
  run: (csv: string) => Promise<R>,
): Promise<R> {
  const sheets = await xlsxToCsv(await readWhole(body, opts.limit), opts.type);
  const named = sheets.length > 1;
  let done: R | undefined;
  for (const sheet of sheets) {
    const remap = <T extends RowNumbered>(report: T): T => ({
      ...report,
      errors: report.errors.map((e) => ({ ...e, row: sheet.rowOfLine(e.row), ...(named ? { sheet: sheet.sheet } : {}) })),
    });
    try {
      done = addReports(done, remap(await run(sheet.csv)));
    } catch (err) {
      if (!(err instanceof AppError) || !err.details) throw err;
      const d = err.details as { row?: number; lastCommittedRow?: number; committed?: R };
      const details: Record<string, unknown> = { ...d, ...(named ? { sheet: sheet.sheet } : {}) };
      if (typeof d.row === 'number') details.row = sheet.rowOfLine(d.row);
      if (typeof d.lastCommittedRow === 'number' && d.lastCommittedRow > 0) details.lastCommittedRow = sheet.rowOfLine(d.lastCommittedRow);
      if (d.committed && Array.isArray(d.committed.errors)) details.committed = addReports(done, remap(d.committed));
      else if (done) details.committed = done;
      const fields = err.fields?.map((f) => ({ ...f, path: f.path.replace(/^body\.row\.(\d+)$/, (_m, n: string) => `body.row.${sheet.rowOfLine(Number(n))}`) }));
      throw new AppError(
        { code: err.code, statusCode: err.statusCode, message: err.message },
        { details, ...(fields ? { fields } : {}), ...(err.headers ? { headers: { ...err.headers } } : {}), cause: err },
      );
    }
  }
  return done!;
}
