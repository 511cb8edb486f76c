import { connect } from 'node:net';
import t from 'tap';
import { Errors } from '@chanjiao/platform';
import { buildSecuredApp } from './helpers/security-app.js';

const CSP =
  "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'none';" +
  "img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';connect-src 'self'";

/** Bytes written to the server as they are (no client to fix them up), and everything it answers until it closes. */
function rawRequest(port: number, request: string | Buffer): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

t.test('rate limit: per key, 429 RATE_LIMITED with Retry-After; probes are never limited', async (t) => {
  const { app } = await buildSecuredApp({ RATE_LIMIT_MAX: '2', RATE_LIMIT_WINDOW_MS: '60000' });
  t.teardown(() => app.close());
  const a = (await app.apiKeys.create({ role: 'hr', scope: { enterpriseId: 'E1' }, label: 'a' })).key;
  const b = (await app.apiKeys.create({ role: 'hr', scope: { enterpriseId: 'E2' }, label: 'b' })).key;
  const search = (key: string) =>
    app.inject({ method: 'POST', url: '/v1/search', headers: { authorization: `Bearer ${key}` }, payload: { query: 'x' } });
  const first = await search(a);
  t.same([first.statusCode, first.headers['x-ratelimit-limit'], first.headers['x-ratelimit-remaining']], [200, '2', '1']);
  t.equal((await search(a)).statusCode, 200);
  const limited = await search(a);
  t.equal(limited.statusCode, 429);
  t.same(limited.json(), {
    statusCode: 429,
    code: 'RATE_LIMITED',
    error: 'Too Many Requests',
    message: Errors.RATE_LIMITED.message,
    details: { limit: 2, windowMs: 60000 },
  });
  t.equal(limited.headers['retry-after'], '60');
  t.equal((await search(b)).statusCode, 200, 'another key has its own bucket');
  // Without a key the bucket is the client address.
  const open = [];
  for (let i = 0; i < 3; i++) open.push((await app.inject({ method: 'GET', url: '/v1/open' })).statusCode);
  t.same(open, [200, 200, 429]);
  const probes = [];
  for (let i = 0; i < 5; i++) probes.push((await app.inject({ method: 'GET', url: '/healthz' })).statusCode);
  t.same(probes, [200, 200, 200, 200, 200]);
});

t.test('RATE_LIMIT_MAX=0 switches the limiter off', async (t) => {
  const { app } = await buildSecuredApp({ RATE_LIMIT_MAX: '0' });
  t.teardown(() => app.close());
  const codes = [];
  for (let i = 0; i < 5; i++) codes.push((await app.inject({ method: 'GET', url: '/v1/open' })).statusCode);
  t.same(codes, [200, 200, 200, 200, 200]);
  t.equal((await app.inject({ method: 'GET', url: '/v1/open' })).headers['x-ratelimit-limit'], undefined);
});

t.test('CORS: no cross-origin access unless the origin is configured', async (t) => {
  const closed = await buildSecuredApp();
  t.teardown(() => closed.app.close());
  const res = await closed.app.inject({ method: 'GET', url: '/v1/open', headers: { origin: 'https://evil.example' } });
  t.equal(res.statusCode, 200);
  t.equal(res.headers['access-control-allow-origin'], undefined);

  const { app } = await buildSecuredApp({ CORS_ORIGINS: 'https://hr.example.cn,https://office.example.cn' });
  t.teardown(() => app.close());
  const allowed = await app.inject({ method: 'GET', url: '/v1/open', headers: { origin: 'https://hr.example.cn' } });
  t.equal(allowed.headers['access-control-allow-origin'], 'https://hr.example.cn');
  t.equal(allowed.headers['access-control-expose-headers'], 'x-request-id, retry-after, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset, content-disposition');
  const other = await app.inject({ method: 'GET', url: '/v1/open', headers: { origin: 'https://evil.example' } });
  t.equal(other.headers['access-control-allow-origin'], undefined);
  // A preflight carries no key: it is answered before authentication.
  const preflight = await app.inject({
    method: 'OPTIONS',
    url: '/v1/search',
    headers: { origin: 'https://hr.example.cn', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
  });
  t.equal(preflight.statusCode, 204);
  t.same(
    [preflight.headers['access-control-allow-origin'], preflight.headers['access-control-allow-methods'], preflight.headers['access-control-allow-headers'], preflight.headers['access-control-max-age']],
    ['https://hr.example.cn', 'GET, HEAD, POST, PUT, PATCH, DELETE', 'authorization, x-api-key, content-type, x-request-id', '600'],
  );
  const badPreflight = await app.inject({
    method: 'OPTIONS',
    url: '/v1/search',
    headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
  });
  t.equal(badPreflight.headers['access-control-allow-origin'], undefined);
  t.equal(badPreflight.statusCode, 204);
});

t.test('security headers on every reply, errors included', async (t) => {
  const { app } = await buildSecuredApp();
  t.teardown(() => app.close());
  for (const url of ['/v1/open', '/v1/undeclared', '/nothing']) {
    const res = await app.inject({ method: 'GET', url });
    t.equal(res.headers['content-security-policy'], CSP, url);
    t.equal(res.headers['x-content-type-options'], 'nosniff', url);
    t.equal(res.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains', url);
    t.equal(res.headers['x-frame-options'], 'SAMEORIGIN', url);
    t.equal(res.headers['referrer-policy'], 'no-referrer', url);
    t.equal(res.headers['x-powered-by'], undefined, url);
    t.ok(res.headers['x-request-id'], url);
  }
});

t.test('Swagger UI works under the CSP: public, and its page loads only same-origin scripts', async (t) => {
  const { app } = await buildSecuredApp({}, undefined, { docs: true });
  t.teardown(() => app.close());
  const page = await app.inject({ method: 'GET', url: '/docs' });
  t.equal(page.statusCode, 200);
  t.equal(page.headers['content-security-policy'], CSP);
  const scripts = [...page.body.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
  t.ok(scripts.length > 0);
  for (const [, attrs, inline] of scripts) {
    const src = /src="(\/docs\/static\/[\w.-]+\.js)"/.exec(attrs!)?.[1];
    t.ok(src, `same-origin script file: ${attrs}`);
    t.equal(inline!.trim(), '', 'no inline script');
    t.equal((await app.inject({ method: 'GET', url: src! })).statusCode, 200, String(src));
  }
  const spec = await app.inject({ method: 'GET', url: '/docs/json' });
  t.equal(spec.statusCode, 200);
  const paths = spec.json().paths;
  t.equal(paths['/v1/admin/keys/{keyId}'].delete.description, 'Errors: 400 REQUEST_VALIDATION_FAILED, 404 AUTH_KEY_NOT_FOUND.\n\nAccess: an API key of role admin. Auth errors: 401 AUTH_MISSING_KEY, 401 AUTH_INVALID_KEY, 403 AUTH_FORBIDDEN_ROLE.');
  t.equal(paths['/v1/search'].post.description, 'Access: an API key of role hr, admin. Auth errors: 401 AUTH_MISSING_KEY, 401 AUTH_INVALID_KEY, 403 AUTH_FORBIDDEN_ROLE.');
  t.equal(paths['/v1/open'].get.description, undefined);
  t.same(Object.keys(spec.json().paths).sort(), ['/v1/admin/keys', '/v1/admin/keys/{keyId}', '/v1/enterprises/{enterpriseId}/shortlists', '/v1/open', '/v1/search', '/v1/session', '/v1/students/{studentId}/recommendations', '/v1/undeclared']);
});

t.test('hostile URLs refused by the router get a catalogue error reply too', async (t) => {
  const { app } = await buildSecuredApp();
  t.teardown(() => app.close());
  for (const [url, problem] of [
    ['/v1/enterprises/%ZZ/shortlists', 'the path has invalid percent-encoding'],
    ['/v1/enterprises/%E0%A4%A/shortlists?x=1', 'the path has invalid percent-encoding'],
    [`/v1/enterprises/${'e'.repeat(500)}/shortlists`, 'a path parameter is too long'],
  ] as const) {
    const res = await app.inject({ method: 'GET', url });
    t.equal(res.statusCode, 400, url);
    t.same(res.json(), {
      statusCode: 400,
      code: 'REQUEST_INVALID',
      error: 'Bad Request',
      message: Errors.REQUEST_INVALID.message,
      fields: [{ path: 'url', message: problem }],
    });
    t.ok(res.headers['x-request-id'], 'request id');
  }
});

t.test('a URL the HTTP parser refuses (raw Chinese in a hand-typed query) gets a catalogue error reply', async (t) => {
  const { app } = await buildSecuredApp();
  t.teardown(() => app.close());
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const raw = await rawRequest(port, Buffer.from('GET /v1/reports/shortage-catalogue?city=珠海市&year=2027 HTTP/1.1\r\nHost: localhost\r\n\r\n', 'utf8'));
  t.match(raw, /^HTTP\/1\.1 400 /);
  const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)) as { code: string; fields: Array<{ path: string; message: string }> };
  t.equal(body.code, 'REQUEST_INVALID');
  t.equal(body.fields[0]?.path, 'url');
  t.match(body.fields[0]?.message, /percent-encoded/);
});

t.test('a query string with broken percent-encoding is refused, not read as text nobody sent', async (t) => {
  const { app } = await buildSecuredApp();
  t.teardown(() => app.close());
  for (const url of ['/v1/open?city=%E7%81', '/v1/open?city=%ZZ', '/v1/open?a=1&city=%', '/v1/undeclared?x=%C3%28']) {
    const res = await app.inject({ method: 'GET', url });
    t.equal(res.statusCode, 400, url);
    t.same(res.json().fields, [{ path: 'url', message: 'the query string has invalid percent-encoding (each % must start a UTF-8 byte as two hex digits)' }], url);
    t.equal(res.json().code, 'REQUEST_INVALID');
  }
  const ok = await app.inject({ method: 'GET', url: '/v1/open?city=%E7%8F%A0%E6%B5%B7%E5%B8%82&q=a+b%20c' });
  t.equal(ok.statusCode, 200, 'well-formed encoding, Chinese and + for a space, passes');
});

t.test('over-large request headers get the catalogue shape (431 REQUEST_HEADERS_TOO_LARGE), not the framework default', async (t) => {
  const { app } = await buildSecuredApp();
  t.teardown(() => app.close());
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const raw = await rawRequest(port, `GET /v1/open/${'A'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
  t.match(raw, /^HTTP\/1\.1 431 /);
  const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)) as { code: string; statusCode: number; fields: Array<{ path: string }> };
  t.equal(body.code, 'REQUEST_HEADERS_TOO_LARGE');
  t.equal(body.statusCode, 431);
  t.equal(body.fields[0]?.path, 'headers');
});
