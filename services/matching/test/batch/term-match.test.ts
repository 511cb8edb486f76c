import fc from 'fast-check';
import t from 'tap';
import { buildRoundMarket } from '../../src/batch/candidates.js';
import { lotteryTicket } from '../../src/batch/lottery.js';
import { TermIndex } from '../../src/batch/term-index.js';
import { termBatchMatch, type Assignment } from '../../src/batch/term-match.js';
import {
  ELECTRICAL,
  MECHATRONICS,
  NURSING,
  SOFTWARE,
  inputs,
  options,
  post,
  student,
  tableScorer,
} from './fixtures.js';

const placed = (assignments: readonly Assignment[]) => assignments.map((a) => [a.studentId, a.postId, a.round, a.choice]);

t.test('minimum class size: the class with the least latent demand is cancelled first, and its students can save another', async (t) => {
  const students = ['s1', 's2', 's3', 's4', 's5'].map((id) => student(id, 'A', MECHATRONICS));
  const posts = [post('C1', 'E1', 10, { kind: 'order_class' }), post('C2', 'E1', 10, { kind: 'order_class' }), post('J1', 'E1', 10)];
  const scores = {
    's1>C1': 0.9, 's1>C2': 0.8, 's1>J1': 0.5,
    's2>C1': 0.9, 's2>C2': 0.8, 's2>J1': 0.5,
    's3>C2': 0.9, 's3>C1': 0.8, 's3>J1': 0.5,
    's4>J1': 0.9,
    's5>J1': 0.9,
  };
  const run = await termBatchMatch(inputs({ students, posts }), tableScorer(scores), options({ minClassSize: 3, secondRound: false }));
  // Round 1 holds C1 {s1, s2}, C2 {s3}. Latent demand: C1 2 + s3 = 3, C2 1 + s1 + s2 = 3; the
  // lower fill ratio breaks the tie: C2 (1/3) goes; s3 moves to C1, which reaches 3 and stays.
  t.same(run.outcome.cancelled, [
    {
      postId: 'C2',
      minSize: 3,
      filled: 1,
      order: 1,
      reason: '仅 1 人，未达最低开班人数 3，学生转入其他志愿 / only 1 student, below the minimum class size of 3; they moved on to their next choices',
    },
  ]);
  t.same(placed(run.outcome.assignments), [
    ['s1', 'C1', 1, 1],
    ['s2', 'C1', 1, 1],
    // Choices count on the list the run used: C2 is gone from it (kept beside it as dropped).
    ['s3', 'C1', 1, 1],
    ['s4', 'J1', 1, 1],
    ['s5', 'J1', 1, 1],
  ]);
  t.same(run.outcome.lists.find((l) => l.studentId === 's3')?.dropped, [{ postId: 'C2', reason: '班级因人数不足取消 class cancelled (below its minimum size)' }]);
  t.same(run.outcome.stability.round1, { students: 5, blockingPairs: 0, capacityViolations: 0, unacceptable: 0 });

  // The resumed run equals a fresh run without the cancelled class.
  const fresh = await termBatchMatch(
    inputs({ students, posts: posts.filter((p) => p.id !== 'C2') }),
    tableScorer(scores),
    options({ minClassSize: 3, secondRound: false }),
  );
  const pairs = (a: readonly Assignment[]) => a.map((x) => [x.studentId, x.postId]);
  t.same(pairs(fresh.outcome.assignments), pairs(run.outcome.assignments));

  // A class rule overrides the default minimum. With C1 needing 4: C1's latent demand (s1, s2 and
  // s3 from C2) is 3, below its minimum, so it cannot fill and goes first; s1 and s2 move to C2,
  // which reaches its 3. (Emptiest first cancelled C2, then C1, and sent everyone to J1.)
  const strict = await termBatchMatch(
    inputs({ students, posts }),
    tableScorer(scores),
    options({ minClassSize: 3, secondRound: false, classes: [{ postId: 'C1', minSize: 4 }] }),
  );
  t.same(strict.outcome.cancelled.map((c) => [c.postId, c.filled, c.order]), [['C1', 2, 1]]);
  t.same(strict.outcome.minimumSizes, { reopened: [], trials: 0 });
  t.same(placed(strict.outcome.assignments).map(([s, p]) => [s, p]), [['s1', 'C2'], ['s2', 'C2'], ['s3', 'C2'], ['s4', 'J1'], ['s5', 'J1']]);
});

t.test('school quotas within a class are flexible: the reserved seats a school cannot fill go to the others', async (t) => {
  const students = [student('a1', 'A', MECHATRONICS), ...['b1', 'b2', 'b3', 'b4'].map((id) => student(id, 'B', MECHATRONICS))];
  const posts = [post('Q', 'E1', 4, { kind: 'order_class' })];
  const scores = { 'a1>Q': 0.2, 'b1>Q': 0.9, 'b2>Q': 0.8, 'b3>Q': 0.7, 'b4>Q': 0.6 };
  const quotas = (a: number, b: number) => options({ secondRound: false, classes: [{ postId: 'Q', schoolQuotas: { A: a, B: b } }] });
  const run = await termBatchMatch(inputs({ students, posts }), tableScorer(scores), quotas(2, 2));
  // School A has one student for its two seats: the other is released to B's third best.
  t.same(placed(run.outcome.assignments), [
    ['a1', 'Q', 1, 1],
    ['b1', 'Q', 1, 1],
    ['b2', 'Q', 1, 1],
    ['b3', 'Q', 1, 1],
  ]);
  t.same(run.outcome.waitingLists, [{ postId: 'Q', students: [{ studentId: 'b4', priority: 0.6 }] }]);
  // Without the quota, A's student loses to all of B's.
  const open = await termBatchMatch(inputs({ students, posts }), tableScorer(scores), options({ secondRound: false }));
  t.same(placed(open.outcome.assignments).map(([s]) => s), ['b1', 'b2', 'b3', 'b4']);
  t.same(run.outcome.stability.round1.blockingPairs, 0);
});

t.test('ties go to the seeded lottery: reproducible from the stored seed, and the seed decides', async (t) => {
  const ids = ['t1', 't2', 't3', 't4', 't5'];
  const students = ids.map((id) => student(id, 'A', MECHATRONICS));
  const posts = [post('P', 'E1', 2)];
  const data = inputs({ students, posts });
  const winners = new Set<string>();
  for (const seed of ['2027-autumn-a', '2027-autumn-b', '2027-autumn-c', '2027-autumn-d']) {
    const run = await termBatchMatch(data, tableScorer(), options({ seed, secondRound: false }));
    const expected = [...ids].sort((a, b) => lotteryTicket(seed, `student:${a}`) - lotteryTicket(seed, `student:${b}`)).slice(0, 2);
    t.same(run.outcome.assignments.map((a) => a.studentId).sort(), expected.sort(), `seed ${seed}`);
    t.equal(run.outcome.options.seed, seed);
    const again = await termBatchMatch(data, tableScorer(), options({ seed, secondRound: false }));
    t.same(again.outcome, run.outcome, 'the same seed gives the same result');
    winners.add(expected.join());
  }
  t.ok(winners.size > 1, 'different seeds pick different winners');
});

t.test('interview results override the score; a failed interview takes the post off the list', async (t) => {
  const students = [student('s1', 'A', MECHATRONICS), student('s2', 'A', MECHATRONICS), student('s3', 'A', MECHATRONICS)];
  const posts = [post('P', 'E1', 1), post('J', 'E1', 5)];
  const scores = { 's1>P': 0.9, 's2>P': 0.5, 's3>P': 0.95, 's1>J': 0.3, 's2>J': 0.3, 's3>J': 0.3 };
  const run = await termBatchMatch(
    inputs({
      students,
      posts,
      applications: { s3: ['P', 'J'] },
      interviews: { P: { s2: { passed: true, score: 70 }, s3: { passed: false } } },
    }),
    tableScorer(scores),
    options({ secondRound: false }),
  );
  t.same(run.outcome.assignments, [
    { studentId: 's1', postId: 'J', round: 1, choice: 2, listLength: 2, score: 0.3, priority: 0.3, source: 'derived', interview: null },
    { studentId: 's2', postId: 'P', round: 1, choice: 1, listLength: 2, score: 0.5, priority: 1_000_070, source: 'derived', interview: { passed: true, score: 70 } },
    { studentId: 's3', postId: 'J', round: 1, choice: 1, listLength: 1, score: 0.3, priority: 0.3, source: 'application', interview: null },
  ]);
  t.same(run.outcome.lists.find((l) => l.studentId === 's3'), {
    studentId: 's3',
    source: 'application',
    posts: ['J'],
    scores: [0.3],
    dropped: [{ postId: 'P', reason: '面试未通过 interview not passed' }],
  });
});

t.test('applications are taken in the student\'s order; posts not open or not eligible are dropped with the reason', async (t) => {
  const students = [student('s1', 'A', MECHATRONICS), student('s2', 'A', NURSING)];
  const posts = [post('P1', 'E1', 1, { acceptedMajorCodes: ['4603'] }), post('P2', 'E1', 1, { acceptedMajorCodes: ['4603'] })];
  const run = await termBatchMatch(
    inputs({ students, posts, applications: { s1: ['X9', 'P2', 'P1'], s2: ['P1'] } }),
    tableScorer({ 's1>P1': 0.9, 's1>P2': 0.4 }),
    options({ secondRound: false }),
  );
  t.same(placed(run.outcome.assignments), [['s1', 'P2', 1, 1]]);
  t.same(
    run.outcome.lists.map((l) => [l.studentId, l.source, l.posts, l.dropped]),
    [
      ['s1', 'application', ['P2', 'P1'], [{ postId: 'X9', reason: '岗位本学期未开放 post not open this term' }]],
      ['s2', 'application', [], [{ postId: 'P1', reason: `专业不符 ${NURSING}` }]],
    ],
  );
  t.same(run.outcome.unmatched, ['s2']);
});

t.test('a second round places the unmatched over the seats left, with derived lists', async (t) => {
  const students = [student('s1', 'A', MECHATRONICS), student('s2', 'A', MECHATRONICS), student('s3', 'A', MECHATRONICS)];
  const posts = [post('P1', 'E1', 1), post('P2', 'E1', 1), post('P3', 'E1', 1)];
  const scores = { 's1>P1': 0.9, 's2>P1': 0.8, 's3>P2': 0.9, 's2>P3': 0.5, 's2>P2': 0.6 };
  const data = inputs({ students, posts, applications: { s1: ['P1'], s2: ['P1'], s3: ['P2'] } });
  const run = await termBatchMatch(data, tableScorer(scores), options());
  // s2 applied to P1 only and lost to s1; in round 2 only P3 has a seat left.
  t.same(placed(run.outcome.assignments), [
    ['s1', 'P1', 1, 1],
    ['s2', 'P3', 2, 1],
    ['s3', 'P2', 1, 1],
  ]);
  t.same(run.outcome.lists.find((l) => l.studentId === 's2')?.round2Posts, ['P3']);
  t.same(run.outcome.counts, {
    students: 3, posts: 3, seats: 3, matched: 3, matchedRound1: 2, matchedRound2: 1, unmatched: 0, fromApplications: 3, cancelledClasses: 0,
  });
  t.same(run.outcome.stability.round2, { students: 1, blockingPairs: 0, capacityViolations: 0, unacceptable: 0 });
  const without = await termBatchMatch(data, tableScorer(scores), options({ secondRound: false }));
  t.same(without.outcome.unmatched, ['s2']);
  t.equal(without.outcome.stability.round2, null);
});

t.test('derived lists from the field buckets are exactly the top N of a scan over every post (candidate depth 0)', async (t) => {
  // Majors on several levels and fields; accepted codes at every granularity, on other levels too.
  const majors = [MECHATRONICS, ELECTRICAL, NURSING, SOFTWARE, '660301', '260301', '720201', '460305'];
  const prefixes = ['46', '4603', '460301', '66', '6603', '660301', '2603', '52', '5202', '720201', '51', '510203', '5102'];
  const kinds = ['job', 'internship', 'order_class'] as const;
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.record({ major: fc.constantFrom(...majors), kinds: fc.subarray([...kinds], { maxLength: 2 }), year: fc.constantFrom(2026, 2027, 2028) }), {
        minLength: 1,
        maxLength: 12,
      }),
      fc.array(
        fc.record({
          accepted: fc.subarray(prefixes, { maxLength: 3 }),
          kind: fc.constantFrom(...kinds),
          seats: fc.integer({ min: 0, max: 3 }),
          years: fc.subarray([2026, 2027, 2028], { maxLength: 2 }),
        }),
        {
        minLength: 1,
        maxLength: 15,
      }),
      fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 200, maxLength: 200 }),
      fc.integer({ min: 1, max: 4 }),
      async (ss, ps, scoreBits, N) => {
        const students = ss.map((s, i) =>
          student(`s${i}`, 'A', s.major, { graduationYear: s.year, preferences: { postKinds: [...s.kinds], cities: [], parks: [], industries: [], stayLocal: false } }),
        );
        const posts = ps.map((p, i) =>
          post(`p${i}`, 'E1', Math.max(1, p.seats), {
            kind: p.kind,
            acceptedMajorCodes: p.accepted,
            acceptedGraduationYears: p.years,
            ...(p.kind === 'internship' ? { internshipMode: 'shadow' as const } : {}),
          }),
        );
        const scores: Record<string, number> = {};
        students.forEach((s, i) => posts.forEach((p, j) => (scores[`${s.id}>${p.id}`] = scoreBits[(i * 17 + j) % scoreBits.length]! / 4)));
        const scorer = tableScorer(scores);
        const index = new TermIndex(inputs({ students, posts }), 'seed');
        const capacity = Int32Array.from(ps, (p) => p.seats);
        const rm = await buildRoundMarket(index, scorer, { students: students.keys(), listLength: N, candidateDepth: 0, useApplications: false, capacity, reserves: new Map() });
        for (const [s, st] of students.entries()) {
          const expected = posts
            .map((p, j) => ({ p, j }))
            .filter(({ p, j }) => capacity[j]! > 0 && (st.preferences.postKinds.length === 0 || st.preferences.postKinds.includes(p.kind)))
            .filter(({ p }) => scorer.isEligible(st, p, { school: undefined, enterprise: undefined }).eligible)
            .sort((a, b) => scores[`${st.id}>${b.p.id}`]! - scores[`${st.id}>${a.p.id}`]! || index.postTicket[a.j]! - index.postTicket[b.j]!)
            .slice(0, N)
            .map(({ j }) => j);
          const got = Array.from(rm.market.listPost.subarray(rm.market.listStart[s], rm.market.listStart[s + 1]));
          if (got.join() !== expected.join()) return false;
          // The bounded retrieval keeps exactly the best `depth` of the full retrieval order.
          const open = (p: number) => capacity[p]! > 0;
          const all = index.retrieve(s, 0, open);
          for (const depth of [1, 3]) if (index.retrieve(s, depth, open).join() !== all.slice(0, depth).join()) return false;
        }
        return true;
      },
    ),
    { numRuns: 200 },
  );
  t.pass('bucketed lists equal the full scan, and bounded retrieval the full retrieval, on 200 random terms');
});

t.test('a cancelled job stops between slices with an AbortError', async (t) => {
  const students = Array.from({ length: 5000 }, (_, i) => student(`s${i}`, 'A', MECHATRONICS));
  const posts = [post('P', 'E1', 10)];
  const abort = new AbortController();
  const phases: string[] = [];
  await t.rejects(
    termBatchMatch(inputs({ students, posts }), tableScorer(), options(), {
      signal: abort.signal,
      onProgress: (phase) => {
        phases.push(phase);
        abort.abort();
      },
    }),
    { name: 'AbortError' },
  );
  t.same(phases, ['candidates']);
});
