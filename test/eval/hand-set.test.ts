import t from 'tap';
import { SqliteStore } from '@chanjiao/store';
import { handJudgements, handQueries, loadHandSet } from '../../scripts/eval/hand-set.js';

// The hand-written evaluation set must load through the ingestion validation as it is, and every
// judgement must name a record that exists: otherwise `pnpm eval:search` would grade the engine on
// fewer records (or none) than the judgements assume, and say nothing about it.
t.test('the hand-written set loads through ingestion and its judgements name existing records', async (t) => {
  const store = new SqliteStore({ path: ':memory:' });
  t.teardown(() => store.close());
  const reports = await loadHandSet(store);
  for (const [type, r] of Object.entries(reports)) {
    t.equal(r.rejected, 0, `${type}: no refused rows`);
    t.same(r.errors, [], `${type}: no row errors`);
  }
  t.ok(reports.student!.created >= 80, 'at least 80 students');
  t.ok(reports.post!.created >= 40, 'at least 40 posts');

  const queries = handQueries();
  const judgements = handJudgements();
  const ids = [...queries.hr.map((q) => q.id), ...queries.post, ...queries.student];
  t.ok(ids.length >= 40, 'at least 40 queries');
  t.equal(new Set(ids).size, ids.length, 'query ids are unique');
  t.same([...judgements.keys()].sort(), [...ids].sort(), 'every query is judged, and only the queries');
  for (const kind of ['hr', 'post', 'student'] as const) t.ok(queries[kind].length > 0, `queries of kind ${kind}`);

  const exists = async (type: 'student' | 'post', id: string) => (await store.get(type, id)) !== undefined;
  for (const id of queries.post) t.ok(await exists('post', id), `queried post ${id} exists`);
  for (const id of queries.student) t.ok(await exists('student', id), `queried student ${id} exists`);
  const missing: string[] = [];
  for (const [query, grades] of judgements) {
    const type = queries.student.includes(query) ? 'post' : 'student';
    for (const id of grades.keys()) if (!(await exists(type, id))) missing.push(`${query}: ${type} ${id}`);
    t.ok([...grades.values()].some((g) => g === 2), `${query} has a grade-2 record`);
  }
  t.same(missing, [], 'every judged id exists');
});
