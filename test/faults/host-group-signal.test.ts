/**
 * Fault: the stop signal reaches the whole process group, not just the host. A terminal's Ctrl-C
 * sends SIGINT to every process of the foreground group (the host, its inference workers, and
 * wrappers such as pnpm that relay it to the host once more a moment later); systemd's default
 * stop (KillMode=control-group) sends SIGTERM to every process of the unit the same way.
 *
 * Expected: the workers leave the shutdown to the host, which stops them in order (after the
 * indexer's last snapshot); the relayed copy of the signal is the same stop request, not an
 * impatient second one; the snapshot is complete, with no `search-index.tmp-<pid>` left beside
 * it; no error-level log line; exit 0 (so `pnpm demo` does not report ELIFECYCLE).
 *
 * No wall-clock guesses: every wait is on the host's own signals (its log, /readyz, its exit);
 * the test's timeout only guards against a hang.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import t from 'tap';
import { ndjson, studentRow } from '../../services/ingestion/test/helpers.js';
import { REPO_ROOT } from '../helpers/host.js';
import { MODEL_DIR, faultKeys, waitOnReadiness } from '../helpers/host-process.js';

interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}


/** The host in a process group of its own (as a terminal or a systemd unit runs it), its JSON log collected. */
function startHostGroup(dir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/embedded-host/src/server.ts'], {
    cwd: REPO_ROOT,
    detached: true,
    env: {
      ...process.env,
      DATA_DIR: dir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      LOG_PRETTY: 'false',
      RATE_LIMIT_MAX: '0',
      EMBED_WORKERS: '2',
      EMBEDDING_MODEL_DIR: MODEL_DIR,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: LogLine[] = [];
  const waiters: Array<() => boolean> = [];
  /** Resolves once a log line satisfies `match` (already logged or still to come). */
  const logged = (match: (line: LogLine) => boolean): Promise<void> =>
    new Promise((resolve) => {
      const check = (): boolean => {
        if (!lines.some(match)) return false;
        resolve();
        return true;
      };
      if (!check()) waiters.push(check);
    });
  const exit = new Promise<NodeJS.Signals | number | null>((r) => child.once('exit', (code, signal) => r(signal ?? code)));
  const base = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! })
      .on('line', (text) => {
        let line: LogLine;
        try {
          line = JSON.parse(text) as LogLine;
        } catch {
          return;
        }
        lines.push(line);
        for (const w of [...waiters]) if (w()) waiters.splice(waiters.indexOf(w), 1);
        if (typeof line.address === 'string') resolve(line.address);
      })
      .on('close', () => reject(new Error(`the host exited before listening: ${JSON.stringify(lines.filter((l) => l.level >= 50))}`)));
  });
  return { child, lines, logged, exit, base };
}


function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

t.setTimeout(600_000);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  t.test(`${signal} to the process group, relayed once more at once: workers stopped in order, snapshot complete, exit 0`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'chanjiao-group-signal-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const { office } = await faultKeys(dir);
    const host = startHostGroup(dir);
    const pgid = host.child.pid!;
    t.teardown(() => {
      if (host.child.exitCode === null && host.child.signalCode === null) process.kill(-pgid, 'SIGKILL');
    });
    const base = await host.base;

    // A few records, embedded and indexed: the shutdown then has a snapshot to write.
    const res = await fetch(`${base}/v1/ingest/student`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${office}` },
      body: ndjson([1, 2, 3].map((i) => studentRow(i))),
    });
    t.equal(res.status, 200);
    await waitOnReadiness(base, host.exit, (r) => r.ready && r.details?.index?.lagChanges === 0 && r.details.index.pendingVectors === 0);
    await host.logged(() => host.lines.filter((l) => l.msg === 'inference worker ready').length === 2);
    const workers = host.lines.filter((l) => l.msg === 'inference worker ready').map((l) => l.pid as number);
    t.equal(workers.length, 2, 'two inference workers ran');

    // What a terminal and a relaying wrapper do: the whole group, then the host once more as
    // soon as it has begun (sent together, the kernel would merge the two into one).
    process.kill(-pgid, signal);
    await host.logged((l) => l.msg === 'shutting down: finishing in-flight requests');
    process.kill(pgid, signal);

    t.equal(await host.exit, 0, 'exit 0 after a clean shutdown');
    t.same(
      host.lines.filter((l) => l.level >= 50).map((l) => l.msg),
      [],
      'no error-level log line',
    );
    t.ok(
      host.lines.some((l) => l.msg === 'search index snapshot saved'),
      'the snapshot was written at shutdown',
    );
    t.ok(host.lines.some((l) => l.msg === 'shut down cleanly'));
    t.same(
      readdirSync(dir).filter((name) => /\.(tmp|old)-\d+$/.test(name)),
      [],
      'no unfinished snapshot folder left',
    );
    t.ok(existsSync(join(dir, 'search-index', 'manifest.json')), 'the snapshot is complete');
    t.same(
      workers.filter((pid) => alive(pid)),
      [],
      'no inference worker outlives the host',
    );
  });
}
