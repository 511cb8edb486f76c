/**
 * `pnpm bench:skills`: skill-level supply and demand on a generated city — 100k students and 10k
 * posts from the project's demo-data generator, every post offered in one term (2027-autumn).
 * Times next-skills for one student (p50 / p99 over a sample), one school's gaps (the school with
 * the most students) and the catalogue of the city with the most posts, on the computations the
 * routes call, with the records in memory (the routes keep the same in-memory market, current from
 * the change feed; the store is left out, like bench:batch).
 *
 * Vectors: none. These views judge pairs with the engine's structured features only (no query, no
 * free text), so the semantic and lexical features are 0 for every pair, as in batch matching; no
 * embedding is computed or loaded.
 *
 * Invariants (exit 1 when one breaks): a sample of next-skills answers re-checked against the
 * engine over every considered post (each listed item's counts); school gaps' shares in [0, 1]
 * and gap = demand share − holder share; the catalogue ranked by gap, every line over the margin,
 * and one skill line's supply recounted by a plain loop.
 *
 * Options: --students N --posts N --seed N --sample N (students timed) --check N (of those re-checked).
 * Last line: one JSON object.
 */
import { parseArgs } from 'node:util';
import { generateDemoData } from '@chanjiao/demo-data';
import type { Post, StudentProfile } from '@chanjiao/domain';
import {
  catalogueSupplyStudents,
  consideredPosts,
  engineCounts,
  gainedPosts,
  marketOf,
  nextSkills,
  schoolSkillGaps,
  shortageCatalogue,
  withItem,
} from '@chanjiao/matching';
import { createAnalyzer, createMatchRules, matchScore } from '@chanjiao/search';

const { values } = parseArgs({
  options: {
    students: { type: 'string', default: '100000' },
    posts: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '2027' },
    sample: { type: 'string', default: '500' },
    check: { type: 'string', default: '25' },
    margin: { type: 'string', default: '0.2' },
  },
});
const TERM = '2027-autumn';
const TOP_N = 20;
const MARGIN = Number(values.margin);
const log = (msg: string) => process.stderr.write(`${msg}\n`);
const failures: string[] = [];
const fail = (msg: string) => {
  failures.push(msg);
  log(`INVARIANT BROKEN: ${msg}`);
};

const g0 = performance.now();
const data = generateDemoData({ seed: Number(values.seed), students: Number(values.students), posts: Number(values.posts) });
const posts: Post[] = data.posts.map((p) => ({ ...p, term: TERM, status: 'open' as const }));
const students: StudentProfile[] = [];
for (const s of data.students()) {
  const { personal: _personal, ...profile } = s;
  students.push(profile);
}
const market = marketOf({ students, posts, schools: data.schools, enterprises: data.enterprises });
log(`generated ${students.length} students (${students.filter((s) => s.status === 'seeking').length} seeking), ${posts.length} posts, ${data.schools.length} schools in ${((performance.now() - g0) / 1000).toFixed(1)} s`);

const analyzer = createAnalyzer();
const rulesForTerm = createMatchRules({ analyzer, term: TERM });
const rules = createMatchRules({ analyzer });

// --- next skills: one student at a time ---------------------------------------------------------
const seeking = students.filter((s) => s.status === 'seeking');
const SAMPLE = Math.min(Number(values.sample), seeking.length);
// A fixed stride through the seeking students: reproducible, spread over schools and majors.
const sample = Array.from({ length: SAMPLE }, (_, i) => seeking[Math.floor((i * seeking.length) / SAMPLE)]!);
for (const s of sample.slice(0, 20)) nextSkills(market, rulesForTerm, s, { term: TERM, topN: TOP_N, limit: 10, posts: 10 }); // warm-up
const times: number[] = [];
// CPU time of the process per call as well: on a shared machine wall time includes waiting for a core.
const cpuTimes: number[] = [];
const replies = [];
for (const s of sample) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const reply = nextSkills(market, rulesForTerm, s, { term: TERM, topN: TOP_N, limit: 10, posts: 10 });
  times.push(performance.now() - t0);
  const c = process.cpuUsage(c0);
  cpuTimes.push((c.user + c.system) / 1000);
  replies.push({ s, reply });
}
times.sort((a, b) => a - b);
cpuTimes.sort((a, b) => a - b);
const percentile = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
const pct = (p: number) => percentile(times, p);
const withItems = replies.filter((r) => r.reply.items.length > 0).length;
log(
  `next-skills: ${SAMPLE} students, wall p50 ${pct(50).toFixed(2)} ms, p99 ${pct(99).toFixed(2)} ms, max ${times.at(-1)!.toFixed(2)} ms; ` +
    `process CPU p50 ${percentile(cpuTimes, 50).toFixed(2)} ms, p99 ${percentile(cpuTimes, 99).toFixed(2)} ms; ` +
    `mean ${(replies.reduce((a, r) => a + r.reply.postsConsidered, 0) / SAMPLE).toFixed(0)} posts considered, ` +
    `${(replies.reduce((a, r) => a + r.reply.itemsExamined, 0) / SAMPLE).toFixed(0)} items examined; ${withItems} students with a suggestion`,
);

let checked = 0;
for (const { s, reply } of replies.filter((r) => r.reply.items.length > 0).slice(0, Number(values.check))) {
  const before = engineCounts(market, rulesForTerm, s, consideredPosts(market, s, TERM), TOP_N);
  if (before.eligible.size !== reply.eligible || before.qualified.size !== reply.qualified) fail(`${s.id}: eligible/qualified now differ`);
  for (const it of reply.items) {
    const added = withItem(s, it.item);
    const engine = gainedPosts(before, engineCounts(market, rulesForTerm, added, consideredPosts(market, added, TERM), TOP_N)).map((p) => p.length);
    const stated = [it.newlyEligible, it.newlyQualified, it.newlyInTop];
    if (engine.join() !== stated.join()) fail(`${s.id} + ${it.item.key}: stated ${stated.join('/')}, engine ${engine.join('/')}`);
    checked++;
  }
}
log(`next-skills: ${checked} listed items re-checked against the engine over every considered post`);

// --- one school's gaps ---------------------------------------------------------------------------
const bySchool = new Map<string, number>();
for (const s of students) bySchool.set(s.schoolId, (bySchool.get(s.schoolId) ?? 0) + 1);
const [schoolId, schoolStudents] = [...bySchool.entries()].sort((a, b) => b[1] - a[1])[0]!;
const school = market.schools.get(schoolId)!;
const cpuSeconds = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1e6;
let cpu0 = process.cpuUsage();
const s0 = performance.now();
const gaps = schoolSkillGaps(market, rules, school, TERM, 20);
const schoolGapsSeconds = (performance.now() - s0) / 1000;
const schoolGapsCpu = cpuSeconds(process.cpuUsage(cpu0));
log(
  `school gaps: ${schoolId} (${school.city}, ${schoolStudents} students, ${gaps.majors.length} majors) against ${gaps.demandPosts} posts / ${gaps.demandSeats} seats in ${schoolGapsSeconds.toFixed(2)} s (process CPU ${schoolGapsCpu.toFixed(2)} s); ${gaps.majorsNotOffered.length} fields not offered`,
);
for (const m of gaps.majors) {
  for (const l of m.lines) {
    if (l.holders > m.seekingStudents || l.allHolders > m.allStudents || l.holders > l.allHolders) fail(`gaps ${m.majorCode} ${l.item.key}: more holders than students`);
    if (l.demandShare < 0 || l.demandShare > 1 || l.holderShare < 0 || l.holderShare > 1) fail(`gaps ${m.majorCode} ${l.item.key}: a share outside [0, 1]`);
    if (Math.abs(l.gap - (l.demandShare - l.holderShare)) > 1e-3) fail(`gaps ${m.majorCode} ${l.item.key}: gap ≠ demand share − holder share`);
  }
  for (let i = 1; i < m.lines.length; i++) if (m.lines[i]!.gap > m.lines[i - 1]!.gap) fail(`gaps ${m.majorCode}: not ranked by gap`);
}

// --- the city's catalogue ------------------------------------------------------------------------
const byCity = new Map<string, number>();
for (const p of posts) byCity.set(p.city, (byCity.get(p.city) ?? 0) + 1);
const [city, cityPosts] = [...byCity.entries()].sort((a, b) => b[1] - a[1])[0]!;
cpu0 = process.cpuUsage();
const c0 = performance.now();
const catalogue = shortageCatalogue(market, rules, city, 2027, MARGIN);
const catalogueSeconds = (performance.now() - c0) / 1000;
const catalogueCpu = cpuSeconds(process.cpuUsage(cpu0));
log(
  `catalogue: ${city} 2027 (${cityPosts} posts, ${catalogue.totals.supplyStudents} supply students): ${catalogue.lines.length} shortage lines of ${catalogue.totals.linesExamined} in ${catalogueSeconds.toFixed(2)} s (process CPU ${catalogueCpu.toFixed(2)} s) ` +
    `(${['major', 'skill', 'certificate'].map((k) => `${catalogue.lines.filter((l) => l.kind === k).length} ${k}`).join(', ')})`,
);
for (const [i, l] of catalogue.lines.entries()) {
  if (!(l.demandSeats > l.supplyStudents * (1 + MARGIN))) fail(`catalogue ${l.key}: listed without exceeding the margin`);
  if (i > 0 && l.gap > catalogue.lines[i - 1]!.gap) fail(`catalogue: not ranked by gap at ${l.key}`);
}
const skillLine = catalogue.lines.find((l) => l.kind === 'skill' && l.supplyStudents > 0);
if (skillLine) {
  // Recount one line's supply with the engine: a post requiring only that skill finds nothing missing.
  const probe: Post = { ...posts[0]!, acceptedMajorCodes: [], acceptedLevels: [], acceptedGraduationYears: [], requiredSkills: [skillLine.name], preferredSkills: [], requiredCertificates: [], preferredCertificates: [] };
  let holders = 0;
  for (const s of catalogueSupplyStudents(market, city)) {
    if (matchScore(s, probe, { rules }).explanation.missingRequiredSkills.length === 0) holders++;
  }
  if (holders !== skillLine.supplyStudents) fail(`catalogue ${skillLine.key}: supply ${skillLine.supplyStudents}, engine recount ${holders}`);
  else log(`catalogue: supply of ${skillLine.name} recounted with the engine: ${holders}`);
}

log(failures.length ? `${failures.length} invariant(s) broken` : 'all invariants hold');
console.log(
  JSON.stringify({
    nextSkillsP50Ms: Math.round(pct(50) * 100) / 100,
    nextSkillsP99Ms: Math.round(pct(99) * 100) / 100,
    schoolGapsSeconds: Math.round(schoolGapsSeconds * 1000) / 1000,
    catalogueSeconds: Math.round(catalogueSeconds * 1000) / 1000,
  }),
);
process.exitCode = failures.length ? 1 : 0;
