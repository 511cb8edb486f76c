/**
 * `pnpm bench:load [--students 100000] [--posts 10000] [--seconds 60] [--connections 50]`
 *
 * Mixed traffic against the embedded service (lib/embedded-stack.ts, the same cached 100k-student
 * data folder as bench:api), all at once on one autocannon run:
 *   - 70 % HR candidate searches (varied text and filters, query embedding included),
 *   - 20 % student recommendations, each from a student's own key (50 different students),
 *   - 10 % ingestion: an operator re-sends 10 of its school's students with a changed
 *     self-introduction (updates, so every one is re-embedded and re-indexed, while the number
 *     of documents stays the same: memory growth then means a leak, not a larger index).
 * RSS (the host process plus its embedding worker processes) is sampled every second; the baseline
 * is taken after a 150 s warm-up of the same traffic (the store's 64 MiB page cache and the V8 heap reach
 * their working size: with a 2 GB heap of index data V8 lets a few hundred MB of garbage pile up
 * before a full collection, and at ~250 req/s the host's RSS peaks ~2 minutes in and settles;
 * after a 60 s warm-up that climb read as +13 %, after 150 s as −1.7 %), and `rssGrowthPct` compares the end of the
 * measured run to it: the median of the last 10 one-second samples against the median of the first 10
 * (`rssPointGrowthPct`: the two single readings; `hostRssGrowthPct`: the host process alone).
 * Last line: one JSON object { reqPerSec, p99Ms, errors, rssGrowthPct, … }. Target: errors = 0,
 * rssGrowthPct < 10.
 */
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { generateDemoData } from '@chanjiao/demo-data';
import type { StudentInput } from '@chanjiao/domain';
import { startEmbeddedStack } from './lib/embedded-stack.js';

const { values } = parseArgs({
  options: {
    students: { type: 'string', default: '100000' },
    posts: { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '150' },
    connections: { type: 'string', default: '50' },
  },
});
const STUDENTS = Number(values.students);
const POSTS = Number(values.posts);

const PHRASES = [
  'PLC 电气 顶岗实习', '机电一体化 设备维护', '护理 病房护士', '会计 出纳', '数控车床 编程', 'Java 后端开发',
  '电子商务 直播运营', '汽车维修 故障诊断', '焊接 焊工证', '工业机器人 调试', '烹饪 中式面点', '物流 仓储管理',
  '幼儿教育 保育', '建筑工程 施工员 CAD', '化工 DCS 操作', '酒店管理 前厅', '新能源汽车 电池', '网络运维 Linux',
];
const CITIES = ['珠海市', '郴州市', '广州市', '嘉峪关市', '金华市'];

const stack = await startEmbeddedStack({ students: STUDENTS, posts: POSTS, studentKeys: 50 });

// The operator's own school's students, as the school's data office would re-send them.
const own: StudentInput[] = [];
for (const s of generateDemoData({ seed: 1, students: STUDENTS, posts: POSTS }).students()) {
  if (s.schoolId === stack.sample.schoolId) own.push(s);
}
if (own.length < 10) throw new Error(`the operator's school has only ${own.length} students`);

let counter = 0;
const kinds = { search: 0, recommendations: 0, ingest: 0 };
type Req = { method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: string };
function nextRequest(): Req {
  const i = counter++;
  const slot = i % 10;
  if (slot < 7) {
    kinds.search++;
    const filters: Record<string, unknown> = {};
    if (i % 3 === 0) filters.cities = [CITIES[i % CITIES.length]];
    if (i % 4 === 1) filters.graduationYears = [2026 + (i % 3)];
    return {
      method: 'POST',
      path: '/v1/candidates/search',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.keys.hr}` },
      body: JSON.stringify({ query: `${PHRASES[i % PHRASES.length]} ${i}号`, filters, limit: 20 }),
    };
  }
  if (slot < 9) {
    kinds.recommendations++;
    const { studentId, key } = stack.studentKeys[i % stack.studentKeys.length]!;
    return { method: 'GET', path: `/v1/students/${encodeURIComponent(studentId)}/recommendations?limit=20`, headers: { authorization: `Bearer ${key}` } };
  }
  kinds.ingest++;
  const rows = Array.from({ length: 10 }, (_, k) => {
    const s = own[(i + k) % own.length]!;
    return { ...s, selfIntroduction: `${s.selfIntroduction ?? ''}（第${i}次更新）`, updatedAt: new Date().toISOString() };
  });
  return {
    method: 'POST',
    path: '/v1/ingest/student',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.keys.operator}` },
    body: JSON.stringify(rows),
  };
}

async function drive(seconds: number) {
  return autocannon({
    url: stack.base,
    connections: Number(values.connections),
    duration: seconds,
    requests: [{ setupRequest: (req) => ({ ...req, ...nextRequest() }) }],
  });
}

try {
  console.error(`warm-up: ${values.warmup} s of the same traffic`);
  const warm = await drive(Number(values.warmup));
  const start = stack.rssMiB();
  const baseline = start.tree;
  const samples: number[] = [];
  const timer = setInterval(() => samples.push(stack.rssMiB().tree), 1000);
  for (const k of Object.keys(kinds) as Array<keyof typeof kinds>) kinds[k] = 0;
  console.error(`measuring: ${values.seconds} s at ${values.connections} connections (baseline RSS ${baseline.toFixed(0)} MiB)`);
  const result = await drive(Number(values.seconds));
  clearInterval(timer);
  const end = stack.rssMiB();
  const errors = result.errors + result.timeouts + result.non2xx;
  // RSS of a garbage-collected process saws up and down by hundreds of MiB; two single readings
  // measure where the sawtooth happened to be. Growth is the median of the last 10 one-second
  // samples against the median of the first 10 (the single readings are reported beside it).
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const head = median(samples.slice(0, 10));
  const tail = median(samples.slice(-10));
  const growth = ((tail - head) / head) * 100;
  const pointGrowth = ((end.tree - baseline) / baseline) * 100;
  const hostGrowth = ((end.now - start.now) / start.now) * 100;
  console.error(
    `${result.requests.average.toFixed(1)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ` +
      `errors ${errors} (non-2xx ${result.non2xx}, warm-up errors ${warm.errors + warm.timeouts + warm.non2xx}); ` +
      `sent ${JSON.stringify(kinds)}; RSS with workers ${baseline.toFixed(0)} → ${end.tree.toFixed(0)} MiB (workers ${JSON.stringify(start.children)} → ${JSON.stringify(end.children)}) (max sample ${Math.max(...samples).toFixed(0)}); host ${start.now.toFixed(0)} → ${end.now.toFixed(0)} MiB (peak ${end.peak.toFixed(0)})`,
  );
  console.log(
    JSON.stringify({
      reqPerSec: Math.round(result.requests.average * 10) / 10,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      errors,
      rssGrowthPct: Math.round(growth * 10) / 10,
      rssFirst10sMedianMiB: Math.round(head),
      rssLast10sMedianMiB: Math.round(tail),
      rssPointGrowthPct: Math.round(pointGrowth * 10) / 10,
      rssStartMiB: Math.round(baseline),
      rssEndMiB: Math.round(end.tree),
      hostRssGrowthPct: Math.round(hostGrowth * 10) / 10,
      sent: kinds,
    }),
  );
} finally {
  await stack.stop();
}
