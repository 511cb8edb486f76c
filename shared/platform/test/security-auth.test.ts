import { createHash } from 'node:crypto';
import t from 'tap';
import { API_KEY_COLLECTION, ApiKeyService, Errors, createDemoKeys } from '@chanjiao/platform';
import { MemoryDocumentStore, buildSecuredApp } from './helpers/security-app.js';

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

async function setup(t: { teardown(fn: () => unknown): void }) {
  const built = await buildSecuredApp();
  t.teardown(() => built.app.close());
  const keys = built.app.apiKeys;
  const mk = async (role: 'operator' | 'hr' | 'student' | 'office' | 'admin', scope = {}) =>
    (await keys.create({ role, scope, label: `${role} test` })).key;
  return {
    ...built,
    admin: await mk('admin'),
    office: await mk('office'),
    hrE1: await mk('hr', { enterpriseId: 'E1' }),
    studentS1: await mk('student', { studentId: 'S1' }),
    operatorSchool: await mk('operator', { schoolId: 'SCH1' }),
  };
}

t.test('keys are stored hashed: the plaintext key is nowhere in the store', async (t) => {
  const store = new MemoryDocumentStore();
  const keys = new ApiKeyService(store);
  const created = await keys.create({ role: 'hr', scope: { enterpriseId: 'E1' }, label: 'HR of E1' });
  t.match(created.key, /^cjk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
  // The secret is everything after `cjk_<16 hex>_` (base64url: it may itself hold '_').
  const secret = created.key.slice('cjk_'.length + 16 + 1);
  t.equal(secret.length, 43);
  const dump = [...store.docs.values()].join('\n');
  t.notOk(dump.includes(created.key), 'no plaintext key');
  t.notOk(dump.includes(secret), 'no secret part');
  const doc = await store.getDocument<Record<string, unknown>>(API_KEY_COLLECTION, created.keyId);
  t.same(doc?.value, {
    keyId: created.keyId,
    secretHash: createHash('sha256').update(created.key).digest('hex'),
    role: 'hr',
    scope: { enterpriseId: 'E1' },
    label: 'HR of E1',
    createdAt: created.createdAt,
    revokedAt: null,
  });
  t.same(await keys.resolve(created.key), { keyId: created.keyId, role: 'hr', scope: { enterpriseId: 'E1' }, label: 'HR of E1' });
  // Right key id, wrong secret.
  t.equal(await keys.resolve(`cjk_${created.keyId}_${'A'.repeat(43)}`), null);
});

t.test('a key needs the scope its role needs', async (t) => {
  const keys = new ApiKeyService(new MemoryDocumentStore());
  const cases: Array<[Parameters<ApiKeyService['create']>[0], string[]]> = [
    [{ role: 'hr', scope: {}, label: 'x' }, ['scope']],
    [{ role: 'hr', scope: { enterpriseId: 'E1', studentId: 'S1' }, label: 'x' }, ['scope.studentId']],
    [{ role: 'operator', scope: { schoolId: 'A', enterpriseId: 'B' }, label: 'x' }, ['scope']],
    [{ role: 'student', scope: { schoolId: 'A' }, label: 'x' }, ['scope.schoolId', 'scope']],
    [{ role: 'admin', scope: { enterpriseId: 'E1' }, label: 'x' }, ['scope.enterpriseId']],
    [{ role: 'office', scope: {}, label: ' ' }, ['label']],
  ];
  for (const [request, paths] of cases) {
    const err = await keys.create(request).then(
      () => null,
      (e: unknown) => e as { code: string; fields: Array<{ path: string }> },
    );
    t.equal(err?.code, 'REQUEST_VALIDATION_FAILED', JSON.stringify(request));
    t.same(err?.fields.map((f) => f.path), paths, JSON.stringify(request));
  }
});

t.test('no key, a bad key, a revoked key: 401 with a code and WWW-Authenticate', async (t) => {
  const { app, hrE1 } = await setup(t);
  const missing = await app.inject({ method: 'POST', url: '/v1/search', payload: { query: 'PLC' } });
  t.equal(missing.statusCode, 401);
  t.same(missing.json(), { statusCode: 401, code: 'AUTH_MISSING_KEY', error: 'Unauthorized', message: Errors.AUTH_MISSING_KEY.message });
  t.equal(missing.headers['www-authenticate'], 'Bearer realm="chanjiao"');
  for (const headers of [
    bearer('nonsense'),
    bearer(`cjk_0123456789abcdef_${'x'.repeat(43)}`),
    bearer(hrE1.slice(0, -1) + (hrE1.endsWith('A') ? 'B' : 'A')),
    { authorization: `Basic ${hrE1}` },
    { 'x-api-key': 'cjk_nope' },
  ]) {
    const res = await app.inject({ method: 'POST', url: '/v1/search', headers, payload: { query: 'PLC' } });
    t.equal(res.statusCode, 401, JSON.stringify(headers));
    t.same(res.json(), { statusCode: 401, code: 'AUTH_INVALID_KEY', error: 'Unauthorized', message: Errors.AUTH_INVALID_KEY.message });
  }
  // The body is not read before the key is checked: a malformed body still gets 401.
  const early = await app.inject({ method: 'POST', url: '/v1/search', headers: { 'content-type': 'application/json' }, payload: '{"query":' });
  t.equal(early.json().code, 'AUTH_MISSING_KEY');
});

t.test('roles: allowed and denied with the exact status and code; x-api-key works too', async (t) => {
  const { app, hrE1, admin, office, studentS1 } = await setup(t);
  const ok = await app.inject({ method: 'POST', url: '/v1/search', headers: bearer(hrE1), payload: { query: 'PLC' } });
  t.equal(ok.statusCode, 200);
  t.same(ok.json(), { role: 'hr', query: 'PLC' });
  const viaHeader = await app.inject({ method: 'POST', url: '/v1/search', headers: { 'x-api-key': admin }, payload: { query: '电工' } });
  t.same([viaHeader.statusCode, viaHeader.json()], [200, { role: 'admin', query: '电工' }]);
  for (const [key, role] of [
    [office, 'office'],
    [studentS1, 'student'],
  ] as const) {
    const res = await app.inject({ method: 'POST', url: '/v1/search', headers: bearer(key), payload: { query: 'PLC' } });
    t.equal(res.statusCode, 403);
    t.same(res.json(), {
      statusCode: 403,
      code: 'AUTH_FORBIDDEN_ROLE',
      error: 'Forbidden',
      message: Errors.AUTH_FORBIDDEN_ROLE.message,
      details: { role, allowed: ['hr', 'admin'] },
    });
  }
  // HEAD routes fastify adds for GET carry the same rule.
  const head = await app.inject({ method: 'HEAD', url: '/v1/students/S1/recommendations' });
  t.equal(head.statusCode, 401);
});

t.test('default deny: a route that declares no access is closed, even to admin', async (t) => {
  const { app, admin } = await setup(t);
  for (const headers of [{}, bearer(admin)]) {
    const res = await app.inject({ method: 'GET', url: '/v1/undeclared', headers });
    t.equal(res.statusCode, 403);
    t.same(res.json(), {
      statusCode: 403,
      code: 'AUTH_ROUTE_NOT_DECLARED',
      error: 'Forbidden',
      message: Errors.AUTH_ROUTE_NOT_DECLARED.message,
      details: { method: 'GET', route: '/v1/undeclared' },
    });
  }
  const open = await app.inject({ method: 'GET', url: '/v1/open' });
  t.same([open.statusCode, open.json()], [200, { open: true }]);
  const health = await app.inject({ method: 'GET', url: '/healthz' });
  t.same([health.statusCode, health.json()], [200, { status: 'ok' }]);
  const ready = await app.inject({ method: 'GET', url: '/readyz' });
  t.equal(ready.statusCode, 200);
  const unknown = await app.inject({ method: 'GET', url: '/v1/nothing-here' });
  t.same([unknown.statusCode, unknown.json().code], [404, 'ROUTE_NOT_FOUND']);
});

t.test('scope: HR reads only its enterprise, a student only themself, the office everyone', async (t) => {
  const { app, hrE1, office, studentS1, operatorSchool } = await setup(t);
  const get = (url: string, key: string) => app.inject({ method: 'GET', url, headers: bearer(key) });
  const own = await get('/v1/enterprises/E1/shortlists', hrE1);
  t.same([own.statusCode, own.json()], [200, { enterpriseId: 'E1', shortlists: [] }]);
  const other = await get('/v1/enterprises/E2/shortlists', hrE1);
  t.equal(other.statusCode, 403);
  t.same(other.json(), {
    statusCode: 403,
    code: 'AUTH_FORBIDDEN_SCOPE',
    error: 'Forbidden',
    message: Errors.AUTH_FORBIDDEN_SCOPE.message,
    details: { role: 'hr' },
  });
  t.equal((await get('/v1/enterprises/E2/shortlists', office)).statusCode, 200);
  t.equal((await get('/v1/students/S1/recommendations', studentS1)).statusCode, 200);
  const notMe = await get('/v1/students/S2/recommendations', studentS1);
  t.same([notMe.statusCode, notMe.json().code], [403, 'AUTH_FORBIDDEN_SCOPE']);
  t.equal((await get('/v1/students/S2/recommendations', office)).statusCode, 200);
  const wrongRole = await get('/v1/students/S1/recommendations', operatorSchool);
  t.same([wrongRole.statusCode, wrongRole.json().code], [403, 'AUTH_FORBIDDEN_ROLE']);
});

t.test('key admin routes: create shows the key once, list never does, revoke works at once', async (t) => {
  const { app, admin, hrE1 } = await setup(t);
  const created = await app.inject({
    method: 'POST',
    url: '/v1/admin/keys',
    headers: bearer(admin),
    payload: { role: 'operator', scope: { enterpriseId: 'E9' }, label: '园区 operator' },
  });
  t.equal(created.statusCode, 201);
  const body = created.json();
  t.same(Object.keys(body).sort(), ['createdAt', 'key', 'keyId', 'label', 'revokedAt', 'role', 'scope']);
  t.same({ ...body, key: undefined, keyId: undefined, createdAt: undefined }, {
    role: 'operator',
    scope: { enterpriseId: 'E9' },
    label: '园区 operator',
    revokedAt: null,
  });

  const list = await app.inject({ method: 'GET', url: '/v1/admin/keys', headers: bearer(admin) });
  t.equal(list.statusCode, 200);
  const keys = list.json().keys as Array<Record<string, unknown>>;
  t.equal(keys.length, 6);
  t.same(keys.find((k) => k.keyId === body.keyId), { keyId: body.keyId, role: 'operator', scope: { enterpriseId: 'E9' }, label: '园区 operator', createdAt: body.createdAt, revokedAt: null });
  t.notOk(list.body.includes('secretHash') || list.body.includes('cjk_'), 'no secret or hash in the list');

  const bad = await app.inject({ method: 'POST', url: '/v1/admin/keys', headers: bearer(admin), payload: { role: 'hr', label: 'no scope' } });
  t.equal(bad.statusCode, 400);
  t.same([bad.json().code, bad.json().fields.map((f: { path: string }) => f.path)], ['REQUEST_VALIDATION_FAILED', ['body.scope']]);

  const notAdmin = await app.inject({ method: 'GET', url: '/v1/admin/keys', headers: bearer(hrE1) });
  t.same([notAdmin.statusCode, notAdmin.json().code], [403, 'AUTH_FORBIDDEN_ROLE']);

  const hrKeyId = hrE1.split('_')[1]!;
  t.equal((await app.inject({ method: 'POST', url: '/v1/search', headers: bearer(hrE1), payload: { query: 'a' } })).statusCode, 200);
  const revoked = await app.inject({ method: 'DELETE', url: `/v1/admin/keys/${hrKeyId}`, headers: bearer(admin) });
  t.equal(revoked.statusCode, 200);
  t.equal(revoked.json().keyId, hrKeyId);
  t.match(revoked.json().revokedAt, /^\d{4}-\d\d-\d\dT/);
  const after = await app.inject({ method: 'POST', url: '/v1/search', headers: bearer(hrE1), payload: { query: 'a' } });
  t.same([after.statusCode, after.json().code], [401, 'AUTH_INVALID_KEY']);
  const again = await app.inject({ method: 'DELETE', url: `/v1/admin/keys/${hrKeyId}`, headers: bearer(admin) });
  t.same([again.statusCode, again.json().revokedAt], [200, revoked.json().revokedAt]);

  const unknown = await app.inject({ method: 'DELETE', url: '/v1/admin/keys/0000000000000000', headers: bearer(admin) });
  t.same(unknown.json(), {
    statusCode: 404,
    code: 'AUTH_KEY_NOT_FOUND',
    error: 'Not Found',
    message: Errors.AUTH_KEY_NOT_FOUND.message,
    details: { keyId: '0000000000000000' },
  });
  const badId = await app.inject({ method: 'DELETE', url: '/v1/admin/keys/nope', headers: bearer(admin) });
  t.same([badId.statusCode, badId.json().code], [400, 'REQUEST_VALIDATION_FAILED']);
});

t.test('lookups are cached; a revocation by another process counts once the TTL is over', async (t) => {
  const store = new MemoryDocumentStore();
  let now = 1_000_000;
  let reads = 0;
  const counting: typeof store = Object.assign(Object.create(store), {
    getDocument: (c: string, id: string) => {
      reads++;
      return store.getDocument(c, id);
    },
  });
  const here = new ApiKeyService(counting, { cacheTtlMs: 5_000, now: () => now });
  const elsewhere = new ApiKeyService(store);
  const { key, keyId } = await here.create({ role: 'office', label: 'office' });
  t.ok(await here.resolve(key));
  t.ok(await here.resolve(key));
  t.equal(reads, 1, 'second lookup served from the cache');
  await elsewhere.revoke(keyId);
  now += 4_999;
  t.ok(await here.resolve(key), 'still cached');
  now += 2;
  t.equal(await here.resolve(key), null, 'revocation seen after the TTL');
  t.equal(reads, 2);
});

t.test('demo keys: one per role; a new demo start revokes the old ones', async (t) => {
  const keys = new ApiKeyService(new MemoryDocumentStore());
  const scopes = { schoolId: 'SCH001', enterpriseId: 'ENT001', studentId: 'STU000001' };
  const first = await createDemoKeys(keys, scopes);
  t.same(
    first.map((k) => [k.role, k.scope, k.label]),
    [
      ['operator', { schoolId: 'SCH001' }, 'demo operator'],
      ['hr', { enterpriseId: 'ENT001' }, 'demo hr'],
      ['student', { studentId: 'STU000001' }, 'demo student'],
      ['office', {}, 'demo office'],
      ['admin', {}, 'demo admin'],
    ],
  );
  const second = await createDemoKeys(keys, scopes);
  for (const k of first) t.equal(await keys.resolve(k.key), null, `old ${k.role} key revoked`);
  for (const k of second) t.equal((await keys.resolve(k.key))?.role, k.role);
});

t.test('accessRules lists every route with the rule the plugin enforces', async (t) => {
  const { app } = await setup(t);
  const rules = app.accessRules().filter((r) => r.method !== 'HEAD');
  t.same(rules, [
    // Signing in to the console exchanges a key for a session: these routes check the key themselves.
    { method: 'POST', url: '/v1/session', access: 'public' },
    { method: 'GET', url: '/v1/session', access: 'public' },
    { method: 'DELETE', url: '/v1/session', access: 'public' },
    { method: 'GET', url: '/healthz', access: 'public' },
    { method: 'GET', url: '/readyz', access: 'public' },
    { method: 'POST', url: '/v1/admin/keys', access: { roles: ['admin'] } },
    { method: 'GET', url: '/v1/admin/keys', access: { roles: ['admin'] } },
    { method: 'DELETE', url: '/v1/admin/keys/:keyId', access: { roles: ['admin'] } },
    { method: 'GET', url: '/v1/open', access: 'public' },
    { method: 'GET', url: '/v1/undeclared', access: 'closed' },
    { method: 'POST', url: '/v1/search', access: { roles: ['hr', 'admin'] } },
    { method: 'GET', url: '/v1/enterprises/:enterpriseId/shortlists', access: { roles: ['hr', 'office'] } },
    { method: 'GET', url: '/v1/students/:studentId/recommendations', access: { roles: ['student', 'office'] } },
  ]);
});
