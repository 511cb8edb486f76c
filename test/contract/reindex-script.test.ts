/**
 * scripts/reindex.ts against a small stateful stand-in for the cluster's HTTP API (indices,
 * aliases, bulk): the script's side of the contract — which requests, in which order, with which
 * documents — including the replay of changes written to the store while it ran.
 */
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { createAnalyzer, buildIndexDocument, type AnyIndexDocument } from '@chanjiao/search';
import { SqliteStore } from '@chanjiao/store';
import { main } from '../../scripts/reindex.js';
import { posts, schools, students } from './corpus.js';

interface Seen {
  method: string;
  path: string;
  body: unknown;
}

/** Just enough of Elasticsearch for a reindex: templates, indices, aliases, bulk. */
function fakeCluster(onBulk: (lines: unknown[]) => Promise<void>) {
  const seen: Seen[] = [];
  const indices = new Map<string, Map<string, unknown>>([['chanjiao-students-v1', new Map()]]);
  const aliases = new Map<string, string>([['chanjiao-students', 'chanjiao-students-v1']]);
  const reply = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' });
    res.end(JSON.stringify(body));
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://x');
    const path = decodeURIComponent(url.pathname);
    const method = req.method ?? 'GET';
    const body = text === '' ? undefined : (req.headers['content-type'] ?? '').includes('ndjson')
      ? text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown)
      : (JSON.parse(text) as unknown);
    seen.push({ method, path, body });
    const target = (name: string) => aliases.get(name) ?? name;

    if (path.startsWith('/_index_template/')) return reply(res, 200, { acknowledged: true });
    if (method === 'GET' && path.startsWith('/_alias/')) {
      const alias = path.slice('/_alias/'.length);
      const index = aliases.get(alias);
      return index ? reply(res, 200, { [index]: { aliases: { [alias]: {} } } }) : reply(res, 404, { error: 'missing', status: 404 });
    }
    if (method === 'POST' && path === '/_aliases') {
      for (const a of (body as { actions: Array<Record<string, { index: string; alias: string }>> }).actions) {
        if (a.add) aliases.set(a.add.alias, a.add.index);
      }
      return reply(res, 200, { acknowledged: true });
    }
    if (path.endsWith('/_bulk')) {
      const lines = body as Array<Record<string, { _index?: string; _id: string }>>;
      await onBulk(lines);
      const items: unknown[] = [];
      const defaultIndex = path === '/_bulk' ? undefined : path.slice(1, -'/_bulk'.length);
      for (let i = 0; i < lines.length; i++) {
        const [op, meta] = Object.entries(lines[i]!)[0]!;
        const docs = indices.get(target(meta._index ?? defaultIndex!))!;
        if (op === 'delete') {
          const had = docs.delete(meta._id);
          items.push({ delete: { _id: meta._id, status: had ? 200 : 404, result: had ? 'deleted' : 'not_found' } });
        } else {
          docs.set(meta._id, lines[++i]);
          items.push({ [op]: { _id: meta._id, status: 201, result: 'created' } });
        }
      }
      return reply(res, 200, { errors: false, items });
    }
    if (path.endsWith('/_settings') || path.endsWith('/_refresh') || path.startsWith('/_cluster/health')) {
      return reply(res, 200, { acknowledged: true, status: 'green' });
    }
    const name = path.slice(1);
    if (method === 'GET' && name.endsWith('-v*')) {
      const head = name.slice(0, -1);
      return reply(res, 200, Object.fromEntries([...indices.keys()].filter((n) => n.startsWith(head)).map((n) => [n, {}])));
    }
    if (method === 'PUT') {
      indices.set(name, new Map());
      return reply(res, 200, { acknowledged: true, index: name });
    }
    if (method === 'DELETE') {
      for (const n of name.split(',')) indices.delete(n);
      return reply(res, 200, { acknowledged: true });
    }
    return reply(res, 400, { error: { type: 'unexpected', reason: `${method} ${path}` }, status: 400 });
  };
  const server = createServer((req, res) => void handle(req, res));
  return { server, seen, indices, aliases };
}

t.test('reindex: new versions loaded from the store, aliases swapped, old version pruned, changes made meanwhile replayed', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'reindex-'));
  const store = new SqliteStore({ path: join(dataDir, 'store.sqlite') });
  t.teardown(() => store.close());
  await store.upsert('school', Object.values(schools).map((record) => ({ record })));
  await store.upsert('student', students.slice(0, 3).map((s) => ({ record: s.profile })));
  await store.upsert('post', posts.slice(0, 2).map((p) => ({ record: p.post })));

  let bulks = 0;
  const cluster = fakeCluster(async () => {
    // While the first collection loads, the store changes: one student added, one deleted.
    if (++bulks === 1) {
      await store.upsert('student', [{ record: students[3]!.profile }]);
      await store.delete('student', ['s-sec']);
    }
  });
  cluster.server.listen(0, '127.0.0.1');
  await once(cluster.server, 'listening');
  t.teardown(() => cluster.server.close());
  const { port } = cluster.server.address() as { port: number };

  const env = { ELASTICSEARCH_URL: `http://127.0.0.1:${port}`, DATA_DIR: dataDir, LOG_LEVEL: 'silent', ELASTICSEARCH_MAX_RETRIES: '0' };
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  t.teardown(() => {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  });
  const log: string[] = [];
  const realLog = console.log;
  console.log = (...a: unknown[]) => void log.push(a.join(' '));
  let code: number;
  try {
    code = await main(['--without-vectors', '--keep', '0']);
  } finally {
    console.log = realLog;
  }

  t.equal(code, 0);
  t.strictSame(
    cluster.seen.map((s) => `${s.method} ${s.path}`),
    [
      'PUT /_index_template/chanjiao-students',
      'PUT /_index_template/chanjiao-posts',
      'GET /_alias/chanjiao-students',
      'GET /chanjiao-students-v*',
      'PUT /chanjiao-students-v2',
      'POST /_bulk',
      'PUT /chanjiao-students-v2/_settings',
      'GET /chanjiao-students-v2/_refresh',
      'GET /_cluster/health/chanjiao-students-v2',
      'POST /_aliases',
      'GET /_alias/chanjiao-students',
      'GET /chanjiao-students-v*',
      'DELETE /chanjiao-students-v1',
      'GET /_alias/chanjiao-posts',
      'GET /chanjiao-posts-v*',
      'PUT /chanjiao-posts-v1',
      'POST /_bulk',
      'PUT /chanjiao-posts-v1/_settings',
      'GET /chanjiao-posts-v1/_refresh',
      'GET /_cluster/health/chanjiao-posts-v1',
      'POST /_aliases',
      'GET /_alias/chanjiao-posts',
      'GET /chanjiao-posts-v*',
      // The catch-up: the student added during the load, then the one deleted.
      'POST /_bulk',
      'POST /chanjiao-students/_bulk',
    ],
  );
  t.strictSame(cluster.seen[4]!.body, { settings: { refresh_interval: '-1', number_of_replicas: 0 }, mappings: { _meta: { format: 4, kind: 'student', sourceSeq: 7 } } });
  t.strictSame(cluster.seen[9]!.body, {
    actions: [
      { remove: { index: 'chanjiao-students-v1', alias: 'chanjiao-students' } },
      { add: { index: 'chanjiao-students-v2', alias: 'chanjiao-students', is_write_index: true } },
    ],
  });
  t.strictSame(cluster.seen[20]!.body, { actions: [{ add: { index: 'chanjiao-posts-v1', alias: 'chanjiao-posts', is_write_index: true } }] });

  // What the new indices hold is exactly the store now, each document as the shared builder makes it.
  const analyzer = createAnalyzer();
  const stored = (doc: AnyIndexDocument) => ({ id: doc.id, text: doc.text, kw: doc.keywords, source: doc.source });
  const school = (id: string) => Object.values(schools).find((s) => s.id === id);
  t.strictSame(
    Object.fromEntries(cluster.indices.get('chanjiao-students-v2')!),
    Object.fromEntries(
      [students[0]!, students[2]!, students[3]!].map((s) => [
        s.profile.id,
        stored(buildIndexDocument({ profile: s.profile, school: school(s.profile.schoolId), vector: null }, analyzer)),
      ]),
    ),
  );
  t.strictSame([...cluster.indices.get('chanjiao-posts-v1')!.keys()].sort(), ['p-intern', 'p-job']);
  t.strictSame([...cluster.indices.keys()].sort(), ['chanjiao-posts-v1', 'chanjiao-students-v2']);
  t.strictSame(Object.fromEntries(cluster.aliases), { 'chanjiao-students': 'chanjiao-students-v2', 'chanjiao-posts': 'chanjiao-posts-v1' });

  const report = JSON.parse(log[log.length - 1]!) as Record<string, unknown>;
  t.strictSame({ ...report, seconds: 0 }, {
    seconds: 0,
    replayedChanges: 2,
    collections: {
      student: { index: 'chanjiao-students-v2', previous: 'chanjiao-students-v1', indexed: 3, dropped: 0, swapped: true, deleted: ['chanjiao-students-v1'] },
      post: { index: 'chanjiao-posts-v1', previous: null, indexed: 2, dropped: 0, swapped: true, deleted: [] },
    },
  });
});
