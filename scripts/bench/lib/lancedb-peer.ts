/**
 * LanceDB (@lancedb/lancedb 0.31, a Rust engine over Lance files) as bench:search's peer, on the
 * same student documents as our index: the analyzer's tokens joined by spaces in whitespace-
 * tokenized full-text indexes (no lowercasing, stemming, stop words or folding: the tokens are
 * already what our BM25 matches), the keyword fields as bitmap (one value a row) and label-list
 * (a list a row) scalar indexes for the `where` prefilter, the same unit vectors under an
 * IVF_HNSW_SQ index with the same graph degree and build effort as ours (cosine).
 *
 * Its FTS index build deadlocks on a 2-core machine unless LANCE_CPU_THREADS is set (an upstream
 * bug): the benchmark sets LANCE_CPU_THREADS=2 before the library loads.
 */
import { rmSync } from 'node:fs';
import { Field, FixedSizeList, Float32, List, Schema, Utf8 } from 'apache-arrow';
import * as lancedb from '@lancedb/lancedb';
import type { CompiledFilter, StudentDocument } from '@chanjiao/search/internal';

const TEXT_COLUMNS = ['major', 'skills', 'certificates', 'intro'] as const;
/** Our keyword fields → LanceDB columns: a scalar (bitmap index) or a list (label-list index). */
const SCALAR_COLUMNS: Record<string, string> = { graduationYear: 'graduationYear', consent: 'consent', status: 'status' };
const LIST_COLUMNS: Record<string, string> = { majorKeys: 'majorKeys', city: 'city', skills: 'skillKeys' };

export interface LanceBuild {
  table: lancedb.Table;
  /** Seconds: writing the rows, the FTS indexes, the scalar indexes, the vector index. */
  writeSeconds: number;
  ftsSeconds: number;
  scalarSeconds: number;
  vectorSeconds: number;
}

const sql = (v: string) => `'${v.replaceAll("'", "''")}'`;
const seconds = (ms: number) => Math.round(ms / 100) / 10;

/** The compiled filter (a conjunction of "field holds one of these") as a LanceDB `where` predicate. */
export function lanceWhere(compiled: CompiledFilter<'student'>): string {
  const parts: string[] = [];
  for (const c of compiled.clauses) {
    const scalar = SCALAR_COLUMNS[c.field];
    const list = LIST_COLUMNS[c.field];
    if (scalar) parts.push(c.anyOf.length === 1 ? `${scalar} = ${sql(c.anyOf[0]!)}` : `${scalar} IN (${c.anyOf.map(sql).join(', ')})`);
    else if (list) parts.push(`array_has_any(${list}, [${c.anyOf.map(sql).join(', ')}])`);
    else throw new Error(`no LanceDB column for ${c.field}`);
  }
  if (compiled.ids) throw new Error('id filters are not mapped to LanceDB');
  return parts.join(' AND ');
}

export async function buildLanceTable(opts: {
  dir: string;
  docs: readonly StudentDocument[];
  vectorOf: (d: StudentDocument) => Float32Array;
  dimensions: number;
  m: number;
  efConstruction: number;
  partitions: number;
  log: (msg: string) => void;
}): Promise<LanceBuild> {
  rmSync(opts.dir, { recursive: true, force: true });
  const db = await lancedb.connect(opts.dir);
  const utf8 = (name: string) => new Field(name, new Utf8(), true);
  const list = (name: string) => new Field(name, new List(new Field('item', new Utf8(), true)), true);
  const schema = new Schema([
    utf8('id'),
    ...TEXT_COLUMNS.map(utf8),
    ...Object.values(SCALAR_COLUMNS).map(utf8),
    ...Object.values(LIST_COLUMNS).map(list),
    new Field('vector', new FixedSizeList(opts.dimensions, new Field('item', new Float32(), true)), true),
  ]);
  const row = (d: StudentDocument) => ({
    id: d.id,
    major: d.text.major.join(' '),
    skills: d.text.skills.join(' '),
    certificates: d.text.certificates.join(' '),
    intro: d.text.intro.join(' '),
    graduationYear: d.keywords.graduationYear[0] ?? '',
    consent: d.keywords.consent[0] ?? '',
    status: d.keywords.status[0] ?? '',
    majorKeys: [...d.keywords.majorKeys],
    city: [...d.keywords.city],
    skillKeys: [...d.keywords.skills],
    vector: opts.vectorOf(d),
  });
  const t0 = performance.now();
  const BATCH = 20_000;
  let table: lancedb.Table | undefined;
  for (let i = 0; i < opts.docs.length; i += BATCH) {
    const batch = lancedb.makeArrowTable(opts.docs.slice(i, i + BATCH).map(row), { schema });
    if (!table) table = await db.createTable('students', batch, { mode: 'overwrite' });
    else await table.add(batch);
  }
  if (!table) throw new Error('no documents for LanceDB');
  const writeSeconds = seconds(performance.now() - t0);
  opts.log(`  lancedb: ${opts.docs.length} rows written in ${writeSeconds} s`);
  const t1 = performance.now();
  // An Index is consumed by the index it builds: one per column.
  const fts = () => lancedb.Index.fts({ baseTokenizer: 'whitespace', withPosition: false, lowercase: false, stem: false, removeStopWords: false, asciiFolding: false });
  for (const c of TEXT_COLUMNS) await table.createIndex(c, { config: fts() });
  const ftsSeconds = seconds(performance.now() - t1);
  const t2 = performance.now();
  for (const c of Object.values(SCALAR_COLUMNS)) await table.createIndex(c, { config: lancedb.Index.bitmap() });
  for (const c of Object.values(LIST_COLUMNS)) await table.createIndex(c, { config: lancedb.Index.labelList() });
  const scalarSeconds = seconds(performance.now() - t2);
  opts.log(`  lancedb: FTS indexes ${ftsSeconds} s, scalar indexes ${scalarSeconds} s`);
  const t3 = performance.now();
  await table.createIndex('vector', {
    config: lancedb.Index.hnswSq({ distanceType: 'cosine', numPartitions: opts.partitions, m: opts.m, efConstruction: opts.efConstruction }),
  });
  const vectorSeconds = seconds(performance.now() - t3);
  opts.log(`  lancedb: IVF_HNSW_SQ index (${opts.partitions} partition(s), m ${opts.m}, efConstruction ${opts.efConstruction}) ${vectorSeconds} s`);
  return { table, writeSeconds, ftsSeconds, scalarSeconds, vectorSeconds };
}

export interface LanceTuning {
  /** HNSW candidate list size, and IVF partitions probed (1 partition: always 1). */
  ef: number;
  nprobes: number;
  /**
   * limit × refineFactor candidates are re-scored with the full vectors: the SQ codes alone order
   * near neighbours wrongly (recall stalled at 0.84 for any ef without it, at 20k).
   */
  refineFactor: number;
  /**
   * A filter matching at most this many rows is answered by a flat scan of those rows
   * (`bypassVectorIndex`), as ours scans below SEARCH_EXACT_SCAN_MAX: LanceDB's HNSW with a
   * selective prefilter misses neighbours whatever the ef. 0 = never. Its row count is part of
   * the query's time.
   */
  flatMax: number;
}

async function vectorQuery(table: lancedb.Table, vector: Float32Array, where: string, tuning: LanceTuning) {
  const q = table.query().nearestTo(vector).distanceType('cosine');
  if (where) q.where(where);
  if (tuning.flatMax > 0 && (await table.countRows(where || undefined)) <= tuning.flatMax) return q.bypassVectorIndex();
  return q.ef(tuning.ef).nprobes(tuning.nprobes).refineFactor(tuning.refineFactor);
}

/** Vector top-k with the prefilter: ids and cosine similarities. */
export async function lanceVector(table: lancedb.Table, vector: Float32Array, where: string, k: number, tuning: LanceTuning): Promise<Array<{ id: string; score: number }>> {
  const q = await vectorQuery(table, vector, where, tuning);
  const rows = (await q.limit(k).select(['id', '_distance']).toArray()) as Array<{ id: string; _distance: number }>;
  return rows.map((r) => ({ id: r.id, score: 1 - r._distance }));
}

/**
 * The hybrid query: BM25 over the four text columns (our field boosts) + vector, fused by its RRF
 * reranker. Resolves to the ids and the milliseconds the answering call took. Projected to `id`
 * (the reranker adds its scores); a few queries fail so in 0.31 ("expected column _distance not
 * found in rank"): those are asked again without a projection, and only that call is timed.
 */
export async function lanceHybrid(
  table: lancedb.Table,
  rrf: lancedb.rerankers.RRFReranker,
  terms: string,
  boosts: Readonly<Record<string, number>>,
  vector: Float32Array,
  where: string,
  k: number,
  tuning: LanceTuning,
): Promise<{ ids: string[]; ms: number; retried: boolean }> {
  const run = async (project: boolean) => {
    const start = performance.now();
    let q = await vectorQuery(table, vector, where, tuning);
    if (terms) q = q.fullTextSearch(new lancedb.MultiMatchQuery(terms, [...TEXT_COLUMNS], { boosts: TEXT_COLUMNS.map((c) => boosts[c] ?? 1) })).rerank(rrf);
    q = q.limit(k);
    if (project) q = q.select(['id']);
    const rows = (await q.toArray()) as Array<{ id: string }>;
    return { ids: rows.map((r) => r.id), ms: performance.now() - start };
  };
  try {
    return { ...(await run(true)), retried: false };
  } catch {
    return { ...(await run(false)), retried: true };
  }
}

export const createRrf = (k: number) => lancedb.rerankers.RRFReranker.create(k);
