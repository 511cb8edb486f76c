/*
 * The demo's own student (`pnpm demo` prints its key; the README walks through its pages) must have
 * something to learn next. Its market is the anchor records' (shared/demo-data/src/anchors.ts:
 * ANCHOR_MARKET_POSTS), not what a seed happens to generate: a 1,000-student city has about one
 * generated post per city, term and kind, and the one anchor post of its kind it fits completely.
 */
import t from 'tap';
import { ANCHOR_STUDENTS, generateDemoData } from '@chanjiao/demo-data';
import { StudentProfile } from '@chanjiao/domain';
import { loadConfig } from '@chanjiao/platform';
import { createAnalyzer, createMatchRules } from '@chanjiao/search';
import { marketOf } from '../../src/skills/market.js';
import { nextSkills } from '../../src/skills/next-skills.js';

const ANCHOR = ANCHOR_STUDENTS[0]!.id; // the key `pnpm demo` prints is this student's
const TERM = '2026-autumn'; // its 顶岗实习 term (2027届, available from 2026-09)
const analyzer = createAnalyzer();
const rules = createMatchRules({ analyzer, requireConsent: false, term: TERM });
const topN = loadConfig({}).SKILLS_TOP_N;

function answerFor(seed: number, students: number) {
  const data = generateDemoData({ seed, students });
  const profiles = [...data.students()].map((s) => StudentProfile.parse(s));
  const market = marketOf({ students: profiles, posts: data.posts, schools: data.schools, enterprises: data.enterprises });
  return nextSkills(market, rules, profiles.find((s) => s.id === ANCHOR)!, { term: TERM, topN, limit: 10, posts: 10 });
}

t.test('the demo city (scripts/demo.ts: seed 42, 1,000 students): the anchor student has skills to learn, with counts', async (t) => {
  const reply = answerFor(42, 1000);
  t.same(
    { postsConsidered: reply.postsConsidered, eligible: reply.eligible, qualified: reply.qualified },
    { postsConsidered: 5, eligible: 4, qualified: 1 },
  );
  t.same(
    reply.items.map((i) => [i.item.key, i.distance, i.newlyEligible, i.newlyQualified, i.newlyQualifiedSeats, i.posts.map((p) => p.postId), i.summary]),
    [
      ['工业机器人编程', 'same_field', 0, 2, 12, ['POST-ANCHOR-ROBOT-INTERN', 'POST-ANCHOR-CELL-INTERN'], '学会 工业机器人编程：可多匹配 2 个岗位'],
      [
        '可编程控制器系统应用编程职业技能等级证书|junior',
        'same_field',
        1,
        1,
        6,
        ['POST-ANCHOR-LINE-INTERN'],
        '取得 可编程控制器系统应用编程职业技能等级证书（初级）：可多匹配 1 个岗位',
      ],
    ],
  );
});

t.test('whatever the seed and size, the anchor student has something to learn in its term', async (t) => {
  for (const [seed, students] of [[1, 200], [7, 1500], [20260301, 2000]] as const) {
    const reply = answerFor(seed, students);
    t.ok(reply.items.some((i) => i.item.key === '工业机器人编程' && i.newlyQualified >= 2), `seed ${seed}, ${students} students: ${reply.items.map((i) => i.summary).join('; ')}`);
  }
});
