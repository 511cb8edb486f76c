/**
 * The hand-written evaluation set (`scripts/eval/hand/`, rules in its RULES.md): CSV files as
 * school offices and HR fill the import template, the queries, and the judgements a person made
 * from the rules. The records enter a store through the ingestion pipeline itself (decoding, CSV
 * columns, zod schemas, the major-catalog check), so the evaluation reads what the service would
 * have stored, and a row the service would refuse fails the load instead of vanishing.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RecordType } from '@chanjiao/domain';
import { ingest, type UpsertReport } from '@chanjiao/ingestion';
import type { Store } from '@chanjiao/store';

const DIR = fileURLToPath(new URL('./hand/', import.meta.url));

/** Load order: owners before what points at them. */
const FILES: ReadonlyArray<readonly [RecordType, string]> = [
  ['school', 'schools.csv'],
  ['enterprise', 'enterprises.csv'],
  ['student', 'students.csv'],
  ['post', 'posts.csv'],
];

export interface HandQueries {
  /** The term the set is written in (应届 = its year's graduates). */
  readonly term: string;
  readonly hr: ReadonlyArray<{ readonly id: string; readonly text: string }>;
  /** Post ids: HR asks for each post's candidates. */
  readonly post: readonly string[];
  /** Student ids: each student's recommended posts. */
  readonly student: readonly string[];
}

/** Query id → judged record id → grade (2 or 1); every other record is 0. */
export type HandJudgements = ReadonlyMap<string, ReadonlyMap<string, number>>;

export function handQueries(): HandQueries {
  return JSON.parse(readFileSync(`${DIR}queries.json`, 'utf8')) as HandQueries;
}

export function handJudgements(): HandJudgements {
  const raw = JSON.parse(readFileSync(`${DIR}judgements.json`, 'utf8')) as Record<string, { '2': string[]; '1': string[] }>;
  const out = new Map<string, Map<string, number>>();
  for (const [query, grades] of Object.entries(raw)) {
    const m = new Map<string, number>();
    for (const id of grades['1']) m.set(id, 1);
    for (const id of grades['2']) m.set(id, 2);
    out.set(query, m);
  }
  return out;
}

/**
 * Ingest the set's four CSV files into `store`. Throws when any row is refused: an evaluation
 * that silently lost records would grade the engine on a smaller set than the judgements assume.
 */
export async function loadHandSet(store: Store, now = new Date('2026-12-01T00:00:00+08:00')): Promise<Record<string, UpsertReport>> {
  const reports: Record<string, UpsertReport> = {};
  for (const [type, file] of FILES) {
    const report = await ingest([readFileSync(`${DIR}${file}`)], { type, format: 'csv', store, now });
    if (report.rejected > 0) {
      throw new Error(`hand-written set: ${file} has ${report.rejected} refused rows: ${JSON.stringify(report.errors.slice(0, 3))}`);
    }
    reports[type] = report;
  }
  return reports;
}
