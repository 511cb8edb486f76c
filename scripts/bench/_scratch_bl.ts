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
const orig = Buffer.byteLength; let t = 0, n = 0;
(Buffer as any).byteLength = (s: any, e?: any) => { if (typeof s === 'string' && s.length > 5000) { const a = performance.now(); const r = orig(s, e); t += performance.now() - a; n++; return r; } return orig(s, e); };
const qs = ['PLC 电气 顶岗实习', '护理 病房护士', 'Java 后端开发', '会计 出纳 财务软件', '焊接 焊工证'];
for (let i = 0; i < 3000; i++) { if (i === 1000) { t = 0; n = 0; } await app.inject({ method: 'POST', url: '/v1/candidates/search', headers, payload: JSON.stringify({ query: qs[i % 5], limit: 20 }) }); }
console.log('byteLength calls', n, 'mean us', (t / n * 1000).toFixed(1));
await app.close();
