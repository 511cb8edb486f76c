/**
 * The app the cross-service security tests drive: the embedded host (every service, the real
 * model, the security plugins) on an in-memory store, loaded with generated demo data through
 * the ingestion API, with one API key per role (scoped to records that exist).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemoData, type DemoData } from '@chanjiao/demo-data';
import { embeddedHost } from '@chanjiao/embedded-host';
import { createHttpServer, type AppInstance, type Role } from '@chanjiao/platform';
import { SqliteStore } from '@chanjiao/store';
import { testConfig } from '../helpers/host.js';

export interface SecurityTarget {
  app: AppInstance;
  data: DemoData;
  /** One key per role; operator: the first school, hr: the enterprise of the first post, student: the first student. */
  keys: Readonly<Record<Role, string>>;
  /** The ids the keys act for, and others they do not. */
  ids: {
    schoolId: string;
    enterpriseId: string;
    otherEnterpriseId: string;
    studentId: string;
    otherStudentId: string;
    /** A student HR may find (consenting, seeking). */
    consentingId: string;
    postId: string;
    otherPostId: string;
  };
  /** Phone and ID numbers of every generated student: none may reach an HR reply. */
  personal: { phones: Set<string>; idNumbers: Set<string> };
  close(): Promise<void>;
}

const ndjson = (rows: readonly unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

/** One key for each role, scoped to the given school, enterprise and student. */
export async function keyPerRole(app: AppInstance, ids: { schoolId: string; enterpriseId: string; studentId: string }): Promise<Record<Role, string>> {
  const scopes: Record<Role, object> = {
    operator: { schoolId: ids.schoolId },
    hr: { enterpriseId: ids.enterpriseId },
    student: { studentId: ids.studentId },
    office: {},
    admin: {},
  };
  const keys = {} as Record<Role, string>;
  for (const role of Object.keys(scopes) as Role[]) keys[role] = (await app.apiKeys.create({ role, scope: scopes[role], label: `test ${role}` })).key;
  return keys;
}

export async function buildSecurityTarget(opts: { students?: number; env?: Record<string, string> } = {}): Promise<SecurityTarget> {
  const dir = mkdtempSync(join(tmpdir(), 'chanjiao-security-'));
  const config = testConfig({
    DATA_DIR: dir,
    RATE_LIMIT_MAX: '0',
    SEARCH_SNAPSHOT: 'false',
    BODY_LIMIT_BYTES: '1048576',
    INGEST_BODY_LIMIT_BYTES: '1048576',
    ...opts.env,
  });
  // The embedded host as users run it (real model, every plugin), on an in-memory store.
  const store = new SqliteStore({ path: ':memory:' });
  const app = createHttpServer(config, { name: 'security-target', logger: false });
  await app.register(embeddedHost, { config, store, processMetrics: false });
  await app.ready();

  const data = generateDemoData({ seed: 20260901, students: opts.students ?? 300 });
  const students = [...data.students()];
  const office = (await app.apiKeys.create({ role: 'office', label: 'loader' })).key;
  for (const [type, rows] of [
    ['school', data.schools],
    ['enterprise', data.enterprises],
    ['term', data.terms],
    ['post', data.posts],
    ['student', students],
  ] as const) {
    // In chunks: the fuzz target keeps its body limit small.
    for (let i = 0; i < rows.length; i += 500) {
      const res = await app.inject({
        method: 'POST',
        url: `/v1/ingest/${type}`,
        headers: { authorization: `Bearer ${office}`, 'content-type': 'application/x-ndjson' },
        payload: ndjson(rows.slice(i, i + 500)),
      });
      if (res.statusCode !== 200 || res.json().rejected !== 0) throw new Error(`loading ${type}: ${res.statusCode} ${res.body.slice(0, 500)}`);
    }
  }
  await app.indexer.waitFor(undefined, 300_000);
  await app.indexer.catchUp();
  // The indexer no longer waits for vectors (a late one is indexed lexically first), so the model
  // may still be warming up here; the matrix probes a host that is ready.
  while ((await app.inject({ method: 'GET', url: '/readyz' })).statusCode !== 200) await new Promise((r) => setTimeout(r, 200));

  const post = data.posts.find((p) => p.status === 'open')!;
  const otherPost = data.posts.find((p) => p.status === 'open' && p.enterpriseId !== post.enterpriseId && !p.coEnterpriseIds.includes(post.enterpriseId))!;
  const ids = {
    schoolId: data.schools[0]!.id,
    enterpriseId: post.enterpriseId,
    otherEnterpriseId: otherPost.enterpriseId,
    studentId: students[0]!.id,
    otherStudentId: students[1]!.id,
    consentingId: students.find((s) => s.consentToBeFound && s.status === 'seeking')!.id,
    postId: post.id,
    otherPostId: otherPost.id,
  };
  const keys = await keyPerRole(app, ids);

  const personal = { phones: new Set<string>(), idNumbers: new Set<string>() };
  for (const s of students) {
    if (s.personal.phone) personal.phones.add(s.personal.phone);
    if (s.personal.idNumber) personal.idNumbers.add(s.personal.idNumber);
  }
  return {
    app,
    data,
    keys,
    ids,
    personal,
    close: async () => {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
