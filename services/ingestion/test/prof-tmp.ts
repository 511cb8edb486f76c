import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '@chanjiao/store';
import { ingest } from '@chanjiao/ingestion';
import { INPUT_SCHEMAS } from '@chanjiao/domain';
import { studentRow, ndjson } from './helpers.js';

const N = 20000;
const rows = Array.from({ length: N }, (_, i) => studentRow(i + 1));
const text = ndjson(rows);
const cpu = (f: () => unknown) => { const c0 = process.cpuUsage(); const t0 = performance.now(); f(); const c = process.cpuUsage(c0); return `${((c.user + c.system) / 1000).toFixed(0)}ms cpu, ${(performance.now() - t0).toFixed(0)}ms wall`; };
const cpuA = async (f: () => Promise<unknown>) => { const c0 = process.cpuUsage(); const t0 = performance.now(); await f(); const c = process.cpuUsage(c0); return `${((c.user + c.system) / 1000).toFixed(0)}ms cpu, ${(performance.now() - t0).toFixed(0)}ms wall`; };
const lines = text.split('\n').filter(Boolean);
console.log('JSON.parse', cpu(() => { for (const l of lines) JSON.parse(l); }));
const parsed = lines.map((l) => JSON.parse(l));
console.log('zod', cpu(() => { for (const p of parsed) INPUT_SCHEMAS.student.safeParse(p); }));
const items = parsed.map((p) => { const { personal, ...record } = INPUT_SCHEMAS.student.parse(p); return { record, personal }; });
for (const sync of ['FULL', 'NORMAL'] as const) {
  const store = new SqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'prof-')), 's.sqlite'), synchronous: sync });
  console.log(`store.upsert ${sync}`, await cpuA(async () => { for (let i = 0; i < N; i += 1000) await store.upsert('student', items.slice(i, i + 1000)); }));
  await store.close();
}
for (const sync of ['FULL'] as const) {
  const store = new SqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'prof-')), 's.sqlite'), synchronous: sync });
  console.log(`pipeline ${sync}`, await cpuA(() => ingest([text], { type: 'student', format: 'ndjson', store })));
  console.log(`pipeline again ${sync}`, await cpuA(() => ingest([text], { type: 'student', format: 'ndjson', store })));
  await store.close();
}
