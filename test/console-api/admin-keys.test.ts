/**
 * Keys handed out through the API name records the store holds: a mistyped enterprise id must not
 * become an HR key for an enterprise nobody loaded.
 */
import t from 'tap';
import { enterprise, school, student } from '../../services/matching/test/batch/fixtures.js';
import { buildConsoleHost, keyFor } from './helpers.js';

const host = await buildConsoleHost({}, async (store) => {
  await store.upsert('school', [{ record: school('SA', '珠海') }]);
  await store.upsert('enterprise', [{ record: enterprise('E1', '珠海', '金湾高新区') }]);
  await store.upsert('student', [{ record: student('s1', 'SA', '460301'), personal: { name: '张三' } }]);
});
t.teardown(() => host.close());
const { app } = host;
const admin = (await keyFor(app, 'admin')).key;
const create = (payload: Record<string, unknown>) =>
  app.inject({ method: 'POST', url: '/v1/admin/keys', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, payload });

t.test('a key for a loaded school, enterprise or student is issued', async (t) => {
  for (const [role, scope] of [['hr', { enterpriseId: 'E1' }], ['operator', { schoolId: 'SA' }], ['operator', { enterpriseId: 'E1' }], ['student', { studentId: 's1' }], ['office', {}]] as const) {
    const res = await create({ role, scope, label: `${role} key` });
    t.equal(res.statusCode, 201, `${role} ${JSON.stringify(scope)}`);
  }
});

t.test('a scope naming a record that is not loaded is a 400 on that field, and no key is made', async (t) => {
  const before = (await app.apiKeys.list()).length;
  for (const [role, scope, path] of [
    ['hr', { enterpriseId: 'ENT-DOES-NOT-EXIST' }, 'body.scope.enterpriseId'],
    ['operator', { schoolId: 'NOPE' }, 'body.scope.schoolId'],
    ['student', { studentId: 'nobody' }, 'body.scope.studentId'],
  ] as const) {
    const res = await create({ role, scope, label: 'typo' });
    t.same([res.statusCode, res.json().code, res.json().fields[0].path], [400, 'REQUEST_VALIDATION_FAILED', path], path);
    t.match(res.json().fields[0].message, /is loaded: load it first/);
  }
  t.equal((await app.apiKeys.list()).length, before, 'nothing was stored');
});
