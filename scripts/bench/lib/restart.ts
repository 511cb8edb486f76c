/**
 * A restart, as bench:search measures it: a fresh process (this file, run by the benchmark)
 * opens the index snapshot the way the embedded host does at start, answers a filtered hybrid
 * query, and reports. Timing the load inside the benchmark's own process would charge it for
 * the garbage collector walking that process's other gigabytes (the corpus, the first index),
 * which a restarted service does not have.
 *
 *   node --import tsx scripts/bench/lib/restart.ts <snapshot dir>
 *
 * Prints one JSON line: { loadSeconds, cpuSeconds, students, posts, hits, rssMiB } (cpuSeconds: this
 * process's CPU from its start, module loading included: on a loaded machine the wall time says
 * little).
 */
import { loadConfig } from '@chanjiao/platform';
import { createAnalyzer, EmbeddedSearchIndex, embeddedOptionsFromConfig } from '@chanjiao/search/internal';
import { HR_BASE } from './hr-workload.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: restart.ts <snapshot dir>');
const config = loadConfig();
const started = performance.now();
const { index } = await EmbeddedSearchIndex.load(dir, embeddedOptionsFromConfig(config, createAnalyzer()));
// Ready means answering: one HR query on both sides, with a vector taken from the index itself.
const [first] = index.listSync('student', { k: 1 });
const vector = first ? index.getSync('student', first)?.vector : null;
if (!vector) throw new Error('the snapshot has no student with a vector');
const filter = [HR_BASE];
const lexical = index.lexicalSync('student', { terms: [{ token: '电气', weight: 1 }] }, { k: 20, filter });
const semantic = index.vectorSync('student', vector, { k: 20, filter });
const loadSeconds = Math.round((performance.now() - started) / 100) / 10;
process.stdout.write(
  JSON.stringify({
    loadSeconds,
    cpuSeconds: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1e5) / 10,
    students: index.countSync('student'),
    posts: index.countSync('post'),
    hits: lexical.length + semantic.length,
    rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
  }) + '\n',
);
