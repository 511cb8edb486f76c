/**
 * `pnpm demo`: the embedded stack with a small generated dataset, for a first look.
 * Starts the one-process host, loads the demo data through the real ingestion API (the first
 * time; the store in DATA_DIR keeps it), waits until it is searchable, creates one fresh API key
 * per role and prints the URLs, the keys and a first query to try. Ctrl-C stops it cleanly.
 */
import { embeddedHost } from '@chanjiao/embedded-host';
import { generateDemoData, ANCHOR_ENTERPRISES, ANCHOR_SCHOOLS, ANCHOR_STUDENTS } from '@chanjiao/demo-data';
import { ModelUnavailableError } from '@chanjiao/embedding';
import { createDemoKeys, createHttpServer, loadConfig, runServer } from '@chanjiao/platform';

const DEMO_SEED = 42;
const DEMO_STUDENTS = Number(process.env.DEMO_STUDENTS ?? 1000);

// Quiet logs unless asked: the demo prints its own summary.
const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
const app = createHttpServer(config, { name: 'chanjiao' });
try {
  await app.register(embeddedHost, { config });
  await runServer(app, config);
} catch (err) {
  if (err instanceof ModelUnavailableError) console.error(`\n${err.message}\n`);
  else console.error(err);
  await app.close().catch(() => undefined);
  process.exit(1);
}
const base = `http://${config.HOST}:${(app.server.address() as { port: number }).port}`;

const [operator, hr, student, office, admin] = await createDemoKeys(app.apiKeys, {
  schoolId: ANCHOR_SCHOOLS[0]!.id,
  enterpriseId: ANCHOR_ENTERPRISES[0]!.id,
  studentId: ANCHOR_STUDENTS[0]!.id,
});

async function post(type: string, rows: Iterable<unknown>): Promise<void> {
  let body = '';
  for (const r of rows) body += `${JSON.stringify(r)}\n`;
  const res = await fetch(`${base}/v1/ingest/${type}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${office!.key}` },
    body,
  });
  const report = (await res.json()) as { created?: number; updated?: number; unchanged?: number; rejected?: number };
  if (!res.ok) throw new Error(`ingest ${type}: ${res.status} ${JSON.stringify(report)}`);
  console.log(`  ${type.padEnd(10)} created ${report.created}, updated ${report.updated}, unchanged ${report.unchanged}, rejected ${report.rejected}`);
}

if ((await app.store.count('student')) === 0) {
  console.log(`Loading the demo dataset (seed ${DEMO_SEED}, ${DEMO_STUDENTS} students) through the ingestion API…`);
  const data = generateDemoData({ seed: DEMO_SEED, students: DEMO_STUDENTS });
  await post('school', data.schools);
  await post('enterprise', data.enterprises);
  await post('term', data.terms);
  await post('post', data.posts);
  await post('student', data.students());
}
const started = Date.now();
const target = await app.store.lastSeq();
const progress = setInterval(() => {
  const { seq } = app.indexer.stats();
  process.stdout.write(`\rIndexing (every profile is embedded once, then cached): ${Math.min(seq, target)} / ${target} changes`);
}, 1000);
await app.indexer.waitFor(target, 60 * 60_000);
clearInterval(progress);
console.log(`\rIndexed ${target} changes in ${((Date.now() - started) / 1000).toFixed(1)} s.${' '.repeat(30)}`);

/** What the demo prints for each role: its key, what the key may reach, where to sign in. */
const roles = [
  { role: 'hr', key: hr!.key, scope: `enterprise ${ANCHOR_ENTERPRISES[0]!.id}: candidate search, shortlists, exports` },
  { role: 'student', key: student!.key, scope: `student ${ANCHOR_STUDENTS[0]!.id}: own profile and recommendations` },
  { role: 'office', key: office!.key, scope: 'the whole city: term batch matching and reports' },
  { role: 'operator', key: operator!.key, scope: `school ${ANCHOR_SCHOOLS[0]!.id}: uploads of its students` },
  { role: 'admin', key: admin!.key, scope: 'key management' },
];

const counts = Object.fromEntries(
  await Promise.all((['school', 'enterprise', 'post', 'student'] as const).map(async (t) => [t, await app.store.count(t)])),
);
console.log(`
Chanjiao Match (产教匹配) is running in embedded mode.
  service   ${base}
  API docs  ${base}/docs
  health    ${base}/healthz   readiness ${base}/readyz   metrics ${base}/metrics
  data      ${counts.school} schools, ${counts.enterprise} enterprises, ${counts.post} posts, ${counts.student} students (store: ${config.DATA_DIR})

Sign in at the console with a role's key (new each start; the previous ones are revoked):
${roles.map((r) => `  ${r.role.padEnd(9)} ${r.key}\n            scope: ${r.scope}\n            console: ${base}/`).join('\n')}

Try:
  curl -s ${base}/v1/candidates/search -H 'authorization: Bearer ${hr!.key}' \\
    -H 'content-type: application/json' -d '{"query":"PLC 电气 顶岗实习 2027届 金湾","limit":5}'
  curl -s ${base}/v1/students/${ANCHOR_STUDENTS[0]!.id}/recommendations?limit=5 -H 'authorization: Bearer ${student!.key}'

Ctrl-C stops it; the data stays in ${config.DATA_DIR}.`);
