/**
 * A host for the security tests that need the services but not vectors: every plugin of the
 * embedded host except the model (searches are lexical-only, as when the embedder is down), on an
 * in-memory store, with a key per role and a few records loaded through the ingestion API. It starts
 * in about a second, so a property test can load hundreds of students one by one.
 */
import { embedderPlugin, embeddingApp, type Embedder } from '@chanjiao/embedding';
import { ingestionApp } from '@chanjiao/ingestion';
import { matchingApp } from '@chanjiao/matching';
import { authPlugin, configPlugin, createHttpServer, hardeningPlugin, healthPlugin, metricsPlugin, type AppInstance, type Role } from '@chanjiao/platform';
import { searchPlugin } from '@chanjiao/search';
import { SqliteStore, storePlugin } from '@chanjiao/store';
import { testConfig } from '../helpers/host.js';
import { keyPerRole } from './target.js';

/** What `app.inject` resolves to. */
export type InjectReply = Awaited<ReturnType<AppInstance['inject']>>;

export interface LightHost {
  app: AppInstance;
  keys: Readonly<Record<Role, string>>;
  /** The school, enterprise and open post the keys act for. */
  ids: { schoolId: string; enterpriseId: string; postId: string; studentId: string };
  /** POST NDJSON rows to /v1/ingest/<type> with the office key; returns the report. */
  load(type: string, rows: readonly unknown[]): Promise<Record<string, unknown>>;
  /** An HTTP call with a role's key (JSON body). */
  call(role: Role | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, headers?: Record<string, string>): Promise<InjectReply>;
  close(): Promise<void>;
}

export const SCHOOL = { id: 'SCH-T1', name: '测试职业技术学院', kind: 'higher_vocational', levels: ['higher'], city: '珠海', updatedAt: '2026-09-01T00:00:00.000Z' };
export const ENTERPRISE = { id: 'ENT-T1', name: '测试电气有限公司', city: '珠海', industry: '制造业', updatedAt: '2026-09-01T00:00:00.000Z' };
export const POST = {
  id: 'POST-T1',
  enterpriseId: 'ENT-T1',
  kind: 'job',
  title: 'PLC 电气技术员',
  seats: 3,
  term: '2027-spring',
  city: '珠海',
  status: 'open',
  updatedAt: '2026-09-01T00:00:00.000Z',
};

/** A consenting, seeking student of SCH-T1; `over` replaces fields. */
export function student(id: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    schoolId: SCHOOL.id,
    majorCode: '460301',
    level: 'higher',
    graduationYear: 2027,
    skills: [{ name: 'PLC' }],
    selfIntroduction: '熟悉PLC编程。',
    consentToBeFound: true,
    status: 'seeking',
    updatedAt: '2026-09-01T00:00:00.000Z',
    personal: { name: '王小明', phone: '13800000001' },
    ...over,
  };
}

export async function startLightHost(env: Record<string, string> = {}, opts: { embedder?: Embedder } = {}): Promise<LightHost> {
  const config = testConfig({ SEARCH_SNAPSHOT: 'false', DATA_DIR: '/nonexistent-light-host', ...env });
  const store = new SqliteStore({ path: ':memory:' });
  const app = createHttpServer(config, { name: 'light-host', logger: false });
  await app.register(configPlugin, { config });
  await app.register(hardeningPlugin);
  await app.register(metricsPlugin, { processMetrics: false });
  await app.register(healthPlugin);
  await app.register(storePlugin, { store });
  await app.register(authPlugin);
  if (opts.embedder) await app.register(embedderPlugin, { embedder: opts.embedder });
  await app.register(searchPlugin);
  await app.register(ingestionApp);
  if (opts.embedder) await app.register(embeddingApp);
  await app.register(matchingApp);
  await app.ready();

  const office = (await app.apiKeys.create({ role: 'office', label: 'loader' })).key;
  const load: LightHost['load'] = async (type, rows) => {
    const res = await app.inject({
      method: 'POST',
      url: `/v1/ingest/${type}`,
      headers: { authorization: `Bearer ${office}`, 'content-type': 'application/x-ndjson' },
      payload: rows.map((r) => JSON.stringify(r)).join('\n') + '\n',
    });
    if (res.statusCode !== 200) throw new Error(`load ${type}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    await app.indexer.catchUp();
    return res.json();
  };
  await load('school', [SCHOOL]);
  await load('enterprise', [ENTERPRISE]);
  await load('term', [{ id: '2027-spring', startsOn: '2027-02-22', endsOn: '2027-07-09', applicationMonth: 12, updatedAt: '2026-09-01T00:00:00.000Z' }]);
  await load('post', [POST]);
  await load('student', [student('STU-T1')]);
  const ids = { schoolId: SCHOOL.id, enterpriseId: ENTERPRISE.id, postId: POST.id, studentId: 'STU-T1' };
  const keys = await keyPerRole(app, ids);
  const call: LightHost['call'] = (role, method, url, payload, headers = {}) =>
    app.inject({
      method,
      url,
      headers: { ...(role ? { authorization: `Bearer ${keys[role]}` } : {}), ...headers },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
  return {
    app,
    keys,
    ids,
    load,
    call,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}
