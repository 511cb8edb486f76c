import t from 'tap';
import { ROLES, type Role } from '@chanjiao/platform';
import { buildSecurityTarget, type SecurityTarget } from './target.js';

/**
 * Every route × every role (and no key), with the exact status and code. The POLICY table is the
 * reviewed statement of who may do what; the test proves the routes declare exactly that, that
 * every denied pair answers 401/403 with its code, and what each allowed pair answers for a
 * well-formed request made within the key's scope. A new route fails this test until it is
 * added here — on purpose: someone has to decide who may call it.
 */

type Outcome = number | readonly [number, string];
interface Probe {
  url: string;
  payload?: unknown;
  contentType?: string;
}
interface RoutePolicy {
  roles: readonly Role[] | 'public';
  probe: (target: SecurityTarget, role: Role | 'anonymous') => Probe | Promise<Probe>;
  /** Outcome per allowed caller (for public routes, per caller including `anonymous`). */
  allowed: Partial<Record<Role | 'anonymous', Outcome>>;
}

const all = (o: Outcome, roles: readonly (Role | 'anonymous')[]) => Object.fromEntries(roles.map((r) => [r, o]));
const TERM = '2099-spring';

const POLICY: Record<string, RoutePolicy> = {
  'GET /healthz': { roles: 'public', probe: () => ({ url: '/healthz' }), allowed: all(200, [...ROLES, 'anonymous']) },
  'GET /readyz': { roles: 'public', probe: () => ({ url: '/readyz' }), allowed: all(200, [...ROLES, 'anonymous']) },

  'POST /v1/admin/keys': { roles: ['admin'], probe: () => ({ url: '/v1/admin/keys', payload: { role: 'office', label: 'matrix' } }), allowed: { admin: 201 } },
  'GET /v1/admin/keys': { roles: ['admin'], probe: () => ({ url: '/v1/admin/keys' }), allowed: { admin: 200 } },
  'DELETE /v1/admin/keys/:keyId': {
    roles: ['admin'],
    probe: async ({ app }) => ({ url: `/v1/admin/keys/${(await app.apiKeys.create({ role: 'office', label: 'to revoke' })).keyId}` }),
    allowed: { admin: 200 },
  },

  // Console sessions: public to the auth plugin; the routes read the cookie themselves (none here).
  'POST /v1/session': {
    roles: 'public',
    probe: ({ keys }, role) => ({ url: '/v1/session', payload: { key: keys[role === 'anonymous' ? 'office' : role] } }),
    allowed: all(200, [...ROLES, 'anonymous']),
  },
  'GET /v1/session': { roles: 'public', probe: () => ({ url: '/v1/session' }), allowed: all([401, 'AUTH_SESSION_INVALID'], [...ROLES, 'anonymous']) },
  'DELETE /v1/session': { roles: 'public', probe: () => ({ url: '/v1/session' }), allowed: all(204, [...ROLES, 'anonymous']) },

  // The web console's catch-all (public); under /v1 it keeps the API's JSON 404.
  'GET /*': { roles: 'public', probe: () => ({ url: '/v1/no-such-route' }), allowed: all([404, 'ROUTE_NOT_FOUND'], [...ROLES, 'anonymous']) },

  'POST /v1/ingest/:type': {
    roles: ['operator', 'office'],
    // The operator's own school, re-sent unchanged.
    probe: ({ data, ids }) => ({ url: '/v1/ingest/school', payload: `${JSON.stringify(data.schools.find((s) => s.id === ids.schoolId))}\n`, contentType: 'application/x-ndjson' }),
    allowed: { operator: 200, office: 200 },
  },
  'POST /v1/ingest/:type/delete': {
    roles: ['operator', 'office'],
    probe: () => ({ url: '/v1/ingest/post/delete', payload: '"NO-SUCH-POST"\n', contentType: 'application/x-ndjson' }),
    allowed: { operator: 200, office: 200 },
  },
  'GET /v1/ingest/:type/csv-template': { roles: 'public', probe: () => ({ url: '/v1/ingest/student/csv-template' }), allowed: all(200, [...ROLES, 'anonymous']) },

  'GET /v1/ingest/:type/template': { roles: 'public', probe: () => ({ url: '/v1/ingest/post/template?format=csv' }), allowed: all(200, [...ROLES, 'anonymous']) },
  'GET /v1/ingest/visibility': { roles: ['operator', 'office'], probe: () => ({ url: '/v1/ingest/visibility?position=0' }), allowed: { operator: 200, office: 200 } },

  'POST /v1/candidates/search': {
    roles: ['hr', 'office', 'admin'],
    probe: () => ({ url: '/v1/candidates/search', payload: { query: 'PLC 电气', limit: 5 } }),
    allowed: { hr: 200, office: 200, admin: 200 },
  },
  'GET /v1/posts/:postId/candidates': {
    roles: ['hr', 'office', 'admin'],
    probe: ({ ids }) => ({ url: `/v1/posts/${ids.postId}/candidates?limit=5` }),
    allowed: { hr: 200, office: 200, admin: 200 },
  },
  'GET /v1/candidates/:studentId': {
    roles: ['hr', 'office', 'admin'],
    probe: ({ ids }) => ({ url: `/v1/candidates/${ids.consentingId}` }),
    allowed: { hr: 200, office: 200, admin: 200 },
  },
  'PUT /v1/posts/:postId/shortlist': {
    roles: ['hr', 'office', 'admin'],
    probe: ({ ids }) => ({ url: `/v1/posts/${ids.postId}/shortlist`, payload: { entries: [{ studentId: ids.consentingId }] } }),
    allowed: { hr: 200, office: 200, admin: 200 },
  },
  'GET /v1/posts/:postId/shortlist': {
    roles: ['hr', 'office', 'admin'],
    probe: ({ ids }) => ({ url: `/v1/posts/${ids.postId}/shortlist` }),
    allowed: { hr: 200, office: 200, admin: 200 },
  },
  'PUT /v1/posts/:postId/shortlist/:studentId': {
    roles: ['hr', 'office', 'admin'],
    probe: ({ ids }) => ({ url: `/v1/posts/${ids.postId}/shortlist/${ids.consentingId}`, payload: { note: 'matrix' } }),
    allowed: { hr: 200, office: 200, admin: 200 },
  },
  'DELETE /v1/posts/:postId/shortlist/:studentId': {
    roles: ['hr', 'office', 'admin'],
    probe: ({ ids }) => ({ url: `/v1/posts/${ids.postId}/shortlist/${ids.consentingId}` }),
    allowed: { hr: 200, office: 200, admin: 200 },
  },
  'GET /v1/posts/:postId/shortlist/export': {
    roles: ['hr', 'office', 'admin'],
    probe: ({ ids }) => ({ url: `/v1/posts/${ids.postId}/shortlist/export?format=json` }),
    allowed: { hr: 200, office: 200, admin: 200 },
  },

  'POST /v1/invitations': {
    roles: ['hr'],
    probe: async ({ app, ids }) => {
      await app.store.putDocument('shortlists', `${ids.postId}::${ids.enterpriseId}`, { entries: [{ studentId: ids.consentingId }] });
      return { url: '/v1/invitations', payload: { postId: ids.postId, studentId: ids.consentingId, kind: 'interview', message: '面试邀请' } };
    },
    allowed: { hr: 201 },
  },
  'GET /v1/invitations': { roles: ['hr', 'student'], probe: () => ({ url: '/v1/invitations' }), allowed: { hr: 200, student: 200 } },
  'GET /v1/invitations/:invitationId': {
    roles: ['hr', 'student'],
    probe: () => ({ url: '/v1/invitations/inv-0000000000000000' }),
    allowed: { hr: [404, 'MATCH_INVITATION_NOT_FOUND'], student: [404, 'MATCH_INVITATION_NOT_FOUND'] },
  },
  'POST /v1/invitations/:invitationId/accept': {
    roles: ['student'],
    probe: () => ({ url: '/v1/invitations/inv-0000000000000000/accept', payload: { share: ['name'] } }),
    allowed: { student: [404, 'MATCH_INVITATION_NOT_FOUND'] },
  },
  'POST /v1/invitations/:invitationId/decline': {
    roles: ['student'],
    probe: () => ({ url: '/v1/invitations/inv-0000000000000000/decline' }),
    allowed: { student: [404, 'MATCH_INVITATION_NOT_FOUND'] },
  },
  'GET /v1/reports/invitations': { roles: ['office', 'admin'], probe: () => ({ url: '/v1/reports/invitations' }), allowed: { office: 200, admin: 200 } },

  'GET /v1/students/:studentId/recommendations': {
    roles: ['student', 'office', 'admin'],
    probe: ({ ids }) => ({ url: `/v1/students/${ids.studentId}/recommendations?limit=5` }),
    allowed: { student: 200, office: 200, admin: 200 },
  },
  'POST /v1/posts/search': {
    roles: ['student', 'hr', 'office', 'admin'],
    probe: () => ({ url: '/v1/posts/search', payload: { query: '顶岗实习', limit: 5 } }),
    allowed: { student: 200, hr: 200, office: 200, admin: 200 },
  },
  'GET /v1/posts/:postId': {
    roles: ['student', 'hr', 'operator', 'office', 'admin'],
    probe: ({ ids }) => ({ url: `/v1/posts/${ids.otherPostId}` }),
    allowed: { student: 200, hr: 200, operator: 200, office: 200, admin: 200 },
  },
  'GET /v1/students/:studentId/profile': {
    roles: ['student', 'office', 'admin'],
    probe: ({ ids }) => ({ url: `/v1/students/${ids.studentId}/profile` }),
    allowed: { student: 200, office: 200, admin: 200 },
  },

  'GET /v1/lookups/catalog': { roles: ROLES, probe: () => ({ url: '/v1/lookups/catalog?level=higher' }), allowed: all(200, ROLES) },
  'GET /v1/lookups/places': { roles: ROLES, probe: () => ({ url: '/v1/lookups/places' }), allowed: all(200, ROLES) },
  'GET /v1/lookups/terms': { roles: ROLES, probe: () => ({ url: '/v1/lookups/terms' }), allowed: all(200, ROLES) },
  'GET /v1/students/:studentId/next-skills': {
    roles: ['student', 'office', 'admin'],
    probe: ({ ids }) => ({ url: `/v1/students/${ids.studentId}/next-skills?term=2027-autumn` }),
    allowed: { student: 200, office: 200, admin: 200 },
  },
  'GET /v1/schools/:schoolId/skill-gaps': {
    roles: ['operator', 'office'],
    probe: ({ ids }) => ({ url: `/v1/schools/${ids.schoolId}/skill-gaps?term=2027-autumn` }),
    allowed: { operator: 200, office: 200 },
  },
  'GET /v1/reports/shortage-catalogue': {
    roles: ['office'],
    probe: () => ({ url: `/v1/reports/shortage-catalogue?city=${encodeURIComponent('珠海市')}&year=2027` }),
    allowed: { office: 200 },
  },

  // Issue 15.3: only the roles that need raw vectors; the others' searches embed their queries.
  'POST /v1/embeddings': {
    roles: ['office', 'admin'],
    probe: () => ({ url: '/v1/embeddings', payload: { input: ['PLC 电气 顶岗实习'] } }),
    allowed: all(200, ['office', 'admin']),
  },

  'POST /v1/batch/jobs': { roles: ['office'], probe: () => ({ url: '/v1/batch/jobs', payload: { term: TERM } }), allowed: { office: [404, 'BATCH_TERM_NOT_FOUND'] } },
  'GET /v1/batch/jobs/:jobId': { roles: ['office'], probe: () => ({ url: '/v1/batch/jobs/no-such-job' }), allowed: { office: [404, 'BATCH_JOB_NOT_FOUND'] } },
  'POST /v1/batch/jobs/:jobId/cancel': { roles: ['office'], probe: () => ({ url: '/v1/batch/jobs/no-such-job/cancel' }), allowed: { office: [404, 'BATCH_JOB_NOT_FOUND'] } },
  'GET /v1/batch/jobs/:jobId/result': { roles: ['office'], probe: () => ({ url: '/v1/batch/jobs/no-such-job/result' }), allowed: { office: [404, 'BATCH_JOB_NOT_FOUND'] } },
  'GET /v1/batch/terms/:term/results': { roles: ['office'], probe: () => ({ url: `/v1/batch/terms/${TERM}/results` }), allowed: { office: [404, 'BATCH_TERM_NOT_FOUND'] } },
  'GET /v1/batch/terms/:term/results/:version': { roles: ['office'], probe: () => ({ url: `/v1/batch/terms/${TERM}/results/latest` }), allowed: { office: [404, 'BATCH_RESULT_NOT_FOUND'] } },
  'GET /v1/batch/terms/:term/results/:version/reports': { roles: ['office'], probe: () => ({ url: `/v1/batch/terms/${TERM}/results/1/reports` }), allowed: { office: [404, 'BATCH_RESULT_NOT_FOUND'] } },
  'GET /v1/batch/terms/:term/results/:version/reports/:name': {
    roles: ['office'],
    probe: () => ({ url: `/v1/batch/terms/${TERM}/results/1/reports/summary` }),
    allowed: { office: [404, 'BATCH_RESULT_NOT_FOUND'] },
  },
  'GET /v1/batch/terms/:term/results/:version/export': { roles: ['office'], probe: () => ({ url: `/v1/batch/terms/${TERM}/results/1/export` }), allowed: { office: [404, 'BATCH_RESULT_NOT_FOUND'] } },
  'GET /v1/batch/terms/:term/compare': { roles: ['office'], probe: () => ({ url: `/v1/batch/terms/${TERM}/compare?from=1` }), allowed: { office: [404, 'BATCH_RESULT_NOT_FOUND'] } },
  'PUT /v1/batch/terms/:term/applications': {
    roles: ['office', 'operator'],
    probe: ({ ids }) => ({ url: `/v1/batch/terms/${TERM}/applications`, payload: { applications: [{ studentId: ids.studentId, postIds: [ids.postId] }] } }),
    allowed: { office: [404, 'BATCH_TERM_NOT_FOUND'], operator: [404, 'BATCH_TERM_NOT_FOUND'] },
  },
  'PUT /v1/batch/terms/:term/interviews': {
    roles: ['office', 'hr'],
    probe: ({ ids }) => ({ url: `/v1/batch/terms/${TERM}/interviews`, payload: { results: [{ studentId: ids.studentId, postId: ids.postId, passed: true }] } }),
    allowed: { office: [404, 'BATCH_TERM_NOT_FOUND'], hr: [404, 'BATCH_TERM_NOT_FOUND'] },
  },
};

/**
 * The routes that are not API surface: Swagger UI, /metrics (its access is METRICS_PUBLIC's), HEAD
 * twins, preflights; and the probes, which the host registers before the auth plugin (so they are
 * not in its list; they are public by the plugin's default `publicRoutes`, and probed below).
 */
const isApiRoute = (method: string, url: string) =>
  method !== 'HEAD' && method !== 'OPTIONS' && !url.startsWith('/docs') && !['/metrics', '/healthz', '/readyz'].includes(url);

const outcomeOf = (res: { statusCode: number; json(): { code?: string } }, expect: Outcome): Outcome =>
  typeof expect === 'number' ? res.statusCode : [res.statusCode, res.statusCode >= 400 ? (res.json().code ?? '') : ''];

// One host for both tests: the model load and the embedding of the data cost most of the time.
const target = await buildSecurityTarget({ students: 40 });
t.teardown(() => target.close());

t.test('role × route matrix: exact status and code for every pair', async (t) => {
  const { app, keys } = target;

  const declared = Object.fromEntries(
    app.accessRules()
      .filter((r) => isApiRoute(r.method, r.url))
      .map((r) => [`${r.method} ${r.url}`, r.access === 'public' || r.access === 'closed' ? r.access : [...r.access.roles].sort()]),
  );
  const expected = Object.fromEntries(
    Object.entries(POLICY)
      .filter(([k]) => isApiRoute(k.split(' ')[0]!, k.split(' ')[1]!))
      .map(([k, p]) => [k, p.roles === 'public' ? p.roles : [...p.roles].sort()]),
  );
  t.same(declared, expected, 'the routes declare exactly the policy');
  const closed = Object.entries(declared).filter(([, a]) => a === 'closed').map(([k]) => k);
  t.same(closed, [], 'no route is left without an access rule');

  for (const [route, policy] of Object.entries(POLICY)) {
    const method = route.split(' ')[0]!;
    for (const caller of [...ROLES, 'anonymous'] as const) {
      const probe = await policy.probe(target, caller);
      const headers: Record<string, string> = {};
      if (caller !== 'anonymous') headers.authorization = `Bearer ${keys[caller]}`;
      if (probe.contentType) headers['content-type'] = probe.contentType;
      const res = await app.inject({ method: method as 'GET', url: probe.url, headers, ...(probe.payload === undefined ? {} : { payload: probe.payload as string }) });
      const name = `${route} as ${caller}`;
      const expect = policy.allowed[caller];
      if (expect !== undefined) {
        t.same(outcomeOf(res, expect), expect, `${name}: ${res.body.slice(0, 200)}`);
      } else if (caller === 'anonymous') {
        t.same([res.statusCode, res.json().code], [401, 'AUTH_MISSING_KEY'], name);
      } else {
        t.same([res.statusCode, res.json().code, res.json().details], [403, 'AUTH_FORBIDDEN_ROLE', { role: caller, allowed: policy.roles }], name);
      }
    }
  }
});

t.test('scope: an allowed role acting for another party gets 403 AUTH_FORBIDDEN_SCOPE', async (t) => {
  const target = await buildSecurityTarget({ students: 40 });
  t.teardown(() => target.close());
  const { app, keys, ids, data } = target;
  const as = (role: Role, method: string, url: string, payload?: unknown, contentType?: string) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: { authorization: `Bearer ${keys[role]}`, ...(contentType ? { 'content-type': contentType } : {}) },
      ...(payload === undefined ? {} : { payload: payload as string }),
    });
  const forbidden = async (res: Awaited<ReturnType<typeof as>>, name: string) => t.same([res.statusCode, res.json().code], [403, 'AUTH_FORBIDDEN_SCOPE'], name);

  // HR of one enterprise: another enterprise's candidates and shortlists.
  await forbidden(await as('hr', 'GET', `/v1/posts/${ids.otherPostId}/candidates`), 'hr: other post candidates');
  await forbidden(await as('hr', 'GET', `/v1/posts/${ids.otherPostId}/shortlist`), 'hr: other shortlist');
  await forbidden(await as('hr', 'GET', `/v1/posts/${ids.otherPostId}/shortlist/export`), 'hr: other shortlist export');
  await forbidden(await as('hr', 'PUT', `/v1/posts/${ids.otherPostId}/shortlist`, { entries: [] }), 'hr: write other shortlist');
  await forbidden(await as('hr', 'POST', '/v1/candidates/search', { query: 'PLC', postId: ids.otherPostId }), 'hr: search for other post');
  // A student: another student's recommendations and profile.
  await forbidden(await as('student', 'GET', `/v1/students/${ids.otherStudentId}/recommendations`), 'student: other recommendations');
  await forbidden(await as('student', 'GET', `/v1/students/${ids.otherStudentId}/profile`), 'student: other profile');
  await forbidden(await as('student', 'GET', `/v1/students/${ids.otherStudentId}/next-skills?term=2027-autumn`), 'student: other next skills');
  // An operator of one school: another school's skill gaps.
  await forbidden(await as('operator', 'GET', `/v1/schools/${data.schools.find((s) => s.id !== ids.schoolId)!.id}/skill-gaps?term=2027-autumn`), 'operator: other school gaps');
  // An operator of one school: another school's rows are rejected one by one, nothing lands.
  const otherSchool = data.schools.find((s) => s.id !== ids.schoolId)!;
  const res = await as('operator', 'POST', '/v1/ingest/school', `${JSON.stringify({ ...otherSchool, name: '改名' })}\n`, 'application/x-ndjson');
  t.equal(res.statusCode, 200);
  t.same([res.json().rejected, res.json().errors[0].code], [1, 'INGEST_ROW_OUT_OF_SCOPE']);
  t.equal((await app.store.get('school', otherSchool.id))?.name, otherSchool.name);
});
