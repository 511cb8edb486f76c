/**
 * A post's life after HR starts working on it, as HR and students meet it day to day: HR ranks
 * students for a draft before publishing it and for a closed post before reopening it; an
 * invitation whose post is closed, withdrawn to a draft or deleted before the student answers can
 * only be declined, and says what became of the post; a shortlist lists each student once.
 */
import t from 'tap';
import { enterprise, post, school, student } from '../../services/matching/test/batch/fixtures.js';
import { buildConsoleHost, keyFor } from './helpers.js';

const LATER = '2026-05-01T00:00:00.000Z';
const PLC = { requiredSkills: ['PLC编程'], acceptedMajorCodes: ['4603'] };

const host = await buildConsoleHost({}, async (store) => {
  await store.upsert('school', [{ record: school('SA', '珠海') }]);
  await store.upsert('enterprise', [{ record: enterprise('E1', '珠海', '金湾高新区') }]);
  await store.upsert('post', [
    { record: post('OPEN', 'E1', 3, PLC) },
    { record: post('DRAFT', 'E1', 3, { ...PLC, status: 'draft' }) },
    { record: post('CLOSED', 'E1', 3, { ...PLC, status: 'closed' }) },
    { record: post('SOON-CLOSED', 'E1', 3, { title: '电工', kind: 'order_class', ...PLC }) },
    { record: post('SOON-DRAFT', 'E1', 3, PLC) },
    { record: post('SOON-GONE', 'E1', 3, { title: '装配工', kind: 'order_class', ...PLC }) },
  ]);
  await store.upsert('student', [
    { record: student('s1', 'SA', '460306', { graduationYear: 2026, skills: [{ name: 'PLC编程' }] }), personal: { name: '张三', phone: '13912345678' } },
    { record: student('s2', 'SA', '460301', { graduationYear: 2026 }), personal: { name: '李四', phone: '13900000002' } },
    // Not in the posts' field: no ranking of any of them may list it.
    { record: student('s3', 'SA', '520201', { graduationYear: 2026 }), personal: { name: '王五' } },
  ]);
  for (const id of ['OPEN', 'CLOSED', 'SOON-CLOSED', 'SOON-DRAFT', 'SOON-GONE']) {
    await store.putDocument('shortlists', `${id}::E1`, { entries: [{ studentId: 's1' }, { studentId: 's2' }] });
  }
});
t.teardown(() => host.close());
const { app } = host;

const keys = {
  hr: (await keyFor(app, 'hr', { enterpriseId: 'E1' })).key,
  s1: (await keyFor(app, 'student', { studentId: 's1' })).key,
  s2: (await keyFor(app, 'student', { studentId: 's2' })).key,
  office: (await keyFor(app, 'office')).key,
};
type Who = keyof typeof keys;
const as = (who: Who, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  app.inject({ method, url, headers: { authorization: `Bearer ${keys[who]}` }, ...(payload === undefined ? {} : { payload: payload as object }) });
const ids = (body: { hits: Array<{ student: { id: string } }> }) => body.hits.map((h) => h.student.id);

t.test('HR ranks students for its draft and its closed post as for an open one', async (t) => {
  const open = await as('hr', 'GET', '/v1/posts/OPEN/candidates?limit=10');
  t.equal(open.statusCode, 200);
  t.same([ids(open.json()), open.json().total], [['s1', 's2'], 2], 'the PLC student first; the nurse is not in the field');
  for (const postId of ['DRAFT', 'CLOSED']) {
    const ranked = await as('hr', 'GET', `/v1/posts/${postId}/candidates?limit=10`);
    t.equal(ranked.statusCode, 200);
    t.same([ids(ranked.json()), ranked.json().total], [['s1', 's2'], 2], `${postId}: the same students, not an empty page`);
    t.same(ranked.json().hits[0].explanation.matchedSkills, ['PLC编程']);
    const searched = await as('hr', 'POST', '/v1/candidates/search', { postId, limit: 10 });
    t.same([searched.statusCode, ids(searched.json()), searched.json().total], [200, ['s1', 's2'], 2], `${postId}: search for the post`);
  }
  // Inviting still needs the post open, and a closed post is not "to publish".
  const invite = await as('hr', 'POST', '/v1/invitations', { postId: 'CLOSED', studentId: 's1', kind: 'interview', message: '面试' });
  t.same([invite.statusCode, invite.json().code, invite.json().details], [409, 'MATCH_INVITATION_POST_NOT_OPEN', { postId: 'CLOSED', status: 'closed' }]);
  t.match(invite.json().message, /reopen it/);
  t.notMatch(invite.json().message, /publish/);
  t.match(invite.json().message, /已关闭/);
});

t.test('an invitation whose post was closed, withdrawn or deleted since can be declined, not accepted', async (t) => {
  const sent: Record<string, string> = {};
  for (const postId of ['SOON-CLOSED', 'SOON-DRAFT', 'SOON-GONE']) {
    const kind = postId === 'SOON-DRAFT' ? 'interview' : 'order_class';
    const res = await as('hr', 'POST', '/v1/invitations', { postId, studentId: 's1', kind, message: '欢迎' });
    t.equal(res.statusCode, 201);
    t.equal(res.json().post.status, 'open');
    sent[postId] = res.json().id;
  }
  const declinedLater = (await as('hr', 'POST', '/v1/invitations', { postId: 'SOON-CLOSED', studentId: 's2', kind: 'interview', message: '欢迎' })).json().id;

  await host.store.upsert('post', [
    { record: post('SOON-CLOSED', 'E1', 3, { title: '电工', kind: 'order_class', ...PLC, status: 'closed', updatedAt: LATER }) },
    { record: post('SOON-DRAFT', 'E1', 3, { ...PLC, status: 'draft', updatedAt: LATER }) },
  ]);
  await host.store.delete('post', ['SOON-GONE']);

  for (const [postId, status, words] of [
    ['SOON-CLOSED', 'closed', /已关闭/],
    ['SOON-DRAFT', 'draft', /已撤回为草稿/],
    ['SOON-GONE', 'deleted', /已删除/],
  ] as const) {
    const accepted = await as('s1', 'POST', `/v1/invitations/${sent[postId]}/accept`, { share: ['phone'] });
    t.same([accepted.statusCode, accepted.json().code, accepted.json().details], [409, 'MATCH_INVITATION_POST_NOT_OPEN', { postId, status }], postId);
    t.match(accepted.json().message, words);
    t.match(accepted.json().message, /declined/);
    // Nothing was shared: HR still sees a pending invitation without contact.
    const hr = (await as('hr', 'GET', `/v1/invitations/${sent[postId]}`)).json();
    t.same([hr.status, hr.contact, hr.consent, hr.post.status], ['pending', null, null, status]);
  }
  // The deleted post is named as it was sent, not as an untitled job.
  const gone = (await as('s1', 'GET', `/v1/invitations/${sent['SOON-GONE']}`)).json();
  t.same(gone.post, { id: 'SOON-GONE', title: '装配工', kind: 'order_class', status: 'deleted' });
  const report = (await as('office', 'GET', '/v1/reports/invitations')).json();
  t.equal(report.byPost.find((p: { postId: string }) => p.postId === 'SOON-GONE').postTitle, '装配工', "the office's counts name it too");

  const declined = await as('s2', 'POST', `/v1/invitations/${declinedLater}/decline`);
  t.same([declined.statusCode, declined.json().status, declined.json().post.status], [200, 'declined', 'closed']);
});

t.test('a shortlist lists each student once', async (t) => {
  const twice = await as('hr', 'PUT', '/v1/posts/OPEN/shortlist', { entries: [{ studentId: 's1', note: '首选' }, { studentId: 's2' }, { studentId: 's1', note: '备选' }] });
  t.same(
    [twice.statusCode, twice.json().code, twice.json().fields],
    [400, 'REQUEST_VALIDATION_FAILED', [{ path: 'body.entries.2.studentId', message: 's1 is already listed at entries.0; list each student once' }]],
  );
  const kept = await as('hr', 'GET', '/v1/posts/OPEN/shortlist');
  t.same(kept.json().entries.map((e: { studentId: string }) => e.studentId), ['s1', 's2'], 'the stored shortlist is unchanged');
  const once = await as('hr', 'PUT', '/v1/posts/OPEN/shortlist', { entries: [{ studentId: 's2' }, { studentId: 's1', note: '首选' }] });
  t.same([once.statusCode, once.json().entries.map((e: { studentId: string; note?: string }) => [e.studentId, e.note ?? null])], [200, [['s2', null], ['s1', '首选']]]);
});
