/**
 * Invitations: HR of the post's enterprise invites a shortlisted student; the student accepts
 * (choosing what to share) or declines; HR sees the shared contact only after acceptance; expiry;
 * the office's counts. Each scope rule of the issue has its own test.
 */
import t from 'tap';
import { enterprise, post, school, student } from '../../services/matching/test/batch/fixtures.js';
import { buildConsoleHost, keyFor, signIn } from './helpers.js';

const PHONE = '13912345678';
const ID_NUMBER = '440404200501010318';
const host = await buildConsoleHost({}, async (store) => {
  await store.upsert('school', [{ record: school('SA', '珠海') }]);
  await store.upsert('enterprise', [{ record: enterprise('E1', '珠海', '金湾高新区') }, { record: enterprise('E2', '珠海', '金湾高新区') }]);
  await store.upsert('post', [
    { record: post('P1', 'E1', 3) },
    { record: post('J1', 'E1', 20, { kind: 'order_class', coEnterpriseIds: ['E2'] }) },
    { record: post('P2', 'E2', 3) },
    { record: post('D1', 'E1', 3, { status: 'draft' }) },
  ]);
  await store.upsert('student', [
    { record: student('s1', 'SA', '460301'), personal: { name: '张三', phone: PHONE, idNumber: ID_NUMBER } },
    { record: student('s2', 'SA', '460301', { consentToBeFound: false }), personal: { name: '李四', phone: '13900000002' } },
    { record: student('s3', 'SA', '460301'), personal: { name: '王五' } },
    { record: student('s4', 'SA', '460301'), personal: { name: '赵六', phone: '13900000004' } },
  ]);
  // Shortlists as HR keeps them: E1 has s1, s3, s4 (and s2, shortlisted before withdrawing consent) on P1.
  await store.putDocument('shortlists', 'P1::E1', { entries: [{ studentId: 's1' }, { studentId: 's2' }, { studentId: 's3' }, { studentId: 's4' }] });
  await store.putDocument('shortlists', 'J1::E2', { entries: [{ studentId: 's4' }] });
});
t.teardown(() => host.close());
const { app } = host;

const keys = {
  hrE1: (await keyFor(app, 'hr', { enterpriseId: 'E1' })).key,
  hrE2: (await keyFor(app, 'hr', { enterpriseId: 'E2' })).key,
  s1: (await keyFor(app, 'student', { studentId: 's1' })).key,
  s3: (await keyFor(app, 'student', { studentId: 's3' })).key,
  s4: (await keyFor(app, 'student', { studentId: 's4' })).key,
  office: (await keyFor(app, 'office')).key,
  operator: (await keyFor(app, 'operator', { schoolId: 'SA' })).key,
};
type Who = keyof typeof keys;
const as = (who: Who, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  app.inject({ method, url, headers: { authorization: `Bearer ${keys[who]}` }, ...(payload === undefined ? {} : { payload: payload as object }) });
const invite = (who: Who, body: Record<string, unknown>) => as(who, 'POST', '/v1/invitations', { kind: 'interview', message: '请于周三来面试。', ...body });

let s1Invitation = '';

t.test('HR invites a shortlisted student of its own post; the reply has no contact yet', async (t) => {
  const before = Date.now();
  const res = await invite('hrE1', { postId: 'P1', studentId: 's1' });
  t.equal(res.statusCode, 201, res.body);
  const inv = res.json();
  s1Invitation = inv.id;
  t.match(inv.id, /^inv-[0-9a-f]{16}$/);
  t.same(
    { ...inv, id: '', createdAt: '', expiresAt: '' },
    {
      id: '',
      post: { id: 'P1', title: 'P1岗位', kind: 'job', status: 'open' },
      enterprise: { id: 'E1', name: 'E1公司' },
      studentId: 's1',
      kind: 'interview',
      message: '请于周三来面试。',
      status: 'pending',
      createdAt: '',
      expiresAt: '',
      respondedAt: null,
      consent: null,
      contact: null,
    },
  );
  const ttl = Date.parse(inv.expiresAt) - Date.parse(inv.createdAt);
  t.equal(ttl, 14 * 86_400_000, 'default expiry: INVITATION_TTL_DAYS');
  t.ok(Date.parse(inv.createdAt) >= before - 1000);

  const again = await invite('hrE1', { postId: 'P1', studentId: 's1' });
  t.same([again.statusCode, again.json().code, again.json().details], [409, 'MATCH_INVITATION_DUPLICATE', { invitationId: inv.id }]);
});

t.test("HR of another enterprise may not invite for the post, nor read the invitation", async (t) => {
  const res = await invite('hrE2', { postId: 'P1', studentId: 's1' });
  t.same([res.statusCode, res.json().code], [403, 'AUTH_FORBIDDEN_SCOPE']);
  const read = await as('hrE2', 'GET', `/v1/invitations/${s1Invitation}`);
  t.same([read.statusCode, read.json().code], [403, 'AUTH_FORBIDDEN_SCOPE']);
  const list = await as('hrE2', 'GET', '/v1/invitations');
  t.same(list.json(), { invitations: [] });
  // Another enterprise's draft is as absent as a post that does not exist.
  const draft = await invite('hrE2', { postId: 'D1', studentId: 's1' });
  t.same([draft.statusCode, draft.json().code], [404, 'MATCH_POST_NOT_FOUND']);
});

t.test('a co-enterprise of a joint order class invites from its own shortlist, as itself', async (t) => {
  const res = await invite('hrE2', { postId: 'J1', studentId: 's4', kind: 'order_class', message: '欢迎加入订单班。' });
  t.equal(res.statusCode, 201, res.body);
  t.same([res.json().enterprise, res.json().kind], [{ id: 'E2', name: 'E2公司' }, 'order_class']);
  const notOnTheirs = await invite('hrE1', { postId: 'J1', studentId: 's4' });
  t.same([notOnTheirs.statusCode, notOnTheirs.json().code], [409, 'MATCH_INVITATION_NOT_SHORTLISTED'], "E1's shortlist of J1 is empty");
});

t.test('only shortlisted students; an invisible student is the same 404 as an unknown id', async (t) => {
  const notShortlisted = await invite('hrE1', { postId: 'P1', studentId: 's9' });
  const hidden = await invite('hrE1', { postId: 'P1', studentId: 's2' });
  const unknown = await invite('hrE1', { postId: 'P1', studentId: 'nobody' });
  t.same([hidden.statusCode, hidden.json().code], [404, 'MATCH_STUDENT_NOT_FOUND'], 'non-consenting, although on the shortlist');
  const strip = (b: { details?: unknown }) => ({ ...b, details: null });
  t.same(strip(hidden.json()), strip(unknown.json()), 'the same reply but for the id it names');
  t.same(strip(notShortlisted.json()), strip(unknown.json()));

  // Consenting but not on the shortlist.
  await host.store.upsert('student', [{ record: student('s5', 'SA', '460301'), personal: { name: '钱七' } }]);
  const s5 = await invite('hrE1', { postId: 'P1', studentId: 's5' });
  t.same([s5.statusCode, s5.json().code], [409, 'MATCH_INVITATION_NOT_SHORTLISTED']);
});

t.test('bad input: 400 with the failing field', async (t) => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ postId: 'P1', studentId: 's3', kind: 'dinner' }, 'body.kind'],
    [{ postId: 'P1', studentId: 's3', message: '' }, 'body.message'],
    [{ postId: 'P1', studentId: 's3', expiresAt: '2020-01-01T00:00:00Z' }, 'body.expiresAt'],
    [{ postId: 'P1', studentId: 's3', expiresAt: new Date(Date.now() + 91 * 86_400_000).toISOString() }, 'body.expiresAt'],
    [{ postId: 'P1', studentId: 's3', extra: 1 }, 'body.extra'],
  ];
  for (const [body, path] of cases) {
    const res = await invite('hrE1', body);
    t.same([res.statusCode, res.json().code, res.json().fields?.[0]?.path], [400, 'REQUEST_VALIDATION_FAILED', path], JSON.stringify(body));
  }
});

t.test('a student sees only their own invitations and answers only those', async (t) => {
  const mine = await as('s1', 'GET', '/v1/invitations');
  t.same(mine.json().invitations.map((i: { id: string }) => i.id), [s1Invitation]);
  const theirs = await as('s3', 'GET', '/v1/invitations');
  t.same(theirs.json(), { invitations: [] });
  for (const [method, url, payload] of [
    ['GET', `/v1/invitations/${s1Invitation}`, undefined],
    ['POST', `/v1/invitations/${s1Invitation}/accept`, { share: ['name'] }],
    ['POST', `/v1/invitations/${s1Invitation}/decline`, undefined],
  ] as const) {
    const res = await as('s3', method, url, payload);
    t.same([res.statusCode, res.json().code], [403, 'AUTH_FORBIDDEN_SCOPE'], `${method} ${url}`);
  }
  const none = await as('s1', 'GET', '/v1/invitations/inv-0000000000000000');
  t.same([none.statusCode, none.json().code], [404, 'MATCH_INVITATION_NOT_FOUND']);
});

t.test('roles: HR invites, students answer, nobody else', async (t) => {
  const studentInvites = await invite('s1', { postId: 'P1', studentId: 's1' });
  t.same([studentInvites.statusCode, studentInvites.json().code], [403, 'AUTH_FORBIDDEN_ROLE']);
  const hrAccepts = await as('hrE1', 'POST', `/v1/invitations/${s1Invitation}/accept`, { share: ['name'] });
  t.same([hrAccepts.statusCode, hrAccepts.json().code], [403, 'AUTH_FORBIDDEN_ROLE']);
  const operatorLists = await as('operator', 'GET', '/v1/invitations');
  t.same([operatorLists.statusCode, operatorLists.json().code], [403, 'AUTH_FORBIDDEN_ROLE']);
  const hrReport = await as('hrE1', 'GET', '/v1/reports/invitations');
  t.same([hrReport.statusCode, hrReport.json().code], [403, 'AUTH_FORBIDDEN_ROLE']);
});

t.test('before acceptance HR sees no contact; after it, exactly the fields shared, unmasked, with the time of consent', async (t) => {
  let hr = await as('hrE1', 'GET', `/v1/invitations/${s1Invitation}`);
  t.same([hr.json().status, hr.json().contact, hr.json().consent], ['pending', null, null]);

  const nothing = await as('s1', 'POST', `/v1/invitations/${s1Invitation}/accept`, { share: [] });
  t.same([nothing.statusCode, nothing.json().code, nothing.json().fields[0].path], [400, 'REQUEST_VALIDATION_FAILED', 'body.share']);
  const idNumber = await as('s1', 'POST', `/v1/invitations/${s1Invitation}/accept`, { share: ['idNumber'] });
  t.same([idNumber.statusCode, idNumber.json().fields[0].path], [400, 'body.share.0'], 'an ID number is never shareable');

  // Through the console: the student's session, with its CSRF token.
  const session = await signIn(app, keys.s1);
  const before = Date.now();
  const accepted = await app.inject({
    method: 'POST',
    url: `/v1/invitations/${s1Invitation}/accept`,
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
    payload: { share: ['phone'], email: 'zhangsan@example.cn' },
  });
  t.equal(accepted.statusCode, 200, accepted.body);
  t.same([accepted.json().status, accepted.json().consent.fields], ['accepted', ['phone', 'email']]);
  const at = Date.parse(accepted.json().consent.at);
  t.ok(at >= before - 1000 && at <= Date.now() + 1000, 'consent time recorded');
  t.equal(accepted.json().respondedAt, accepted.json().consent.at);

  hr = await as('hrE1', 'GET', `/v1/invitations/${s1Invitation}`);
  t.same(hr.json().contact, { phone: PHONE, email: 'zhangsan@example.cn' }, 'the phone in full, no name');
  const list = await as('hrE1', 'GET', '/v1/invitations?status=accepted');
  t.same(list.json().invitations.map((i: { id: string; contact: unknown }) => [i.id, i.contact]), [[s1Invitation, { phone: PHONE, email: 'zhangsan@example.cn' }]]);
  t.notOk(list.body.includes('张三') || list.body.includes(ID_NUMBER), 'nothing unshared');

  const twice = await as('s1', 'POST', `/v1/invitations/${s1Invitation}/decline`);
  t.same([twice.statusCode, twice.json().code, twice.json().details], [409, 'MATCH_INVITATION_ANSWERED', { status: 'accepted' }]);
});

t.test('a declined invitation shares nothing', async (t) => {
  const inv = (await invite('hrE1', { postId: 'P1', studentId: 's4' })).json();
  const res = await as('s4', 'POST', `/v1/invitations/${inv.id}/decline`);
  t.same([res.statusCode, res.json().status, res.json().contact, res.json().consent], [200, 'declined', null, null]);
  const hr = await as('hrE1', 'GET', `/v1/invitations/${inv.id}`);
  t.same([hr.json().status, hr.json().contact], ['declined', null]);
});

t.test('an expired invitation cannot be accepted and shows as expired; a new one may then be sent', async (t) => {
  const inv = (await invite('hrE1', { postId: 'P1', studentId: 's3', expiresAt: new Date(Date.now() + 86_400_000).toISOString() })).json();
  // Time passes: the stored expiry moves into the past.
  const doc = await host.store.getDocument<Record<string, unknown>>('invitations', inv.id);
  await host.store.putDocument('invitations', inv.id, { ...doc!.value, expiresAt: new Date(Date.now() - 1000).toISOString() });
  const res = await as('s3', 'POST', `/v1/invitations/${inv.id}/accept`, { share: ['name'] });
  t.same([res.statusCode, res.json().code], [409, 'MATCH_INVITATION_EXPIRED']);
  t.equal((await as('s3', 'GET', `/v1/invitations/${inv.id}`)).json().status, 'expired');
  t.same((await as('hrE1', 'GET', '/v1/invitations?status=expired')).json().invitations.map((i: { id: string }) => i.id), [inv.id]);
  const renewed = await invite('hrE1', { postId: 'P1', studentId: 's3' });
  t.equal(renewed.statusCode, 201, 'no longer a duplicate');
});

t.test('the office counts invitations and acceptances per enterprise and per post', async (t) => {
  const res = await as('office', 'GET', '/v1/reports/invitations');
  t.equal(res.statusCode, 200);
  // E1/P1: s1 accepted, s4 declined, s3 expired + renewed (pending). E2/J1: s4 pending.
  t.same(res.json(), {
    totals: { invited: 5, pending: 2, accepted: 1, declined: 1, expired: 1 },
    byEnterprise: [
      { enterpriseId: 'E1', enterpriseName: 'E1公司', invited: 4, pending: 1, accepted: 1, declined: 1, expired: 1 },
      { enterpriseId: 'E2', enterpriseName: 'E2公司', invited: 1, pending: 1, accepted: 0, declined: 0, expired: 0 },
    ],
    byPost: [
      { postTitle: 'P1岗位', postId: 'P1', enterpriseId: 'E1', invited: 4, pending: 1, accepted: 1, declined: 1, expired: 1 },
      { postTitle: 'J1岗位', postId: 'J1', enterpriseId: 'E2', invited: 1, pending: 1, accepted: 0, declined: 0, expired: 0 },
    ],
  });
});

t.test('a student who withdraws consent drops out of HR’s invitations, contact included', async (t) => {
  await host.store.upsert('student', [{ record: student('s1', 'SA', '460301', { consentToBeFound: false, updatedAt: '2026-04-01T00:00:00.000Z' }) }]);
  const list = await as('hrE1', 'GET', '/v1/invitations');
  t.notOk(list.json().invitations.some((i: { studentId: string }) => i.studentId === 's1'));
  const one = await as('hrE1', 'GET', `/v1/invitations/${s1Invitation}`);
  t.same([one.statusCode, one.json().code], [404, 'MATCH_INVITATION_NOT_FOUND']);
  t.notOk(one.body.includes(PHONE));
  // The student still sees their own.
  t.equal((await as('s1', 'GET', `/v1/invitations/${s1Invitation}`)).json().status, 'accepted');
});

t.test('no invitation to a draft, no order class for a post that is not one, and no new one right after a decline', async (t) => {
  const draft = await invite('hrE1', { postId: 'D1', studentId: 's3' });
  t.same([draft.statusCode, draft.json().code, draft.json().details], [409, 'MATCH_INVITATION_POST_NOT_OPEN', { postId: 'D1', status: 'draft' }], 'the student could not open the post');
  const wrongKind = await invite('hrE1', { postId: 'P1', studentId: 's3', kind: 'order_class' });
  t.same([wrongKind.statusCode, wrongKind.json().fields[0].path], [400, 'body.kind']);
  t.match(wrongKind.json().fields[0].message, /就业岗位/);

  // s4 declined P1 earlier in this file.
  const again = await invite('hrE1', { postId: 'P1', studentId: 's4' });
  t.same([again.statusCode, again.json().code], [409, 'MATCH_INVITATION_DECLINED']);
  t.ok(Date.parse(again.json().details.retryAfter) > Date.now() + 29 * 86_400_000, 'about 30 days on');
  // A month later the enterprise may ask once more.
  const declined = (await host.store.listDocuments<Record<string, unknown>>('invitations')).filter((d) => d.value.studentId === 's4' && d.value.status === 'declined');
  t.equal(declined.length, 1);
  await host.store.putDocument('invitations', declined[0]!.id, { ...declined[0]!.value, respondedAt: new Date(Date.now() - 31 * 86_400_000).toISOString() });
  t.equal((await invite('hrE1', { postId: 'P1', studentId: 's4' })).statusCode, 201);
});
