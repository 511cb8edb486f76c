/**
 * Builds the web console (services/console → services/console/dist) when its build is missing or
 * older than its sources, so `pnpm install` and `pnpm start` leave a fresh console to serve at `/`
 * without anyone remembering a build step; built files are never committed. `--force` builds
 * anyway. Fast when nothing changed: one walk over the console's sources.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CONSOLE = join(ROOT, 'services/console');
const BUILT = join(CONSOLE, 'dist/index.html');
/** What the build reads; node_modules and dist are not sources. */
const SOURCES = ['app', 'public', 'index.html', 'vite.config.ts', 'package.json'];

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let max = s.mtimeMs;
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

if (!existsSync(join(CONSOLE, 'package.json'))) {
  console.log('console-build: no services/console here; nothing to build');
  process.exit(0);
}
const force = process.argv.includes('--force');
const builtAt = existsSync(BUILT) ? statSync(BUILT).mtimeMs : 0;
const sourcesAt = Math.max(...SOURCES.map((s) => newest(join(CONSOLE, s))));
if (!force && builtAt > 0 && builtAt >= sourcesAt) process.exit(0);

console.log(builtAt === 0 ? 'console-build: building the web console (first time)…' : 'console-build: the web console changed; rebuilding…');
// The pnpm that runs this script (npm_execpath), else the one on PATH.
const pnpm = process.env.npm_execpath;
const [cmd, args] = pnpm && /pnpm/.test(pnpm) ? [process.execPath, [pnpm]] : ['pnpm', []];
const run = spawnSync(cmd, [...args, '--filter', '@chanjiao/console', 'run', 'build'], { cwd: ROOT, stdio: 'inherit' });
if (run.status !== 0) {
  console.error('console-build: the console build failed (the API still works; / will say the console is not built).');
  process.exit(run.status ?? 1);
}
