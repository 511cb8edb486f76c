import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { SqliteStore } from '@chanjiao/store';
import { startLightHost } from './light-host.js';

/** Issue 15 items 7 and 10: limits before authentication, request ids, the Bearer scheme, file modes. */

t.test('requests without a valid key are limited per address; a valid key from the same address is not', async (t) => {
  const host = await startLightHost({ RATE_LIMIT_MAX: '1000', RATE_LIMIT_ANONYMOUS_MAX: '10' });
  t.teardown(() => host.close());
  const statuses: number[] = [];
  for (let i = 0; i < 15; i++) {
    const headers: Record<string, string> = i % 2 ? { authorization: `Bearer cjk_${'0'.repeat(16)}_${'x'.repeat(43)}` } : {};
    statuses.push((await host.call(null, 'POST', '/v1/candidates/search', { query: 'PLC' }, headers)).statusCode);
  }
  t.same(statuses, [...Array(10).fill(401), ...Array(5).fill(429)]);
  const limited = await host.call(null, 'GET', '/v1/candidates/STU-T1');
  t.same([limited.statusCode, limited.json().code, Number(limited.headers['retry-after']) > 0], [429, 'RATE_LIMITED', true]);
  t.equal((await host.call('hr', 'POST', '/v1/candidates/search', { query: 'PLC' })).statusCode, 200, 'a caller with a key is unaffected');
});

t.test('console sign-in with wrong keys is limited per address like a wrong bearer key', async (t) => {
  const host = await startLightHost({ RATE_LIMIT_MAX: '1000', RATE_LIMIT_ANONYMOUS_MAX: '10' });
  t.teardown(() => host.close());
  const statuses: number[] = [];
  for (let i = 0; i < 12; i++) statuses.push((await host.call(null, 'POST', '/v1/session', { key: `cjk_${'0'.repeat(16)}_${String(i).padStart(43, 'x')}` })).statusCode);
  t.same(statuses, [...Array(10).fill(401), 429, 429]);
  const limited = await host.call(null, 'GET', '/v1/candidates/STU-T1');
  t.same([limited.statusCode, limited.json().code], [429, 'RATE_LIMITED'], 'and the address is limited on the bearer path too');
  t.equal((await host.call(null, 'POST', '/v1/session', { key: host.keys.hr })).statusCode, 200, 'a valid key still signs in');
});

t.test('a client request id is echoed only when it looks like one', async (t) => {
  const host = await startLightHost();
  t.teardown(() => host.close());
  const ok = await host.call('hr', 'GET', '/v1/candidates/STU-T1', undefined, { 'x-request-id': 'trace-42.a:b' });
  t.equal(ok.headers['x-request-id'], 'trace-42.a:b');
  for (const bad of ['x'.repeat(3000), 'a b', 'line\u0001break']) {
    const res = await host.call('hr', 'GET', '/v1/candidates/STU-T1', undefined, { 'x-request-id': bad });
    t.match(res.headers['x-request-id'], /^[0-9a-f-]{36}$/, `replaced: ${bad.slice(0, 10)}`);
  }
});

t.test('Authorization without the Bearer scheme is not a key', async (t) => {
  const host = await startLightHost();
  t.teardown(() => host.close());
  const bare = await host.call(null, 'GET', '/v1/candidates/STU-T1', undefined, { authorization: host.keys.hr });
  t.same([bare.statusCode, bare.json().code], [401, 'AUTH_INVALID_KEY']);
  const basic = await host.call(null, 'GET', '/v1/candidates/STU-T1', undefined, { authorization: `Basic ${host.keys.hr}` });
  t.same([basic.statusCode, basic.json().code], [401, 'AUTH_INVALID_KEY']);
  const bearer = await host.call(null, 'GET', '/v1/candidates/STU-T1', undefined, { authorization: `bearer ${host.keys.hr}` });
  t.equal(bearer.statusCode, 200);
});

t.test('the store creates its folder 0700 and its files 0600', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'chanjiao-modes-'));
  t.teardown(() => rmSync(root, { recursive: true, force: true }));
  const dir = join(root, 'data');
  const store = new SqliteStore({ path: join(dir, 'store.sqlite') });
  await store.putDocument('x', 'y', { z: 1 });
  const mode = (p: string) => statSync(p).mode & 0o777;
  t.equal(mode(dir).toString(8), '700');
  t.equal(mode(join(dir, 'store.sqlite')).toString(8), '600');
  t.equal(mode(join(dir, 'store.sqlite-wal')).toString(8), '600');
  await store.close();
});
