import type { EventEmitter } from 'node:events';
import { parse as csvParse, type CsvError, type Parser as CsvParser } from 'csv-parse';
import { AppError, Errors, type ErrorDefinition, type FieldIssue } from '@chanjiao/platform';
import type { RecordType } from '@chanjiao/domain';
import { columnOf, CSV_COLUMNS, setPath, type CsvColumn } from './csv-spec.js';

/**
 * Body formats → rows. Each reader is fed decoded text chunk by chunk and hands out every complete
 * row at once (synchronously), so the caller decides when to commit and when to pull the next chunk:
 * that is the backpressure on the request. A malformed row throws *after* every row before it has
 * been handed out, so "everything before the failing row" is exact.
 */
export type IngestFormat = 'json' | 'ndjson' | 'csv';

/** One row as the user numbers it: CSV line, NDJSON line, or 1-based array index. */
export interface RawRow {
  readonly row: number;
  readonly value: unknown;
}

export interface RowReader {
  push(text: string, emit: (row: RawRow) => void): void | Promise<void>;
  end(emit: (row: RawRow) => void): void | Promise<void>;
  /** CSV only: the header as the file spells it, for a column (shown next to a row's field). */
  headerOf?(column: CsvColumn): string | undefined;
}

function malformed(def: ErrorDefinition, row: number, message: string): AppError {
  return new AppError(def, { fields: [{ path: `body.row.${row}`, message }], details: { row } });
}

/** Resolves at the first of some events, and leaves no listener behind. */
function nextEvent(emitter: EventEmitter, names: readonly string[]): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      for (const n of names) emitter.off(n, done);
      resolve();
    };
    for (const n of names) emitter.on(n, done);
  });
}

/** NDJSON: one JSON value per line; blank lines are skipped but counted, so row = line number. */
export function ndjsonReader(): RowReader {
  let carry = '';
  let line = 0;
  const take = (raw: string, emit: (row: RawRow) => void) => {
    line++;
    const s = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (s.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(s);
    } catch (err) {
      throw malformed(Errors.INGEST_MALFORMED_NDJSON, line, (err as Error).message);
    }
    emit({ row: line, value });
  };
  return {
    push(text, emit) {
      let start = 0;
      let nl = text.indexOf('\n');
      if (nl >= 0 && carry) {
        take(carry + text.slice(0, nl), emit);
        carry = '';
        start = nl + 1;
        nl = text.indexOf('\n', start);
      }
      while (nl >= 0) {
        take(text.slice(start, nl), emit);
        start = nl + 1;
        nl = text.indexOf('\n', start);
      }
      carry += text.slice(start);
    },
    end(emit) {
      if (carry) take(carry, emit);
      carry = '';
    },
  };
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d, 0xfeff]);

/**
 * A JSON array, streamed: the reader tracks only string/escape state and bracket depth to find
 * where each top-level element ends, then hands that element's text to JSON.parse, which does the
 * real validation. Memory is one element, never the array. (A property test checks it against
 * JSON.parse of the whole text, cut into random chunks.)
 */
export function jsonArrayReader(): RowReader {
  let phase: 'start' | 'between' | 'element' | 'done' = 'start';
  let expectElement = true; // after `[` or `,`
  let depth = 0;
  let inString = false;
  let escape = false;
  let carry = '';
  let index = 0;
  const fail = (message: string) => malformed(Errors.INGEST_MALFORMED_JSON, index + 1, message);
  const finish = (textOfElement: string, emit: (row: RawRow) => void) => {
    index++;
    let value: unknown;
    try {
      value = JSON.parse(textOfElement);
    } catch (err) {
      throw malformed(Errors.INGEST_MALFORMED_JSON, index, (err as Error).message);
    }
    emit({ row: index, value });
  };
  return {
    push(text, emit) {
      let elementStart = phase === 'element' ? 0 : -1;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (phase === 'element') {
          if (inString) {
            if (escape) escape = false;
            else if (c === 0x5c) escape = true;
            else if (c === 0x22) inString = false;
            continue;
          }
          if (c === 0x22) inString = true;
          else if (c === 0x7b || c === 0x5b) depth++;
          else if ((c === 0x7d || c === 0x5d) && depth > 0) depth--;
          else if (depth === 0 && (c === 0x2c || c === 0x5d)) {
            finish(carry + text.slice(elementStart, i), emit);
            carry = '';
            elementStart = -1;
            if (c === 0x2c) {
              phase = 'between';
              expectElement = true;
            } else phase = 'done';
          }
          continue;
        }
        if (WS.has(c)) continue;
        if (phase === 'start') {
          if (c === 0x5b) {
            phase = 'between';
            continue;
          }
          throw c === 0x7b
            ? new AppError(Errors.INGEST_JSON_NOT_ARRAY)
            : new AppError(Errors.INGEST_MALFORMED_JSON, { fields: [{ path: 'body', message: 'expected [' }], details: { row: 0 } });
        }
        if (phase === 'done') throw fail('unexpected text after the closing ]');
        // between elements
        if (c === 0x5d) {
          if (expectElement && index > 0) throw fail('a comma before ]');
          phase = 'done';
        } else if (c === 0x2c) {
          throw fail(expectElement ? 'an empty element' : 'unexpected ,');
        } else if (!expectElement) {
          throw fail('a comma is missing between elements');
        } else {
          phase = 'element';
          expectElement = false;
          elementStart = i;
          i--; // read this character again as the element's first
        }
      }
      if (phase === 'element') carry += text.slice(elementStart);
    },
    end() {
      if (phase !== 'done') throw fail('the array is not closed');
    },
  };
}

/**
 * A row above the header that is not the header: empty cells only, or a title or note (`XX学院
 * 2026届毕业生信息表`, `填表日期：…`, `制表人：…`) in one or two cells naming no column. Offices put
 * these above the table; a header has a column per required field, so it is never this short.
 */
export function isPreamble(type: RecordType, cells: readonly string[]): boolean {
  const filled = cells.map((c) => c.trim()).filter((c) => c !== '');
  return filled.length <= 2 && !filled.some((c) => columnOf(type, c));
}

/**
 * CSV through csv-parse's streaming parser. The first line that is not a title, a note or empty
 * (see {@link isPreamble}) is the header; its cells are
 * matched against the record type's column spec (English or Chinese names, see csv-spec.ts).
 * Delete imports only need the id column and ignore the rest, so the same file can be sent to both.
 *
 * csv-parse runs with `skip_records_with_error`, so a broken line is reported through its `skip`
 * event (with the count of records before it) instead of destroying the stream and dropping the
 * good records already parsed in the same chunk; the reader throws when it reaches that position.
 */
export function csvReader(type: RecordType, op: 'upsert' | 'delete'): RowReader {
  const parser: CsvParser = csvParse({
    info: true,
    skip_empty_lines: true,
    // Rows shorter than the header are fine (trailing cells empty); longer rows are checked here,
    // because Excel pads some rows with empty cells and those must not fail.
    relax_column_count: true,
    skip_records_with_error: true,
    // Lines starting with # are notes (the import templates list allowed values in them); a #
    // inside a line (C#) is data.
    comment: '#',
    comment_no_infix: true,
  });
  const skips: CsvError[] = [];
  let fatal: Error | undefined;
  parser.on('skip', (err: CsvError) => skips.push(err));
  parser.on('error', (err: Error) => {
    fatal = err;
  });
  let columns: Array<CsvColumn | undefined> | undefined;
  const headers = new Map<CsvColumn, string>();
  let seen = 0; // records read, header included
  let quotedCrlf = 0;
  // A CSV row always has its nested required objects (a student's `personal`), so an empty name
  // cell reports `personal.name` missing rather than the whole `personal` object.
  const requiredParents = CSV_COLUMNS[type].filter((c) => c.required && c.path.length > 1).map((c) => c.path.slice(0, -1));

  const fail = (row: number, message: string) => malformed(Errors.INGEST_MALFORMED_CSV, row, message);

  const readHeader = (cells: string[]) => {
    const unknown: FieldIssue[] = [];
    const dup: FieldIssue[] = [];
    columns = cells.map((raw) => {
      const h = raw.trim();
      const c = columnOf(type, h);
      if (!c) {
        if (op === 'upsert' && h !== '') unknown.push({ path: `body.header.${h}`, message: 'no such column' });
        return undefined;
      }
      if (headers.has(c)) {
        dup.push({ path: `body.header.${h}`, message: `same field as ${headers.get(c)}` });
        return undefined;
      }
      headers.set(c, h);
      if (op === 'delete' && c.name !== 'id') return undefined;
      return c;
    });
    if (unknown.length) {
      throw new AppError(Errors.INGEST_CSV_UNKNOWN_COLUMN, {
        fields: unknown,
        details: { known: CSV_COLUMNS[type].map((c) => [c.name, ...c.zh].join(' / ')) },
      });
    }
    if (dup.length) throw new AppError(Errors.INGEST_CSV_DUPLICATE_COLUMN, { fields: dup });
    const missing = CSV_COLUMNS[type].filter((c) => (op === 'delete' ? c.name === 'id' : c.required) && !headers.has(c));
    if (missing.length) {
      throw new AppError(Errors.INGEST_CSV_MISSING_COLUMN, {
        fields: missing.map((c) => ({ path: `body.header.${c.name}`, message: `required column: ${c.name} / ${c.zh.join(' / ')}` })),
      });
    }
  };

  const drain = (emit: (row: RawRow) => void) => {
    if (fatal) throw fatal;
    let rec: { record: string[]; info: { lines: number } } | null;
    while ((rec = parser.read() as typeof rec) !== null) {
      seen++;
      const first = skips[0];
      if (first && (first.records as number) < seen) throw fail((first.lines as number) - quotedCrlf, first.message);
      if (!columns) {
        if (!isPreamble(type, rec.record)) readHeader(rec.record);
        continue;
      }
      // A row of empty cells (`,,,,`: what Excel saves for a row it once formatted) is a blank
      // line, not a student with every field missing.
      if (rec.record.every((c) => c.trim() === '')) continue;
      // info.lines is the record's last line, and csv-parse counts a CRLF *inside* a quoted field
      // as two lines; correct for both to get the line the record starts on, as an editor shows it.
      const cells = rec.record;
      let breaks = 0;
      for (const cell of cells) {
        if (cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) continue;
        for (let k = 0; k < cell.length; k++) {
          const ch = cell.charCodeAt(k);
          if (ch === 0x0a) breaks++;
          else if (ch === 0x0d) {
            breaks++;
            if (cell.charCodeAt(k + 1) === 0x0a) {
              k++;
              quotedCrlf++;
            }
          }
        }
      }
      const row = rec.info.lines - quotedCrlf - breaks;
      if (cells.length > columns.length && cells.slice(columns.length).some((c) => c.trim() !== '')) {
        throw fail(row, `${cells.length} fields, but the header has ${columns.length}`);
      }
      const value: Record<string, unknown> = {};
      for (const parent of requiredParents) setPath(value, parent, {});
      for (let i = 0; i < columns.length; i++) {
        const c = columns[i];
        const v = cells[i]?.trim();
        if (c && v) setPath(value, c.path, c.codec.read(v));
      }
      emit({ row, value });
    }
    if (fatal) throw fatal;
  };

  return {
    push(text, emit) {
      parser.write(text);
      drain(emit);
    },
    async end(emit) {
      parser.end();
      drain(emit);
      // 'end' comes a tick after the last read; wait for it so nothing pushed late is missed.
      while (!parser.readableEnded) {
        await nextEvent(parser, ['readable', 'end', 'error']);
        drain(emit);
      }
      const first = skips[0];
      if (first) throw fail((first.lines as number) - quotedCrlf, first.message);
      if (!columns) throw new AppError(Errors.INGEST_CSV_NO_HEADER);
    },
    headerOf: (column) => headers.get(column),
  };
}
