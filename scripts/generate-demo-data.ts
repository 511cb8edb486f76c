/**
 * Write a deterministic demo dataset, one file per record type:
 *
 *   pnpm generate --seed 42 --students 10000 --out DIR [--format ndjson|json|csv]
 *                 [--posts N] [--schools N] [--enterprises N] [--no-anchors] [--csv-lang en|zh] [--bom]
 *
 * Files: schools, enterprises, terms, posts, students (`.ndjson`, `.json` or `.csv`), in the shapes
 * the ingestion service imports (CSV through its own column spec, `csvLines`). Students stream
 * from the generator to disk with backpressure, so 1M students never sit in memory. Same seed and
 * options → byte-identical files. A progress line goes to stderr; the last line on stdout is one
 * JSON object (the summary). Exit codes: 0 written; 2 bad arguments.
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { RecordType } from '@chanjiao/domain';
import { generateDemoData, type DemoData } from '@chanjiao/demo-data';
import { csvLines, type CsvLang, type InputOf } from '@chanjiao/ingestion';

type Format = 'ndjson' | 'json' | 'csv';
const FORMATS: readonly Format[] = ['ndjson', 'json', 'csv'];

function usage(message: string): never {
  process.stderr.write(
    `${message}\nusage: pnpm generate --seed N --students N --out DIR [--format ndjson|json|csv] [--posts N] [--schools N] [--enterprises N] [--no-anchors] [--csv-lang en|zh] [--bom]\n`,
  );
  process.exit(2);
}

function count(name: string, value: string | undefined, required: boolean): number | undefined {
  if (value === undefined) {
    if (required) usage(`--${name} is required`);
    return undefined;
  }
  if (!/^\d+$/.test(value.replaceAll('_', ''))) usage(`--${name}: a whole number, got "${value}"`);
  return Number(value.replaceAll('_', ''));
}

/** Lines of one record type in the chosen format. */
function* linesOf<T extends RecordType>(type: T, records: Iterable<InputOf<T>>, format: Format, lang: CsvLang, bom: boolean): Generator<string> {
  if (format === 'csv') {
    yield* csvLines(type, records, { lang, bom });
    return;
  }
  if (format === 'ndjson') {
    for (const r of records) yield `${JSON.stringify(r)}\n`;
    return;
  }
  let first = true;
  yield '[';
  for (const r of records) {
    yield `${first ? '\n' : ',\n'}${JSON.stringify(r)}`;
    first = false;
  }
  yield '\n]\n';
}

/** Writes lines to a file in ~256 KiB chunks, waiting for the disk when the stream is full. */
async function writeLines(path: string, lines: Iterable<string>): Promise<number> {
  const out = createWriteStream(path);
  let buffer = '';
  let bytes = 0;
  for (const line of lines) {
    buffer += line;
    if (buffer.length >= 1 << 18) {
      bytes += Buffer.byteLength(buffer);
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  bytes += Buffer.byteLength(buffer);
  out.end(buffer);
  await once(out, 'finish');
  return bytes;
}

/** Counts records as they pass and reports progress on stderr. */
function* withProgress<T>(records: Iterable<T>, total: number): Generator<T> {
  const tty = process.stderr.isTTY;
  const started = performance.now();
  let n = 0;
  let nextReport = 0;
  const report = (): void => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(n / seconds) : 0;
    const line = `students ${n.toLocaleString('en')}/${total.toLocaleString('en')} (${total ? Math.floor((100 * n) / total) : 100}%) ${rate.toLocaleString('en')}/s`;
    process.stderr.write(tty ? `\r${line}` : `${line}\n`);
  };
  for (const r of records) {
    yield r;
    n++;
    if (n >= nextReport) {
      report();
      nextReport = n + (tty ? Math.max(1000, Math.floor(total / 200)) : Math.max(1000, Math.floor(total / 10)));
    }
  }
  report();
  if (tty) process.stderr.write('\n');
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        seed: { type: 'string' },
        students: { type: 'string' },
        out: { type: 'string' },
        format: { type: 'string', default: 'ndjson' },
        posts: { type: 'string' },
        schools: { type: 'string' },
        enterprises: { type: 'string' },
        'no-anchors': { type: 'boolean', default: false },
        'csv-lang': { type: 'string', default: 'en' },
        bom: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (err) {
    usage((err as Error).message);
  }
  const format = args.format as Format;
  if (!FORMATS.includes(format)) usage(`--format: one of ${FORMATS.join(', ')}, got "${args.format}"`);
  const lang = args['csv-lang'] as CsvLang;
  if (lang !== 'en' && lang !== 'zh') usage(`--csv-lang: en or zh, got "${args['csv-lang']}"`);
  if (!args.out) usage('--out is required');
  const outDir = args.out;

  const started = performance.now();
  let data: DemoData;
  try {
    const posts = count('posts', args.posts, false);
    const schools = count('schools', args.schools, false);
    const enterprises = count('enterprises', args.enterprises, false);
    data = generateDemoData({
      seed: count('seed', args.seed, true)!,
      students: count('students', args.students, true)!,
      ...(posts !== undefined ? { posts } : {}),
      ...(schools !== undefined ? { schools } : {}),
      ...(enterprises !== undefined ? { enterprises } : {}),
      anchors: !args['no-anchors'],
    });
  } catch (err) {
    if (err instanceof RangeError) usage(err.message);
    throw err;
  }

  mkdirSync(outDir, { recursive: true });
  const ext = format;
  const file = (type: string): string => join(outDir, `${type}.${ext}`);
  const bom = args.bom;
  const files: Record<string, { path: string; records: number; bytes: number }> = {};
  const write = async <T extends RecordType>(type: T, name: string, records: Iterable<InputOf<T>>, n: number): Promise<void> => {
    const path = file(name);
    files[name] = { path, records: n, bytes: await writeLines(path, linesOf(type, records, format, lang, bom)) };
  };
  await write('school', 'schools', data.schools, data.counts.schools);
  await write('enterprise', 'enterprises', data.enterprises, data.counts.enterprises);
  await write('term', 'terms', data.terms, data.counts.terms);
  await write('post', 'posts', data.posts, data.counts.posts);
  await write('student', 'students', withProgress(data.students(), data.counts.students), data.counts.students);

  process.stdout.write(
    `${JSON.stringify({
      seed: data.seed,
      format,
      out: outDir,
      counts: data.counts,
      files,
      seconds: Math.round((performance.now() - started) / 10) / 100,
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    })}\n`,
  );
}

await main();
