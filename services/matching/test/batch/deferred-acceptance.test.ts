import fc from 'fast-check';
import t, { type Test } from 'tap';
import { DeferredAcceptance, deferredAcceptance } from '../../src/batch/deferred-acceptance.js';
import { marketFromSpec, withClosedPosts, type Market } from '../../src/batch/market.js';
import { checkStability } from '../../src/batch/stability.js';
import {
  allFeasibleMatchings,
  allStableMatchings,
  blockingByChoice,
  prefers,
  smallMarket,
} from './models.js';

const RUNS = 300;
const key = (m: ArrayLike<number>) => Array.from(m).join(',');

/** fc.assert throws with the shrunk counterexample; the pass records that the property ran. */
function holds<T>(t: Test, property: fc.IProperty<T>): void {
  fc.assert(property, { numRuns: RUNS });
  t.pass(`holds on ${RUNS} random markets`);
}

/** Marriage market from a Gale–Shapley ranking matrix: men propose (students), women are posts with one seat. */
function marriage(men: number[][], women: number[][]): Market {
  return marketFromSpec({ students: men, posts: women.map((ranking) => ({ capacity: 1, ranking })) });
}

t.test('Gale & Shapley (1962), example 1: three stable sets; men proposing gives each man his first choice', async (t) => {
  const [A, B, C] = [0, 1, 2];
  const [alpha, beta, gamma] = [0, 1, 2];
  const market = marriage(
    [
      [A, B, C],
      [B, C, A],
      [C, A, B],
    ],
    [
      [beta, gamma, alpha],
      [gamma, alpha, beta],
      [alpha, beta, gamma],
    ],
  );
  t.same(Array.from(deferredAcceptance(market)), [A, B, C]);
  t.same(allStableMatchings(market).map(key).sort(), [key([A, B, C]), key([B, C, A]), key([C, A, B])].sort());
});

t.test('Gale & Shapley (1962), example 2: the only stable set is αC, βD, γA, δB', async (t) => {
  const [A, B, C, D] = [0, 1, 2, 3];
  const [alpha, beta, gamma, delta] = [0, 1, 2, 3];
  const market = marriage(
    [
      [A, B, C, D],
      [A, D, C, B],
      [B, A, C, D],
      [D, B, C, A],
    ],
    [
      [delta, gamma, alpha, beta],
      [beta, delta, alpha, gamma],
      [delta, alpha, beta, gamma],
      [gamma, beta, alpha, delta],
    ],
  );
  t.same(Array.from(deferredAcceptance(market)), [C, D, A, B]);
  t.same(allStableMatchings(market).map(key), [key([C, D, A, B])]);
});

t.test('the 4 × 4 instance with ten stable matchings (Knuth): men get their first choices', async (t) => {
  const market = marriage(
    [
      [0, 1, 2, 3],
      [1, 0, 3, 2],
      [2, 3, 0, 1],
      [3, 2, 1, 0],
    ],
    [
      [3, 2, 1, 0],
      [2, 3, 0, 1],
      [1, 0, 3, 2],
      [0, 1, 2, 3],
    ],
  );
  const stable = allStableMatchings(market);
  t.equal(stable.length, 10);
  t.same(Array.from(deferredAcceptance(market)), [0, 1, 2, 3]);
  // The women-optimal one, from the other side of the lattice, is among them.
  t.ok(stable.some((m) => key(m) === key([3, 2, 1, 0])));
});

t.test('random markets: the result has no blocking pair, no capacity violation, nothing unacceptable', async (t) => {
  holds(
    t,
    fc.property(smallMarket({ maxStudents: 8, maxPosts: 4, reserves: true }), (market) => {
      const report = checkStability(market, deferredAcceptance(market));
      return report.blockingPairs.length === 0 && report.capacityViolations.length === 0 && report.unacceptable.length === 0;
    }),
  );
});

t.test('the checker finds exactly the blocking pairs of the choice definition, on any matching', async (t) => {
  holds(
    t,
    fc.property(smallMarket({ maxStudents: 4, maxPosts: 3, reserves: true }), fc.nat(), (market, pick) => {
      const all = allFeasibleMatchings(market);
      const m = all[pick % all.length]!;
      const fromChecker = checkStability(market, m).blockingPairs.map((b) => `${b.student}>${b.post}`).sort();
      const fromModel = blockingByChoice(market, m).map(([s, p]) => `${s}>${p}`).sort();
      t.same(fromChecker, fromModel);
      return fromChecker.join() === fromModel.join();
    }),
  );
});

t.test('the checker reports what breaks: a free seat, an outranked student, an overfull post, an unlisted post', async (t) => {
  const market = marketFromSpec({
    students: [[0], [0], [1]],
    posts: [
      { capacity: 1, ranking: [1, 0] },
      { capacity: 1, ranking: [2] },
    ],
  });
  t.same(checkStability(market, [0, -1, -1]), {
    blockingPairs: [
      { student: 1, post: 0, reason: 'outranks_held', displaces: 0 },
      { student: 2, post: 1, reason: 'free_seat' },
    ],
    capacityViolations: [],
    unacceptable: [],
  });
  t.same(checkStability(market, [0, 0, 0]), {
    blockingPairs: [{ student: 2, post: 1, reason: 'free_seat' }],
    capacityViolations: [{ post: 0, assigned: 2, capacity: 1 }],
    unacceptable: [{ student: 2, post: 0 }],
  });
});

t.test('brute force: the result is stable and every student likes it at least as well as any stable matching', async (t) => {
  holds(
    t,
    fc.property(smallMarket({ maxStudents: 5, maxPosts: 3, reserves: true }), (market) => {
      const da = deferredAcceptance(market);
      const stable = allStableMatchings(market);
      if (!stable.some((m) => key(m) === key(da))) return false;
      return stable.every((m) => Array.from(da).every((p, s) => !prefers(market, s, m[s]!, p)));
    }),
  );
});

t.test('no student gains by misreporting (dropping or reordering posts on its own list)', async (t) => {
  holds(
    t,
    fc.property(
      smallMarket({ maxStudents: 5, maxPosts: 3, reserves: true }),
      fc.nat(),
      fc.array(fc.nat({ max: 2 }), { maxLength: 3 }),
      (market, who, lie) => {
        const s = who % market.studentCount;
        const truthful = deferredAcceptance(market)[s]!;
        const own = Array.from(market.listPost.subarray(market.listStart[s], market.listStart[s + 1]));
        // A misreport: some of the listed posts, in another order.
        const reported = [...new Set(lie.map((i) => own[i % Math.max(own.length, 1)]).filter((p) => p !== undefined))] as number[];
        const lists: number[][] = [];
        const prios: Array<Map<number, number>> = Array.from({ length: market.postCount }, () => new Map());
        for (let x = 0; x < market.studentCount; x++) {
          const list = Array.from(market.listPost.subarray(market.listStart[x], market.listStart[x + 1]));
          list.forEach((p, k) => prios[p]!.set(x, market.listPriority[market.listStart[x]! + k]!));
          lists.push(x === s ? reported : list);
        }
        const lied = marketFromSpec({
          students: lists,
          posts: prios.map((priorities, p) => ({ capacity: market.capacity[p]!, priorities, reserves: market.reserves.get(p) })),
          groups: Array.from(market.group),
          tickets: Array.from(market.ticket),
        });
        const got = deferredAcceptance(lied)[s]!;
        return !prefers(market, s, got, truthful);
      },
    ),
  );
});

t.test('closing a post and resuming gives the same result as a fresh run without it', async (t) => {
  holds(
    t,
    fc.property(smallMarket({ maxStudents: 8, maxPosts: 4, reserves: true }), fc.nat(), (market, which) => {
      const p = which % market.postCount;
      const resumed = new DeferredAcceptance(market).run();
      resumed.close(p);
      resumed.run();
      return key(resumed.assignment) === key(deferredAcceptance(withClosedPosts(market, [p])));
    }),
  );
});

t.test('per-school quotas are flexible: reserved seats a school cannot use are released', async (t) => {
  // One class of 4 seats, 2 reserved for school 0 and 2 for school 1. Priority = the number.
  const spec = (students: number[], groups: number[]) =>
    marketFromSpec({
      students: students.map(() => [0]),
      posts: [{ capacity: 4, priorities: students, reserves: new Map([[0, 2], [1, 2]]) }],
      groups,
    });
  // School 0 has one applicant: its unused reserved seat goes to school 1's third best.
  t.same(Array.from(deferredAcceptance(spec([10, 90, 80, 70, 60], [0, 1, 1, 1, 1]))), [0, 0, 0, 0, -1]);
  // Both schools have more than their quota: each gets exactly its two best, even though all of
  // school 1 outranks school 0.
  t.same(Array.from(deferredAcceptance(spec([10, 20, 30, 90, 80, 70], [0, 0, 0, 1, 1, 1]))), [-1, 0, 0, 0, 0, -1]);
  // A student of no school competes for the released and open seats only.
  t.same(Array.from(deferredAcceptance(spec([10, 95, 90, 80, 70], [0, -1, 1, 1, 1]))), [0, 0, 0, 0, -1]);
});

t.test('equal priorities go to the lottery: the lower ticket wins', async (t) => {
  const market = (tickets: number[]) =>
    marketFromSpec({ students: [[0], [0], [0]], posts: [{ capacity: 2, priorities: [5, 5, 5] }], tickets });
  t.same(Array.from(deferredAcceptance(market([0.3, 0.1, 0.2]))), [-1, 0, 0]);
  t.same(Array.from(deferredAcceptance(market([0.1, 0.3, 0.2]))), [0, -1, 0]);
});
