import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { SqliteStore } from '@chanjiao/store';
import { formatCsv } from '@chanjiao/ingestion';
import { buildApp, gbk, ndjson, seedReferences, storedIds, studentRow } from '../../services/ingestion/test/helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Run `pnpm run import` as a user would (tsx scripts/import.ts). */
function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/import.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const dir = mkdtempSync(join(tmpdir(), 'chanjiao-import-cli-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

t.test('--direct: a GBK CSV straight into the store; a rejected row makes the exit status 2', async (t) => {
  const file = join(dir, '学生名单.csv');
  const rows = [1, 2, 3].map((i) => studentRow(i, i === 2 ? { majorCode: '460399' } : {}));
  writeFileSync(file, gbk(formatCsv('student', rows as never, { lang: 'zh' })));
  const dataDir = join(dir, 'data');
  // The students' school, loaded first as it must be.
  const seeded = new SqliteStore({ path: join(dataDir, 'store.sqlite') });
  await seedReferences(seeded, { schools: ['sch-01'] });
  await seeded.close();
  const run = await cli([file, '--type', 'student', '--direct', '--data-dir', dataDir]);
  t.equal(run.code, 2, run.stderr);
  const lines = run.stdout.split('\n');
  t.match(lines[0], /^import student ← .*学生名单\.csv \(0\.0 MiB, [\d.]+ s, direct into .*data\)$/);
  t.same(lines.slice(1), [
    '  created 2  updated 0  unchanged 0  stale 0  rejected 1',
    '  rejected rows / 被拒绝的行:',
    '    row 3 (stu-0002)  majorCode [专业代码]  INGEST_ROW_UNKNOWN_MAJOR',
    '      「专业代码」460399 不在 2021 年职业教育专业目录中，相近的专业：460301 机电一体化技术、460302 智能机电技术、460303 智能控制技术、460304 智能机器人技术、460305 工业机器人技术',
    '      majorCode: 460399 is not in the 2021 major catalog; closest: 460301 机电一体化技术, 460302 智能机电技术, 460303 智能控制技术, 460304 智能机器人技术, 460305 工业机器人技术',
    '',
  ]);
  const store = new SqliteStore({ path: join(dataDir, 'store.sqlite') });
  t.same(await storedIds(store), ['stu-0001', 'stu-0003']);
  await store.close();
});

t.test('over HTTP: the file is streamed to a running service; --json prints the report', async (t) => {
  const { app, store } = await buildApp({}, undefined, { auth: true });
  t.teardown(() => app.close());
  await seedReferences(store, { schools: ['sch-01'] });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const { key } = await app.apiKeys.create({ role: 'operator', scope: { schoolId: 'sch-01' }, label: 'cli test' });
  const file = join(dir, 'students.ndjson');
  writeFileSync(file, ndjson(Array.from({ length: 500 }, (_, i) => studentRow(i + 1))));

  const ok = await cli([file, '--type', 'student', '--url', url, '--json'], { CHANJIAO_API_KEY: key });
  t.equal(ok.code, 0, ok.stderr);
  t.same(JSON.parse(ok.stdout), { created: 500, updated: 0, unchanged: 0, stale: 0, rejected: 0, errors: [], errorsOmitted: 0 });
  t.equal(await store.count('student'), 500);

  const bad = join(dir, 'broken.ndjson');
  writeFileSync(bad, `${JSON.stringify(studentRow(501))}\n{oops\n`);
  const failed = await cli([bad, '--type', 'student', '--url', url, '--api-key', key]);
  t.equal(failed.code, 1);
  t.match(failed.stdout, /FAILED 400 INGEST_MALFORMED_NDJSON: An NDJSON line is not valid JSON\. \/ NDJSON 某行不是合法的 JSON。\n {4}body\.row\.2: .+\n {2}committed before the failure \(rows up to 1\) \/ 失败前已保存:\n {2}created 1 {2}updated 0 {2}unchanged 0 {2}stale 0 {2}rejected 0\n$/);

  const deleted = await cli([file, '--type', 'student', '--url', url, '--api-key', key, '--delete', '--json']);
  t.same(JSON.parse(deleted.stdout), { deleted: 500, notFound: 0, rejected: 0, errors: [], errorsOmitted: 0 });
});

t.test('usage errors exit 1 with the usage text', async (t) => {
  const run = await cli([join(dir, 'x.txt'), '--type', 'student']);
  t.equal(run.code, 1);
  t.match(run.stderr, /^--format must be csv, ndjson or json \(no known file extension\)\n\nusage: pnpm run import <file> --type/);
});
