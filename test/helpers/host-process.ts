/**
 * The embedded host as a child process, for the fault tests that kill it: started on port 0 with
 * its data in `dir`; `base` resolves to its URL once it listens, `exit` to how it ended.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { ApiKeyService } from '@chanjiao/platform';
import { SqliteStore } from '@chanjiao/store';
import { seedReferences } from '../../services/ingestion/test/helpers.js';
import { REPO_ROOT } from './host.js';

export const MODEL_DIR = process.env.EMBEDDING_MODEL_DIR || resolve(REPO_ROOT, '../shared/models/bge-small-zh-v1.5');

export interface HostProcess {
  child: ChildProcess;
  base: Promise<string>;
  exit: Promise<NodeJS.Signals | number | null>;
}

export function startHost(dir: string): HostProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/embedded-host/src/server.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', LOG_PRETTY: 'false', RATE_LIMIT_MAX: '0', EMBEDDING_MODEL_DIR: MODEL_DIR },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exit = new Promise<NodeJS.Signals | number | null>((r) => child.once('exit', (code, signal) => r(signal ?? code)));
  const base = (async () => {
    for await (const line of createInterface({ input: child.stdout! })) {
      const m = /"address":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(line);
      if (m) {
        // Keep draining the log so the child never blocks on a full pipe.
        child.stdout!.resume();
        return m[1]!;
      }
    }
    throw new Error('the host exited before listening');
  })();
  return { child, base, exit };
}

/**
 * An office key and an HR key written into the data folder's store before the host starts, with
 * the school the test students (`studentRow`) name: a student's school must be stored.
 */
export async function faultKeys(dir: string): Promise<{ office: string; hr: string }> {
  const keyStore = new SqliteStore({ path: resolve(dir, 'store.sqlite') });
  const keys = new ApiKeyService(keyStore);
  const office = (await keys.create({ role: 'office', label: 'fault test' })).key;
  const hr = (await keys.create({ role: 'hr', scope: { enterpriseId: 'ent-fault' }, label: 'fault test' })).key;
  await seedReferences(keyStore, { schools: ['sch-01'] });
  await keyStore.close();
  return { office, hr };
}

/** The readiness reply (/readyz), as far as the fault tests read it. */
export interface ReadyReply {
  ready: boolean;
  details?: Record<string, Record<string, number>>;
}

/** Polls the readiness signal (/readyz) until `done` holds for its reply; fails only if the host exits first. */
export async function waitOnReadiness(base: string, exit: Promise<unknown>, done: (reply: ReadyReply) => boolean): Promise<void> {
  let exited = false;
  void exit.then(() => (exited = true));
  for (;;) {
    const res = await fetch(`${base}/readyz`).catch(() => null);
    if (res && done((await res.json()) as ReadyReply)) return;
    if (exited) throw new Error('the host exited before /readyz said so');
    await new Promise((r) => setTimeout(r, 250));
  }
}
