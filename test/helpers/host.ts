import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDemoData, ANCHOR_ENTERPRISES, ANCHOR_SCHOOLS, ANCHOR_STUDENTS } from '@chanjiao/demo-data';
import { embeddedHost } from '@chanjiao/embedded-host';
import type { Embedder } from '@chanjiao/embedding';
import { createDemoKeys, createHttpServer, loadConfig, type AppInstance, type Config } from '@chanjiao/platform';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Config as users get it; the model from EMBEDDING_MODEL_DIR (CI sets it) or the developers' shared copy. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    ...process.env,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_MAX: '0',
    EMBEDDING_MODEL_DIR: process.env.EMBEDDING_MODEL_DIR || resolve(REPO_ROOT, '../shared/models/bge-small-zh-v1.5'),
    ...overrides,
  });
}

export interface TestHost {
  app: AppInstance;
  /** http://127.0.0.1:<port> */
  base: string;
  keys: { operator: string; hr: string; student: string; office: string; admin: string };
  /** fetch with a key; JSON bodies are sent as JSON. */
  call(method: string, path: string, key: string | null, body?: unknown): Promise<{ status: number; body: unknown; text: string; headers: Headers }>;
  close(): Promise<void>;
}

/**
 * The embedded host as users run it (real model, real HTTP, auth on), on a fresh data folder,
 * loaded with a small generated dataset (the anchors included) through the ingestion API, and
 * indexed. One per test file: the model load and the embedding of the dataset cost seconds.
 */
export async function startTestHost(opts: { students?: number; posts?: number; seed?: number; embedder?: Embedder } = {}): Promise<TestHost> {
  const dir = mkdtempSync(join(tmpdir(), 'chanjiao-e2e-'));
  const config = testConfig({ DATA_DIR: dir, PORT: '0', SEARCH_SNAPSHOT: 'false' });
  const app = createHttpServer(config, { name: 'test', logger: false });
  await app.register(embeddedHost, { config, processMetrics: false, ...(opts.embedder ? { embedder: opts.embedder } : {}) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const [operator, hr, student, office, admin] = await createDemoKeys(app.apiKeys, {
    schoolId: ANCHOR_SCHOOLS[0]!.id,
    enterpriseId: ANCHOR_ENTERPRISES[0]!.id,
    studentId: ANCHOR_STUDENTS[0]!.id,
  });
  const keys = { operator: operator!.key, hr: hr!.key, student: student!.key, office: office!.key, admin: admin!.key };

  const call: TestHost['call'] = async (method, path, key, body) => {
    const headers: Record<string, string> = {};
    if (key) headers.authorization = `Bearer ${key}`;
    let payload: string | undefined;
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(`${base}${path}`, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // CSV and other non-JSON replies stay text.
    }
    return { status: res.status, body: parsed, text, headers: res.headers };
  };

  const data = generateDemoData({ seed: opts.seed ?? 7, students: opts.students ?? 150, posts: opts.posts ?? 40 });
  const ingest = async (type: string, rows: Iterable<unknown>) => {
    let ndjson = '';
    for (const r of rows) ndjson += `${JSON.stringify(r)}\n`;
    const res = await fetch(`${base}/v1/ingest/${type}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.office}`, 'content-type': 'application/x-ndjson' },
      body: ndjson,
    });
    if (!res.ok) throw new Error(`ingest ${type}: ${res.status} ${await res.text()}`);
  };
  await ingest('school', data.schools);
  await ingest('enterprise', data.enterprises);
  await ingest('term', data.terms);
  await ingest('post', data.posts);
  await ingest('student', data.students());
  await app.indexer.waitFor(undefined, 300_000);

  return {
    app,
    base,
    keys,
    call,
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
