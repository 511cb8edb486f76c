/**
 * What the corpus benchmarks open with: a heap large enough for their corpus (the script re-runs
 * itself with it before its heavy imports) and the size options they all take.
 */
import { spawnSync } from 'node:child_process';
import { getHeapStatistics } from 'node:v8';

/**
 * Unless this process already has a heap of about `mib` MiB, runs the same script again with
 * `--max-old-space-size=<mib>` (and `flags`), in the foreground, and exits with its status.
 * Environment set before the call is inherited.
 */
export function withHeap(mib: number, flags: readonly string[] = []): void {
  if (getHeapStatistics().heap_size_limit >= (mib - 1024) * 2 ** 20) return;
  const r = spawnSync(process.execPath, [`--max-old-space-size=${mib}`, ...flags, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

/** The `parseArgs` options of a corpus's size (--students, --posts) and of the workload (--queries), with a benchmark's own defaults. */
export function sizeOptions(defaults: { students: number; posts: number; queries: number }) {
  const option = (n: number) => ({ type: 'string', default: String(n) }) as const;
  return { students: option(defaults.students), posts: option(defaults.posts), queries: option(defaults.queries) };
}
