import fc from 'fast-check';
import t from 'tap';
import type { CertificateLevel, Post, PostKind, StudentProfile } from '@chanjiao/domain';
import { createAnalyzer, createMatchRules, isEligible, matchScore } from '@chanjiao/search';
import { Holdings, ItemTable, postItems, withItem } from '../../src/skills/items.js';
import { marketOf, type SkillMarket } from '../../src/skills/market.js';
import { nextSkills } from '../../src/skills/next-skills.js';
import { engineCounts, gainedPosts } from '../../src/skills/recount.js';
import { ENTERPRISES, SCHOOLS, TERM, post, student } from './fixtures.js';

/*
 * Random small markets over names chosen to hit the engine's corners: synonyms (HMI = 触摸屏组态,
 * 变频器 = 变频器调试), a narrower skill covering a broader one (西门子PLC → PLC编程), certificates by
 * level, a certificate named with its level (中级电工), one without levels (低压电工作业证).
 */
const SKILLS = ['PLC编程', '西门子PLC', '三菱PLC', '电气控制', '变频器', '变频器调试', '触摸屏组态', 'HMI', '工业机器人编程', '软件测试', 'CAD制图', '机械制图'];
const CERTS: Array<{ name: string; level?: CertificateLevel }> = [
  { name: '电工职业技能等级证书', level: 'junior' },
  { name: '电工职业技能等级证书', level: 'intermediate' },
  { name: '电工职业技能等级证书', level: 'senior' },
  { name: '中级电工' },
  { name: '低压电工作业证' },
  { name: '工业机器人操作与运维职业技能等级证书', level: 'intermediate' },
];
const MAJORS = ['460301', '460306', '510203'];
const ACCEPTED = ['4603', '460301', '460306', '46', '5102'];
const KINDS: PostKind[] = ['job', 'internship', 'order_class'];
const CITIES = ['珠海', '郴州'];

const subset = <T>(xs: readonly T[], max: number) => fc.subarray([...xs], { maxLength: max });

const postArb = fc
  .record({
    kind: fc.constantFrom(...KINDS),
    city: fc.constantFrom(...CITIES),
    accepted: subset(ACCEPTED, 2),
    years: subset([2026, 2027, 2028], 2),
    required: subset(SKILLS, 3),
    preferred: subset(SKILLS, 2),
    requiredCerts: subset(CERTS, 1),
    preferredCerts: subset(CERTS, 1),
    seats: fc.integer({ min: 1, max: 9 }),
    open: fc.integer({ min: 0, max: 4 }).map((n) => n !== 0),
    otherTerm: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  });

const studentArb = fc.record({
  major: fc.constantFrom(...MAJORS),
  year: fc.constantFrom(2026, 2027, 2028),
  skills: subset(SKILLS, 4),
  certs: subset(CERTS, 2),
  kinds: subset(KINDS, 2),
  cities: subset(CITIES, 1),
  stayLocal: fc.boolean(),
});

type PostDraft = typeof postArb extends fc.Arbitrary<infer T> ? T : never;
type StudentDraft = typeof studentArb extends fc.Arbitrary<infer T> ? T : never;

function toPost(i: number, p: PostDraft): Post {
  return post(`P${String(i).padStart(2, '0')}`, i % 2 ? 'E1' : 'E2', p.seats, {
    kind: p.kind,
    ...(p.kind === 'internship' ? { internshipMode: 'on_post' as const } : {}),
    city: p.city,
    acceptedMajorCodes: p.accepted,
    acceptedGraduationYears: p.years,
    requiredSkills: p.required,
    preferredSkills: p.preferred,
    requiredCertificates: p.requiredCerts.map((c) => ({ name: c.name, ...(c.level ? { minLevel: c.level } : {}) })),
    preferredCertificates: p.preferredCerts.map((c) => ({ name: c.name, ...(c.level ? { minLevel: c.level } : {}) })),
    status: p.open ? 'open' : 'closed',
    term: p.otherTerm ? '2027-spring' : TERM,
  });
}

function toStudent(s: StudentDraft): StudentProfile {
  return student('me', 'SA', s.major, {
    graduationYear: s.year,
    skills: s.skills.map((name) => ({ name })),
    certificates: s.certs.map((c) => ({ name: c.name, ...(c.level ? { level: c.level } : {}) })),
    preferences: { postKinds: s.kinds, cities: s.cities, parks: [], industries: [], stayLocal: s.stayLocal },
  });
}

/** The posts the student considers (open, of the term, of the kinds and cities it prefers), filtered here, not by the code under test. */
function considered(market: SkillMarket, s: StudentProfile): Post[] {
  return market.posts.filter(
    (p) =>
      p.status === 'open' &&
      p.term === TERM &&
      (!s.preferences.postKinds.length || s.preferences.postKinds.includes(p.kind)) &&
      (!s.preferences.cities.length || s.preferences.cities.includes(p.city)),
  );
}

const analyzer = createAnalyzer();

t.test('next skills: for every item the student lacks, adding it changes the engine’s counts by exactly what the reply states (0 when not listed)', async (t) => {
  const rules = createMatchRules({ analyzer, term: TERM });
  let listed = 0;
  let unlisted = 0;
  fc.assert(
    fc.property(fc.array(postArb, { minLength: 1, maxLength: 25 }), studentArb, fc.integer({ min: 1, max: 6 }), (rawPosts, rawStudent, topN) => {
      const market = marketOf({ students: [], posts: rawPosts.map((p, i) => toPost(i, p)), schools: SCHOOLS, enterprises: ENTERPRISES });
      const me = toStudent(rawStudent);
      const reply = nextSkills(market, rules, me, { term: TERM, topN, limit: 50, posts: 50 });
      const before = engineCounts(market, rules, me, considered(market, me), topN);
      if (reply.eligible !== before.eligible.size || reply.qualified !== before.qualified.size) throw new Error('eligible / qualified now differ');
      // Every skill and certificate named by a post the student could enter by learning (considered, and
      // eligible or refused only for a certificate), by the item's own name and level.
      const table = new ItemTable(rules);
      const school = market.schools.get(me.schoolId);
      const enterable = considered(market, me).filter((p) => {
        const e = isEligible(me, p, { rules, school, enterprise: market.enterprises.get(p.enterpriseId) });
        return e.eligible || e.reason === 'missing_certificate';
      });
      const every = new Map(enterable.flatMap((p) => Object.values(postItems(table, p)).flat()).map((i) => [i.item.key, i]));
      const stated = new Map(reply.items.map((i) => [i.item.key, i]));
      for (const item of every.values()) {
        if (table.holds(me, item)) continue;
        const it = stated.get(item.item.key);
        if (it) listed++;
        else unlisted++;
        const added = withItem(me, item.item);
        const engine = gainedPosts(before, engineCounts(market, rules, added, considered(market, added), topN));
        const flagged = (flag: 'newlyEligible' | 'newlyQualified' | 'newlyInTop') => (it?.posts ?? []).filter((p) => p[flag]).map((p) => p.postId).sort();
        const counts = [it?.newlyEligible ?? 0, it?.newlyQualified ?? 0, it?.newlyInTop ?? 0];
        if (JSON.stringify(counts) !== JSON.stringify(engine.map((e) => e.length))) {
          throw new Error(`${item.item.key}: stated ${JSON.stringify(counts)}, engine ${JSON.stringify(engine)}`);
        }
        if (it && JSON.stringify([flagged('newlyEligible'), flagged('newlyQualified'), flagged('newlyInTop')]) !== JSON.stringify(engine)) {
          throw new Error(`${item.item.key}: the posts named differ from the engine's ${JSON.stringify(engine)}`);
        }
        if (it && counts.every((c) => c === 0)) throw new Error(`${item.item.key}: listed with no gain`);
      }
      return true;
    }),
    { numRuns: 300, seed: 21 },
  );
  t.ok(listed > 100 && unlisted > 100, `items checked: ${listed} listed, ${unlisted} not listed`);
});

t.test('holdings agree with the engine: a profile holds an item iff a post requiring only it finds nothing missing', async (t) => {
  const rules = createMatchRules({ analyzer });
  const table = new ItemTable(rules);
  const all = postItems(table, post('X', 'E1', 1, {
    requiredSkills: SKILLS,
    requiredCertificates: CERTS.map((c) => ({ name: c.name, ...(c.level ? { minLevel: c.level } : {}) })),
  })).required;
  const holdings = new Holdings(rules, all);
  let checks = 0;
  fc.assert(
    fc.property(studentArb, (raw) => {
      const me = toStudent({ ...raw, year: 2027 });
      const held = holdings.held(me);
      for (const item of all) {
        const probe = post('PROBE', 'E1', 1,
          item.certificate
            ? { requiredCertificates: [{ name: item.item.name, ...(item.item.level ? { minLevel: item.item.level } : {}) }] }
            : { requiredSkills: [item.item.name] },
        );
        const ctx = { rules, school: SCHOOLS[0], enterprise: ENTERPRISES[0] };
        const engine = item.certificate ? isEligible(me, probe, ctx).eligible : matchScore(me, probe, ctx).explanation.missingRequiredSkills.length === 0;
        checks++;
        if (engine !== held.has(item.item.key) || engine !== table.holds(me, item)) throw new Error(`${item.item.key}: engine ${engine}`);
      }
      return true;
    }),
    { numRuns: 300, seed: 7 },
  );
  t.ok(checks > 1000);
});
