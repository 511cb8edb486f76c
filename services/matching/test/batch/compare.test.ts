import t from 'tap';
import { SqliteStore } from '@chanjiao/store';
import { compareRuns } from '../../src/batch/compare.js';
import { buildReports } from '../../src/batch/reports/index.js';
import { BatchResults } from '../../src/batch/results-store.js';
import { termBatchMatch, type BatchOptions } from '../../src/batch/term-match.js';
import type { TermInputs } from '../../src/batch/term-index.js';
import { MECHATRONICS, RATES, inputs, options, post, student, tableScorer } from './fixtures.js';

const SCORES = {
  'x1>P1': 0.9, 'x1>P3': 0.3, 'x2>P2': 0.8, 'x3>C': 0.9, 'x4>C': 0.8, 'x5>P3': 0.4, 'x5>P1': 0.1, 'x9>P1': 0.95,
};
const applications = (x5: string[]) => ({
  x1: ['P1', 'P3'], x2: ['P2'], x3: ['C'], x4: ['C'], x5, x9: ['P1'],
});

async function save(results: BatchResults, data: TermInputs, opts: BatchOptions) {
  const scorer = tableScorer(SCORES);
  const { outcome, index } = await termBatchMatch(data, scorer, opts);
  const summary = await results.save(outcome, await buildReports(outcome, index, scorer, RATES), null);
  const result = await results.result(summary.term, summary.version);
  return { summary, result: result! };
}

t.test('versions are stored in order and compared: who moved, and why', async (t) => {
  const store = new SqliteStore({ path: ':memory:' });
  t.teardown(() => store.close());
  const results = new BatchResults(store);
  const students = ['x1', 'x2', 'x3', 'x4', 'x5'].map((id) => student(id, 'A', MECHATRONICS));
  const x9 = student('x9', 'A', MECHATRONICS);
  const posts = [post('P1', 'E1', 1), post('P2', 'E1', 1), post('P3', 'E1', 1), post('C', 'E1', 4, { kind: 'order_class' })];

  const v1 = await save(results, inputs({ students, posts, applications: applications(['P3']) }), options({ minClassSize: 2 }));
  t.same(v1.result.assignments.map((a) => [a.studentId, a.postId]), [['x1', 'P1'], ['x2', 'P2'], ['x3', 'C'], ['x4', 'C'], ['x5', 'P3']]);

  // Version 2: x9 arrives and outranks x1 at P1; P2 is withdrawn; C now needs 3; x5 changed its application.
  const v2 = await save(
    results,
    inputs({ students: [...students, x9], posts: posts.filter((p) => p.id !== 'P2'), applications: applications(['P1']) }),
    options({ minClassSize: 3 }),
  );
  t.same(v2.result.assignments.map((a) => [a.studentId, a.postId]), [['x1', 'P3'], ['x9', 'P1']]);
  t.same([v1.summary.version, v2.summary.version], [1, 2]);
  t.same((await results.list('2027-autumn')).map((s) => s.version), [1, 2]);

  t.same(compareRuns(v1, v2), {
    term: '2027-autumn',
    from: 1,
    to: 2,
    counts: { unchanged: 0, moved: 1, newlyPlaced: 0, noLongerPlaced: 4, stillUnmatched: 0, added: 1, removed: 0 },
    changes: [
      { studentId: 'x1', from: 'P1', to: 'P3', reason: 'displaced', detail: 'P1 的录取线由 0.9 升至 0.95，被更高优先级的学生占满 / outranked at P1: its cutoff rose' },
      { studentId: 'x2', from: 'P2', to: null, reason: 'post_removed', detail: '原岗位 P2 已关闭、删除或无名额 / the old post is closed, removed or has no seats' },
      { studentId: 'x3', from: 'C', to: null, reason: 'class_cancelled', detail: '原班级 C 人数不足被取消 / the old class fell below its minimum size and was cancelled' },
      { studentId: 'x4', from: 'C', to: null, reason: 'class_cancelled', detail: '原班级 C 人数不足被取消 / the old class fell below its minimum size and was cancelled' },
      { studentId: 'x5', from: 'P3', to: null, reason: 'list_changed', detail: "本人志愿中已无 P3 / the student's application no longer lists P3" },
      { studentId: 'x9', from: null, to: 'P1', reason: 'student_added', detail: '本版本新增的求职学生 / a seeking student new in this version' },
    ],
  });

  // Version 3: x9 leaves again; x1 moves back up to its first choice, and the freed P3 goes to x5
  // in the second round.
  const v3 = await save(results, inputs({ students, posts: posts.filter((p) => p.id !== 'P2'), applications: applications(['P1']) }), options({ minClassSize: 3 }));
  const diff = compareRuns(v2, v3);
  t.same(diff.changes.map((c) => [c.studentId, c.from, c.to, c.reason]), [
    ['x1', 'P3', 'P1', 'moved_up'],
    ['x5', null, 'P3', 'second_round'],
    ['x9', 'P1', null, 'student_removed'],
  ]);
  t.same(diff.counts, { unchanged: 0, moved: 1, newlyPlaced: 1, noLongerPlaced: 0, stillUnmatched: 3, added: 0, removed: 1 });
  // Old versions stay readable.
  t.same((await results.summary('2027-autumn', 1))?.counts.matched, 5);
  t.equal((await results.summary('2027-autumn', 'latest'))?.version, 3);
  t.equal((await results.report('2027-autumn', 1, 'assignments'))?.rows.length, 5);
});

t.test('displaced at a cutoff that did not rise: the detail says the tie went against it, not that the cutoff rose', async (t) => {
  const store = new SqliteStore({ path: ':memory:' });
  t.teardown(() => store.close());
  const results = new BatchResults(store);
  // a and b tie at P (2 seats, 0.5 each); in version 2, y (0.9) arrives under the same seed. The
  // cutoff stays 0.5 (one of a, b still holds the last seat); the other is out on its ticket.
  const scores = { 'a>P': 0.5, 'b>P': 0.5, 'y>P': 0.9 };
  const run = async (ids: string[]) => {
    const scorer = tableScorer(scores);
    const data = inputs({ students: ids.map((id) => student(id, 'A', MECHATRONICS)), posts: [post('P', 'E1', 2)] });
    const { outcome, index } = await termBatchMatch(data, scorer, options());
    const summary = await results.save(outcome, await buildReports(outcome, index, scorer, RATES), null);
    return { summary, result: (await results.result(summary.term, summary.version))! };
  };
  const v1 = await run(['a', 'b']);
  const v2 = await run(['a', 'b', 'y']);
  const out = compareRuns(v1, v2).changes.find((c) => c.reason === 'displaced');
  t.ok(out, 'one of a, b is displaced');
  t.same([v1.result.cutoffs.P, v2.result.cutoffs.P], [0.5, 0.5]);
  t.notMatch(out!.detail, /升至|rose/, out!.detail);
  t.match(out!.detail, /仍为 0\.5.*抽签/);
});
