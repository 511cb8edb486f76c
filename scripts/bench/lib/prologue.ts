/**
 * What the corpus benchmarks open with: a heap large enough for their corpus (the script re-runs
 * itself with it before its heavy imports) and the size options they all take.
 */
import { spawnSync } from 'node:child_process';
import { getHeapStatistics } from 'node:v8';

/**
 * The environment the start scripts give the host (`pnpm start`, the Dockerfile): glibc's malloc
 * puts its large blocks on transparent huge pages. Benchmarks run the engine the same way; a
 * GLIBC_TUNABLES already set (even empty) wins, for A/B runs.
 */
export const HOST_ENV: Readonly<Record<string, string>> = { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' };

/**
 * Unless this process already has a heap of about `mib` MiB, runs the same script again with
 * `--max-old-space-size=<mib>` (and `flags`) and {@link HOST_ENV}, in the foreground, and exits with
 * its status. Environment set before the call is inherited.
 */
export function withHeap(mib: number, flags: readonly string[] = []): void {
  if (getHeapStatistics().heap_size_limit >= (mib - 1024) * 2 ** 20) return;
  const r = spawnSync(process.execPath, [`--max-old-space-size=${mib}`, ...flags, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...HOST_ENV, ...process.env },
  });
  process.exit(r.status ?? 1);
}

/** The `parseArgs` options of a corpus's size (--students, --posts) and of the workload (--queries), with a benchmark's own defaults. */
export function sizeOptions(defaults: { students: number; posts: number; queries: number }) {
  const option = (n: number) => ({ type: 'string', default: String(n) }) as const;
  return { students: option(defaults.students), posts: option(defaults.posts), queries: option(defaults.queries) };
}
