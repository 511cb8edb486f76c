/** /docs can authenticate: the OpenAPI document declares the schemes, and every keyed route requires one. */
import t from 'tap';
import { authPlugin, configPlugin, createHttpServer, docsPlugin, keyAdminRoutes, loadConfig } from '@chanjiao/platform';
import { SqliteStore, storePlugin } from '@chanjiao/store';

const config = loadConfig({ LOG_LEVEL: 'silent' });
const store = new SqliteStore({ path: ':memory:' });
const app = createHttpServer(config, { name: 'openapi-test', logger: false });
await app.register(configPlugin, { config });
await app.register(docsPlugin, { title: 'test' });
await app.register(storePlugin, { store });
await app.register(authPlugin);
await app.register(keyAdminRoutes);
await app.ready();
t.teardown(async () => {
  await app.close();
  await store.close();
});

t.test('securitySchemes: bearer key, x-api-key, the session cookie with its CSRF header', async (t) => {
  const spec = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
  const schemes = spec.components.securitySchemes;
  t.same(Object.keys(schemes).sort(), ['apiKeyHeader', 'bearerKey', 'csrfToken', 'sessionCookie']);
  t.same([schemes.bearerKey.type, schemes.bearerKey.scheme], ['http', 'bearer']);
  t.same([schemes.apiKeyHeader.in, schemes.apiKeyHeader.name], ['header', 'x-api-key']);
  t.same([schemes.sessionCookie.in, schemes.sessionCookie.name], ['cookie', 'cj_session']);
  t.same([schemes.csrfToken.in, schemes.csrfToken.name], ['header', 'x-csrf-token']);
});

t.test('keyed routes require a scheme; public ones do not', async (t) => {
  const spec = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
  const keyed = [{ bearerKey: [] }, { apiKeyHeader: [] }, { sessionCookie: [], csrfToken: [] }];
  t.same(spec.paths['/v1/admin/keys'].get.security, keyed);
  t.same(spec.paths['/v1/admin/keys/{keyId}'].delete.security, keyed);
  t.equal(spec.paths['/v1/session'].post.security, undefined, 'sign-in needs no key');
  const ui = await app.inject({ method: 'GET', url: '/docs' });
  t.same([ui.statusCode, String(ui.headers['content-type']).split(';')[0]], [200, 'text/html'], 'Swagger UI is served');
});
