import t from 'tap';
import { startLightHost, student } from './light-host.js';

/**
 * Issue 15 item 4: a student HR may not find (no consent, placed, inactive) is answered exactly
 * as an unknown id on every route that takes a student id from HR.
 * Issue 15 item 8: a cursor works only on the search that wrote it.
 */
t.test('invisible students are indistinguishable from unknown ids', async (t) => {
  const host = await startLightHost();
  t.teardown(() => host.close());
  await host.load('student', [
    student('STU-PLACED', { status: 'placed' }),
    student('STU-INACTIVE', { status: 'inactive' }),
    student('STU-NOCONSENT', { consentToBeFound: false }),
  ]);
  const strip = (body: { code: string; fields?: Array<{ path: string; message: string }>; details?: unknown }, id: string) =>
    JSON.stringify(body).replaceAll(id, '<id>');
  for (const id of ['STU-PLACED', 'STU-INACTIVE', 'STU-NOCONSENT']) {
    const unknown = await host.call('hr', 'GET', '/v1/candidates/STU-NOBODY');
    const hidden = await host.call('hr', 'GET', `/v1/candidates/${id}`);
    t.same([hidden.statusCode, strip(hidden.json(), id)], [unknown.statusCode, strip(unknown.json(), 'STU-NOBODY')], `GET ${id}`);

    const put = (sid: string) => host.call('hr', 'PUT', `/v1/posts/${host.ids.postId}/shortlist`, { entries: [{ studentId: sid }] });
    const [u, h] = [await put('STU-NOBODY'), await put(id)];
    t.same([h.statusCode, strip(h.json(), id)], [u.statusCode, strip(u.json(), 'STU-NOBODY')], `shortlist ${id}`);
    t.equal(h.statusCode, 400);

    const interviews = (sid: string) =>
      host.call('hr', 'PUT', '/v1/batch/terms/2027-spring/interviews', { results: [{ postId: host.ids.postId, studentId: sid, passed: true }] });
    const [iu, ih] = [await interviews('STU-NOBODY'), await interviews(id)];
    t.same([ih.statusCode, strip(ih.json(), id)], [iu.statusCode, strip(iu.json(), 'STU-NOBODY')], `interviews ${id}`);
  }
  t.equal((await host.call('hr', 'GET', `/v1/candidates/${host.ids.studentId}`)).statusCode, 200, 'a findable student is shown');
});

t.test('a cursor is refused on any search but the one that wrote it', async (t) => {
  const host = await startLightHost();
  t.teardown(() => host.close());
  await host.load('student', Array.from({ length: 6 }, (_, i) => student(`STU-C${i}`, { selfIntroduction: i % 2 ? '护理 PLC' : 'PLC 护理 编程' })));
  const first = await host.call('hr', 'POST', '/v1/candidates/search', { query: '护理', limit: 2 });
  const cursor = first.json().nextCursor as string;
  t.type(cursor, 'string');
  const same = await host.call('hr', 'POST', '/v1/candidates/search', { query: '护理', limit: 2, cursor });
  t.equal(same.statusCode, 200, 'the same search pages on');
  for (const other of [
    { query: 'PLC', limit: 2, cursor },
    { query: '护理', limit: 2, cursor, filters: { graduationYears: [2027] } },
    { query: '护理', limit: 2, cursor, postId: host.ids.postId },
  ]) {
    const res = await host.call('hr', 'POST', '/v1/candidates/search', other);
    t.same([res.statusCode, res.json().code, res.json().fields?.[0]?.path], [400, 'MATCH_BAD_CURSOR', 'cursor'], JSON.stringify(other));
  }
  const posts = await host.call('hr', 'GET', `/v1/posts/${host.ids.postId}/candidates?limit=2&cursor=${encodeURIComponent(cursor)}`);
  t.same([posts.statusCode, posts.json().code], [400, 'MATCH_BAD_CURSOR'], "a search's cursor on a post's candidates");
});
