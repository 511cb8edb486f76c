/**
 * Minimum class sizes (minimum-sizes.ts, DESIGN.md "Minimum class sizes"): the A/B/J
 * market, a full class under a default minimum above its seats, lists rebuilt after a
 * cancellation, the limit of the reopening guarantee, resumption with windows against a fresh
 * run, and the procedure against a brute force over every set of cancellations.
 */
import fc from 'fast-check';
import t from 'tap';
import { DeferredAcceptance, deferredAcceptance, type RunOptions } from '../../src/batch/deferred-acceptance.js';
import { marketFromSpec, windowedMarket, type Market } from '../../src/batch/market.js';
import { enforceMinimumSizes } from '../../src/batch/minimum-sizes.js';
import { termBatchMatch } from '../../src/batch/term-match.js';
import { MECHATRONICS, inputs, options, post, student, tableScorer } from './fixtures.js';

const key = (m: ArrayLike<number>) => Array.from(m).join(',');
const finish = async (da: DeferredAcceptance) => void da.run();

/** The procedure on a plain market; cancelled posts in order, and the final assignment. */
async function settle(market: Market, minSize: number[], window?: Int32Array) {
  const first = new DeferredAcceptance(market, { window }).run();
  const out = await enforceMinimumSizes(
    { market, minSize: Int32Array.from(minSize), order: Int32Array.from(minSize, (_, p) => p), window, finish },
    first,
  );
  return { cancelled: out.cancelled.map((c) => c.post), assignment: Array.from(out.da.assignment), reopened: out.reopened, trials: out.trials };
}

/** Every open post with a minimum holds at least it. */
function feasible(assignment: ArrayLike<number>, minSize: readonly number[], closed: ReadonlySet<number>): boolean {
  const held = minSize.map(() => 0);
  for (const p of Array.from(assignment)) if (p >= 0) held[p]!++;
  return minSize.every((m, p) => m === 0 || closed.has(p) || held[p]! >= m);
}

t.test('the issue’s A/B/J market: cancelling only B gives A its minimum and everyone a better place', async (t) => {
  // A = 0, B = 1 (5 seats, minimum 3), J = 2 (10 seats); equal priorities. a1 = 0 lists [A, J];
  // b1 = 1 and b2 = 2 list [B, A, J]. Emptiest-first cancelled A (1 student), then B (2), and put
  // all three at J.
  const market = marketFromSpec({
    students: [[0, 2], [1, 0, 2], [1, 0, 2]],
    posts: [{ capacity: 5, priorities: [1, 1, 1] }, { capacity: 5, priorities: [1, 1, 1] }, { capacity: 10, priorities: [1, 1, 1] }],
  });
  const got = await settle(market, [3, 3, 0]);
  // Latent demand: A holds a1 and b1, b2 would come from B (3); B holds 2 and nobody else lists
  // it (2). B goes; A ends with all three.
  t.same(got, { cancelled: [1], assignment: [0, 0, 0], reopened: [], trials: 0 });

  // The same through a whole term run, with derived lists.
  const students = ['a1', 'b1', 'b2'].map((id) => student(id, 'S', MECHATRONICS));
  const posts = [post('A', 'E1', 5, { kind: 'order_class' }), post('B', 'E1', 5, { kind: 'order_class' }), post('J', 'E1', 10)];
  const scores = { 'a1>A': 0.9, 'a1>J': 0.5, 'b1>B': 0.9, 'b1>A': 0.8, 'b1>J': 0.5, 'b2>B': 0.9, 'b2>A': 0.8, 'b2>J': 0.5 };
  const data = inputs({ students, posts, applications: { a1: ['A', 'J'], b1: ['B', 'A', 'J'], b2: ['B', 'A', 'J'] } });
  const { outcome } = await termBatchMatch(data, tableScorer(scores), options({ minClassSize: 3, secondRound: false }));
  t.same(outcome.cancelled.map((c) => [c.postId, c.filled, c.minSize]), [['B', 2, 3]]);
  t.same(outcome.assignments.map((a) => [a.studentId, a.postId]), [['a1', 'A'], ['b1', 'A'], ['b2', 'A']]);
});

t.test('a full class is never cancelled: a minimum above the seats counts as the seats, for the default and for a class rule', async (t) => {
  const students = ['s1', 's2', 's3', 's4', 's5'].map((id) => student(id, 'S', MECHATRONICS));
  const posts = [post('C5', 'E1', 5, { kind: 'order_class' }), post('J1', 'E1', 10)];
  const scores = Object.fromEntries(students.map((s) => [`${s.id}>C5`, 0.9]));
  for (const opts of [{ minClassSize: 10 }, { minClassSize: 0, classes: [{ postId: 'C5', minSize: 10 }] }]) {
    const { outcome } = await termBatchMatch(inputs({ students, posts }), tableScorer(scores), options({ ...opts, secondRound: false }));
    t.same(outcome.cancelled, [], `not cancelled under ${JSON.stringify(opts)}`);
    t.equal(outcome.assignments.filter((a) => a.postId === 'C5').length, 5);
  }
  // Four applicants for five seats under the default 10: the effective minimum is 5, and it is cancelled.
  const { outcome } = await termBatchMatch(
    inputs({ students: students.slice(0, 4), posts }),
    tableScorer(scores),
    options({ minClassSize: 10, secondRound: false }),
  );
  t.same(outcome.cancelled.map((c) => [c.postId, c.minSize, c.filled]), [['C5', 5, 4]]);
});

t.test('after a cancellation a derived list is rebuilt without the class: the next post moves in within round 1', async (t) => {
  // List length 2. s1's top posts: C (class, minimum 2, nobody else), P1 (1 seat, s2 outranks s1),
  // then P2. Without rebuilding, s1's list stays [C, P1] and s1 is unmatched after round 1.
  const students = ['s1', 's2'].map((id) => student(id, 'S', MECHATRONICS));
  const posts = [post('C', 'E1', 5, { kind: 'order_class' }), post('P1', 'E1', 1), post('P2', 'E1', 1)];
  const scores = { 's1>C': 0.9, 's1>P1': 0.8, 's1>P2': 0.7, 's2>P1': 0.95, 's2>C': 0.05, 's2>P2': 0.05 };
  const { outcome } = await termBatchMatch(
    inputs({ students, posts }),
    tableScorer(scores),
    options({ minClassSize: 2, preferenceListLength: 2, secondRound: false }),
  );
  t.same(outcome.cancelled.map((c) => c.postId), ['C']);
  t.same(outcome.assignments.map((a) => [a.studentId, a.postId, a.round, a.choice]), [['s1', 'P2', 1, 2], ['s2', 'P1', 1, 1]]);
  const s1 = outcome.lists.find((l) => l.studentId === 's1')!;
  t.same([s1.posts, s1.dropped], [['P1', 'P2'], [{ postId: 'C', reason: '班级因人数不足取消 class cancelled (below its minimum size)' }]]);
  t.same(outcome.stability.round1, { students: 2, blockingPairs: 0, capacityViolations: 0, unacceptable: 0 });
});

t.test('two classes competing for the same three students: one opens, and the other cannot be reopened without closing it', async (t) => {
  // X = 0 and Y = 1 (minimum 3); all three students list [X, Y]. Either class alone can open;
  // both cannot. The guarantee is about reopening one class without cancelling another.
  const market = marketFromSpec({
    students: [[0, 1], [1, 0], [0, 1]],
    posts: [{ capacity: 3, priorities: [1, 1, 1] }, { capacity: 3, priorities: [1, 1, 1] }],
  });
  const got = await settle(market, [3, 3]);
  t.equal(got.cancelled.length, 1);
  const open = 1 - got.cancelled[0]!;
  t.same(got.assignment, [open, open, open]);
});

/** Random markets with minimum sizes on some posts, and sometimes windows over longer lists. */
const minimumMarket = fc
  .record({ students: fc.integer({ min: 2, max: 8 }), posts: fc.integer({ min: 2, max: 5 }), windows: fc.boolean() })
  .chain(({ students, posts, windows }) =>
    fc.record({
      lists: fc.array(fc.shuffledSubarray([...Array(posts).keys()]), { minLength: students, maxLength: students }),
      priorities: fc.array(fc.array(fc.integer({ min: 0, max: 2 }), { minLength: students, maxLength: students }), { minLength: posts, maxLength: posts }),
      capacities: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: posts, maxLength: posts }),
      minimums: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: posts, maxLength: posts }),
      windows: windows ? fc.array(fc.integer({ min: 1, max: 3 }), { minLength: students, maxLength: students }) : fc.constant(undefined),
      tickets: fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { minLength: students, maxLength: students }),
    }),
  )
  .map(({ lists, priorities, capacities, minimums, windows, tickets }) => ({
    market: marketFromSpec({ students: lists, posts: capacities.map((capacity, p) => ({ capacity, priorities: priorities[p]! })), tickets }),
    minSize: minimums.map((m, p) => Math.min(m, capacities[p]!)),
    window: windows ? Int32Array.from(windows) : undefined,
  }));

const run = (market: Market, window: Int32Array | undefined, closed: number[]) => {
  const opts: RunOptions = { closed, ...(window ? { window } : {}) };
  return deferredAcceptance(market, opts);
};

/** The fewest cancellations that leave every open class at its minimum: every subset tried. */
function optimum(market: Market, minSize: number[], window: Int32Array | undefined): number {
  const classes = minSize.flatMap((m, p) => (m > 0 ? [p] : []));
  let best = classes.length;
  for (let mask = 0; mask < 1 << classes.length; mask++) {
    const closed = classes.filter((_, k) => mask & (1 << k));
    if (closed.length >= best) continue;
    if (feasible(run(market, window, closed), minSize, new Set(closed))) best = closed.length;
  }
  return best;
}

/** The procedure this replaced: cancel the lowest fill ratio first, resume, no reopening. */
function emptiestFirst(market: Market, minSize: number[], window: Int32Array | undefined): number {
  const da = new DeferredAcceptance(market, window ? { window } : {}).run();
  let cancelled = 0;
  for (;;) {
    let worst = -1;
    for (let p = 0; p < minSize.length; p++) {
      if (minSize[p] === 0 || da.isClosed(p) || da.heldCount(p) >= minSize[p]!) continue;
      if (worst < 0 || da.heldCount(p) / minSize[p]! < da.heldCount(worst) / minSize[worst]!) worst = p;
    }
    if (worst < 0) return cancelled;
    da.close(worst);
    da.run();
    cancelled++;
  }
}

t.test('resuming after closes with windows equals a fresh run on the lists cut to their windows', async (t) => {
  fc.assert(
    fc.property(minimumMarket, fc.array(fc.nat(), { maxLength: 3 }), ({ market, window }, picks) => {
      const da = new DeferredAcceptance(market, window ? { window } : {}).run();
      const closed = new Uint8Array(market.postCount);
      for (const k of picks) {
        const p = k % market.postCount;
        closed[p] = 1;
        da.close(p);
        da.run();
      }
      return key(da.assignment) === key(deferredAcceptance(windowedMarket(market, closed, window).market));
    }),
    { numRuns: 500 },
  );
  t.pass('holds on 500 random markets');
});

t.test('against a brute force over every set of cancellations on random small markets', async (t) => {
  const samples = fc.sample(minimumMarket, { numRuns: 3000, seed: 2027 });
  let above = 0;
  let excess = 0;
  let worst = 0;
  let oldAbove = 0;
  let oldExcess = 0;
  const broken: string[] = [];
  let reopenedMarkets = 0;
  for (const [k, { market, minSize, window }] of samples.entries()) {
    const got = await settle(market, minSize, window);
    const closed = new Set(got.cancelled);
    if (got.reopened.length > 0) reopenedMarkets++;
    // Guarantee 1: feasible, and the state is the fresh run with exactly those cancellations.
    if (!feasible(got.assignment, minSize, closed)) broken.push(`market ${k}: an open class is under its minimum`);
    if (key(got.assignment) !== key(run(market, window, got.cancelled))) broken.push(`market ${k}: not the fresh run without the cancelled classes`);
    // Guarantee 2: no single cancelled class can be reopened without another class falling short.
    for (const c of got.cancelled) {
      const others = got.cancelled.filter((x) => x !== c);
      if (feasible(run(market, window, others), minSize, new Set(others))) broken.push(`market ${k}: class ${c} could be reopened on its own`);
    }
    const best = optimum(market, minSize, window);
    if (got.cancelled.length < best) broken.push(`market ${k}: fewer cancellations than the brute force`);
    const over = got.cancelled.length - best;
    if (over > 0) above++;
    excess += over;
    worst = Math.max(worst, over);
    const old = emptiestFirst(market, minSize, window) - best;
    if (old > 0) oldAbove++;
    oldExcess += old;
  }
  t.same(broken, [], `both guarantees hold on ${samples.length} random markets`);
  t.ok(reopenedMarkets > 0, `step 2 reopened a class in ${reopenedMarkets} markets`);
  const pct = (x: number) => `${((100 * x) / samples.length).toFixed(1)}%`;
  t.comment(
    `least latent demand + reopening: above the optimum in ${above} of ${samples.length} markets (${pct(above)}), ` +
      `${excess} extra cancellations in all, at most ${worst} in one market; emptiest first: ${oldAbove} (${pct(oldAbove)}), ${oldExcess} extra`,
  );
  t.ok(above < oldAbove, `fewer markets above the optimum than emptiest first (${above} < ${oldAbove})`);
  t.ok(above / samples.length < 0.02, `above the optimum in under 2% of markets (${pct(above)})`);
});

t.test('with minimum sizes a student can gain by misreporting (DESIGN says so): the fixed counterexample', async (t) => {
  // Class A = 0 (2 seats, minimum 2), job P = 1 (1 seat); P ranks s0 above s1.
  const run = async (s1List: number[]) =>
    (
      await settle(
        marketFromSpec({ students: [[0, 1], s1List], posts: [{ capacity: 2, priorities: [1, 1] }, { capacity: 1, priorities: [2, 1] }] }),
        [2, 0],
      )
    ).assignment;
  // Truthful: A is short and cancelled; s0 moves to P and displaces s1, who gets nothing.
  t.same(await run([1, 0]), [1, -1]);
  // s1 leaves P off its list: both go to A, which opens; s1 is better off.
  t.same(await run([0]), [0, 0]);
});
