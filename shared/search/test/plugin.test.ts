import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import Fastify from 'fastify';
import { configPlugin, loadConfig } from '@chanjiao/platform';
import { createAnalyzer } from '../src/analyzer.js';
import { buildIndexDocument } from '../src/documents.js';
import { EmbeddedSearchIndex } from '../src/embedded/embedded-index.js';
import { searchPlugin } from '../src/plugin.js';
import { student } from './helpers.js';

const analyzer = createAnalyzer();
const dataDir = mkdtempSync(join(tmpdir(), 'search-plugin-'));
t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));

async function app(env: Record<string, string>, opts: Parameters<typeof searchPlugin>[1] = {}) {
  const a = Fastify({ logger: false });
  await a.register(configPlugin, { config: loadConfig({ DATA_DIR: dataDir, ...env }) });
  await a.register(searchPlugin, { analyzer, ...opts });
  await a.ready();
  return a;
}

t.test('an injected index is used as given, with an engine over it', async (t) => {
  const index = new EmbeddedSearchIndex({ analyzer, dimensions: 4 });
  const a = await app({}, { index });
  t.equal(a.searcher.index, index);
  t.equal(a.searcher.engine.index, index);
  t.equal(a.searcher.snapshot, undefined, 'no snapshot for an injected index');
  t.strictSame(a.searcher.engine.fusion, { method: 'rrf', lexicalWeight: 0.5, vectorWeight: 0.5, rrfK: 60 });
  await a.close();
});

t.test('embedded mode starts empty, saves a snapshot with the indexer position, and starts from it next time', async (t) => {
  const first = await app({ SEARCH_HNSW_EF_SEARCH: '50', SEARCH_FUSION: 'convex', SEARCH_VECTOR_WEIGHT: '0' });
  t.equal(first.searcher.index.backend, 'embedded');
  t.equal(first.searcher.snapshot?.meta, null);
  t.strictSame(first.searcher.engine.fusion, { method: 'convex', lexicalWeight: 0.5, vectorWeight: 0, rrfK: 60 });
  const doc = buildIndexDocument({ profile: student({ id: 's1', skills: [{ name: 'PLC' }] }), vector: new Float32Array(512).fill(0.1) }, analyzer);
  await first.searcher.index.upsert([doc]);
  await first.searcher.snapshot!.save({ seq: 7 });
  await first.close();

  const second = await app({});
  t.strictSame(second.searcher.snapshot?.meta, { seq: 7 });
  t.equal(await second.searcher.index.count('student'), 1);
  t.equal((await second.searcher.index.get('student', 's1'))?.id, 's1');
  await second.close();
});

t.test('SEARCH_SNAPSHOT=false ignores the snapshot', async (t) => {
  const a = await app({ SEARCH_SNAPSHOT: 'false' });
  t.equal(await a.searcher.index.count('student'), 0);
  t.equal(a.searcher.snapshot, undefined);
  await a.close();
});

t.test('bad re-rank weights stop the start, naming the variable', async (t) => {
  await t.rejects(app({ SEARCH_RERANK_WEIGHTS: 'majr=1' }), /SEARCH_RERANK_WEIGHTS: unknown re-rank feature "majr"/);
});

t.test('distributed mode opens the Elasticsearch backend, loaded only then: an unreachable cluster fails the start with 503', async (t) => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const err = (await app({ MODE: 'distributed', ELASTICSEARCH_URL: `http://127.0.0.1:${port}`, ELASTICSEARCH_MAX_RETRIES: '0' }).catch((e: unknown) => e)) as {
    code?: string;
    statusCode?: number;
  };
  t.strictSame({ code: err.code, statusCode: err.statusCode }, { code: 'ELASTICSEARCH_UNAVAILABLE', statusCode: 503 });
});
