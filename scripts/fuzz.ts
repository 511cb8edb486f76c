/**
 * The fuzz run of issue 8: hostile requests (fast-check) for every route of the whole API, at
 * least 10k in all (`--cases N`, default 10000; `--seed S`). Prints progress, every distinct
 * failure, and as its last line one JSON object: { cases, routes, failures, byStatus, seconds, seed }.
 * Exit code 1 when any request broke the rules (a 5xx, a crash, a 4xx without a catalogue code).
 *
 *   tsx scripts/fuzz.ts [--cases 10000] [--seed 1] [--students 1000]
 */
import { parseArgs } from 'node:util';
import { buildSecurityTarget } from '../test/security/target.js';
import { fuzzApp, fuzzTargets } from '../test/fuzz/hostile.js';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '10000' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    students: { type: 'string', default: '1000' },
  },
});
const seed = Number(values.seed);
const started = performance.now();
const target = await buildSecurityTarget({ students: Number(values.students) });
const targets = fuzzTargets(target.app);
const perRoute = Math.ceil(Number(values.cases) / targets.length);
const total = perRoute * targets.length;
console.error(`fuzzing ${targets.length} routes × ${perRoute} cases (seed ${seed})`);
let done = 0;
const { ids, data } = target;
const report = await fuzzApp(target.app, targets, (roles) => (roles === 'public' ? undefined : target.keys[roles[0]!]), {
  casesPerRoute: perRoute,
  seed,
  knownIds: { postId: [ids.postId, ids.otherPostId], studentId: [ids.studentId, ids.otherStudentId], term: data.terms.map((x) => x.id) },
  onCase: () => {
    if (++done % 1000 === 0) console.error(`${done}/${total}`);
  },
});
await target.close();

const distinct = new Map<string, (typeof report.failures)[number]>();
for (const f of report.failures) distinct.set(`${f.method} ${f.url} ${f.problem.slice(0, 80)}`, f);
for (const f of distinct.values()) console.log(JSON.stringify(f));
console.log(
  JSON.stringify({
    cases: report.cases,
    routes: targets.length,
    failures: report.failures.length,
    byStatus: report.byStatus,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    seed,
  }),
);
process.exit(report.failures.length ? 1 : 0);
