import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { Client } from '@elastic/elasticsearch';
import { AppError } from '@chanjiao/platform';
import {
  createElasticsearchClient,
  elasticsearchClientOptions,
  ElasticsearchIndex,
  openElasticsearchIndex,
} from '../../src/elasticsearch/index.js';
import { config, testAnalyzer } from './fixtures.js';
import { recordingConnection } from './recording-connection.js';

/** A 127.0.0.1 port nothing listens on: bound, noted, closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A server that accepts connections and never answers. */
async function silentServer(): Promise<{ port: number; server: Server; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, server, sockets };
}

const fast = { retryBackoff: () => 0.01 };

t.test('an unreachable cluster: the configured retries, then 503 ELASTICSEARCH_UNAVAILABLE', async (t) => {
  const port = await closedPort();
  const client = createElasticsearchClient(
    { ...config, ELASTICSEARCH_URL: `http://127.0.0.1:${port}`, ELASTICSEARCH_MAX_RETRIES: 2 },
    fast,
  );
  t.teardown(() => client.close());
  let attempts = 0;
  client.diagnostic.on('request', () => attempts++);
  const index = new ElasticsearchIndex({ client, analyzer: testAnalyzer(), config });
  const started = Date.now();
  const err = await index.count('student').catch((e: unknown) => e);
  t.type(err, AppError);
  t.strictSame(
    { code: (err as AppError).code, statusCode: (err as AppError).statusCode, message: (err as AppError).message },
    {
      code: 'ELASTICSEARCH_UNAVAILABLE',
      statusCode: 503,
      message: 'The search cluster cannot be reached; retry later. / 搜索集群暂时无法连接，请稍后重试。',
    },
  );
  t.equal(attempts, 3, 'one try and two retries');
  t.ok(Date.now() - started < 5000, 'bounded: no unbounded waiting');
});

t.test('a cluster that does not answer: the request timeout, then 503 (timeouts are not retried)', async (t) => {
  const { port, server, sockets } = await silentServer();
  t.teardown(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const client = createElasticsearchClient(
    { ...config, ELASTICSEARCH_URL: `http://127.0.0.1:${port}`, ELASTICSEARCH_REQUEST_TIMEOUT_MS: 200, ELASTICSEARCH_MAX_RETRIES: 3 },
    fast,
  );
  t.teardown(() => client.close());
  let attempts = 0;
  client.diagnostic.on('request', () => attempts++);
  const index = new ElasticsearchIndex({ client, analyzer: testAnalyzer(), config });
  const err = (await index.searchVector('post', new Float32Array(512).fill(0.01), { k: 5 }).catch((e: unknown) => e)) as AppError;
  t.strictSame([err.code, err.statusCode, attempts], ['ELASTICSEARCH_UNAVAILABLE', 503, 1]);
});

t.test('isReachable: true when the cluster answers, false (never a throw) when it does not', async (t) => {
  const rec = recordingConnection(() => ({}));
  const up = new ElasticsearchIndex({
    client: createElasticsearchClient(config, { Connection: rec.Connection }),
    analyzer: testAnalyzer(),
    config,
  });
  t.equal(await up.isReachable(), true);
  t.strictSame(rec.requests.map((r) => `${r.method} ${r.path}`), ['HEAD /']);
  const port = await closedPort();
  const client = createElasticsearchClient({ ...config, ELASTICSEARCH_URL: `http://127.0.0.1:${port}`, ELASTICSEARCH_MAX_RETRIES: 0 }, fast);
  t.teardown(() => client.close());
  t.equal(await new ElasticsearchIndex({ client, analyzer: testAnalyzer(), config }).isReachable(), false);
});

t.test('opening the index on an unreachable cluster fails with the 503 and closes its client', async (t) => {
  const port = await closedPort();
  const err = (await openElasticsearchIndex(
    { ...config, ELASTICSEARCH_URL: `http://127.0.0.1:${port}`, ELASTICSEARCH_MAX_RETRIES: 0 },
    testAnalyzer(),
    fast,
  ).catch((e: unknown) => e)) as AppError;
  t.strictSame([err.code, err.statusCode], ['ELASTICSEARCH_UNAVAILABLE', 503]);
});

t.test('client options: URL, bounded retries, timeout; API key first, then basic auth; a private CA', async (t) => {
  const base = { ...config, ELASTICSEARCH_URL: 'https://es.example:9200', ELASTICSEARCH_MAX_RETRIES: 4, ELASTICSEARCH_REQUEST_TIMEOUT_MS: 1500 };
  t.strictSame(elasticsearchClientOptions(base), {
    node: 'https://es.example:9200',
    maxRetries: 4,
    requestTimeout: 1500,
    name: 'chanjiao-match',
    redaction: { type: 'replace' },
  });
  t.strictSame(
    elasticsearchClientOptions({ ...base, ELASTICSEARCH_API_KEY: 'a2V5', ELASTICSEARCH_USERNAME: 'u', ELASTICSEARCH_PASSWORD: 'p' }).auth,
    { apiKey: 'a2V5' },
  );
  t.strictSame(elasticsearchClientOptions({ ...base, ELASTICSEARCH_USERNAME: 'chanjiao', ELASTICSEARCH_PASSWORD: 'pw' }).auth, {
    username: 'chanjiao',
    password: 'pw',
  });
  const dir = mkdtempSync(join(tmpdir(), 'es-ca-'));
  const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
  writeFileSync(join(dir, 'ca.pem'), pem);
  t.strictSame(elasticsearchClientOptions({ ...base, ELASTICSEARCH_CA_FILE: join(dir, 'ca.pem') }).tls, { ca: pem, rejectUnauthorized: true });
  t.throws(() => elasticsearchClientOptions({ ...base, ELASTICSEARCH_URL: undefined }), /ELASTICSEARCH_URL is not set/);
});

t.test('the credentials reach the cluster as the authorization header', async (t) => {
  for (const [settings, header] of [
    [{ ELASTICSEARCH_API_KEY: 'a2V5' }, 'ApiKey a2V5'],
    [{ ELASTICSEARCH_USERNAME: 'chanjiao', ELASTICSEARCH_PASSWORD: 'pw' }, `Basic ${Buffer.from('chanjiao:pw').toString('base64')}`],
  ] as const) {
    const rec = recordingConnection(() => ({ body: { count: 0 } }));
    const client: Client = createElasticsearchClient({ ...config, ...settings }, { Connection: rec.Connection });
    await new ElasticsearchIndex({ client, analyzer: testAnalyzer(), config }).count('post');
    t.equal(rec.requests[0]?.authorization, header);
  }
});
