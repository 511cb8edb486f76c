/**
 * Console sessions: an API key exchanged for an HttpOnly cookie, CSRF on state-changing calls
 * made with the cookie, sign-out and key revocation ending the session, roles unchanged.
 */
import t from 'tap';
import { SESSION_COLLECTION, SessionService } from '@chanjiao/platform';
import { SqliteStore } from '@chanjiao/store';
import { buildConsoleHost, keyFor, signIn } from './helpers.js';

const host = await buildConsoleHost({ SESSION_TTL_MS: '3600000', SESSION_TRUST_FORWARDED_PROTO: 'true' });
t.teardown(() => host.close());
const { app } = host;

t.test('sign-in sets an HttpOnly, SameSite=Strict, Path=/ cookie with Max-Age; the reply says who and carries the CSRF token', async (t) => {
  const { key, keyId } = await keyFor(app, 'hr', { enterpriseId: 'E1' });
  const res = await app.inject({ method: 'POST', url: '/v1/session', payload: { key } });
  t.equal(res.statusCode, 200);
  const body = res.json();
  t.same(Object.keys(body).sort(), ['csrfToken', 'expiresAt', 'keyId', 'label', 'role', 'scope']);
  t.same({ role: body.role, scope: body.scope, label: body.label, keyId: body.keyId }, { role: 'hr', scope: { enterpriseId: 'E1' }, label: 'test hr', keyId });
  t.match(body.csrfToken, /^[A-Za-z0-9_-]{43}$/);
  const setCookie = String(res.headers['set-cookie']);
  const [pair, ...attrs] = setCookie.split(/;\s*/);
  t.match(pair, /^cj_session=[A-Za-z0-9_-]{43}$/);
  t.same(attrs.map((a) => a.toLowerCase()).sort(), ['httponly', 'max-age=3600', 'path=/', 'samesite=strict'], 'no Secure over plain HTTP');
  t.equal(res.headers['cache-control'], 'no-store');
  t.notOk(setCookie.includes(key), 'the key is not in the cookie');

  // The store keeps only the hash of the session id.
  const id = pair!.split('=')[1]!;
  const docs = await host.store.listDocuments<Record<string, unknown>>(SESSION_COLLECTION);
  t.ok(docs.length >= 1);
  for (const d of docs) t.notOk(d.id.includes(id) || JSON.stringify(d.value).includes(id), 'no session id at rest');

  const again = await app.inject({ method: 'GET', url: '/v1/session', headers: { cookie: pair! } });
  t.equal(again.statusCode, 200);
  t.same(again.json(), body, 'GET /v1/session answers the same after a reload');
});

t.test('Secure behind TLS: X-Forwarded-Proto counts only when SESSION_TRUST_FORWARDED_PROTO is set', async (t) => {
  const { key } = await keyFor(app, 'student', { studentId: 'S1' });
  const trusted = await app.inject({ method: 'POST', url: '/v1/session', payload: { key }, headers: { 'x-forwarded-proto': 'https' } });
  t.match(String(trusted.headers['set-cookie']), /; Secure/);

  const untrustingHost = await buildConsoleHost();
  t.teardown(() => untrustingHost.close());
  const k2 = await keyFor(untrustingHost.app, 'student', { studentId: 'S1' });
  const untrusted = await untrustingHost.app.inject({ method: 'POST', url: '/v1/session', payload: { key: k2.key }, headers: { 'x-forwarded-proto': 'https' } });
  t.equal(untrusted.statusCode, 200);
  t.notMatch(String(untrusted.headers['set-cookie']), /Secure/i, 'a client cannot claim TLS by header alone');
});

t.test('a bad key gets 401 AUTH_INVALID_KEY and no cookie; no cookie gets 401 AUTH_SESSION_INVALID', async (t) => {
  const res = await app.inject({ method: 'POST', url: '/v1/session', payload: { key: 'cjk_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } });
  t.same([res.statusCode, res.json().code, res.headers['set-cookie']], [401, 'AUTH_INVALID_KEY', undefined]);
  const missing = await app.inject({ method: 'POST', url: '/v1/session', payload: {} });
  t.same([missing.statusCode, missing.json().code, missing.json().fields[0].path], [400, 'REQUEST_VALIDATION_FAILED', 'body.key']);
  const none = await app.inject({ method: 'GET', url: '/v1/session' });
  t.same([none.statusCode, none.json().code], [401, 'AUTH_SESSION_INVALID']);
  const forged = await app.inject({ method: 'GET', url: '/v1/posts/P1/shortlist', headers: { cookie: 'cj_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } });
  t.same([forged.statusCode, forged.json().code], [401, 'AUTH_SESSION_INVALID']);
});

t.test('CSRF: state-changing calls with the cookie need x-csrf-token; reads and bearer-key calls do not', async (t) => {
  const { key } = await keyFor(app, 'hr', { enterpriseId: 'E1' });
  const { cookie, csrf } = await signIn(app, key);
  const put = (headers: Record<string, string>) =>
    app.inject({ method: 'PUT', url: '/v1/posts/NO-SUCH-POST/shortlist', headers, payload: { entries: [] } });

  let res = await put({ cookie });
  t.same([res.statusCode, res.json().code, res.json().details], [403, 'AUTH_CSRF', { header: 'x-csrf-token' }], 'no token');
  res = await put({ cookie, 'x-csrf-token': `${csrf.slice(0, -1)}${csrf.endsWith('A') ? 'B' : 'A'}` });
  t.same([res.statusCode, res.json().code], [403, 'AUTH_CSRF'], 'a wrong token');
  const other = await signIn(app, key);
  res = await put({ cookie, 'x-csrf-token': other.csrf });
  t.same([res.statusCode, res.json().code], [403, 'AUTH_CSRF'], "another session's token");
  res = await put({ cookie, 'x-csrf-token': csrf });
  t.same([res.statusCode, res.json().code], [404, 'MATCH_POST_NOT_FOUND'], 'with the token the call reaches the route');
  res = await app.inject({ method: 'GET', url: '/v1/posts/NO-SUCH-POST/shortlist', headers: { cookie } });
  t.same([res.statusCode, res.json().code], [404, 'MATCH_POST_NOT_FOUND'], 'a read needs no token');
  res = await put({ authorization: `Bearer ${key}` });
  t.same([res.statusCode, res.json().code], [404, 'MATCH_POST_NOT_FOUND'], 'bearer-key calls are unchanged');
});

t.test('sign-out ends the session server-side and clears the cookie', async (t) => {
  const { key } = await keyFor(app, 'hr', { enterpriseId: 'E1' });
  const { cookie, csrf } = await signIn(app, key);
  let res = await app.inject({ method: 'DELETE', url: '/v1/session', headers: { cookie } });
  t.same([res.statusCode, res.json().code], [403, 'AUTH_CSRF'], 'sign-out is CSRF-checked too');
  res = await app.inject({ method: 'DELETE', url: '/v1/session', headers: { cookie, 'x-csrf-token': csrf } });
  t.equal(res.statusCode, 204);
  t.match(String(res.headers['set-cookie']), /^cj_session=;.*Expires=Thu, 01 Jan 1970/);
  // The old cookie, replayed, opens nothing.
  res = await app.inject({ method: 'GET', url: '/v1/session', headers: { cookie } });
  t.same([res.statusCode, res.json().code], [401, 'AUTH_SESSION_INVALID']);
  res = await app.inject({ method: 'GET', url: '/v1/posts/NO-SUCH-POST/shortlist', headers: { cookie } });
  t.same([res.statusCode, res.json().code], [401, 'AUTH_SESSION_INVALID']);
  res = await app.inject({ method: 'DELETE', url: '/v1/session', headers: { cookie } });
  t.equal(res.statusCode, 204, 'signing out twice is fine');
});

t.test('revoking the API key ends its sessions at once', async (t) => {
  const admin = await keyFor(app, 'admin');
  const { key, keyId } = await keyFor(app, 'hr', { enterpriseId: 'E1' });
  const { cookie } = await signIn(app, key);
  t.equal((await app.inject({ method: 'GET', url: '/v1/session', headers: { cookie } })).statusCode, 200);
  const revoked = await app.inject({ method: 'DELETE', url: `/v1/admin/keys/${keyId}`, headers: { authorization: `Bearer ${admin.key}` } });
  t.equal(revoked.statusCode, 200);
  const res = await app.inject({ method: 'GET', url: '/v1/posts/NO-SUCH-POST/shortlist', headers: { cookie } });
  t.same([res.statusCode, res.json().code], [401, 'AUTH_SESSION_INVALID']);
});

t.test("a student's session gets 403 on HR routes (the server refuses, not just the menu)", async (t) => {
  const { key } = await keyFor(app, 'student', { studentId: 'S1' });
  const { cookie, csrf } = await signIn(app, key);
  const hrRoutes = [
    { method: 'POST', url: '/v1/candidates/search', payload: { query: 'PLC' } },
    { method: 'GET', url: '/v1/posts/P1/candidates' },
    { method: 'GET', url: '/v1/candidates/S2' },
    { method: 'GET', url: '/v1/posts/P1/shortlist' },
    { method: 'PUT', url: '/v1/posts/P1/shortlist', payload: { entries: [] } },
    { method: 'GET', url: '/v1/posts/P1/shortlist/export?format=xlsx' },
  ] as const;
  for (const r of hrRoutes) {
    const res = await app.inject({ method: r.method, url: r.url, headers: { cookie, 'x-csrf-token': csrf }, ...('payload' in r ? { payload: r.payload } : {}) });
    t.same([res.statusCode, res.json().code, res.json().details?.role], [403, 'AUTH_FORBIDDEN_ROLE', 'student'], `${r.method} ${r.url}`);
  }
});

t.test('sessions expire SESSION_TTL_MS after sign-in', async (t) => {
  const store = new SqliteStore({ path: ':memory:' });
  t.teardown(() => store.close());
  let now = Date.parse('2026-09-01T00:00:00Z');
  const { ApiKeyService } = await import('@chanjiao/platform');
  const keys = new ApiKeyService(store, { now: () => now });
  const sessions = new SessionService(store, { ttlMs: 60_000, now: () => now });
  const k = await keys.create({ role: 'office', label: 'clock' });
  const principal = (await keys.resolve(k.key))!;
  const s = await sessions.create(principal);
  t.equal(s.expiresAt, '2026-09-01T00:01:00.000Z');
  now += 59_999;
  t.equal((await sessions.resolve(s.sessionId))?.principal.keyId, k.keyId, 'alive just before');
  now += 1;
  t.equal(await sessions.resolve(s.sessionId), null, 'gone at expiry');
  t.same(await store.listDocuments(SESSION_COLLECTION), [], 'and its record is deleted');
});
