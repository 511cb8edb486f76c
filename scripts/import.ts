/**
 * `pnpm run import <file> --type student [--url http://127.0.0.1:3000 | --direct [--data-dir .data]]`
 *
 * (`pnpm import` alone is pnpm's own lockfile command, hence `run`.)
 *
 * Imports a CSV, NDJSON or JSON file into a running service over HTTP (the file is streamed, never
 * read whole) or straight into the store (`--direct`: the same parsing pipeline, no HTTP; the
 * service must not be running on that data folder, SQLite has one writer). A progress bar on
 * stderr, a summary at the end (or the report as JSON with `--json`).
 *
 * Exit status: 0 every row landed; 2 some rows were rejected (see the summary); 1 the import failed
 * as a whole (bad file, refused request, no connection) — the summary then says what was committed.
 */
import { createReadStream, statSync } from 'node:fs';
import { extname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { RecordType } from '@chanjiao/domain';
import { AppError, loadConfig } from '@chanjiao/platform';
import { openStore } from '@chanjiao/store';
import { MEDIA_TYPES, ingest, type IngestFormat, type IngestOp, type IngestReport } from '@chanjiao/ingestion';

const USAGE = `usage: pnpm run import <file> --type <${RecordType.options.join('|')}> [options]

  --url <base>        a running service (default http://127.0.0.1:$PORT)
  --api-key <key>     its API key, an operator or office key (default: $CHANJIAO_API_KEY)
  --direct            write straight into the store instead (stop the service first)
  --data-dir <dir>    the store's folder with --direct (default: $DATA_DIR or .data)
  --format <f>        csv | ndjson | json (default: from the file extension)
  --charset <name>    e.g. gbk (default: detected for CSV, UTF-8 for JSON)
  --delete            delete the records the file names instead of writing them
  --json              print the report as JSON instead of the summary
`;

const EXTENSIONS: Record<string, IngestFormat> = { '.csv': 'csv', '.ndjson': 'ndjson', '.jsonl': 'ndjson', '.json': 'json' };

/** The Content-Type the service reads a format from. */
function contentType(format: IngestFormat, charset: string | undefined): string {
  const media = Object.entries(MEDIA_TYPES).find(([, f]) => f === format)![0];
  return charset ? `${media}; charset=${charset}` : media;
}

interface Failure {
  status?: number;
  code: string;
  message: string;
  fields?: Array<{ path: string; message: string }>;
  committed?: IngestReport;
  lastCommittedRow?: number;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}`);
  process.exit(1);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    type: { type: 'string' },
    url: { type: 'string' },
    'api-key': { type: 'string' },
    direct: { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
    format: { type: 'string' },
    charset: { type: 'string' },
    delete: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const file = positionals[0];
if (!file || positionals.length > 1) fail('give exactly one file');
const parsedType = RecordType.safeParse(values.type);
if (!parsedType.success) fail(`--type must be one of ${RecordType.options.join(', ')}`);
const type: RecordType = parsedType.data;
const format = (values.format ?? EXTENSIONS[extname(file).toLowerCase()]) as IngestFormat | undefined;
if (!format || !['csv', 'ndjson', 'json'].includes(format)) fail('--format must be csv, ndjson or json (no known file extension)');
if (values.direct && values.url) fail('--url and --direct exclude each other');
const size = (() => {
  try {
    return statSync(file).size;
  } catch {
    return fail(`cannot read ${file}`);
  }
})();
const op: IngestOp = values.delete ? 'delete' : 'upsert';
const config = loadConfig(process.env, values['data-dir'] ? { DATA_DIR: values['data-dir'] } : {});

const bar = new cliProgress.SingleBar(
  {
    format: ' {bar} {percentage}% | {done} / {size} | {rows} | {eta_formatted}',
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: true,
  },
  cliProgress.Presets.shades_classic,
);
const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
bar.start(size, 0, { done: mib(0), size: mib(size), rows: values.direct ? '0 rows' : 'uploading' });
const onBytes = (n: number, rows?: number) =>
  bar.update(n, { done: mib(n), ...(rows === undefined ? {} : { rows: `${rows.toLocaleString('en')} rows` }) });

const started = performance.now();
let report: IngestReport | undefined;
let failure: Failure | undefined;

if (values.direct) {
  const store = openStore(config);
  let rows = 0;
  try {
    report = await ingest(createReadStream(file, { highWaterMark: 256 * 1024 }), {
      type: type,
      op,
      format,
      charset: values.charset,
      store,
      batchSize: config.INGEST_BATCH_SIZE,
      maxErrors: config.INGEST_MAX_ERRORS,
      maxClockSkewMs: config.INGEST_MAX_CLOCK_SKEW_MS,
      onBytes: (n) => onBytes(n, rows),
      onProgress: (p) => {
        rows = p.rowsRead;
      },
    });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    failure = {
      code: err.code,
      message: err.message,
      ...(err.fields ? { fields: [...err.fields] } : {}),
      ...(err.details?.committed ? { committed: err.details.committed as IngestReport, lastCommittedRow: err.details.lastCommittedRow as number } : {}),
    };
  } finally {
    await store.close();
  }
} else {
  const base = (values.url ?? `http://127.0.0.1:${config.PORT}`).replace(/\/+$/, '');
  const apiKey = values['api-key'] ?? process.env.CHANJIAO_API_KEY;
  let sent = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _enc, done) {
      sent += chunk.length;
      onBytes(sent);
      done(null, chunk);
    },
  });
  const body = Readable.toWeb(createReadStream(file, { highWaterMark: 256 * 1024 }).pipe(counted)) as ReadableStream<Uint8Array>;
  try {
    const res = await fetch(`${base}/v1/ingest/${type}${op === 'delete' ? '/delete' : ''}`, {
      method: 'POST',
      headers: { 'content-type': contentType(format, values.charset), ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
      body,
      duplex: 'half',
    } as RequestInit);
    const json = (await res.json()) as Record<string, unknown>;
    if (res.ok) report = json as unknown as IngestReport;
    else {
      const details = (json.details ?? {}) as Record<string, unknown>;
      failure = {
        status: res.status,
        code: String(json.code),
        message: String(json.message),
        ...(json.fields ? { fields: json.fields as Failure['fields'] } : {}),
        ...(details.committed ? { committed: details.committed as IngestReport, lastCommittedRow: details.lastCommittedRow as number } : {}),
      };
    }
  } catch (err) {
    failure = { code: 'CONNECTION_FAILED', message: `${base}: ${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message}` };
  }
}
bar.stop();
const seconds = (performance.now() - started) / 1000;

if (values.json) {
  process.stdout.write(`${JSON.stringify(report ?? { failure })}\n`);
} else {
  process.stdout.write(summary());
}
process.exit(failure ? 1 : report && report.rejected > 0 ? 2 : 0);

function counts(r: IngestReport): string {
  const entries = 'created' in r
    ? { created: r.created, updated: r.updated, unchanged: r.unchanged, stale: r.stale, rejected: r.rejected }
    : { deleted: r.deleted, notFound: r.notFound, rejected: r.rejected };
  return Object.entries(entries)
    .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
    .join('  ');
}

function errorLines(r: IngestReport, max = 20): string[] {
  const lines = r.errors.slice(0, max).map((e) => {
    const where = e.column ? `${e.field} [${e.column}]` : e.field || '(row)';
    return `    row ${e.row}${e.id ? ` (${e.id})` : ''}  ${where}  ${e.code}\n      ${e.messageZh}\n      ${e.message}`;
  });
  const more = r.rejected > 0 ? r.errors.length + r.errorsOmitted - Math.min(max, r.errors.length) : 0;
  if (more > 0) lines.push(`    … ${more} more (the reply lists ${r.errors.length}; INGEST_MAX_ERRORS caps it)`);
  return lines;
}

function summary(): string {
  const head = `${op === 'delete' ? 'delete' : 'import'} ${type} ← ${file} (${mib(size)}, ${seconds.toFixed(1)} s, ${values.direct ? `direct into ${config.DATA_DIR}` : 'over HTTP'})`;
  const out = [head];
  if (report) {
    out.push(`  ${counts(report)}`);
    if (report.rejected > 0) out.push('  rejected rows / 被拒绝的行:', ...errorLines(report));
  } else if (failure) {
    out.push(`  FAILED${failure.status ? ` ${failure.status}` : ''} ${failure.code}: ${failure.message}`);
    for (const f of failure.fields ?? []) out.push(`    ${f.path}: ${f.message}`);
    if (failure.committed) {
      out.push(
        `  committed before the failure (rows up to ${failure.lastCommittedRow}) / 失败前已保存:`,
        `  ${counts(failure.committed)}`,
        ...errorLines(failure.committed),
      );
    }
  }
  return `${out.join('\n')}\n`;
}
