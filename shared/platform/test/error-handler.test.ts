import t from 'tap';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { AppError, Errors, createHttpServer, loadConfig } from '@chanjiao/platform';

async function build() {
  const app = createHttpServer(loadConfig({ BODY_LIMIT_BYTES: '2048' }), { name: 'test', logger: false });
  app.post(
    '/things',
    { schema: { body: z.object({ name: z.string().min(1), count: z.number().int() }) } },
    async (req) => ({ ok: req.body.name }),
  );
  app.get('/boom', async () => {
    throw new Error('secret internal detail');
  });
  app.get('/busy', async () => {
    throw new AppError(Errors.RATE_LIMITED, { headers: { 'retry-after': '3' } });
  });
  await app.ready();
  return app;
}

t.test('validation failures name every failing field', async (t) => {
  const app = await build();
  t.teardown(() => app.close());
  const res = await app.inject({ method: 'POST', url: '/things', payload: { name: '', count: 1.5 } });
  t.equal(res.statusCode, 400);
  const body = res.json();
  t.equal(body.code, 'REQUEST_VALIDATION_FAILED');
  t.same(body.fields.map((f: { path: string }) => f.path).sort(), ['body.count', 'body.name']);
});

t.test('malformed JSON, oversize bodies, unknown routes and 5xx', async (t) => {
  const app = await build();
  t.teardown(() => app.close());
  const bad = await app.inject({ method: 'POST', url: '/things', headers: { 'content-type': 'application/json' }, payload: '{"name":' });
  t.equal(bad.statusCode, 400);
  t.equal(bad.json().code, 'REQUEST_MALFORMED_JSON');
  const big = await app.inject({ method: 'POST', url: '/things', payload: { name: 'x'.repeat(5000), count: 1 } });
  t.equal(big.statusCode, 413);
  t.equal(big.json().code, 'REQUEST_BODY_TOO_LARGE');
  const missing = await app.inject({ method: 'GET', url: '/nope?x=1' });
  t.equal(missing.statusCode, 404);
  t.same(missing.json(), {
    statusCode: 404,
    code: 'ROUTE_NOT_FOUND',
    error: 'Not Found',
    message: Errors.ROUTE_NOT_FOUND.message,
    details: { method: 'GET', url: '/nope' },
  });
  const boom = await app.inject({ method: 'GET', url: '/boom' });
  t.equal(boom.statusCode, 500);
  t.same(boom.json(), { statusCode: 500, code: 'INTERNAL', error: 'Internal Server Error', message: Errors.INTERNAL.message });
  t.notMatch(boom.body, /secret/);
  const busy = await app.inject({ method: 'GET', url: '/busy' });
  t.equal(busy.statusCode, 429);
  t.equal(busy.headers['retry-after'], '3');
  t.ok(busy.headers['x-request-id']);
});

t.test('__proto__ keys are dropped at the parser', async (t) => {
  const app = await build();
  t.teardown(() => app.close());
  const res = await app.inject({
    method: 'POST',
    url: '/things',
    headers: { 'content-type': 'application/json' },
    payload: '{"name":"a","count":1,"__proto__":{"polluted":true}}',
  });
  t.equal(res.statusCode, 200);
  t.equal(({} as Record<string, unknown>).polluted, undefined);
});

t.test("requests Node's parser refuses get REQUEST_INVALID naming the part that failed", async (t) => {
  const app = await build();
  t.teardown(() => app.close());
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  // Raw bytes over a socket: inject and fetch both refuse to send such requests.
  const send = (raw: string) =>
    new Promise<{ status: string; body: { code: string; fields: Array<{ path: string; message: string }> } }>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.end(raw));
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk) => (text += chunk));
      socket.on('error', reject);
      socket.on('close', () => {
        const [head = '', body = ''] = text.split('\r\n\r\n');
        resolve({ status: head.split('\r\n')[0] ?? '', body: JSON.parse(body) });
      });
    });
  const url = await send('GET /things?city=珠海 HTTP/1.1\r\nHost: a\r\n\r\n');
  t.match(url.status, / 400 /);
  t.equal(url.body.code, 'REQUEST_INVALID');
  t.equal(url.body.fields[0]!.path, 'url');
  t.match(url.body.fields[0]!.message, /percent-encoded/);
  const header = await send('GET /things HTTP/1.1\r\nHost: a\r\nX-Note: one\ntwo\r\n\r\n');
  t.equal(header.body.code, 'REQUEST_INVALID');
  t.equal(header.body.fields[0]!.path, 'headers', 'a bare line feed in a header is not blamed on the URL');
  t.notMatch(header.body.fields[0]!.message, /percent-encoded/);
  const token = await send('GET /things HTTP/1.1\r\nHost: a\r\nX Note: b\r\n\r\n');
  t.equal(token.body.fields[0]!.path, 'headers');
  const method = await send('GARBAGE\r\n\r\n');
  t.equal(method.body.code, 'REQUEST_INVALID');
  t.equal(method.body.fields[0]!.path, 'method');
});

t.test('an unknown field is named as its own path, and one issue on a path is said once', async (t) => {
  const app = createHttpServer(loadConfig(), { name: 'test', logger: false });
  app.post('/strict', { schema: { body: z.strictObject({ name: z.string(), year: z.union([z.number().int().max(2100), z.number().int().max(2100)]) }) } }, async () => ({}));
  await app.ready();
  t.teardown(() => app.close());
  const res = await app.inject({ method: 'POST', url: '/strict', payload: { name: 'x', year: 1e308, bogus: 1, other: 2 } });
  t.equal(res.statusCode, 400);
  const fields = res.json().fields as Array<{ path: string; message: string }>;
  t.same(fields.map((f) => f.path).sort(), ['body.bogus', 'body.other', 'body.year']);
  t.match(fields.find((f) => f.path === 'body.bogus')!.message, /unknown field "bogus"/);
});

t.test('a JSON body sent as text/plain is refused as an unsupported media type, like form data', async (t) => {
  const app = await build();
  t.teardown(() => app.close());
  for (const type of ['text/plain', 'text/plain; charset=utf-8', 'application/x-www-form-urlencoded']) {
    const res = await app.inject({ method: 'POST', url: '/things', headers: { 'content-type': type }, payload: '{"name":"a","count":1}' });
    t.equal(res.statusCode, 415, type);
    t.equal(res.json().code, 'REQUEST_UNSUPPORTED_MEDIA_TYPE', type);
  }
});

t.test('a known path asked with another method is a 405 naming the methods it takes; an unknown path stays a 404', async (t) => {
  const app = await build();
  t.teardown(() => app.close());
  const patch = await app.inject({ method: 'PATCH', url: '/things?x=1' });
  t.equal(patch.statusCode, 405);
  t.equal(patch.headers.allow, 'POST');
  t.same(patch.json().code, 'METHOD_NOT_ALLOWED');
  t.same(patch.json().details, { method: 'PATCH', url: '/things', allowed: ['POST'] });
  const get = await app.inject({ method: 'DELETE', url: '/boom/' });
  t.same([get.statusCode, get.headers.allow], [405, 'GET, HEAD'], 'a GET route answers HEAD too; a trailing slash is the same path');
  const missing = await app.inject({ method: 'PATCH', url: '/nothing-here' });
  t.same([missing.statusCode, missing.json().code], [404, 'ROUTE_NOT_FOUND']);
});

t.test('each failing field says it in English and in Chinese', async (t) => {
  const { z } = await import('zod');
  const { issuesToFields } = await import('../src/errors/zod-fields.js');
  const S = z.object({ label: z.string().min(1), role: z.enum(['hr', 'office']), n: z.number().int().max(5), tags: z.array(z.string()).min(1), id: z.string().regex(/^a/, 'id: starts with a / 编号须以 a 开头') }).strict();
  const r = S.safeParse({ label: '', role: 'x', n: 7, tags: [], id: 'b', extra: 1 });
  const fields = issuesToFields(r.error!.issues, 'body');
  const said = Object.fromEntries(fields.map((f) => [f.path, f.message]));
  t.match(said['body.label'], /^Too small.* \/ 不能为空$/);
  t.match(said['body.role'], / \/ 取值无效，可选：hr、office$/);
  t.match(said['body.n'], / \/ 不能大于 5$/);
  t.match(said['body.tags'], / \/ 至少 1 项$/);
  t.equal(said['body.id'], 'id: starts with a / 编号须以 a 开头', "a schema's own message is kept as it is");
  t.equal(said['body.extra'], 'unknown field "extra" / 未知字段「extra」');
});
