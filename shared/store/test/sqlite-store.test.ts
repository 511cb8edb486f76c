import t from 'tap';
import { SqliteStore } from '@chanjiao/store';
import { StudentInput, type StudentProfile } from '@chanjiao/domain';

const student = (id: string, over: Partial<StudentProfile> = {}) => {
  const { personal, ...profile } = StudentInput.parse({
    id, schoolId: 'S1', majorCode: '460301', level: 'higher', graduationYear: 2027,
    consentToBeFound: true, updatedAt: '2026-09-01T00:00:00Z',
    personal: { name: '张三', phone: '13800000000' }, ...over,
  });
  return { record: profile, personal };
};

t.test('upsert reports created / unchanged / updated / stale and feeds the change log', async (t) => {
  const store = new SqliteStore({ path: ':memory:' });
  t.teardown(() => store.close());
  t.same(await store.upsert('student', [student('a'), student('b')]), ['created', 'created']);
  t.same(await store.upsert('student', [student('a', { updatedAt: '2026-10-01T00:00:00Z' })]), ['unchanged']);
  t.same(await store.upsert('student', [student('a', { graduationYear: 2028, updatedAt: '2026-10-01T00:00:00Z' })]), ['updated']);
  t.same(await store.upsert('student', [student('a', { graduationYear: 2029, updatedAt: '2026-01-01T00:00:00Z' })]), ['stale']);
  t.equal((await store.get('student', 'a'))?.graduationYear, 2028);
  t.same(await store.personal('a'), { name: '张三', phone: '13800000000' });
  t.same(await store.changes(0, 10), [
    { seq: 2, type: 'student', id: 'b', op: 'upsert' },
    { seq: 3, type: 'student', id: 'a', op: 'upsert' },
  ]);
  t.same(await store.delete('student', ['a', 'zz']), [true, false]);
  t.equal(await store.personal('a'), undefined);
  t.same(await store.changes(2, 10), [{ seq: 4, type: 'student', id: 'a', op: 'delete' }]);
  t.equal(await store.count('student'), 1);
});

t.test('scan pages through every record in id order', async (t) => {
  const store = new SqliteStore({ path: ':memory:' });
  t.teardown(() => store.close());
  await store.upsert('student', Array.from({ length: 25 }, (_, i) => student(`s${String(i).padStart(2, '0')}`)));
  const ids: string[] = [];
  for await (const s of store.scan('student', { pageSize: 7 })) ids.push(s.id);
  t.equal(ids.length, 25);
  t.same(ids, [...ids].sort());
});

t.test('vectors and documents round-trip', async (t) => {
  const store = new SqliteStore({ path: ':memory:' });
  t.teardown(() => store.close());
  const v = Float32Array.from([0.5, -0.25, 1]);
  await store.putVectors('m', [['h1', v]]);
  const got = await store.getVectors('m', ['h1', 'h2']);
  t.same([...got.keys()], ['h1']);
  t.same(Array.from(got.get('h1')!), [0.5, -0.25, 1]);
  await store.putDocument('shortlist', 'p1:e1', { ids: ['a'] });
  t.same((await store.getDocument('shortlist', 'p1:e1'))?.value, { ids: ['a'] });
  t.same((await store.listDocuments('shortlist', { prefix: 'p1:' })).map((d) => d.id), ['p1:e1']);
});

t.test('personalMany reads many students at once, as personal reads each', async (t) => {
  const store = new SqliteStore({ path: ':memory:' });
  t.teardown(() => store.close());
  await store.upsert('student', [student('a'), student('b', { personal: { name: '李四', phone: '13900000000' } } as never), student('c')]);
  await store.delete('student', ['c']);
  const many = await store.personalMany(['b', 'missing', 'a', 'c', "x' OR '1'='1"]);
  t.same([...many.keys()].sort(), ['a', 'b'], 'absent and deleted ids are left out; an id is data, not SQL');
  t.same(many.get('a'), await store.personal('a'));
  t.same(many.get('b'), await store.personal('b'));
  t.same(await store.personalMany([]), new Map());
});

t.test('personalMany keeps what it read, and never answers staler than the table', async (t) => {
  const path = `${t.testdir()}/store.sqlite`;
  const reader = new SqliteStore({ path });
  // Another connection to the same file: the ingestion process in the distributed mode.
  const writer = new SqliteStore({ path });
  t.teardown(async () => {
    await reader.close();
    await writer.close();
  });
  await writer.upsert('student', [student('a'), student('b', { personal: { name: '李四' } } as never)]);
  const first = await reader.personalMany(['a', 'b']);
  t.equal(first.get('a')?.name, '张三');
  t.ok(Object.isFrozen(first.get('a')), 'a kept object cannot be changed by the caller it was handed to');
  t.equal((await reader.personalMany(['a'])).get('a'), first.get('a'), 'the second read is answered from memory');

  // The other connection renames a and deletes b: the next read sees both, without any write here.
  await writer.upsert('student', [student('a', { updatedAt: '2026-09-02T00:00:00Z', personal: { name: '王五', phone: '13700000000' } } as never)]);
  await writer.delete('student', ['b']);
  const second = await reader.personalMany(['a', 'b']);
  t.same(second.get('a'), { name: '王五', phone: '13700000000' }, "another connection's commit is seen at once");
  t.notOk(second.has('b'), "another connection's delete is seen at once");

  // This connection's own write (which data_version does not count) is seen too.
  await reader.upsert('student', [student('a', { updatedAt: '2026-09-03T00:00:00Z', personal: { name: '赵六' } } as never)]);
  t.same((await reader.personalMany(['a'])).get('a'), { name: '赵六' }, "this connection's own write is seen at once");
  await reader.delete('student', ['a']);
  t.same(await reader.personalMany(['a']), new Map(), "this connection's own delete is seen at once");
});
