/**
 * Search quality on a fixed generated corpus with a hand-written labelled set (scripts/eval):
 * nDCG@10 and recall@50 of BM25 only, vectors only, hybrid (RRF) and hybrid + re-rank.
 *
 *   EMBEDDING_MODEL_DIR=… pnpm eval:search
 *
 * Vectors are real bge-small-zh-v1.5 embeddings, cached in .cache/search-eval (the first run
 * embeds the corpus, later runs read the cache). The last line is one JSON object.
 */
import { mkdirSync } from 'node:fs';
import { generateDemoData } from '@chanjiao/demo-data';
import type { Post, StudentProfile } from '@chanjiao/domain';
import { createLocalEmbedder, postText, queryText, studentText, type Embedder } from '@chanjiao/embedding';
import { loadConfig } from '@chanjiao/platform';
import {
  buildIndexDocument,
  createAnalyzer,
  EmbeddedSearchIndex,
  HybridEngine,
  ReferenceData,
  type FusionOptions,
} from '@chanjiao/search/internal';
import { SqliteStore } from '@chanjiao/store';
import { judgeHr, judgePair, visibleToHr } from './eval/judge.js';
import { CORPUS, HR_QUERIES, POST_QUERIES, STUDENT_QUERY_COUNT, studentQueryIds } from './eval/labelled-set.js';

const CACHE_DIR = '.cache/search-eval';
const K_NDCG = 10;
const K_RECALL = 50;

function log(msg: string): void {
  process.stderr.write(`${msg}\n`);
}

async function embedAll(embedder: Embedder, texts: string[], what: string): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  const started = performance.now();
  for (let i = 0; i < texts.length; i += 64) {
    out.push(...(await embedder.embed(texts.slice(i, i + 64))));
    log(`  ${what}: ${out.length}/${texts.length} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  return out;
}

/** nDCG@k with gains 2^g − 1; the ideal ranking is over every judged document. */
function ndcg(ranked: readonly string[], grades: ReadonlyMap<string, number>, k: number): number {
  const dcg = (gs: number[]) => gs.slice(0, k).reduce((s, g, i) => s + (2 ** g - 1) / Math.log2(i + 2), 0);
  const ideal = dcg([...grades.values()].sort((a, b) => b - a));
  return dcg(ranked.map((id) => grades.get(id) ?? 0)) / ideal;
}

/** Relevant (grade ≥ 2) found in the top k, over min(k, relevant): every system could reach 1. */
function recall(ranked: readonly string[], grades: ReadonlyMap<string, number>, k: number): number {
  const relevant = [...grades].filter(([, g]) => g >= 2).map(([id]) => id);
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((id) => top.has(id)).length / Math.min(k, relevant.length);
}

/** A query counts only when the corpus holds something relevant (grade ≥ 2) for it, as in TREC. */
function judged(grades: ReadonlyMap<string, number>): boolean {
  return [...grades.values()].some((g) => g >= 2);
}

const SYSTEMS: ReadonlyArray<{ name: string; fusion: FusionOptions; rerank: boolean }> = [
  { name: 'bm25', fusion: { method: 'rrf', lexicalWeight: 1, vectorWeight: 0, rrfK: 60 }, rerank: false },
  { name: 'vector', fusion: { method: 'rrf', lexicalWeight: 0, vectorWeight: 1, rrfK: 60 }, rerank: false },
  { name: 'hybrid', fusion: { method: 'rrf', lexicalWeight: 0.5, vectorWeight: 0.5, rrfK: 60 }, rerank: false },
  { name: 'hybrid+rerank', fusion: { method: 'rrf', lexicalWeight: 0.5, vectorWeight: 0.5, rrfK: 60 }, rerank: true },
];

async function main(): Promise<void> {
  const config = loadConfig();
  const data = generateDemoData({ seed: CORPUS.seed, students: CORPUS.students, posts: CORPUS.posts });
  const students: StudentProfile[] = [];
  for (const s of data.students()) {
    const { personal: _personal, ...profile } = s;
    students.push(profile);
  }
  const posts: readonly Post[] = data.posts;
  const references = new ReferenceData({ schools: data.schools, enterprises: data.enterprises });
  log(`corpus: ${students.length} students, ${posts.length} posts (seed ${CORPUS.seed})`);

  mkdirSync(CACHE_DIR, { recursive: true });
  const cache = new SqliteStore({ path: `${CACHE_DIR}/vectors.sqlite`, synchronous: 'NORMAL' });
  const embedder = await createLocalEmbedder({ config, cache });
  const studentVectors = await embedAll(embedder, students.map(studentText), 'students');
  const postVectors = await embedAll(embedder, posts.map((p) => postText(p, references.enterprise(p.enterpriseId))), 'posts');
  const queryVectors = await embedAll(embedder, HR_QUERIES.map((q) => queryText(q.text)), 'queries');
  await embedder.close();
  await cache.close();

  const analyzer = createAnalyzer();
  const index = new EmbeddedSearchIndex({ analyzer, exactScanMax: 0 });
  index.upsertSync(students.map((profile, i) => buildIndexDocument({ profile, school: references.school(profile.schoolId), vector: studentVectors[i]! }, analyzer)));
  index.upsertSync(posts.map((post, i) => buildIndexDocument({ post, enterprise: references.enterprise(post.enterpriseId), vector: postVectors[i]! }, analyzer)));

  const engines = SYSTEMS.map((s) => ({ ...s, engine: new HybridEngine({ index, analyzer, references, fusion: s.fusion, rerank: s.rerank, depth: config.SEARCH_DEPTH }) }));
  const postsById = new Map(posts.map((p) => [p.id, p]));
  const studentsById = new Map(students.map((s) => [s.id, s]));
  // Students in the labelled order who have at least one relevant post in the corpus.
  const studentIds = studentQueryIds(students.map((s) => s.id)).filter((id) => {
    const s = { ...studentsById.get(id)!, status: 'seeking' as const };
    return posts.some((p) => judgePair(s, p) >= 2);
  }).slice(0, STUDENT_QUERY_COUNT);

  type Row = { kind: 'hr' | 'post' | 'student'; id: string; relevant: number; ndcg: number[]; recall: number[] };
  const rows: Row[] = [];
  const score = (kind: Row['kind'], id: string, grades: Map<string, number>, rankings: string[][]) => {
    if (!judged(grades)) throw new Error(`labelled query ${id} has nothing relevant in the corpus`);
    rows.push({
      kind,
      id,
      relevant: [...grades.values()].filter((g) => g >= 2).length,
      ndcg: rankings.map((r) => ndcg(r, grades, K_NDCG)),
      recall: rankings.map((r) => recall(r, grades, K_RECALL)),
    });
  };

  for (const [qi, q] of HR_QUERIES.entries()) {
    const grades = new Map(students.filter(visibleToHr).map((s) => [s.id, judgeHr(q, s)]));
    const rankings = await Promise.all(
      engines.map(async (e) => (await e.engine.searchCandidates({ query: q.text, queryVector: queryVectors[qi]!, limit: K_RECALL })).hits.map((h) => h.id)),
    );
    score('hr', q.id, grades, rankings);
  }
  for (const id of POST_QUERIES) {
    const post = postsById.get(id);
    if (!post) throw new Error(`labelled post ${id} is not in the corpus`);
    const grades = new Map(students.filter(visibleToHr).map((s) => [s.id, judgePair(s, post)]));
    const rankings = await Promise.all(engines.map(async (e) => (await e.engine.searchCandidates({ post: id, limit: K_RECALL })).hits.map((h) => h.id)));
    score('post', id, grades, rankings);
  }
  for (const id of studentIds) {
    const student = studentsById.get(id)!;
    const grades = new Map(posts.map((p) => [p.id, judgePair({ ...student, status: 'seeking' }, p)]));
    const rankings = await Promise.all(
      engines.map(async (e) => (await e.engine.recommendPosts({ student: { ...student, status: 'seeking' }, limit: K_RECALL })).hits.map((h) => h.id)),
    );
    score('student', id, grades, rankings);
  }

  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const groups: Array<[string, Row[]]> = [
    ['HR free text', rows.filter((r) => r.kind === 'hr')],
    ['post → candidates', rows.filter((r) => r.kind === 'post')],
    ['student → posts', rows.filter((r) => r.kind === 'student')],
    ['all', rows],
  ];
  const summary: Record<string, Record<string, { ndcg10: number; recall50: number }>> = {};
  console.log(`queries: ${rows.length} (HR ${groups[0]![1].length}, posts ${groups[1]![1].length}, students ${groups[2]![1].length})`);
  console.log(`| queries | system | nDCG@${K_NDCG} | recall@${K_RECALL} |`);
  console.log('| --- | --- | --- | --- |');
  for (const [name, rs] of groups) {
    summary[name] = {};
    SYSTEMS.forEach((s, i) => {
      const n = mean(rs.map((r) => r.ndcg[i]!));
      const r = mean(rs.map((r) => r.recall[i]!));
      summary[name]![s.name] = { ndcg10: Number(n.toFixed(4)), recall50: Number(r.toFixed(4)) };
      console.log(`| ${name} (${rs.length}) | ${s.name} | ${n.toFixed(3)} | ${r.toFixed(3)} |`);
    });
  }
  const all = summary.all!;
  console.log(
    JSON.stringify({
      queries: rows.length,
      ...Object.fromEntries(SYSTEMS.map((s) => [s.name, all[s.name]])),
      rerankBeatsBoth:
        all['hybrid+rerank']!.ndcg10 > Math.max(all.bm25!.ndcg10, all.vector!.ndcg10) &&
        all['hybrid+rerank']!.recall50 > Math.max(all.bm25!.recall50, all.vector!.recall50),
    }),
  );
}

await main();
