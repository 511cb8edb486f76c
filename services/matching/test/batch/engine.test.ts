/**
 * The batch on the engine's own rules (@chanjiao/search isEligible / matchScore) over a small
 * generated term: the buckets never hide an eligible post, lists follow the engine's scores, and
 * every placement is eligible, scored by the engine and stable.
 */
import t from 'tap';
import { generateDemoData } from '@chanjiao/demo-data';
import { gazetteer, type Post, type StudentProfile } from '@chanjiao/domain';
import { createAnalyzer, createMatchRules, isEligible, matchScore } from '@chanjiao/search';
import { buildRoundMarket } from '../../src/batch/candidates.js';
import { createBatchScorer } from '../../src/batch/scorer.js';
import { TermIndex, type TermInputs } from '../../src/batch/term-index.js';
import { termBatchMatch } from '../../src/batch/term-match.js';
import { options } from './fixtures.js';

const TERM = '2027-autumn';
const data = generateDemoData({ seed: 11, students: 600, posts: 150 });
const students: StudentProfile[] = [];
for (const { personal: _personal, ...s } of data.students()) if (s.status === 'seeking') students.push(s);
const inputs: TermInputs = {
  term: TERM,
  students,
  posts: data.posts.map((p) => ({ ...p, term: TERM })),
  schools: new Map(data.schools.map((s) => [s.id, s])),
  enterprises: new Map(data.enterprises.map((e) => [e.id, e])),
  applications: new Map(),
  interviews: new Map(),
};
const analyzer = createAnalyzer();
const scorer = createBatchScorer(analyzer, TERM);
const rules = createMatchRules({ analyzer, term: TERM });
/** A stayLocal student's places, written plainly: school city, preferred cities, preferred parks' cities. */
const wantedBy = (s: StudentProfile, post: Post): boolean => {
  if (!s.preferences.stayLocal) return true;
  const g = gazetteer();
  const school = inputs.schools.get(s.schoolId);
  const wanted = [
    ...(school ? [g.cityOf(school.city)] : []),
    ...s.preferences.cities.map((c) => g.cityOf(c)),
    ...s.preferences.parks.flatMap((p) => (g.get(p)?.kind === 'park' ? [g.get(p)!.city] : [])),
  ];
  const park = post.park === undefined ? undefined : g.get(post.park);
  return wanted.includes(g.cityOf(post.city)) || (park?.kind === 'park' && wanted.includes(park.city));
};
const ctxOf = (s: StudentProfile, postEnterprise: string) => ({
  rules,
  school: inputs.schools.get(s.schoolId),
  enterprise: inputs.enterprises.get(postEnterprise),
});

t.test('the field, kind and graduation-year buckets never hide a post the engine finds eligible', async (t) => {
  const index = new TermIndex(inputs, 'seed', (name) => scorer.skillKey(name));
  let hidden = 0;
  let eligible = 0;
  for (const [s, student] of students.entries()) {
    const met = new Set<number>();
    index.forEachCandidate(s, (p) => met.add(p));
    inputs.posts.forEach((post, p) => {
      if (!isEligible(student, post, ctxOf(student, post.enterpriseId)).eligible) return;
      eligible++;
      if (!met.has(p)) hidden++;
    });
  }
  t.ok(eligible > 1000, `${eligible} eligible pairs`);
  t.equal(hidden, 0);
});

t.test('exact derived lists (depth 0) are the top N by the engine score of all eligible posts of the preferred kinds, in the wanted cities, above the floor', async (t) => {
  const index = new TermIndex(inputs, 'seed', (name) => scorer.skillKey(name));
  const capacity = Int32Array.from(inputs.posts, (p) => p.seats);
  const minScore = 0.3;
  const rm = await buildRoundMarket(index, scorer, { students: students.keys(), listLength: 5, candidateDepth: 0, minScore, useApplications: false, capacity, reserves: new Map() });
  let mismatches = 0;
  for (const [s, student] of students.entries()) {
    const kinds = student.preferences.postKinds;
    const expected = inputs.posts
      .map((post, p) => ({ post, p }))
      .filter(({ post }) => (kinds.length === 0 || kinds.includes(post.kind)) && wantedBy(student, post) && isEligible(student, post, ctxOf(student, post.enterpriseId)).eligible)
      .map(({ post, p }) => ({ p, score: matchScore(student, post, ctxOf(student, post.enterpriseId)).score }))
      .filter(({ score }) => score >= minScore)
      .sort((a, b) => b.score - a.score || index.postTicket[a.p]! - index.postTicket[b.p]!)
      .slice(0, 5)
      .map(({ p }) => p);
    const got = Array.from(rm.market.listPost.subarray(rm.market.listStart[s], rm.market.listStart[s + 1]));
    if (got.join() !== expected.join()) mismatches++;
  }
  t.equal(mismatches, 0);
  // Both rules bite on this data: stayLocal students are many, and the floor removes entries.
  t.ok(students.filter((s) => s.preferences.stayLocal).length > 100);
  const noFloor = await buildRoundMarket(index, scorer, { students: students.keys(), listLength: 5, candidateDepth: 0, useApplications: false, capacity, reserves: new Map() });
  t.ok(noFloor.market.listPost.length > rm.market.listPost.length, `${noFloor.market.listPost.length} entries without the floor, ${rm.market.listPost.length} with it`);
});

t.test('a run on the engine: every placement eligible, scored by the engine, stable; the default depth finds nearly the exact lists', async (t) => {
  const exact = await termBatchMatch(inputs, scorer, options({ minClassSize: 5 }));
  const { outcome } = exact;
  t.ok(outcome.counts.matched > 50, `${outcome.counts.matched} placed`);
  t.same(outcome.stability.round1, { students: students.length, blockingPairs: 0, capacityViolations: 0, unacceptable: 0 });
  t.same([outcome.stability.round2?.blockingPairs, outcome.stability.round2?.capacityViolations], [0, 0]);
  const posts = new Map(inputs.posts.map((p) => [p.id, p]));
  const byId = new Map(students.map((s) => [s.id, s]));
  let wrong = 0;
  for (const a of outcome.assignments) {
    const student = byId.get(a.studentId)!;
    const post = posts.get(a.postId)!;
    const ctx = ctxOf(student, post.enterpriseId);
    if (!isEligible(student, post, ctx).eligible || matchScore(student, post, ctx).score !== a.score) wrong++;
  }
  t.equal(wrong, 0);
  // Lists are in descending engine score.
  t.ok(outcome.lists.every((l) => l.scores.every((x, i) => i === 0 || l.scores[i - 1]! >= x)));

  const fast = await termBatchMatch(inputs, scorer, options({ minClassSize: 5, candidateDepth: 20 }));
  let same = 0;
  let total = 0;
  fast.outcome.lists.forEach((l, i) => {
    const want = new Set(outcome.lists[i]!.posts);
    total += want.size;
    same += l.posts.filter((p) => want.has(p)).length;
  });
  t.ok(same / total >= 0.95, `retrieval depth 20 keeps ${((100 * same) / total).toFixed(1)} % of the exact list entries`);
});
