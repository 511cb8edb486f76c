import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../..', import.meta.url));
const script = join(root, 'scripts/generate-demo-data.ts');

async function generate(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', script, ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

t.test('pnpm generate writes one file per record type, the same bytes for the same seed', async (t) => {
  const dir = t.testdir();
  const [a, b] = await Promise.all([
    generate(['--seed', '11', '--students', '300', '--posts', '60', '--out', join(dir, 'a')]),
    generate(['--seed', '11', '--students', '300', '--posts', '60', '--out', join(dir, 'b')]),
  ]);
  t.equal(a.code, 0, a.stderr);
  t.equal(b.code, 0, b.stderr);
  const files = ['enterprises.ndjson', 'posts.ndjson', 'schools.ndjson', 'students.ndjson', 'terms.ndjson'];
  t.same(readdirSync(join(dir, 'a')).sort(), files);
  for (const f of files) t.ok(readFileSync(join(dir, 'a', f)).equals(readFileSync(join(dir, 'b', f))), `${f} identical`);

  const summary = JSON.parse(a.stdout.trim().split('\n').at(-1)!) as { counts: Record<string, number> };
  t.same(summary.counts, { schools: 15, enterprises: 40, terms: 4, posts: 60, students: 300 });
  const lines = (f: string): number => readFileSync(join(dir, 'a', f), 'utf8').trimEnd().split('\n').length;
  t.same([lines('students.ndjson'), lines('posts.ndjson'), lines('terms.ndjson')], [300, 60, 4]);
  t.match(a.stderr, /students 300\/300 \(100%\)/);
});

t.test('bad arguments exit 2 naming the argument', async (t) => {
  const dir = t.testdir();
  const noSeed = await generate(['--students', '10', '--out', dir]);
  t.same([noSeed.code, noSeed.stderr.split('\n')[0]], [2, '--seed is required']);
  const badFormat = await generate(['--seed', '1', '--students', '10', '--out', dir, '--format', 'xml']);
  t.same([badFormat.code, badFormat.stderr.split('\n')[0]], [2, '--format: one of ndjson, json, csv, got "xml"']);
});
