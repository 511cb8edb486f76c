/**
 * kill -9 of a process ingesting in batches, then the same import restarted on the same store:
 * every acknowledged row survives the kill, no batch is half-written, and the restarted import
 * completes with the rows already stored counted `unchanged` (written once, never twice).
 * (test/ingestion/kill9.test.ts checks the store right after the kill, and the HTTP service.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import t, { type Test } from 'tap';
import type BetterSqlite3 from 'better-sqlite3';
import { SqliteStore } from '@chanjiao/store';
import { studentRow } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./fixtures/ingest-child.ts', import.meta.url));
// The raw file is inspected with the store package's own driver.
const Database = createRequire(new URL('../../../shared/store/package.json', import.meta.url))('better-sqlite3') as typeof BetterSqlite3;
const BATCH = 50;

function child(path: string, rows: number): { proc: ChildProcess; exit: Promise<NodeJS.Signals | number | null> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, path, String(rows), String(BATCH)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exit = new Promise<NodeJS.Signals | number | null>((resolve) => proc.once('exit', (code, signal) => resolve(signal ?? code)));
  return { proc, exit };
}

/** Rows 1..n are all stored with their content and personal data; exactly n records and n change-feed entries. */
async function checkStore(t: Test, path: string, n: number): Promise<void> {
  const store = new SqliteStore({ path });
  try {
    t.equal(await store.count('student'), n, `${n} students stored`);
    let wrong = 0;
    for (let i = 1; i <= n; i++) {
      const { personal, ...profile } = studentRow(i);
      const got = await store.get('student', profile.id as string);
      // Defaults the schema fills in (preferences, availability, status) are not the row's own.
      const same =
        got !== undefined &&
        isDeepStrictEqual({ ...got, preferences: undefined, availability: undefined, status: undefined }, { ...profile, preferences: undefined, availability: undefined, status: undefined }) &&
        isDeepStrictEqual(await store.personal(profile.id as string), personal);
      if (!same && wrong++ < 3) t.fail(`row ${i} missing or different`);
    }
    t.equal(wrong, 0, 'every row present with its content and personal data');
    t.equal((await store.changes(0, n + 1000)).length, n, 'one change-feed entry per record: nothing written twice');
  } finally {
    await store.close();
  }
  const db = new Database(path, { readonly: true });
  try {
    const orphanPersonal = db.prepare(`SELECT count(*) FROM personal p WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.type = 'student' AND r.id = p.student_id)`).pluck().get();
    const noPersonal = db.prepare(`SELECT count(*) FROM records r WHERE r.type = 'student' AND NOT EXISTS (SELECT 1 FROM personal p WHERE p.student_id = r.id)`).pluck().get();
    t.same([orphanPersonal, noPersonal], [0, 0], 'personal data iff profile');
    t.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  } finally {
    db.close();
  }
}

t.test('kill -9 mid-import, then the import restarted: acknowledged rows kept, none half-written, the rerun completes', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'chanjiao-kill9-restart-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'store.sqlite');

  // 1. An import far too long to finish, killed once 1,500 rows are acknowledged.
  const first = child(path, 1_000_000);
  let acked = 0;
  for await (const line of createInterface({ input: first.proc.stdout! })) {
    const m = /^ack (\d+)$/.exec(line);
    if (!m) continue;
    acked = Number(m[1]);
    if (acked >= 1500) {
      first.proc.kill('SIGKILL');
      break;
    }
  }
  t.equal(await first.exit, 'SIGKILL');
  const afterKill = new SqliteStore({ path });
  const stored = await afterKill.count('student');
  await afterKill.close();
  t.ok(stored >= acked, `stored ${stored} ≥ acknowledged ${acked}`);
  t.equal(stored % BATCH, 0, 'only whole batches');
  await checkStore(t, path, stored);

  // 2. Restarted: the same rows again and some more (the last batch a partial one).
  const total = stored + 1025;
  const second = child(path, total);
  let report: unknown;
  for await (const line of createInterface({ input: second.proc.stdout! })) {
    if (line.startsWith('report ')) report = JSON.parse(line.slice('report '.length));
  }
  t.equal(await second.exit, 0, 'the restarted import completes');
  t.same(report, { created: total - stored, updated: 0, unchanged: stored, stale: 0, rejected: 0, errors: [], errorsOmitted: 0 });
  await checkStore(t, path, total);
});
