/**
 * `pnpm bench:search`: the hybrid search at city-plus scale — 200k students and 20k posts, 512-d
 * vectors — in one run, on the same documents, the same tokens and the same filters:
 *
 * 1. our engine: HR candidate search (free text + query vector + filters → BM25 top-N and HNSW
 *    top-N → RRF → eligibility and re-rank with explanations → top 20), one query at a time;
 * 2. Orama (@orama/orama 3, its hybrid mode) over the same analyzed tokens (a whitespace tokenizer),
 *    the same field boosts, the same filters as `where`, the same vectors;
 * 3. an exact brute-force scan, the reference for the recall of our vector side.
 *
 * Vectors: bge-small-zh-v1.5 for every generated profile and post (and for the query texts),
 * computed once and cached in .cache/search-bench (the first run embeds 220k texts: about 40
 * minutes on two cores; later runs read the cache). `--vectors mixed` is the quick variant: real
 * vectors for a sample (`--sample`), and for every other document a mix of two real vectors of its
 * own major class plus noise — harder for a graph than real embeddings, so its recall is lower.
 * Query embedding is outside every timing.
 *
 * Options: --students N --posts N --queries N --orama-queries N --vectors real|mixed --sample N
 * --seed N --no-orama.
 * Last line: one JSON object.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { getHeapStatistics } from 'node:v8';

const HEAP_MIB = 16384;
// Orama keeps 200k documents and their vectors as JS objects: give the run a heap that holds them.
if (getHeapStatistics().heap_size_limit < (HEAP_MIB - 1024) * 2 ** 20) {
  const r = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MIB}`, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const { create, insertMultiple, search } = await import('@orama/orama');
const { generateDemoData, Random } = await import('@chanjiao/demo-data');
const { fieldCode, majorCatalog } = await import('@chanjiao/domain');
const { createLocalEmbedder, postText, queryText, studentText } = await import('@chanjiao/embedding');
const { loadConfig } = await import('@chanjiao/platform');
const { buildIndexDocument, compileFilter, createAnalyzer, EmbeddedSearchIndex, HybridEngine, ReferenceData, FIELD_BOOSTS } = await import('@chanjiao/search/internal');
const { SqliteStore } = await import('@chanjiao/store');
const { HR_BASE, hrQueryFilter, hrQueryText } = await import('./lib/hr-workload.js');
type StudentProfile = import('@chanjiao/domain').StudentProfile;
type Post = import('@chanjiao/domain').Post;
type StudentFilter = import('@chanjiao/search/internal').StudentFilter;
type StudentDocument = import('@chanjiao/search/internal').StudentDocument;

const { values } = parseArgs({
  options: {
    students: { type: 'string', default: '200000' },
    posts: { type: 'string', default: '20000' },
    queries: { type: 'string', default: '1000' },
    'orama-queries': { type: 'string', default: '200' },
    vectors: { type: 'string', default: 'real' },
    sample: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '42' },
    'no-orama': { type: 'boolean', default: false },
  },
});
const STUDENTS = Number(values.students);
const POSTS = Number(values.posts);
const QUERIES = Number(values.queries);
const ORAMA_QUERIES = Number(values['orama-queries']);
const REAL = values.vectors !== 'mixed';
if (values.vectors !== 'real' && values.vectors !== 'mixed') throw new Error('--vectors is real or mixed');
// Real vectors for every document, or for a sample only (the rest mixed from it).
const SAMPLE = REAL ? Number(values.students) : Number(values.sample);
const SEED = Number(values.seed);
const K = 20;
const CACHE_DIR = '.cache/search-bench';

const log = (msg: string) => process.stderr.write(`${msg}\n`);
const peakRssMiB = () => Math.round(process.resourceUsage().maxRSS / 1024);
const seconds = (ms: number) => Math.round(ms / 100) / 10;
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const round2 = (x: number) => Math.round(x * 100) / 100;

// ---------------------------------------------------------------------------------------------
// Data
const t0 = performance.now();
const data = generateDemoData({ seed: SEED, students: STUDENTS, posts: POSTS });
const students: StudentProfile[] = [];
for (const s of data.students()) {
  const { personal: _personal, ...profile } = s;
  students.push(profile);
}
const posts: readonly Post[] = data.posts;
const references = new ReferenceData({ schools: data.schools, enterprises: data.enterprises });
log(`generated ${students.length} students, ${posts.length} posts in ${seconds(performance.now() - t0)} s`);

// ---------------------------------------------------------------------------------------------
// Vectors: real ones (for all, or for a sample), cached; mixes of real ones of the same class for the rest.
mkdirSync(CACHE_DIR, { recursive: true });
const config = loadConfig();
const cache = new SqliteStore({ path: `${CACHE_DIR}/vectors.sqlite`, synchronous: 'NORMAL' });
const embedder = await createLocalEmbedder({ config, cache });
async function embedAll(texts: string[], what: string): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  const started = performance.now();
  for (let i = 0; i < texts.length; i += 512) {
    out.push(...(await embedder.embed(texts.slice(i, i + 512), { priority: 'bulk' })));
    if (out.length % 10_240 === 0 || out.length === texts.length) log(`  embedded ${what}: ${out.length}/${texts.length} (${seconds(performance.now() - started)} s)`);
  }
  return out;
}
const random = new Random(SEED);
const sampleStudents = students.slice(0, SAMPLE);
const samplePosts = REAL ? posts : posts.slice(0, Math.max(1, Math.round(SAMPLE / 4)));
// Query texts come from profiles (in the mixed variant, from profiles outside the real sample).
const queryStudents = random.sample(REAL ? students : students.slice(SAMPLE), 200);
const catalog = majorCatalog();
/** HR query texts: a major and two skills of a real generated profile, the way recruiters type. */
const queryTexts = queryStudents.map((s) => hrQueryText(s, catalog));
const realStudent = await embedAll(sampleStudents.map(studentText), 'sample students');
const realPost = await embedAll(samplePosts.map((p) => postText(p, references.enterprise(p.enterpriseId))), 'sample posts');
const queryVectors = await embedAll(queryTexts.map(queryText), 'queries');
await embedder.close();
await cache.close();

const classOf = (code: string) => (fieldCode(code) ?? '00-00').slice(0, 5);
const byClass = new Map<string, Float32Array[]>();
for (const [i, s] of sampleStudents.entries()) {
  const list = byClass.get(classOf(s.majorCode)) ?? [];
  list.push(realStudent[i]!);
  byClass.set(classOf(s.majorCode), list);
}
const byCategory = new Map<string, Float32Array[]>();
for (const [c, list] of byClass) byCategory.set(c.slice(0, 2), [...(byCategory.get(c.slice(0, 2)) ?? []), ...list]);
const allReal = [...realStudent];
const noise = new Random(SEED + 1);
function gaussian(): number {
  return Math.sqrt(-2 * Math.log(1 - noise.next())) * Math.cos(2 * Math.PI * noise.next());
}
function mixed(pool: readonly Float32Array[]): Float32Array {
  const a = noise.pick(pool);
  const b = noise.pick(pool);
  const v = new Float32Array(a.length);
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    v[i] = 0.7 * a[i]! + 0.3 * b[i]! + 0.015 * gaussian();
    n += v[i]! * v[i]!;
  }
  n = Math.sqrt(n);
  for (let i = 0; i < v.length; i++) v[i]! /= n;
  return v;
}
const studentVectors = students.map((s, i) =>
  i < SAMPLE ? realStudent[i]! : mixed(byClass.get(classOf(s.majorCode)) ?? byCategory.get(classOf(s.majorCode).slice(0, 2)) ?? allReal),
);
const postVectors = posts.map((p, i) => (i < samplePosts.length ? realPost[i]! : mixed(realPost)));
log(REAL ? 'vectors ready (every document from the model)' : `vectors ready (${SAMPLE} students and ${samplePosts.length} posts from the model, the rest mixed)`);

// ---------------------------------------------------------------------------------------------
// Our engine
const analyzer = createAnalyzer();
const tb = performance.now();
const studentDocs: StudentDocument[] = students.map((profile, i) =>
  buildIndexDocument({ profile, school: references.school(profile.schoolId), vector: studentVectors[i]! }, analyzer),
);
const postDocs = posts.map((post, i) => buildIndexDocument({ post, enterprise: references.enterprise(post.enterpriseId), vector: postVectors[i]! }, analyzer));
const analyzedSeconds = seconds(performance.now() - tb);
log(`analyzed ${studentDocs.length + postDocs.length} documents in ${analyzedSeconds} s`);
const index = new EmbeddedSearchIndex({
  analyzer,
  hnswM: config.SEARCH_HNSW_M,
  efConstruction: config.SEARCH_HNSW_EF_CONSTRUCTION,
  efSearch: config.SEARCH_HNSW_EF_SEARCH,
  exactScanMax: config.SEARCH_EXACT_SCAN_MAX,
});
for (let i = 0; i < studentDocs.length; i += 10_000) {
  index.upsertSync(studentDocs.slice(i, i + 10_000));
  log(`  indexed ${Math.min(i + 10_000, studentDocs.length)} students (${seconds(performance.now() - tb)} s)`);
}
index.upsertSync(postDocs);
const buildSeconds = seconds(performance.now() - tb);
log(`our index built in ${buildSeconds} s`);
const engine = new HybridEngine({
  index,
  analyzer,
  references,
  fusion: { method: config.SEARCH_FUSION, lexicalWeight: config.SEARCH_LEXICAL_WEIGHT, vectorWeight: config.SEARCH_VECTOR_WEIGHT, rrfK: config.SEARCH_RRF_K },
  depth: config.SEARCH_DEPTH,
});

// The workload: HR queries with filters of every selectivity.
const cities = [...new Set(data.schools.map((s) => s.city))];
interface Query {
  text: string;
  vector: Float32Array;
  filter: StudentFilter;
}
const qrandom = new Random(SEED + 2);
const workload: Query[] = Array.from({ length: QUERIES }, (_, i) => {
  const j = i % queryStudents.length;
  const s = queryStudents[j]!;
  return { text: queryTexts[j]!, vector: queryVectors[j]!, filter: hrQueryFilter(s, qrandom, cities) };
});
const selectivity = workload.map((q) => index.countSync('student', [HR_BASE, q.filter]) / students.length).sort((a, b) => a - b);

/** Per query: wall-clock milliseconds and CPU milliseconds of this process (the machine is shared). */
const cpuTimes: number[] = [];
async function timeOurs(queries: readonly Query[]): Promise<number[]> {
  const times: number[] = [];
  cpuTimes.length = 0;
  for (const q of queries) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    const page = await engine.searchCandidates({ query: q.text, queryVector: q.vector, filter: q.filter, limit: K });
    times.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    cpuTimes.push((used.user + used.system) / 1000);
    if (page.hits.length === 0 && index.countSync('student', [HR_BASE, q.filter]) > 0) throw new Error(`no hits for ${q.text}`);
  }
  return times;
}
await timeOurs(workload.slice(0, 50));
const cpu0 = process.cpuUsage();
const wall0 = performance.now();
const ours = (await timeOurs(workload)).sort((a, b) => a - b);
const cpuMs = (process.cpuUsage(cpu0).user + process.cpuUsage(cpu0).system) / 1000;
const oursWall = performance.now() - wall0;
const p50Ms = round2(percentile(ours, 50));
const p99Ms = round2(percentile(ours, 99));
const meanMs = ours.reduce((a, b) => a + b, 0) / ours.length;
// Throughput of one core: queries per CPU-second of this process (wall time on a shared machine would count other work).
const qpsOneCore = Math.round((workload.length * 1000) / cpuMs);
cpuTimes.sort((a, b) => a - b);
const cpuP50Ms = round2(percentile(cpuTimes, 50));
const cpuP99Ms = round2(percentile(cpuTimes, 99));
const loadAverage = os.loadavg()[0]!;
log(
  `ours: p50 ${p50Ms} ms, p99 ${p99Ms} ms, mean ${round2(meanMs)} ms wall; CPU p50 ${cpuP50Ms} ms, p99 ${cpuP99Ms} ms; ${qpsOneCore} q/s per core (cpu ${Math.round(cpuMs)} ms over ${Math.round(oursWall)} ms wall, load ${loadAverage.toFixed(1)})`,
);

// Where the time goes: each side alone at the engine's depth, with the same filters.
const DEPTH = config.SEARCH_DEPTH;
function timeIt(fn: (q: Query) => unknown): { p50: number; p99: number } {
  const times = workload.map((q) => {
    const start = performance.now();
    fn(q);
    return performance.now() - start;
  });
  times.sort((a, b) => a - b);
  return { p50: round2(percentile(times, 50)), p99: round2(percentile(times, 99)) };
}
const breakdown = {
  analyze: timeIt((q) => analyzer.analyze(q.text)),
  filter: timeIt((q) => index.countSync('student', [HR_BASE, q.filter])),
  lexical: timeIt((q) => index.lexicalSync('student', { terms: analyzer.analyze(q.text).map((token) => ({ token, weight: 2 })) }, { k: DEPTH, filter: [HR_BASE, q.filter] })),
  vector: timeIt((q) => index.vectorSync('student', q.vector, { k: DEPTH, filter: [HR_BASE, q.filter] })),
};
log(`breakdown (p50 / p99 ms): ${Object.entries(breakdown).map(([k, v]) => `${k} ${v.p50} / ${v.p99}`).join(', ')}`);

// Recall of our vector side against the exact scan, same filters: the top K of what the vector
// side hands the engine (it retrieves SEARCH_DEPTH candidates, so the graph search runs at that
// k) against the exact top K. Two counts: ANN-benchmarks' standard one (a result counts when its
// cosine is within 1e-3 of the exact k-th: near-ties are interchangeable, and generated vectors
// have many), and the strict one (the same ids).
let recallSum = 0;
let strictSum = 0;
const exactTimes: number[] = [];
for (const q of workload) {
  const filter = [HR_BASE, q.filter];
  const approx = index.vectorSync('student', q.vector, { k: config.SEARCH_DEPTH, filter }).slice(0, K);
  const start = performance.now();
  const exact = index.exactVectorSync('student', q.vector, { k: K, filter });
  exactTimes.push(performance.now() - start);
  if (exact.length === 0) {
    recallSum += 1;
    strictSum += 1;
    continue;
  }
  const want = new Set(exact.map((h) => h.id));
  const kth = exact[Math.min(K, exact.length) - 1]!.score;
  const n = Math.min(K, exact.length);
  recallSum += Math.min(n, approx.filter((h) => want.has(h.id) || h.score >= kth - 1e-3).length) / n;
  strictSum += Math.min(n, approx.filter((h) => want.has(h.id)).length) / n;
}
const recallAt20 = Math.round((recallSum / workload.length) * 1000) / 1000;
const strictRecallAt20 = Math.round((strictSum / workload.length) * 1000) / 1000;
exactTimes.sort((a, b) => a - b);
log(`vector recall@${K} vs exact: ${recallAt20} (within 1e-3 of the k-th cosine), ${strictRecallAt20} (same ids); exact scan p50 ${round2(percentile(exactTimes, 50))} ms`);

// Restart: snapshot, then a fresh process opens it and answers a query (lib/restart.ts says why
// not in this process). Wall time from spawning it to its answer, module loading included.
const snapDir = `${CACHE_DIR}/snapshot`;
const ts = performance.now();
await index.save(snapDir, { seq: 0 });
const snapshotSaveSeconds = seconds(performance.now() - ts);
const oursPeakRssMiB = peakRssMiB();
const tl = performance.now();
const restart = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./lib/restart.ts', import.meta.url)), snapDir], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
});
const restartSeconds = seconds(performance.now() - tl);
if (restart.status !== 0) throw new Error(`the restarted process failed (exit ${restart.status})`);
const restarted = JSON.parse(restart.stdout.trim().split('\n').pop()!) as { loadSeconds: number; students: number; hits: number; rssMiB: number };
if (restarted.students !== students.length || restarted.hits === 0) throw new Error(`the restarted index has ${restarted.students} students, answered ${restarted.hits} hits`);
rmSync(snapDir, { recursive: true, force: true });
log(
  `snapshot: saved in ${snapshotSaveSeconds} s; a fresh process answered from it ${restartSeconds} s after it was started (snapshot load ${restarted.loadSeconds} s, RSS ${restarted.rssMiB} MiB)`,
);

// ---------------------------------------------------------------------------------------------
// Orama: same tokens (whitespace tokenizer over our analyzed tokens), boosts, filters, vectors.
let oramaP50Ms: number | null = null;
let oramaBuildSeconds: number | null = null;
if (!values['no-orama']) {
  const tokenizer = { language: 'none', normalizationCache: new Map<string, string>(), tokenize: (raw: string) => (raw ? raw.split(' ') : []) };
  const db = create({
    schema: {
      major: 'string',
      skills: 'string',
      certificates: 'string',
      intro: 'string',
      majorKeys: 'enum[]',
      graduationYear: 'enum',
      city: 'enum[]',
      skillKeys: 'enum[]',
      consent: 'boolean',
      status: 'enum',
      embedding: 'vector[512]',
    } as const,
    components: { tokenizer },
  });
  const to = performance.now();
  const batch: Array<Record<string, unknown>> = [];
  let inserted = 0;
  for (const d of studentDocs) {
    batch.push({
      id: d.id,
      major: d.text.major.join(' '),
      skills: d.text.skills.join(' '),
      certificates: d.text.certificates.join(' '),
      intro: d.text.intro.join(' '),
      majorKeys: d.keywords.majorKeys,
      graduationYear: d.keywords.graduationYear[0],
      city: d.keywords.city,
      skillKeys: d.keywords.skills,
      consent: d.keywords.consent[0] === 'true',
      status: d.keywords.status[0],
      embedding: Array.from(index.getSync('student', d.id)!.vector!),
    });
    if (batch.length === 5000) {
      inserted += batch.length;
      await insertMultiple(db, batch.splice(0) as never, 5000);
      if (inserted % 50_000 === 0) log(`  orama: inserted ${inserted} (${seconds(performance.now() - to)} s)`);
    }
  }
  if (batch.length) await insertMultiple(db, batch.splice(0) as never, 5000);
  oramaBuildSeconds = seconds(performance.now() - to);
  log(`orama built in ${oramaBuildSeconds} s`);

  /** The same compiled filter as ours, as Orama `where` conditions (a clause per keyword field). */
  function oramaWhere(filter: StudentFilter): Record<string, unknown> {
    const where: Record<string, unknown> = { consent: true, status: { eq: 'seeking' } };
    const compiled = compileFilter('student', filter, analyzer);
    for (const c of compiled.clauses) {
      if (c.field === 'graduationYear') where.graduationYear = { in: [...c.anyOf] };
      else if (c.field === 'majorKeys') where.majorKeys = { containsAny: [...c.anyOf] };
      else if (c.field === 'city') where.city = { containsAny: [...c.anyOf] };
      else if (c.field === 'skills') where.skillKeys = { containsAll: [...c.anyOf] };
      else throw new Error(`no Orama mapping for ${c.field}`);
    }
    return where;
  }
  const oramaTimes: number[] = [];
  const oramaWorkload = workload.slice(0, ORAMA_QUERIES);
  for (const [i, q] of oramaWorkload.entries()) {
    const term = analyzer.analyze(q.text).join(' ');
    const start = performance.now();
    const res = await search(db, {
      mode: 'hybrid',
      term,
      vector: { value: Array.from(q.vector), property: 'embedding' },
      similarity: 0,
      where: oramaWhere(q.filter) as never,
      boost: FIELD_BOOSTS.student,
      properties: ['major', 'skills', 'certificates', 'intro'],
      limit: K,
    } as never);
    if (i >= 5) oramaTimes.push(performance.now() - start);
    if ((res as { hits: unknown[] }).hits.length === 0 && index.countSync('student', [HR_BASE, q.filter]) > 0) log(`  orama: no hits for ${q.text}`);
  }
  oramaTimes.sort((a, b) => a - b);
  oramaP50Ms = round2(percentile(oramaTimes, 50));
  log(`orama hybrid: p50 ${oramaP50Ms} ms, p99 ${round2(percentile(oramaTimes, 99))} ms over ${oramaTimes.length} queries`);
}

const result = {
  vectors: REAL ? 'real' : 'mixed',
  students: students.length,
  posts: posts.length,
  queries: workload.length,
  filterSelectivityP50: Math.round(percentile(selectivity, 50) * 1000) / 1000,
  filterSelectivityMin: Math.round(selectivity[0]! * 10000) / 10000,
  p50Ms,
  p99Ms,
  cpuP50Ms,
  cpuP99Ms,
  qpsOneCore,
  loadAverage: Math.round(loadAverage * 10) / 10,
  cores: os.cpus().length,
  breakdown,
  recallAt20,
  strictRecallAt20,
  exactScanP50Ms: round2(percentile(exactTimes, 50)),
  oramaP50Ms,
  speedupVsOrama: oramaP50Ms === null ? null : Math.round((oramaP50Ms / p50Ms) * 10) / 10,
  buildSeconds,
  analyzeSeconds: analyzedSeconds,
  oramaBuildSeconds,
  restartSeconds,
  restartRssMiB: restarted.rssMiB,
  snapshotSaveSeconds,
  oursPeakRssMiB,
  peakRssMiB: peakRssMiB(),
};
console.log(JSON.stringify(result));
