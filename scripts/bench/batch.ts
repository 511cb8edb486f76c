/**
 * `pnpm bench:batch`: term batch matching end to end on a generated city — 100k seeking students,
 * 10k posts with 60k seats in one term — through candidate generation (engine eligibility and
 * scores), deferred acceptance with minimum class sizes and a second round, the stability check,
 * and every report. The store is left out (the run reads plain inputs); generating the data is
 * timed apart. Last line: one JSON object.
 *
 * Options: --students N --posts N --seats N --seed N --min-class-size N --depth N (candidates the
 * engine scores per student) --min-score X (the lowest score a derived list keeps; default
 * BATCH_MIN_SCORE, as a run through the API) --recall-sample N (students whose derived lists are also built
 * exhaustively, to report how often retrieval + re-rank finds the exact top N).
 *
 * Exits 1 when the run breaks its own invariants: any blocking pair or capacity violation.
 */
import { parseArgs } from 'node:util';
import { generateDemoData } from '@chanjiao/demo-data';
import type { Post, StudentProfile } from '@chanjiao/domain';
import { buildReports, buildRoundMarket, createBatchScorer, termBatchMatch, type BatchOptions, type TermInputs } from '@chanjiao/matching';
import { loadConfig } from '@chanjiao/platform';
import { createAnalyzer } from '@chanjiao/search/internal';

const { values } = parseArgs({
  options: {
    students: { type: 'string', default: '100000' },
    posts: { type: 'string', default: '10000' },
    seats: { type: 'string', default: '60000' },
    seed: { type: 'string', default: '2027' },
    'min-class-size': { type: 'string', default: '10' },
    depth: { type: 'string', default: '40' },
    'min-score': { type: 'string' },
    'recall-sample': { type: 'string', default: '2000' },
  },
});
const STUDENTS = Number(values.students);
const POSTS = Number(values.posts);
const SEATS = Number(values.seats);
const TERM = '2027-autumn';

const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
const peakRssMiB = () => Math.round(process.resourceUsage().maxRSS / 1024);
const log = (msg: string) => process.stderr.write(`${msg}\n`);

/** Spread `total` seats over the posts in proportion to their generated seats (at least 1 each). */
function rescaleSeats(posts: Post[], total: number): Post[] {
  const raw = posts.reduce((a, p) => a + p.seats, 0);
  const seats = posts.map((p) => Math.max(1, Math.round((p.seats * total) / raw)));
  let diff = total - seats.reduce((a, b) => a + b, 0);
  for (let i = 0; diff !== 0; i = (i + 1) % seats.length) {
    if (diff > 0) {
      seats[i]!++;
      diff--;
    } else if (seats[i]! > 1) {
      seats[i]!--;
      diff++;
    }
  }
  return posts.map((p, i) => ({ ...p, seats: seats[i]! }));
}

const g0 = performance.now();
const data = generateDemoData({ seed: Number(values.seed), students: STUDENTS, posts: POSTS });
// One term's market: every generated post is offered this term, and every student seeks.
const posts = rescaleSeats(
  data.posts.map((p) => ({ ...p, term: TERM, status: 'open' as const })),
  SEATS,
);
const students: StudentProfile[] = [];
for (const s of data.students()) {
  const { personal: _personal, ...profile } = s;
  students.push({ ...profile, status: 'seeking' });
}
const inputs: TermInputs = {
  term: TERM,
  students,
  posts,
  schools: new Map(data.schools.map((s) => [s.id, s])),
  enterprises: new Map(data.enterprises.map((e) => [e.id, e])),
  applications: new Map(),
  interviews: new Map(),
};
const generateSeconds = (performance.now() - g0) / 1000;
log(`generated ${students.length} students, ${posts.length} posts, ${posts.reduce((a, p) => a + p.seats, 0)} seats in ${generateSeconds.toFixed(1)} s`);

const options: BatchOptions = {
  seed: 'bench',
  preferenceListLength: 10,
  candidateDepth: Number(values.depth),
  reserveListLength: 5,
  secondRound: true,
  minClassSize: Number(values['min-class-size']),
  classes: [],
  minScore: values['min-score'] !== undefined ? Number(values['min-score']) : loadConfig().BATCH_MIN_SCORE,
};
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const t0 = performance.now();
const c0 = cpuSeconds();
const phaseStart = new Map<string, number>();
const scorer = createBatchScorer(createAnalyzer(), TERM);
const { outcome, index } = await termBatchMatch(
  inputs,
  scorer,
  options,
  {
    onProgress: (phase) => {
      if (!phaseStart.has(phase)) {
        phaseStart.set(phase, performance.now());
        log(`${((performance.now() - t0) / 1000).toFixed(1)} s (cpu ${(cpuSeconds() - c0).toFixed(1)} s): ${phase} (rss ${mib(process.memoryUsage().rss)} MiB)`);
      }
    },
  },
);
const matchSeconds = (performance.now() - t0) / 1000;
const reports = await buildReports(outcome, index, scorer, {});
const seconds = (performance.now() - t0) / 1000;
const cpu = cpuSeconds() - c0;
const rows = Object.values(reports).reduce((a, r) => a + r.rows.length, 0);
log(`reports: ${rows} rows in ${(seconds - matchSeconds).toFixed(1)} s (cpu so far ${cpu.toFixed(1)} s); cancelled classes: ${outcome.counts.cancelledClasses}`);

// Retrieval quality: on a sample of students, the share of derived-list entries that the exact
// (score every candidate) list also has. Not timed.
const sample = Math.min(Number(values['recall-sample']), students.length);
let same = 0;
let exactEntries = 0;
if (sample > 0 && options.candidateDepth > 0) {
  const who = Array.from({ length: sample }, (_, k) => Math.floor((k * students.length) / sample));
  const capacity = Int32Array.from(posts, (p) => p.seats);
  const params = { students: who, listLength: 10, useApplications: false, capacity, reserves: new Map() } as const;
  const fast = await buildRoundMarket(index, scorer, { ...params, candidateDepth: options.candidateDepth });
  const exact = await buildRoundMarket(index, scorer, { ...params, candidateDepth: 0 });
  for (const s of who) {
    const list = (m: typeof fast) => new Set(m.market.listPost.subarray(m.market.listStart[s], m.market.listStart[s + 1]));
    const f = list(fast);
    for (const p of list(exact)) {
      exactEntries++;
      if (f.has(p)) same++;
    }
  }
}

const result = {
  seconds: Math.round(seconds * 10) / 10,
  peakRssMiB: peakRssMiB(),
  matched: outcome.counts.matched,
  blockingPairs: outcome.stability.round1.blockingPairs + (outcome.stability.round2?.blockingPairs ?? 0),
  capacityViolations: outcome.stability.round1.capacityViolations + (outcome.stability.round2?.capacityViolations ?? 0),
  /** CPU time of the timed part: what `seconds` would be on an otherwise idle core. */
  cpuSeconds: Math.round(cpu * 10) / 10,
  matchSeconds: Math.round(matchSeconds * 10) / 10,
  reportSeconds: Math.round((seconds - matchSeconds) * 10) / 10,
  generateSeconds: Math.round(generateSeconds * 10) / 10,
  students: outcome.counts.students,
  posts: outcome.counts.posts,
  seats: outcome.counts.seats,
  matchedRound2: outcome.counts.matchedRound2,
  cancelledClasses: outcome.counts.cancelledClasses,
  reopenedClasses: outcome.minimumSizes.reopened.length,
  reopenTrials: outcome.minimumSizes.trials,
  listEntries: outcome.lists.reduce((a, l) => a + l.posts.length, 0),
  candidateDepth: options.candidateDepth,
  listRecallVsExact: exactEntries === 0 ? null : Math.round((same / exactEntries) * 1000) / 1000,
};
console.log(JSON.stringify(result));
// The run's own invariants: a stable assignment within capacities. Anything else is a failure.
if (result.blockingPairs > 0 || result.capacityViolations > 0) {
  log(`FAILED: ${result.blockingPairs} blocking pairs, ${result.capacityViolations} capacity violations (both must be 0)`);
  process.exitCode = 1;
}
