import { resolve } from 'node:path';
const dataDir = resolve('.cache/bench-10000-1000');
const { embeddedHost } = await import('@chanjiao/embedded-host');
const { createHttpServer, loadConfig } = await import('@chanjiao/platform');
const config = loadConfig({ ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '0', PORT: '0' });
const app = createHttpServer(config, { name: 'x', logger: false });
await app.register(embeddedHost, { config, processMetrics: false });
await app.ready();
for (;;) { const r = await app.inject({ method: 'GET', url: '/readyz' }); if (r.statusCode === 200 && (r.json().details?.index?.pendingVectors ?? 0) === 0) break; await new Promise((d) => setTimeout(d, 500)); }
const key = (await app.apiKeys.create({ role: 'hr', scope: { enterpriseId: 'ENT-BENCH' }, label: 'x' })).key;
const headers = { 'content-type': 'application/json', authorization: `Bearer ${key}` };
for (const q of ['PLC 电气 顶岗实习', '护理 病房护士', 'Java 后端开发']) {
  const r = await app.inject({ method: 'POST', url: '/v1/candidates/search', headers, payload: JSON.stringify({ query: q, limit: 20 }) });
  console.log(q, r.statusCode, r.body.length, r.rawPayload.length);
  if (q.startsWith('Java')) console.log(r.body.slice(0, 3000));
}
await app.close();
