import t from 'tap';
import type { EmbedOptions, Embedder } from '@chanjiao/embedding';
import { startLightHost } from './light-host.js';

/**
 * Issue 15 item 3: POST /v1/embeddings is for the roles that need it, an outside caller's texts
 * never queue before search queries, one key may not flood the model, and a search whose query
 * vector is late answers lexically with `degraded` instead of waiting.
 *
 * The embedder here stands for a model that is busy: it records how each call was queued and
 * holds the calls it is told to hold. It never makes up a vector (held calls never resolve, bulk
 * calls from the indexer fail, so documents are indexed lexically).
 */
class BusyModel implements Embedder {
  readonly model = 'busy';
  readonly dimensions = 512;
  readonly calls: Array<{ texts: number; options: EmbedOptions }> = [];
  async embed(texts: readonly string[], options: EmbedOptions = {}): Promise<Float32Array[]> {
    return (await this.embedWithUsage(texts, options)).vectors;
  }
  embedWithUsage(texts: readonly string[], options: EmbedOptions = {}): Promise<{ vectors: Float32Array[]; promptTokens: number }> {
    this.calls.push({ texts: texts.length, options });
    // The indexer's records (bulk, cached in the store) fail: indexed lexically, retried later.
    if (options.priority === 'bulk' && options.cache !== 'memory') return Promise.reject(new Error('model busy'));
    // Everything else waits behind the busy model: nothing comes back in this test's lifetime.
    return new Promise(() => undefined);
  }
  isReady(): boolean {
    return true;
  }
  async close(): Promise<void> {}
}

t.test('only the office and admins may call /v1/embeddings; HR, students and operators get 403', async (t) => {
  const host = await startLightHost({}, { embedder: new BusyModel() });
  t.teardown(() => host.close());
  for (const role of ['student', 'hr', 'operator'] as const) {
    const res = await host.call(role, 'POST', '/v1/embeddings', { input: ['PLC'] });
    t.same([res.statusCode, res.json().code], [403, 'AUTH_FORBIDDEN_ROLE'], role);
  }
});

t.test("an outside caller's texts go to the bulk lane, cached in memory only, one request per key at a time", async (t) => {
  const model = new BusyModel();
  const host = await startLightHost({}, { embedder: model });
  t.teardown(() => host.close());
  model.calls.length = 0;
  const first = host.call('office', 'POST', '/v1/embeddings', { input: Array.from({ length: 256 }, (_, i) => `长文本 ${i}`) }, { 'x-embedding-priority': 'interactive' });
  // Let the first request reach the model.
  for (let i = 0; i < 50 && model.calls.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  t.same(model.calls, [{ texts: 256, options: { priority: 'bulk', cache: 'memory' } }]);
  const second = await host.call('office', 'POST', '/v1/embeddings', { input: ['PLC'] });
  t.same([second.statusCode, second.json().code, second.headers['retry-after']], [429, 'EMBED_QUOTA_EXCEEDED', '1']);
  void first;
});

t.test('a search whose query vector is late answers lexically with degraded instead of waiting', async (t) => {
  const model = new BusyModel();
  const host = await startLightHost({ SEARCH_QUERY_VECTOR_TIMEOUT_MS: '50' }, { embedder: model });
  t.teardown(() => host.close());
  const search = await host.call('hr', 'POST', '/v1/candidates/search', { query: 'PLC 编程' });
  t.equal(search.statusCode, 200);
  t.equal(search.json().degraded, 'lexical-only');
  t.same(search.json().hits.map((h: { student: { id: string } }) => h.student.id), [host.ids.studentId], 'the lexical side still finds the student');
  const posts = await host.call('student', 'POST', '/v1/posts/search', { query: 'PLC 电气' });
  t.same([posts.statusCode, posts.json().degraded, posts.json().hits.length], [200, 'lexical-only', 1]);
});
