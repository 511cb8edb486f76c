/**
 * The console at `/`: built files with the right caching, the app's page for deep links, the API's
 * JSON 404 and 405 kept under /v1, a message page when the console is not built, and a CSP the
 * built app runs under. Uses a stand-in build in a temporary folder, so it does not depend on Vite.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { embeddedHost } from '@chanjiao/embedded-host';
import type { Embedder } from '@chanjiao/embedding';
import { authPlugin, configPlugin, consolePlugin, createHttpServer, Errors, hardeningPlugin, loadConfig } from '@chanjiao/platform';
import { SqliteStore, storePlugin } from '@chanjiao/store';
import { testConfig } from '../helpers/host.js';

const INDEX = '<!doctype html><html lang="zh-CN"><head><script type="module" crossorigin src="/assets/index-AbC123.js"></script></head><body><div id="app"></div></body></html>';

/** A temporary folder holding the stand-in build in `dist` (none when `dist` is null). */
function standInBuild(t: Test, dist: string | null): string {
  const dir = mkdtempSync(join(tmpdir(), 'chanjiao-console-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const consoleDir = join(dir, 'dist');
  if (dist !== null) {
    mkdirSync(join(consoleDir, 'assets'), { recursive: true });
    writeFileSync(join(consoleDir, 'index.html'), dist);
    writeFileSync(join(consoleDir, 'assets', 'index-AbC123.js'), 'console.log("产教匹配")');
    writeFileSync(join(consoleDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  }
  writeFileSync(join(dir, 'secret.txt'), 'not for the web');
  return dir;
}

async function host(t: Test, dist: string | null) {
  const dir = standInBuild(t, dist);
  const consoleDir = join(dir, 'dist');
  const config = loadConfig({ LOG_LEVEL: 'silent', CONSOLE_DIR: consoleDir });
  const store = new SqliteStore({ path: ':memory:' });
  const app = createHttpServer(config, { name: 'console-static-test', logger: false });
  await app.register(configPlugin, { config });
  await app.register(hardeningPlugin);
  await app.register(storePlugin, { store });
  await app.register(authPlugin);
  await app.register(consolePlugin);
  await app.ready();
  t.teardown(async () => {
    await app.close();
    await store.close();
  });
  return app;
}

t.test('/ and deep links get the app; assets are cached for good, the page is revalidated', async (t) => {
  const app = await host(t, INDEX);
  for (const url of ['/', '/hr/search', '/student/recommendations?tab=2', '/office/dashboard/']) {
    const res = await app.inject({ method: 'GET', url });
    t.same([res.statusCode, res.body, res.headers['cache-control']], [200, INDEX, 'no-cache'], url);
    t.match(res.headers['content-type'], /^text\/html/);
  }
  const js = await app.inject({ method: 'GET', url: '/assets/index-AbC123.js' });
  t.same([js.statusCode, js.body, js.headers['cache-control']], [200, 'console.log("产教匹配")', 'public, max-age=31536000, immutable']);
  t.match(js.headers['content-type'], /javascript/);
  const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
  t.same([icon.statusCode, icon.headers['cache-control']], [200, 'no-cache']);
  const head = await app.inject({ method: 'HEAD', url: '/hr/search' });
  t.equal(head.statusCode, 200);
});

t.test('the API keeps its JSON 404; a missing asset is a 404, not the app; nothing outside the build is served', async (t) => {
  const app = await host(t, INDEX);
  for (const url of ['/v1/no-such-route', '/v1', '/docs/nothing', '/assets/index-Gone99.js', '/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
    const res = await app.inject({ method: 'GET', url });
    t.same([res.statusCode, res.json().code], [404, 'ROUTE_NOT_FOUND'], url);
    t.notMatch(res.body, /not for the web/);
  }
  const post = await app.inject({ method: 'POST', url: '/hr/search', payload: {} });
  t.same([post.statusCode, post.json().code], [404, 'ROUTE_NOT_FOUND'], 'only GET and HEAD get the app');
  const bad = await app.inject({ method: 'GET', url: '/%E0%A4%A' });
  t.equal(bad.statusCode, 400, 'broken percent-encoding is a client error');
});

t.test('a CSP the built app runs under: same-origin scripts only, inline styles (Element Plus), data: images, same-origin fetch', async (t) => {
  const app = await host(t, INDEX);
  const res = await app.inject({ method: 'GET', url: '/' });
  const csp = Object.fromEntries(
    String(res.headers['content-security-policy'])
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values]),
  );
  t.same(csp['script-src'], ["'self'"]);
  t.same(csp['style-src'], ["'self'", "'unsafe-inline'"]);
  t.same(csp['img-src'], ["'self'", 'data:']);
  t.same(csp['connect-src'], ["'self'"]);
  t.same(csp['frame-ancestors'], ["'none'"]);
  t.notMatch(INDEX, /<script(?![^>]*\bsrc=)[^>]*>/, 'the stand-in page, like Vite’s, has no inline script');
});

t.test('without a build: a page that says how to build it (503); the API is unaffected', async (t) => {
  const app = await host(t, null);
  const res = await app.inject({ method: 'GET', url: '/' });
  t.equal(res.statusCode, 503);
  t.match(res.headers['content-type'], /^text\/html/);
  t.match(res.body, /控制台尚未构建/);
  t.match(res.body, /pnpm install/);
  t.match(res.body, /pnpm --filter @chanjiao\/console build/);
  const api = await app.inject({ method: 'GET', url: '/v1/nope' });
  t.same([api.statusCode, api.json().code], [404, 'ROUTE_NOT_FOUND']);
  const session = await app.inject({ method: 'GET', url: '/v1/session' });
  t.same([session.statusCode, session.json().code], [401, 'AUTH_SESSION_INVALID']);
});

t.test('the embedded host: every /v1 path asked with a method it does not take is a 405 naming those it does; the console keeps the rest', async (t) => {
  const dir = standInBuild(t, INDEX);
  const config = testConfig({ DATA_DIR: join(dir, 'data'), CONSOLE_DIR: join(dir, 'dist'), SEARCH_SNAPSHOT: 'false' });
  // No model: nothing here is searched, and the routes are the same without one.
  const embedder: Embedder = {
    model: 'none',
    dimensions: 512,
    isReady: () => true,
    close: async () => undefined,
    embed: async () => {
      throw new Error('not used');
    },
    embedWithUsage: async () => {
      throw new Error('not used');
    },
  };
  const store = new SqliteStore({ path: ':memory:' });
  const app = createHttpServer(config, { name: 'console-405-test', logger: false });
  await app.register(embeddedHost, { config, store, embedder, processMetrics: false });
  await app.ready();
  t.teardown(async () => {
    await app.close();
    await store.close();
  });

  // The obvious model: a path takes the methods of every /v1 route pattern it matches.
  const ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
  const patterns = app.accessRules().filter((r) => r.url.startsWith('/v1/'));
  const matcher = (pattern: string) => new RegExp(`^${pattern.replace(/:\w+/g, '[^/]+')}$`);
  const methodsOf = (path: string) => new Set(patterns.filter((r) => matcher(r.url).test(path)).map((r) => r.method));
  const paths = [...new Set(patterns.map((r) => r.url.replace(/:\w+/g, 'x1')))];
  t.ok(paths.length >= 30, `${paths.length} paths`);
  let posts = 0;
  for (const path of paths) {
    const methods = methodsOf(path);
    if (!methods.has('GET')) posts++;
    for (const method of ['GET', 'PATCH'].filter((m) => !methods.has(m))) {
      const allowed = ORDER.filter((m) => methods.has(m));
      const res = await app.inject({ method: method as 'GET' | 'PATCH', url: `${path}?lang=zh` });
      t.same(
        [res.statusCode, res.headers.allow, res.json()],
        [
          405,
          allowed.join(', '),
          { statusCode: 405, code: 'METHOD_NOT_ALLOWED', error: 'Method Not Allowed', message: Errors.METHOD_NOT_ALLOWED.message, details: { method, url: path, allowed } },
        ],
        `${method} ${path}`,
      );
    }
  }
  t.ok(posts >= 10, `${posts} paths take no GET: each answered the console's GET with a 405`);

  // What stays: the console's page for other paths, the JSON 404 for unknown API paths.
  const page = await app.inject({ method: 'GET', url: '/hr/search' });
  t.same([page.statusCode, page.body], [200, INDEX]);
  for (const url of ['/v1/no-such-route', '/v1', '/docs/nothing']) {
    const res = await app.inject({ method: 'GET', url });
    t.same([res.statusCode, res.json().code], [404, 'ROUTE_NOT_FOUND'], url);
  }
});
