/**
 * The embedder's life with the real model: readiness, the cache surviving a restart, and worker failures: a worker killed in the middle of a batch is restarted and
 * the batch retried; a batch that kills its worker every time fails with 503 EMBED_WORKER_FAILED.
 * The spawn function is the real one, wrapped so the test can kill a worker (SIGKILL, as the kernel's
 * OOM killer would) when it is handed a batch.
 */
import t from 'tap';
import type { ChildProcess } from 'node:child_process';
import { Errors, configPlugin, createHttpServer, healthPlugin } from '@chanjiao/platform';
import { SqliteStore, storePlugin } from '@chanjiao/store';
import { createLocalEmbedder, embedderPlugin, embeddingApp, type LocalEmbedder } from '@chanjiao/embedding';
import { spawnInferenceWorker, type SpawnWorker } from '@chanjiao/embedding/internal';
import { dot, testConfig } from './helpers.js';

const config = testConfig({ EMBED_WORKERS: '1' });

/** Real workers; while `kills > 0`, a worker handed a batch is killed with SIGKILL instead (and `kills` counts down). */
function killingSpawn(state: { kills: number; spawned: number }): SpawnWorker {
  return (data) => {
    const worker: ChildProcess = spawnInferenceWorker(data);
    state.spawned++;
    const send = worker.send.bind(worker) as (msg: unknown) => boolean;
    worker.send = ((msg: { type?: string }) => {
      if (msg.type === 'embed' && state.kills > 0) {
        state.kills--;
        worker.kill('SIGKILL');
        return true;
      }
      return send(msg);
    }) as ChildProcess['send'];
    return worker;
  };
}

t.test('readiness is 503 until warm-up; a worker killed mid-batch is restarted and the batch retried; a batch that kills every time is a 503', async (t) => {
  const state = { kills: 1, spawned: 0 };
  const store = new SqliteStore({ path: ':memory:' });
  const app = createHttpServer(config, { name: 'embedding-test', logger: false });
  await app.register(configPlugin, { config });
  await app.register(healthPlugin);
  await app.register(storePlugin, { store });
  await app.register(embedderPlugin, { spawnWorker: killingSpawn(state), local: true });
  await app.register(embeddingApp);
  await app.ready();
  t.teardown(async () => {
    await app.close();
    await store.close();
  });

  const cold = await app.inject({ method: 'GET', url: '/readyz' });
  t.same({ status: cold.statusCode, body: cold.json() }, { status: 503, body: { ready: false, checks: { embedder: false } } });

  // Sent before the model is ready: it waits in the queue, its worker is killed, the retry succeeds.
  const [vector] = await app.embedder.embed(['数控车床操作']);
  t.equal(vector!.length, 512);
  t.ok(Math.abs(dot(vector!, vector!) - 1) < 1e-5);
  t.equal(state.spawned, 2, 'one restart');
  const warm = await app.inject({ method: 'GET', url: '/readyz' });
  t.equal(warm.statusCode, 200);

  state.kills = 2;
  const res = await app.inject({ method: 'POST', url: '/v1/embeddings', payload: { input: ['工业机器人运维'] } });
  t.same(
    { status: res.statusCode, body: res.json() },
    {
      status: 503,
      body: { statusCode: 503, code: 'EMBED_WORKER_FAILED', error: 'Service Unavailable', message: Errors.EMBED_WORKER_FAILED.message },
    },
  );
  t.equal(state.spawned, 4, 'restarted after each crash');

  const after = await app.inject({ method: 'POST', url: '/v1/embeddings', payload: { input: ['工业机器人运维'] } });
  t.equal(after.statusCode, 200, 'the pool works again once the poison is gone');
});

t.test('the vector cache outlives the process: after a restart, unchanged texts cost no inference', async (t) => {
  const restartConfig = testConfig({ EMBED_WORKERS: '1', DATA_DIR: t.testdir(), STORE_SYNCHRONOUS: 'NORMAL' });
  const start = async () => {
    const app = createHttpServer(restartConfig, { name: 'embedding-test', logger: false });
    await app.register(configPlugin, { config: restartConfig });
    await app.register(storePlugin);
    await app.register(embedderPlugin, { local: true });
    await app.ready();
    return app;
  };
  const texts = ['焊接机器人操作与编程', '老年护理与康复'];
  const first = await start();
  const before = await first.embedder.embed(texts);
  t.equal((first.embedder as LocalEmbedder).stats().inferredTexts, 2);
  await first.close(); // closes the embedder (writing its cache) before the store

  const second = await start();
  t.teardown(() => second.close());
  const after = await second.embedder.embedWithUsage(texts);
  const stats = (second.embedder as LocalEmbedder).stats();
  t.same({ inferred: stats.inferredTexts, hits: stats.cacheHits, tokens: after.promptTokens }, { inferred: 0, hits: 2, tokens: 0 });
  t.same(after.vectors.map((v) => Array.from(v)), before.map((v) => Array.from(v)));
});

t.test('a folder that is not the verified model stops the start with what to do', async (t) => {
  const dir = t.testdir({ 'config.json': '{}' });
  await t.rejects(createLocalEmbedder({ config: testConfig({ EMBEDDING_MODEL_DIR: dir }), cache: new SqliteStore({ path: ':memory:' }) }), {
    name: 'ModelUnavailableError',
    message: /config\.json: size.*onnx\/model_quantized\.onnx: missing.*pnpm model:fetch/s,
  });
});
