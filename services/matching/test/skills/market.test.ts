import t from 'tap';
import { SqliteStore } from '@chanjiao/store';
import { createAnalyzer, createMatchRules } from '@chanjiao/search';
import { StoreMarket } from '../../src/skills/market.js';
import { nextSkills } from '../../src/skills/next-skills.js';
import { schoolSkillGaps } from '../../src/skills/school-gaps.js';
import { ENTERPRISES, MECHATRONICS, POSTS, SCHOOLS, STUDENTS, TERM } from './fixtures.js';

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

t.test('what the views cache (the term table per snapshot, the items per post, the shared item table) follows a changed post and a changed student', async (t) => {
  const store = new SqliteStore({ path: ':memory:' });
  t.teardown(() => store.close());
  await store.upsert('school', SCHOOLS.map((record) => ({ record })));
  await store.upsert('enterprise', ENTERPRISES.map((record) => ({ record })));
  await store.upsert('post', POSTS.map((record) => ({ record })));
  await store.upsert('student', STUDENTS.map((record) => ({ record })));
  const market = new StoreMarket(store);
  const analyzer = createAnalyzer();
  const rules = createMatchRules({ analyzer, term: TERM });
  const opts = { term: TERM, topN: 2, limit: 10, posts: 10 };
  // Items learnt → the posts each would qualify the student for.
  const qualifies = async (id: string) => {
    const reply = nextSkills(await market.current(), rules, market.student(id)!, opts);
    return Object.fromEntries(reply.items.map((i) => [i.item.name, i.posts.filter((p) => p.newlyQualified).map((p) => p.postId)]));
  };
  const gapHolders = async (skill: string) => {
    const gaps = schoolSkillGaps(await market.current(), createMatchRules({ analyzer }), SCHOOLS[0]!, TERM, 50);
    return gaps.majors.find((m) => m.majorCode === MECHATRONICS)!.lines.find((l) => l.item.name === skill)?.allHolders;
  };

  t.same((await qualifies('s1'))['PLC编程'], ['P1'], 's1 (电气控制) would qualify for P1 by learning PLC编程');
  t.equal(await gapHolders('CAD制图'), undefined, 'no post of the school’s demand asks for CAD制图 yet');

  const later = '2026-05-01T00:00:00.000Z';
  await store.upsert('post', [{ record: { ...POSTS[0]!, requiredSkills: ['CAD制图'], updatedAt: later } }]);
  const afterPost = await qualifies('s1');
  t.notOk(afterPost['PLC编程']?.includes('P1'), 'P1 no longer asks for PLC编程');
  t.same(afterPost['CAD制图'], ['P1'], 'and now asks for CAD制图');
  t.equal(await gapHolders('CAD制图'), 0, 'the school view sees the new demand, no holder yet');

  await store.upsert('student', [{ record: { ...STUDENTS[0]!, skills: [...STUDENTS[0]!.skills, { name: 'CAD制图' }], updatedAt: later } }]);
  t.notOk('CAD制图' in (await qualifies('s1')), 'a skill the student now holds is no longer suggested');
  t.equal(await gapHolders('CAD制图'), 1, 'and the school view counts the student as a holder');
});
