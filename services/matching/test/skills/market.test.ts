import t from 'tap';
import { SqliteStore } from '@chanjiao/store';
import { StoreMarket } from '../../src/skills/market.js';
import { ENTERPRISES, POSTS, SCHOOLS, STUDENTS } from './fixtures.js';

t.test('the in-memory market follows the change feed: upserts, deletes, one refresh for concurrent callers', async (t) => {
  const store = new SqliteStore({ path: ':memory:' });
  t.teardown(() => store.close());
  await store.upsert('school', SCHOOLS.map((record) => ({ record })));
  await store.upsert('post', POSTS.slice(0, 3).map((record) => ({ record })));
  const market = new StoreMarket(store);

  const [a, b] = await Promise.all([market.current(), market.current()]);
  t.equal(a, b, 'concurrent callers share one snapshot');
  t.same([a.posts.map((p) => p.id).sort(), a.students.length, [...a.schools.keys()].sort(), a.enterprises.size], [['P1', 'P2', 'P3'], 0, ['SA', 'SB'], 0]);
  t.equal(await market.current(), a, 'nothing changed: the same snapshot');

  await store.upsert('enterprise', ENTERPRISES.map((record) => ({ record })));
  await store.upsert('student', STUDENTS.slice(0, 2).map((record) => ({ record, personal: { name: '某某' } })));
  await store.upsert('post', [{ record: { ...POSTS[0]!, seats: 30, updatedAt: '2026-04-01T00:00:00.000Z' } }]);
  await store.delete('post', ['P2']);
  const c = await market.current();
  t.not(c, a);
  t.ok(c.version > a.version);
  t.same(
    [c.posts.map((p) => `${p.id}:${p.seats}`).sort(), c.students.map((s) => s.id).sort(), c.enterprises.size, market.student('s1')?.id, market.student('s3')],
    [['P1:30', 'P3:5'], ['s1', 's2'], 2, 's1', undefined],
  );
  t.same(a.posts.map((p) => p.id).sort(), ['P1', 'P2', 'P3'], 'an earlier snapshot does not change');
});
