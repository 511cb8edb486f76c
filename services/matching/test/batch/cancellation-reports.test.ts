import t from 'tap';
import { buildReports } from '../../src/batch/reports/index.js';
import { termBatchMatch } from '../../src/batch/term-match.js';
import { MECHATRONICS, RATES, inputs, options, post, student, tableScorer } from './fixtures.js';

/**
 * Minimum class size, as the office reads it: which classes were cancelled, in what order and
 * why — in the run's summary and in the reports — and that a cancelled class stays closed in the
 * second round.
 *
 * C3 has no applicants and C1 one (minimum 2 each): C3 goes first (fill ratio 0), then C1 (0.5).
 * C2 holds two and stays. s1 applied to C1 only.
 */
function term() {
  const students = ['s1', 's2', 's3'].map((id) => student(id, 'A', MECHATRONICS));
  const posts = [
    post('C1', 'E1', 5, { kind: 'order_class', acceptedMajorCodes: ['4603'] }),
    post('C2', 'E1', 5, { kind: 'order_class', acceptedMajorCodes: ['4603'] }),
    post('C3', 'E1', 5, { kind: 'apprenticeship', acceptedMajorCodes: ['4603'] }),
    post('J1', 'E1', 1, { acceptedMajorCodes: ['4603'] }),
  ];
  return inputs({ students, posts, applications: { s1: ['C1'], s2: ['C2', 'J1'], s3: ['C2'] } });
}
const scorer = tableScorer({ 's1>C1': 0.9 });

t.test('the cancelled classes, their order and reasons are reported', async (t) => {
  const { outcome, index } = await termBatchMatch(term(), scorer, options({ minClassSize: 2, secondRound: false }));
  t.same(
    outcome.cancelled.map((c) => [c.postId, c.minSize, c.filled, c.order, c.reason]),
    [
      ['C3', 2, 0, 1, '无人报名，未达最低开班人数 2 / no applicants, below the minimum class size of 2'],
      ['C1', 2, 1, 2, '仅 1 人，未达最低开班人数 2，学生转入其他志愿 / only 1 student, below the minimum class size of 2; they moved on to their next choices'],
    ],
  );
  t.same(outcome.assignments.map((a) => [a.studentId, a.postId]), [['s2', 'C2'], ['s3', 'C2']]);
  t.same(outcome.unmatched, ['s1']);
  t.same(outcome.stability.round1, { students: 3, blockingPairs: 0, capacityViolations: 0, unacceptable: 0 });
  t.notOk(outcome.waitingLists.some((w) => w.postId === 'C1' || w.postId === 'C3'), 'no waiting list for a cancelled class');

  const reports = await buildReports(outcome, index, scorer, RATES);
  const classes = Object.fromEntries(reports['fill-classes'].rows.map((r) => [r.postId, r]));
  t.match(classes.C1, { minSize: 2, seats: 0, cancelledSeats: 5, filled: 0, fillRate: '—', status: '已取消 cancelled', reason: outcome.cancelled[1]!.reason });
  t.match(classes.C3, { minSize: 2, seats: 0, cancelledSeats: 5, filled: 0, status: '已取消 cancelled', reason: outcome.cancelled[0]!.reason });
  t.match(classes.C2, { minSize: 2, seats: 5, cancelledSeats: 0, filled: 2, fillRate: '40.0%', status: '未满 partial', reason: '' });
  t.same(
    reports['fill-posts'].rows.filter((r) => r.status === '已取消 cancelled').map((r) => r.postId),
    ['C1', 'C3'],
  );
  const s1 = reports.unmatched.rows.find((r) => r.studentId === 's1');
  t.match(s1, { post1: 'C1 C1岗位', reason1: '班级因人数不足取消 class cancelled (below its minimum size)' });
});

t.test('one definition of what a cancelled class’s seats count for, in every report: nothing, shown apart', async (t) => {
  const { outcome, index } = await termBatchMatch(term(), scorer, options({ minClassSize: 2, secondRound: false }));
  const reports = await buildReports(outcome, index, scorer, RATES);
  // Open seats: C2's 5 + J1's 1 = 6; cancelled: C1's 5 + C3's 5 = 10. Placed: 2 (s2, s3 at C2).
  t.same(reports['fill-parks'].rows.map((r) => [r.seats, r.cancelled, r.cancelledSeats, r.fillRate]), [[6, 2, 10, '33.3%']]);
  const demandTotal = reports.demand.rows.at(-1)!;
  t.same([demandTotal.seats, demandTotal.cancelledSeats, demandTotal.filled], [6, 10, 2]);
  const summary = Object.fromEntries(reports.summary.rows.filter((r) => r.city === '全部 all').map((r) => [r.item, r.value]));
  t.same(
    [summary['名额（不含取消班级）seats offered'], summary['取消班级名额 cancelled seats'], summary['名额填充率 fill rate'], summary['取消班级 cancelled classes']],
    [6, 10, '33.3%', 2],
  );
  const fillPosts = reports['fill-posts'].rows.reduce((a, r) => a + Number(r.seats), 0);
  t.equal(fillPosts, 6, 'fill-posts adds up to the same open seats');
  t.same(
    reports['shortage-majors'].rows.filter((r) => r.city === '全部 all').map((r) => [r.field, r.demandSeats, r.filledSeats, r.supplyStudents]),
    [['06-03', 6, 2, 3]],
  );
});

t.test('a cancelled class stays closed in the second round', async (t) => {
  const { outcome } = await termBatchMatch(term(), scorer, options({ minClassSize: 2 }));
  t.same(outcome.cancelled.map((c) => c.postId), ['C3', 'C1']);
  const s1 = outcome.assignments.find((a) => a.studentId === 's1');
  t.equal(s1?.round, 2);
  t.ok(s1 && ['C2', 'J1'].includes(s1.postId), `s1 placed in round 2 on an open post (${s1?.postId})`);
  t.notOk(outcome.assignments.some((a) => a.postId === 'C1' || a.postId === 'C3'));
  t.same(outcome.stability.round2, { students: 1, blockingPairs: 0, capacityViolations: 0, unacceptable: 0 });
});
