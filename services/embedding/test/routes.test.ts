/**
 * POST /v1/embeddings in front of a stub embedder (no model needed): every bad input is refused
 * with its exact status and code before anything is embedded, including what the framework
 * refuses (a body that is not JSON, an unknown content type, a body over BODY_LIMIT_BYTES).
 * embedder.test.ts checks the same route with the real model.
 */
import t from 'tap';
import { Errors, configPlugin, createHttpServer, loadConfig } from '@chanjiao/platform';
import { SqliteStore, storePlugin } from '@chanjiao/store';
import { embedderPlugin, embeddingApp, type Embedder } from '@chanjiao/embedding';

const config = loadConfig({ EMBED_MAX_INPUTS: '4', EMBED_MAX_CHARS: '10', BODY_LIMIT_BYTES: '2048' });
const calls: string[][] = [];
const unit = () => Float32Array.from({ length: 512 }, (_, i) => (i === 0 ? 1 : 0));
const stub: Embedder = {
  model: 'bge-small-zh-v1.5',
  dimensions: 512,
  embed: async (texts) => texts.map(unit),
  embedWithUsage: async (texts) => {
    calls.push([...texts]);
    return { vectors: texts.map(unit), promptTokens: texts.length };
  },
  isReady: () => true,
  close: async () => undefined,
};

const store = new SqliteStore({ path: ':memory:' });
const app = createHttpServer(config, { name: 'embedding-routes-test', logger: false });
await app.register(configPlugin, { config });
await app.register(storePlugin, { store });
await app.register(embedderPlugin, { embedder: stub });
await app.register(embeddingApp);
await app.ready();
t.teardown(async () => {
  await app.close();
  await store.close();
});

const post = (payload: string, contentType = 'application/json') =>
  app.inject({ method: 'POST', url: '/v1/embeddings', headers: { 'content-type': contentType }, payload });

t.test('every bad input: exact status and code, and nothing reaches the embedder', async (t) => {
  const cases: Array<[name: string, body: string, contentType: string | undefined, status: number, code: string]> = [
    ['empty list', '{"input":[]}', undefined, 400, 'EMBED_INPUT_EMPTY'],
    ['blank text', '{"input":"  "}', undefined, 400, 'EMBED_INPUT_EMPTY'],
    ['blank item', '{"input":["护理",""]}', undefined, 400, 'EMBED_INPUT_EMPTY'],
    ['too many texts', JSON.stringify({ input: ['a', 'b', 'c', 'd', 'e'] }), undefined, 400, 'EMBED_TOO_MANY_INPUTS'],
    ['too long', JSON.stringify({ input: ['护'.repeat(11)] }), undefined, 400, 'EMBED_TEXT_TOO_LONG'],
    ['other model', '{"input":"x","model":"text-embedding-3-small"}', undefined, 400, 'EMBED_MODEL_UNKNOWN'],
    ['number in the list', '{"input":["护理",3]}', undefined, 400, 'REQUEST_VALIDATION_FAILED'],
    ['input a number', '{"input":42}', undefined, 400, 'REQUEST_VALIDATION_FAILED'],
    ['no input', '{}', undefined, 400, 'REQUEST_VALIDATION_FAILED'],
    ['body an array', '["护理"]', undefined, 400, 'REQUEST_VALIDATION_FAILED'],
    ['encoding_format', '{"input":"x","encoding_format":"int8"}', undefined, 400, 'REQUEST_VALIDATION_FAILED'],
    ['dimensions', '{"input":"x","dimensions":256}', undefined, 400, 'REQUEST_VALIDATION_FAILED'],
    ['malformed JSON', '{"input": ["护理"', undefined, 400, 'REQUEST_MALFORMED_JSON'],
    ['empty body', '', undefined, 400, 'REQUEST_MALFORMED_JSON'],
    // No route takes plain text: a 415 like any other type that is not JSON.
    ['text/plain', 'input=护理', 'text/plain', 415, 'REQUEST_UNSUPPORTED_MEDIA_TYPE'],
    ['another content type', '<input>护理</input>', 'application/xml', 415, 'REQUEST_UNSUPPORTED_MEDIA_TYPE'],
    ['over BODY_LIMIT_BYTES', JSON.stringify({ input: 'x'.repeat(4000) }), undefined, 413, 'REQUEST_BODY_TOO_LARGE'],
  ];
  for (const [name, body, contentType, status, code] of cases) {
    const res = await post(body, contentType);
    const reply = res.json() as { statusCode: number; code: string; message: string };
    t.same({ status: res.statusCode, statusCode: reply.statusCode, code: reply.code, message: reply.message }, { status, statusCode: status, code, message: Errors[code as keyof typeof Errors].message }, name);
  }
  t.same(calls, [], 'the embedder was never called');
});

t.test('the limits are the configured ones: at the limit it passes', async (t) => {
  const res = await post(JSON.stringify({ input: ['a', 'b', 'c', '护'.repeat(10)] }));
  t.equal(res.statusCode, 200);
  t.same(calls.at(-1), ['a', 'b', 'c', '护'.repeat(10)]);
  t.equal((res.json() as { data: unknown[] }).data.length, 4);
});
