import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { ingestionApp } from '@chanjiao/ingestion';
import { configPlugin, createHttpServer, loadConfig } from '@chanjiao/platform';
import { SqliteStore, storePlugin } from '@chanjiao/store';

/**
 * Issue 15 item 11 / issue 18 item 6: every service starts through the platform's one bootstrap,
 * so the ingestion service run alone has the hardening (headers, rate limit) and metrics plugins
 * like the others, and a service whose scope checks rely on auth cannot start without it.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

t.test('the ingestion service run alone: security headers, rate limit, metrics, files only its user reads', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'chanjiao-boot-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/ingestion/src/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: join(dir, 'data'), PORT: '0', LOG_LEVEL: 'info', LOG_PRETTY: 'false', RATE_LIMIT_MAX: '50' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const gone = new Promise((resolve) => child.once('exit', resolve));
  t.teardown(async () => {
    child.kill('SIGKILL');
    await gone;
  });
  let base = '';
  for await (const line of createInterface({ input: child.stdout })) {
    const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
    if (m) {
      base = m[1]!;
      break;
    }
  }
  t.ok(base, 'listening');
  const template = await fetch(`${base}/v1/ingest/student/csv-template`);
  t.equal(template.status, 200);
  t.equal(template.headers.get('x-content-type-options'), 'nosniff', 'helmet headers');
  t.equal(template.headers.get('x-ratelimit-limit'), '50', 'rate limited per window');
  const metrics = await fetch(`${base}/metrics`);
  t.equal(metrics.status, 200);
  t.match(await metrics.text(), /http_request|chanjiao_/, 'the metrics plugin answers');
  t.equal((statSync(join(dir, 'data', 'store.sqlite')).mode & 0o777).toString(8), '600');
});

t.test('every server.ts starts through the one bootstrap', async (t) => {
  const servers = readdirSync(join(ROOT, 'services'))
    .map((s) => join(ROOT, 'services', s, 'src', 'server.ts'))
    .filter((p) => {
      try {
        return statSync(p).isFile();
      } catch {
        return false;
      }
    });
  t.ok(servers.length >= 4, `${servers.length} servers`);
  for (const p of servers) {
    const text = readFileSync(p, 'utf8');
    t.match(text, /startService\(/, `${p} uses startService`);
    t.notMatch(text, /register\((hardeningPlugin|metricsPlugin|authPlugin|healthPlugin|docsPlugin)/, `${p} lists no platform plugin by hand`);
  }
});

t.test('the ingestion app refuses to start without the auth plugin', async (t) => {
  const config = loadConfig({});
  const app = createHttpServer(config, { name: 'no-auth', logger: false });
  await app.register(configPlugin, { config });
  await app.register(storePlugin, { store: new SqliteStore({ path: ':memory:' }) });
  await t.rejects(async () => {
    await app.register(ingestionApp);
    await app.ready();
  }, /chanjiao-auth/);
  await app.close().catch(() => undefined);
});
