import t from 'tap';
import { startLightHost, student, type InjectReply } from './light-host.js';

/**
 * Who HR can see (operations.md): every route that takes a student id from HR answers for a
 * student who did not consent, is placed or is inactive exactly as for an id that does not exist.
 * Adding one student to a shortlist and sending an invitation checked consent alone, so a placed
 * student could be shortlisted and invited, and the reply told HR the student was there.
 */

/** A reply with the student id taken out of it: what is left must not tell the two ids apart. */
function shape(res: InjectReply, id: string): unknown {
  return { status: res.statusCode, body: JSON.parse(res.body.split(id).join('<id>')) as unknown };
}

t.test('a placed or inactive student is answered like an unknown id when HR shortlists or invites one', async (t) => {
  const host = await startLightHost();
  t.teardown(() => host.close());
  const { postId } = host.ids;
  await host.load('student', [
    student('STU-PLACED', { status: 'placed' }),
    student('STU-PAUSED', { status: 'inactive' }),
    student('STU-LATER', { personal: { name: '李晓华' } }),
  ]);

  const addOne = (id: string) => host.call('hr', 'PUT', `/v1/posts/${postId}/shortlist/${id}`, {});
  const invite = (id: string) => host.call('hr', 'POST', '/v1/invitations', { postId, studentId: id, kind: 'interview', message: '欢迎面试' });

  const unknownAdd = shape(await addOne('STU-NOBODY'), 'STU-NOBODY');
  const unknownInvite = shape(await invite('STU-NOBODY'), 'STU-NOBODY');
  t.match(unknownAdd, { status: 400, body: { code: 'MATCH_SHORTLIST_UNKNOWN_STUDENT', fields: [{ path: 'params.studentId' }] } });
  t.match(unknownInvite, { status: 404, body: { code: 'MATCH_STUDENT_NOT_FOUND' } });
  for (const id of ['STU-PLACED', 'STU-PAUSED']) {
    t.same(shape(await addOne(id), id), unknownAdd, `${id}: shortlisting it is answered as for an unknown id`);
    t.same(shape(await invite(id), id), unknownInvite, `${id}: inviting it is answered as for an unknown id`);
  }
  const list = (await host.call('hr', 'GET', `/v1/posts/${postId}/shortlist`)).json() as { entries: Array<{ studentId: string }> };
  t.same(list.entries, [], 'nobody was added');

  // Shortlisted while seeking, placed since: no invitation goes to a student HR can no longer find.
  t.equal((await addOne('STU-LATER')).statusCode, 200);
  await host.load('student', [student('STU-LATER', { personal: { name: '李晓华' }, status: 'placed', updatedAt: '2026-09-02T00:00:00.000Z' })]);
  t.same(shape(await invite('STU-LATER'), 'STU-LATER'), unknownInvite, 'a shortlisted student placed since is not invited');
  t.same((await host.call('hr', 'GET', '/v1/invitations')).json(), { invitations: [] });
});
