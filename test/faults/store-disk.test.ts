/**
 * Fault: the store's disk stops taking writes while the service runs. The store sits on a small
 * tmpfs that is then filled to the last byte, so SQLite's own writes fail (SQLITE_FULL: the real
 * error, not a mock): the ingest answers 503 STORE_UNAVAILABLE naming the last committed row,
 * nothing of the failing batch is half-written, and once space is back the same service writes
 * again without a restart.
 *
 * Why a full disk and not `mount -o remount,ro`: Linux refuses to remount a file system read-only
 * while a process holds a file open for writing (EBUSY), and a live SQLite database always does.
 * Both end in the same path (the store maps SQLITE_READONLY, _FULL, _IOERR … to 503).
 * Mounting needs root with CAP_SYS_ADMIN; elsewhere the test says it skipped.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { SqliteStore } from '@chanjiao/store';
import { buildApp, ndjson, seedReferences, storedIds, studentRow } from '../../services/ingestion/test/helpers.js';

function tryMount(dir: string): string | null {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', dir], { stdio: 'pipe' });
    return null;
  } catch (err) {
    return String((err as { stderr?: Buffer }).stderr ?? err).trim().split('\n')[0] ?? 'mount failed';
  }
}

/** Fill the file system: write zeros until ENOSPC. Returns the filler's path. */
function fill(dir: string): string {
  const path = join(dir, 'filler');
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
    // The last bytes, in smaller pieces.
    try {
      for (;;) writeSync(fd, Buffer.alloc(512));
    } catch {
      // full
    }
  } finally {
    closeSync(fd);
  }
  return path;
}

const dir = mkdtempSync(join(tmpdir(), 'chanjiao-disk-'));
const mountProblem = tryMount(dir);
t.teardown(() => {
  // Lazy: the kernel detaches it once nothing holds it open.
  if (!mountProblem) execFileSync('umount', ['-l', dir]);
  rmSync(dir, { recursive: true, force: true });
});

t.test('a full disk under the store: 503 STORE_UNAVAILABLE, whole batches only, writes again once there is space', { skip: mountProblem ? `cannot mount a tmpfs here: ${mountProblem}` : false }, async (t) => {
  const storePath = join(dir, 'store.sqlite');
  const store = new SqliteStore({ path: storePath });
  const { app } = await buildApp({ INGEST_BATCH_SIZE: '50' }, store);
  t.teardown(async () => {
    await app.close();
    await store.close();
  });
  await seedReferences(store, { schools: ['sch-01'] });
  const send = (from: number, n: number) =>
    app.inject({
      method: 'POST',
      url: '/v1/ingest/student',
      headers: { 'content-type': 'application/x-ndjson' },
      payload: ndjson(Array.from({ length: n }, (_, k) => studentRow(from + k))),
    });

  const before = await send(1, 200);
  t.equal(before.statusCode, 200);
  t.equal(before.json().created, 200);

  const filler = fill(dir);
  // Enough rows that the WAL must grow past whatever space it already has.
  const res = await send(201, 20_000);
  t.equal(res.statusCode, 503, 'the disk is full');
  const body = res.json();
  t.equal(body.code, 'STORE_UNAVAILABLE');
  const committed = body.details.lastCommittedRow as number;
  t.equal(committed % 50, 0, `only whole batches were committed (${committed} rows of this request)`);
  t.equal(body.details.committed.created, committed);
  const ids = await storedIds(store, 'student');
  t.equal(ids.length, 200 + committed, 'the store holds what was acknowledged and reported, nothing of the failing batch');
  t.ok(ids.includes(studentRow(200 + committed).id as string), 'the last reported row is there');
  t.notOk(ids.includes(studentRow(201 + committed).id as string), 'the first row of the failing batch is not');

  unlinkSync(filler);
  const after = await send(201 + committed, 100);
  t.equal(after.statusCode, 200, 'writes work again once there is space, without a restart');
  t.equal(after.json().created, 100);
  t.equal(await store.count('student'), 300 + committed);
});
