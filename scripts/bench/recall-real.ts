/**
 * `pnpm bench:recall-real [--dir .cache/bench-100000-10000] [--queries 300] [--seed 42]`
 *
 * Recall of the embedded vector side on real vectors only: the search index snapshot that
 * `pnpm bench:api` leaves in its data folder holds 100k student profiles embedded by the model
 * (bench:search mixes most of its 200k vectors from a 1,000-vector sample, which is harder for a
 * graph than real embeddings). Queries are model embeddings of short HR texts (a major and two
 * skills of a profile, as in bench:search), with the same filter mix as bench:search. For each
 * query: the top 20 of what the vector side hands the engine (k = SEARCH_DEPTH) against the exact
 * top 20 under the same filter, strictly (same ids) and by ANN-benchmarks' rule (within 1e-3 of
 * the exact 20th cosine). Last line: one JSON object.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateDemoData, Random } from '@chanjiao/demo-data';
import { majorCatalog } from '@chanjiao/domain';
import { createLocalEmbedder, queryText } from '@chanjiao/embedding';
import { loadConfig } from '@chanjiao/platform';
import { createAnalyzer, EmbeddedSearchIndex, embeddedOptionsFromConfig } from '@chanjiao/search/internal';
import { SqliteStore } from '@chanjiao/store';
import { HR_BASE, hrQueryFilter, hrQueryText } from './lib/hr-workload.js';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: '.cache/bench-100000-10000' },
    queries: { type: 'string', default: '300' },
    seed: { type: 'string', default: '42' },
  },
});
const K = 20;
const config = loadConfig();
const log = (msg: string) => process.stderr.write(`${msg}\n`);

const analyzer = createAnalyzer();
const started = performance.now();
const { index } = await EmbeddedSearchIndex.load(resolve(values.dir, 'search-index'), embeddedOptionsFromConfig(config, analyzer));
const total = index.countSync('student', {});
log(`loaded ${total} students with real vectors in ${((performance.now() - started) / 1000).toFixed(1)} s`);

// Query texts from profiles of another generated city (not the indexed students themselves).
const random = new Random(Number(values.seed));
const data = generateDemoData({ seed: Number(values.seed), students: 2000, anchors: false });
const profiles = [...data.students()];
const cities = [...new Set(data.schools.map((s) => s.city))];
const catalog = majorCatalog();
const picks = Array.from({ length: Number(values.queries) }, () => random.pick(profiles));
const texts = picks.map((s) => queryText(hrQueryText(s, catalog)));
const cache = new SqliteStore({ path: ':memory:' });
const embedder = await createLocalEmbedder({ config, cache });
const vectors = await embedder.embed(texts);
await embedder.close();
await cache.close();

let recall = 0;
let strict = 0;
// The same over the queries whose filter is too wide for the exact scan (the graph walks).
let graphQueries = 0;
let graphRecall = 0;
const selectivity: number[] = [];
for (const [i, s] of picks.entries()) {
  const filter = hrQueryFilter(s, random, cities);
  const filters = [HR_BASE, filter];
  const members = index.countSync('student', filters);
  selectivity.push(members / total);
  const onGraph = members > config.SEARCH_EXACT_SCAN_MAX;
  const approx = index.vectorSync('student', vectors[i]!, { k: config.SEARCH_DEPTH, filter: filters }).slice(0, K);
  const exact = index.exactVectorSync('student', vectors[i]!, { k: K, filter: filters });
  if (exact.length === 0) {
    recall += 1;
    strict += 1;
    continue;
  }
  const want = new Set(exact.map((h) => h.id));
  const kth = exact.at(-1)!.score;
  const found = Math.min(exact.length, approx.filter((h) => want.has(h.id) || h.score >= kth - 1e-3).length) / exact.length;
  recall += found;
  if (onGraph) {
    graphQueries++;
    graphRecall += found;
  }
  strict += approx.filter((h) => want.has(h.id)).length / exact.length;
}
selectivity.sort((a, b) => a - b);
const n = picks.length;
const result = {
  students: total,
  queries: n,
  depth: config.SEARCH_DEPTH,
  efSearch: config.SEARCH_HNSW_EF_SEARCH,
  hnswM: config.SEARCH_HNSW_M,
  filterSelectivityP50: Math.round(selectivity[Math.floor(n / 2)]! * 1000) / 1000,
  recallAt20: Math.round((recall / n) * 1000) / 1000,
  strictRecallAt20: Math.round((strict / n) * 1000) / 1000,
  graphQueries,
  graphRecallAt20: graphQueries ? Math.round((graphRecall / graphQueries) * 1000) / 1000 : null,
};
log(
  `vector recall@${K} on real vectors: ${result.recallAt20} (within 1e-3), ${result.strictRecallAt20} (same ids); ` +
    `${graphQueries} queries walked the graph, recall ${result.graphRecallAt20} on those`,
);
console.log(JSON.stringify(result));
