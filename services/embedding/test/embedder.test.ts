/**
 * The real model, loaded through the config path users use (EMBEDDING_MODEL_DIR). One embedder
 * (one worker) serves the whole file: each model load costs seconds.
 */
import t from 'tap';
import { AppError, Errors, configPlugin, createHttpServer, healthPlugin } from '@chanjiao/platform';
import { SqliteStore } from '@chanjiao/store';
import { EmbeddingClient, createLocalEmbedder, type LocalEmbedder, embedderPlugin, embeddingApp, postText, studentText } from '@chanjiao/embedding';
import { contentHash, normalizeText, plainPipeline, type PlainEmbed, vectorFromBase64 } from '@chanjiao/embedding/internal';
import { cookPost, factory, javaPost, nursingStudent, plcPost, plcStudent, wardNursePost } from './fixtures.js';
import { dot, testConfig } from './helpers.js';

const config = testConfig({
  EMBED_WORKERS: '1',
  EMBED_MAX_BATCH: '8',
  EMBED_QUEUE_MAX: '64',
  EMBED_MAX_INPUTS: '16',
  EMBED_MAX_CHARS: '200',
  EMBED_MAX_WAIT_MS: '2',
});
const store = new SqliteStore({ path: ':memory:' });
let embedder: LocalEmbedder;

/** The plain transformers.js pipeline on the same folder: the obviously-right model of what the service computes. */
let plainVectors: PlainEmbed;
const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]!)), 0);

t.before(async () => {
  embedder = await createLocalEmbedder({ config, cache: store });
  t.equal(embedder.isReady(), false, 'not ready before the model has loaded and warmed up');
  await embedder.whenReady();
  plainVectors = await plainPipeline(config.EMBEDDING_MODEL_DIR);
});
t.teardown(async () => {
  await embedder.close();
  await store.close();
});

/** Texts nobody embedded before in this file, so they cost inference. */
let fresh = 0;
const freshTexts = (n: number) => Array.from({ length: n }, () => `第${++fresh}号测试文本：数控车床操作与维护`);

t.test('ready: 512-d unit vectors equal to the plain feature-extraction pipeline', async (t) => {
  t.equal(embedder.isReady(), true);
  t.equal(embedder.model, 'bge-small-zh-v1.5');
  t.equal(embedder.dimensions, 512);
  const texts = ['数控技术专业，熟悉fanuc系统', '护理', studentText(plcStudent)];
  const vectors = await embedder.embed(texts);
  t.same(vectors.map((v) => v.length), [512, 512, 512]);
  for (const v of vectors) t.ok(Math.abs(dot(v, v) - 1) < 1e-5, 'unit length');
  // The same three texts in one batch on both sides: int8 activations are scaled per batch.
  const expected = await plainVectors(texts.map(normalizeText));
  vectors.forEach((v, i) => t.ok(maxDiff(v, expected[i]!) < 1e-4, `text ${i} matches the plain pipeline`));
});

t.test('similarity ranks the matching post first', async (t) => {
  const posts = { plc: postText(plcPost, factory), cook: postText(cookPost), ward: postText(wardNursePost), java: postText(javaPost) };
  const names = Object.keys(posts);
  const postVectors = await embedder.embed(Object.values(posts));
  const [plcV, nurseV] = await embedder.embed([studentText(plcStudent), studentText(nursingStudent)]);
  const rank = (s: Float32Array) =>
    names.map((n, i) => ({ n, s: dot(s, postVectors[i]!) })).sort((a, b) => b.s - a.s).map((x) => x.n);
  t.same(rank(plcV!), ['plc', 'java', 'cook', 'ward'], 'the PLC/电气 student');
  t.equal(rank(nurseV!)[0], 'ward', 'the 护理 student: 病房护士 first');
  t.ok(dot(plcV!, postVectors[0]!) > dot(plcV!, postVectors[1]!), 'PLC post closer than the 烹饪 post');
  t.ok(dot(nurseV!, postVectors[2]!) > dot(nurseV!, postVectors[3]!), '病房护士 closer than Java');
});

t.test('Latin is lowercased: PLC, plc and full-width ＰＬＣ get the vector the model gives lowercase text', async (t) => {
  const [upper, lower, wide] = await embedder.embed(['PLC编程与调试', 'plc编程与调试', 'ＰＬＣ编程与调试']);
  t.same(Array.from(upper!), Array.from(lower!));
  t.same(Array.from(wide!), Array.from(lower!));
  // One text per call: int8 dynamic quantization scales activations per batch, so a vector
  // depends slightly on its batch neighbours (cosine ≈ 0.993); alone against alone is exact.
  const [rawLower] = await plainVectors(['plc编程与调试']);
  const [rawUpper] = await plainVectors(['PLC编程与调试']);
  t.ok(maxDiff(lower!, rawLower!) < 1e-4);
  t.ok(maxDiff(rawUpper!, rawLower!) > 1e-2, 'without lowercasing the model sees [UNK] and answers differently');
});

t.test('the cache: unchanged text costs no inference, within a process and in the store', async (t) => {
  const texts = freshTexts(2);
  const before = embedder.stats();
  const first = await embedder.embedWithUsage(texts);
  const mid = embedder.stats();
  t.equal(mid.inferredTexts - before.inferredTexts, 2);
  t.ok(first.promptTokens > 0);
  const again = await embedder.embedWithUsage([...texts, texts[0]!]);
  const after = embedder.stats();
  t.equal(after.inferredTexts, mid.inferredTexts, 'no inference');
  t.equal(after.batches, mid.batches, 'no batch');
  t.equal(after.cacheHits - mid.cacheHits, 3);
  t.equal(again.promptTokens, 0);
  t.same(again.vectors.map((v) => Array.from(v)), [...first.vectors, first.vectors[0]!].map((v) => Array.from(v)));
  await embedder.flushCache();
  const stored = await store.getVectors('bge-small-zh-v1.5', texts.map((x) => contentHash(normalizeText(x))));
  t.same(Array.from(stored.values()).map((v) => Array.from(v)), first.vectors.map((v) => Array.from(v)), 'persisted in the store');

  const student = studentText(plcStudent);
  const n = embedder.stats().inferredTexts;
  await embedder.embed([studentText({ ...plcStudent, updatedAt: '2027-01-01T00:00:00Z' })]);
  t.equal(embedder.stats().inferredTexts, n, 're-ingesting an unchanged student costs no inference');
  t.equal(student, studentText({ ...plcStudent, updatedAt: '2027-01-01T00:00:00Z' }));
});

t.test("query vectors (cache: 'memory') are cached in memory and never read from or written to the store", async (t) => {
  const [text] = freshTexts(1);
  const hash = contentHash(normalizeText(text!));
  const before = embedder.stats();
  const [first] = await embedder.embed([text!], { cache: 'memory' });
  const [again] = await embedder.embed([text!], { cache: 'memory' });
  const after = embedder.stats();
  t.equal(after.inferredTexts - before.inferredTexts, 1, 'the second call is answered from memory');
  t.equal(after.cacheHits - before.cacheHits, 1);
  t.same(Array.from(again!), Array.from(first!));
  await embedder.flushCache();
  t.equal((await store.getVectors('bge-small-zh-v1.5', [hash])).size, 0, 'not in the store');
  const [asRecord] = await embedder.embed([text!]);
  t.equal(embedder.stats().inferredTexts - after.inferredTexts, 1, 'the store cache does not see query vectors');
  t.same(Array.from(asRecord!), Array.from(first!));
});

t.test('concurrent calls with the same new text share one inference', async (t) => {
  const [text] = freshTexts(1);
  const before = embedder.stats();
  const [a, b] = await Promise.all([embedder.embed([text!]), embedder.embed([text!, text!])]);
  const after = embedder.stats();
  t.equal(after.inferredTexts - before.inferredTexts, 1);
  t.equal(after.shared - before.shared, 1);
  t.same(Array.from(b[0]!), Array.from(a[0]!));
  t.same(Array.from(b[1]!), Array.from(a[0]!));
});

t.test('a full queue refuses with 429 EMBED_QUEUE_FULL and Retry-After, and queues nothing of the refused call', async (t) => {
  const running = embedder.embed(freshTexts(60));
  while (embedder.stats().waiting === 0) await new Promise((r) => setImmediate(r));
  const waiting = embedder.stats().waiting;
  t.equal(waiting, 52, 'one batch of 8 runs, 52 wait');
  const err = await embedder.embed(freshTexts(13)).then(
    () => null,
    (e: unknown) => e,
  );
  t.ok(err instanceof AppError);
  const appErr = err as AppError;
  t.equal(appErr.code, 'EMBED_QUEUE_FULL');
  t.equal(appErr.statusCode, 429);
  t.match(appErr.headers, { 'retry-after': /^[1-9]\d*$/ });
  t.ok(embedder.stats().waiting <= waiting, 'nothing of the refused call was queued');
  t.equal((await running).length, 60, 'the queued call completes');
});

async function buildApp() {
  const app = createHttpServer(config, { name: 'embedding-test', logger: false });
  await app.register(configPlugin, { config });
  await app.register(healthPlugin);
  const { storePlugin } = await import('@chanjiao/store');
  await app.register(storePlugin, { store });
  await app.register(embedderPlugin, { embedder });
  await app.register(embeddingApp);
  await app.ready();
  return app;
}

t.test('POST /v1/embeddings: OpenAI-shaped reply; cached texts cost no tokens', async (t) => {
  const app = await buildApp();
  t.teardown(() => app.close());
  const res = await app.inject({ method: 'POST', url: '/v1/embeddings', payload: { input: '病房护士', model: 'bge-small-zh-v1.5' } });
  t.equal(res.statusCode, 200);
  const [vector] = await embedder.embed(['病房护士']);
  t.same(res.json(), {
    object: 'list',
    data: [{ object: 'embedding', index: 0, embedding: Array.from(vector!) }],
    model: 'bge-small-zh-v1.5',
    usage: { prompt_tokens: 6, total_tokens: 6 },
  });
  const again = await app.inject({ method: 'POST', url: '/v1/embeddings', payload: { input: ['病房护士'] } });
  t.same(again.json().usage, { prompt_tokens: 0, total_tokens: 0 });

  const b64 = await app.inject({
    method: 'POST',
    url: '/v1/embeddings',
    payload: { input: ['病房护士', 'PLC'], model: 'BAAI/bge-small-zh-v1.5', encoding_format: 'base64' },
  });
  t.equal(b64.statusCode, 200);
  const body = b64.json() as { data: Array<{ index: number; embedding: string }> };
  const [v0, v1] = await embedder.embed(['病房护士', 'PLC']);
  t.same(body.data.map((d) => d.index), [0, 1]);
  t.same(Array.from(vectorFromBase64(body.data[0]!.embedding)), Array.from(v0!));
  t.same(Array.from(vectorFromBase64(body.data[1]!.embedding)), Array.from(v1!));
});

t.test('POST /v1/embeddings: every bad input is a 400 with its code and fields', async (t) => {
  const app = await buildApp();
  t.teardown(() => app.close());
  const post = (payload: unknown) => app.inject({ method: 'POST', url: '/v1/embeddings', payload: payload as object });
  const error = (code: string, extra: object) => ({
    statusCode: 400,
    code,
    error: 'Bad Request',
    message: Errors[code as keyof typeof Errors].message,
    ...extra,
  });
  const cases: Array<[unknown, object]> = [
    [{ input: [] }, error('EMBED_INPUT_EMPTY', { fields: [{ path: 'body.input', message: 'an empty list' }] })],
    [{ input: '  ' }, error('EMBED_INPUT_EMPTY', { fields: [{ path: 'body.input', message: 'a blank text' }] })],
    [{ input: ['护理', ''] }, error('EMBED_INPUT_EMPTY', { fields: [{ path: 'body.input.1', message: 'a blank text' }] })],
    [
      { input: Array.from({ length: 17 }, (_, i) => `文本${i}`) },
      error('EMBED_TOO_MANY_INPUTS', {
        fields: [{ path: 'body.input', message: '17 texts, at most 16' }],
        details: { max: 16, got: 17 },
      }),
    ],
    [
      { input: ['短', '长'.repeat(201)] },
      error('EMBED_TEXT_TOO_LONG', {
        fields: [{ path: 'body.input.1', message: '201 characters, at most 200' }],
        details: { maxChars: 200 },
      }),
    ],
    [
      { input: 'x', model: 'text-embedding-3-small' },
      error('EMBED_MODEL_UNKNOWN', {
        fields: [{ path: 'body.model', message: 'this service embeds with bge-small-zh-v1.5' }],
        details: { model: 'bge-small-zh-v1.5' },
      }),
    ],
  ];
  for (const [payload, expected] of cases) {
    const res = await post(payload);
    t.same({ status: res.statusCode, body: res.json() }, { status: 400, body: expected }, JSON.stringify(payload).slice(0, 60));
  }
  // Wrong types fail the schema: the shared handler's REQUEST_VALIDATION_FAILED names the fields.
  for (const payload of [{ input: ['护理', 3] }, { input: 42 }, {}, { input: 'x', encoding_format: 'int8' }, { input: 'x', dimensions: 256 }]) {
    const res = await post(payload);
    t.equal(res.statusCode, 400, JSON.stringify(payload));
    const body = res.json() as { code: string; fields: Array<{ path: string }> };
    t.equal(body.code, 'REQUEST_VALIDATION_FAILED');
    t.ok(body.fields.length > 0 && body.fields.every((f) => f.path.startsWith('body')), 'fields name the body');
  }
  t.equal(embedder.stats().waiting, 0);
});

t.test('POST /v1/embeddings answers 429 with Retry-After when the queue is full', async (t) => {
  const app = await buildApp();
  t.teardown(() => app.close());
  const running = embedder.embed(freshTexts(60));
  while (embedder.stats().waiting === 0) await new Promise((r) => setImmediate(r));
  const res = await app.inject({ method: 'POST', url: '/v1/embeddings', payload: { input: freshTexts(16) } });
  t.equal(res.statusCode, 429);
  t.match(res.headers['retry-after'], /^[1-9]\d*$/);
  t.same(res.json(), {
    statusCode: 429,
    code: 'EMBED_QUEUE_FULL',
    error: 'Too Many Requests',
    message: Errors.EMBED_QUEUE_FULL.message,
    details: { retryAfterSeconds: Number(res.headers['retry-after']) },
  });
  await running;
});

t.test('readiness: /readyz reports the embedder', async (t) => {
  const app = await buildApp();
  t.teardown(() => app.close());
  const res = await app.inject({ method: 'GET', url: '/readyz' });
  t.same({ status: res.statusCode, body: res.json() }, { status: 200, body: { ready: true, checks: { embedder: true } } });
});

t.test('EmbeddingClient: same vectors over HTTP, chunked; service errors come back as the same codes', async (t) => {
  const app = await buildApp();
  t.teardown(() => app.close());
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const client = new EmbeddingClient({ baseUrl: url, maxInputs: 3, readinessIntervalMs: 0, retries: 0 });
  t.teardown(() => client.close());
  t.equal(client.isReady(), false, 'unknown until asked');
  t.equal(await client.checkReady(), true);
  const texts = ['护理', 'PLC编程', '中餐烹饪', '数控车床', 'java开发', '病房护士', '电工证'];
  const remote = await client.embed(texts);
  const local = await embedder.embed(texts);
  t.same(remote.map((v) => Array.from(v)), local.map((v) => Array.from(v)));
  const [queryOnly] = freshTexts(1);
  await client.embed([queryOnly!], { cache: 'memory' });
  await embedder.flushCache();
  t.equal((await store.getVectors('bge-small-zh-v1.5', [contentHash(normalizeText(queryOnly!))])).size, 0, 'a query sent over HTTP stays out of the store');

  const err = await client.embed(['护理', 'a', 'b', ' ']).then(
    () => null,
    (e: unknown) => e,
  );
  t.ok(err instanceof AppError);
  t.same(
    { code: (err as AppError).code, status: (err as AppError).statusCode, fields: (err as AppError).fields },
    { code: 'EMBED_INPUT_EMPTY', status: 400, fields: [{ path: 'body.input.3', message: 'a blank text' }] },
    'the failing index is the caller’s, not the chunk’s',
  );

  const down = new EmbeddingClient({ baseUrl: 'http://127.0.0.1:9', maxInputs: 8, readinessIntervalMs: 0, retries: 0 });
  await t.rejects(down.embed(['护理']), { code: 'EMBED_SERVICE_UNAVAILABLE', statusCode: 503 });
  t.equal(await down.checkReady(), false);
  await down.close();

  const garbage = new EmbeddingClient({
    baseUrl: url,
    maxInputs: 8,
    readinessIntervalMs: 0,
    fetch: async () => Response.json({ object: 'list', data: [{ object: 'embedding', index: 0, embedding: [1, 2] }], model: 'bge-small-zh-v1.5', usage: { prompt_tokens: 1, total_tokens: 1 } }),
  });
  await t.rejects(garbage.embed(['护理']), { code: 'EMBED_UPSTREAM_INVALID', statusCode: 502 }, 'a 2-d vector is refused');
  await garbage.close();
});
