import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent, get } from 'node:http';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const FIXTURE = fileURLToPath(new URL('./fixtures/shutdown-server.ts', import.meta.url));

/** Start the fixture server; resolves when it listens. */
async function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  let onLine: (() => void) | undefined;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    lines.push(...chunk.split('\n').filter(Boolean));
    onLine?.();
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  await new Promise<void>((resolve, reject) => {
    onLine = () => lines.some((l) => l.startsWith('listening ')) && resolve();
    void exited.then((code) => reject(new Error(`fixture exited early with ${code}: ${lines.join(' | ')}`)));
  });
  const url = lines.find((l) => l.startsWith('listening '))!.slice('listening '.length);
  return { child, lines, exited, url };
}

/** GET over a keep-alive connection, as a load balancer would. */
function fetchSlow(url: string, agent: Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(`${url}/slow`, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

t.test('SIGTERM: the in-flight request finishes, then the store closes, exit 0', async (t) => {
  const { child, lines, exited, url } = await start({ SHUTDOWN_GRACE_MS: '5000' });
  const agent = new Agent({ keepAlive: true });
  t.teardown(() => agent.destroy());
  const inFlight = fetchSlow(url, agent);
  await new Promise((r) => setTimeout(r, 150));
  child.kill('SIGTERM');
  t.same(await inFlight, { status: 200, body: '{"done":true}' });
  t.equal(await exited, 0);
  t.same(lines.slice(1), ['request finished', 'store closed', 'exit 0']);
});

t.test('shutdown that outlasts SHUTDOWN_GRACE_MS exits 1 after the grace period', async (t) => {
  const { child, exited } = await start({ SHUTDOWN_GRACE_MS: '300', FIXTURE_HANG: '1' });
  const began = Date.now();
  child.kill('SIGTERM');
  t.equal(await exited, 1);
  const took = Date.now() - began;
  t.ok(took >= 300 && took < 5000, `exited after ${took} ms`);
});

t.test('the same signal relayed again at once (a wrapper in the process group) is one stop request: clean shutdown, exit 0', async (t) => {
  const { child, lines, exited, url } = await start({ SHUTDOWN_GRACE_MS: '60000', FIXTURE_SLOW_MS: '1000' });
  const agent = new Agent({ keepAlive: true });
  t.teardown(() => agent.destroy());
  const inFlight = fetchSlow(url, agent);
  await new Promise((r) => setTimeout(r, 100));
  child.kill('SIGINT');
  // Sent while the request above still holds the shutdown open.
  await new Promise((r) => setTimeout(r, 50));
  child.kill('SIGINT');
  t.same(await inFlight, { status: 200, body: '{"done":true}' });
  t.equal(await exited, 0);
  t.same(lines.slice(1), ['request finished', 'store closed', 'exit 0']);
});

t.test('a second signal later during shutdown exits 1 at once', async (t) => {
  const { child, exited } = await start({ SHUTDOWN_GRACE_MS: '60000', FIXTURE_HANG: '1', FIXTURE_SAME_STOP_MS: '100' });
  child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  child.kill('SIGINT');
  t.equal(await exited, 1);
});
