import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import t, { type Test } from 'tap';
import type BetterSqlite3 from 'better-sqlite3';
import { ApiKeyService } from '@chanjiao/platform';
import { SqliteStore } from '@chanjiao/store';
import { ndjson, seedReferences, studentRow } from '../../services/ingestion/test/helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// The raw file is inspected with the store package's own driver (the root has no dependency on it).
const Database = createRequire(new URL('../../shared/store/package.json', import.meta.url))('better-sqlite3') as typeof BetterSqlite3;

function tsx(script: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

function exited(child: ChildProcess): Promise<NodeJS.Signals | number | null> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
}

/**
 * What a crash may leave and what it may not: every acknowledged row is there with its content;
 * batches are all-or-nothing (the stored ids are rows 1..M, M a whole number of batches); a
 * student's profile and personal data are both there or both gone; every record is in the change feed.
 */
async function checkStore(t: Test, path: string, acked: number, batchSize: number | null): Promise<void> {
  const store = new SqliteStore({ path });
  try {
    const count = await store.count('student');
    t.ok(count >= acked, `stored ${count} ≥ acknowledged ${acked}`);
    if (batchSize) t.equal(count % batchSize, 0, 'only whole batches');
    for (let i = 1; i <= count; i++) {
      const { personal, ...profile } = studentRow(i);
      const id = profile.id as string;
      const got = await store.get('student', id);
      if (!got) {
        t.fail(`row ${i} (${id}) missing`);
        break;
      }
      if (i <= acked || i % 97 === 0) {
        t.strictSame({ ...got, preferences: undefined, availability: undefined, status: undefined }, { ...profile, preferences: undefined, availability: undefined, status: undefined }, `row ${i} content`);
        t.strictSame(await store.personal(id), personal, `row ${i} personal`);
      }
    }
  } finally {
    await store.close();
  }
  const db = new Database(path, { readonly: true });
  try {
    const orphanPersonal = db.prepare(`SELECT count(*) FROM personal p WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.type = 'student' AND r.id = p.student_id)`).pluck().get();
    const noPersonal = db.prepare(`SELECT count(*) FROM records r WHERE r.type = 'student' AND NOT EXISTS (SELECT 1 FROM personal p WHERE p.student_id = r.id)`).pluck().get();
    const noChange = db.prepare(`SELECT count(*) FROM records r WHERE NOT EXISTS (SELECT 1 FROM changes c WHERE c.type = r.type AND c.id = r.id)`).pluck().get();
    t.same([orphanPersonal, noPersonal, noChange], [0, 0, 0], 'personal iff profile; every record in the change feed');
    t.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  } finally {
    db.close();
  }
}

t.test('kill -9 of a process ingesting in batches loses no acknowledged row and half-writes none', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'chanjiao-kill9-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'store.sqlite');
  const batchSize = 50;
  // The students' school, loaded first as it must be.
  const seeded = new SqliteStore({ path });
  await seedReferences(seeded, { schools: ['sch-01'] });
  await seeded.close();
  const child = tsx('test/ingestion/fixtures/ingest-child.ts', [path, '1000000', String(batchSize)]);
  const gone = exited(child);
  let acked = 0;
  for await (const line of createInterface({ input: child.stdout! })) {
    const m = /^ack (\d+)$/.exec(line);
    if (!m) continue;
    acked = Number(m[1]);
    if (acked >= 2000) {
      child.kill('SIGKILL');
      break;
    }
  }
  t.equal(await gone, 'SIGKILL');
  t.ok(acked >= 2000 && acked < 1_000_000, `killed mid-run after ${acked} acknowledged rows`);
  await checkStore(t, path, acked, batchSize);

  // The same import restarted on the same store, with some more rows (the last batch a partial
  // one): it completes, and what the killed run stored comes back unchanged, written once only.
  const before = new SqliteStore({ path });
  const stored = await before.count('student');
  await before.close();
  const total = stored + 1025;
  const rerun = tsx('test/ingestion/fixtures/ingest-child.ts', [path, String(total), String(batchSize)]);
  const rerunGone = exited(rerun);
  let report: unknown;
  for await (const line of createInterface({ input: rerun.stdout! })) {
    if (line.startsWith('report ')) report = JSON.parse(line.slice('report '.length));
  }
  t.equal(await rerunGone, 0, 'the restarted import completes');
  t.same(report, { created: total - stored, updated: 0, unchanged: stored, stale: 0, rejected: 0, errors: [], errorsOmitted: 0 });
  await checkStore(t, path, total, null);
  const after = new SqliteStore({ path });
  t.equal(await after.count('student'), total);
  t.equal((await after.changes(0, total + 1000)).length, total + 1, 'one change-feed entry per record (the students and their school): nothing written twice');
  await after.close();
});

t.test('kill -9 of the HTTP service mid-request: every row of every 200 reply survives', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'chanjiao-kill9-http-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  // The service checks API keys: put an office key into its store before it starts, and the students' school.
  const keyStore = new SqliteStore({ path: join(dir, 'store.sqlite') });
  const { key } = await new ApiKeyService(keyStore).create({ role: 'office', label: 'kill -9 test' });
  await seedReferences(keyStore, { schools: ['sch-01'] });
  await keyStore.close();
  const child = tsx('services/ingestion/src/server.ts', [], {
    DATA_DIR: dir,
    PORT: '0',
    LOG_LEVEL: 'info',
    LOG_PRETTY: 'false',
    INGEST_BATCH_SIZE: '25',
  });
  const gone = exited(child);
  let base = '';
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
    if (m) {
      base = m[1]!;
      break;
    }
  }
  t.ok(base, 'the service is listening');
  const perRequest = 100;
  let acked = 0;
  let next = 1;
  const post = (from: number) =>
    fetch(`${base}/v1/ingest/student`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${key}` },
      body: ndjson(Array.from({ length: perRequest }, (_, k) => studentRow(from + k))),
    });
  while (acked < 1500) {
    const res = await post(next);
    t.equal(res.status, 200);
    const body = (await res.json()) as { created: number };
    if (body.created !== perRequest) t.fail(`request from ${next}: ${JSON.stringify(body)}`);
    next += perRequest;
    acked = next - 1;
  }
  // One more request in flight when the process dies: its rows may or may not be there, whole batches only.
  const inflight = post(next).catch(() => null);
  await new Promise((r) => setTimeout(r, 5));
  child.kill('SIGKILL');
  t.equal(await gone, 'SIGKILL');
  const late = await inflight;
  if (late?.status === 200) acked += perRequest;
  await checkStore(t, join(dir, 'store.sqlite'), acked, null);
});
