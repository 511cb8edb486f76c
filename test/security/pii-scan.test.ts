import t from 'tap';
import { buildSecurityTarget } from './target.js';

/**
 * PIPL: whatever enterprise HR does, no reply carries a phone number, an ID number or a full
 * name. An HR session goes through every route HR may call (searches with filters and facets,
 * every page, each post's candidates, each candidate, shortlists and their exports, posts) and
 * every reply body is scanned: the string values against the mainland phone and resident-ID
 * patterns, and the whole body against the phone numbers, ID numbers and names actually loaded.
 */

const PHONE = /(?<!\d)1\d{10}(?!\d)/;
const ID_NUMBER = /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/;

/** Every string value of a JSON document (numbers are scores and counts, not personal data). */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

t.test('no HR-facing reply contains a phone number, an ID number or a full name', async (t) => {
  const target = await buildSecurityTarget({ students: 400 });
  t.teardown(() => target.close());
  const { app, keys, ids, data, personal } = target;
  const names = new Map<string, string>();
  for (const s of data.students()) names.set(s.id, s.personal.name);

  // A student who wrote their phone and ID number into the self-introduction HR reads.
  const model = [...data.students()].find((s) => s.consentToBeFound && s.status === 'seeking' && s.personal.phone && s.personal.idNumber)!;
  const leaky = { ...model, id: 'STU-LEAKY-1', selfIntroduction: `PLC 电气。我的电话是${model.personal.phone}，身份证号${model.personal.idNumber}，欢迎联系。` };
  const office = (await app.apiKeys.create({ role: 'office', label: 'loader' })).key;
  const loaded = await app.inject({
    method: 'POST',
    url: '/v1/ingest/student',
    headers: { authorization: `Bearer ${office}`, 'content-type': 'application/x-ndjson' },
    payload: `${JSON.stringify(leaky)}\n`,
  });
  t.equal(loaded.json().created, 1);
  await app.indexer.catchUp();
  names.set(leaky.id, leaky.personal.name);

  const replies: Array<{ request: string; status: number; body: string; contentType: string }> = [];
  const hr = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
    const res = await app.inject({ method, url, headers: { authorization: `Bearer ${keys.hr}` }, ...(payload ? { payload } : {}) });
    replies.push({ request: `${method} ${url}`, status: res.statusCode, body: res.body, contentType: String(res.headers['content-type'] ?? '') });
    return res;
  };

  // Free-text searches with filters and facets, following every page.
  const seen = new Set<string>();
  for (const body of [
    { query: 'PLC 电气 顶岗实习 2027届', facets: ['schoolId', 'majorClass', 'level', 'graduationYear', 'city', 'skills', 'certificates'] },
    { query: '护理', filters: { levels: ['higher'] } },
    { query: '', filters: { graduationYears: [2027, 2028] }, limit: 50 },
    { query: '13800138000 44040219990101123X 张' },
  ]) {
    let cursor: string | null = null;
    for (let page = 0; page < 20; page++) {
      const res = await hr('POST', '/v1/candidates/search', { ...body, ...(cursor ? { cursor } : {}) });
      t.equal(res.statusCode, 200, `search ${body.query} page ${page}`);
      for (const hit of res.json().hits) seen.add(hit.student.id);
      cursor = res.json().nextCursor;
      if (!cursor) break;
    }
  }
  // The enterprise's own posts: candidates, shortlist, exports; and post search and post pages.
  const own = data.posts.filter((p) => p.enterpriseId === ids.enterpriseId || p.coEnterpriseIds.includes(ids.enterpriseId));
  t.ok(own.length > 0);
  for (const post of own) {
    const res = await hr('GET', `/v1/posts/${post.id}/candidates?limit=50`);
    t.equal(res.statusCode, 200, `candidates of ${post.id}`);
    const hits = res.json().hits as Array<{ student: { id: string } }>;
    for (const h of hits) seen.add(h.student.id);
    if (post.status === 'draft' || hits.length === 0) continue;
    t.equal((await hr('PUT', `/v1/posts/${post.id}/shortlist`, { entries: hits.slice(0, 10).map((h) => ({ studentId: h.student.id })) })).statusCode, 200);
    t.equal((await hr('GET', `/v1/posts/${post.id}/shortlist`)).statusCode, 200);
    t.equal((await hr('GET', `/v1/posts/${post.id}/shortlist/export?format=csv`)).statusCode, 200);
    t.equal((await hr('GET', `/v1/posts/${post.id}/shortlist/export?format=json`)).statusCode, 200);
  }
  seen.add(leaky.id);
  // Personal data is not searchable: a phone number, an ID number or a name finds nobody by it.
  for (const query of [model.personal.phone!, model.personal.idNumber!, model.personal.name]) {
    const res = await hr('POST', '/v1/candidates/search', { query });
    const found = (res.json().hits as Array<{ student: { id: string } }>).map((h) => h.student.id);
    t.notOk(found.includes(model.id), `search by personal data finds nobody by it: ${query.slice(0, 3)}…`);
    // Numbers a student typed into free text are scrubbed before indexing (matching indexer,
    // views/scrub.ts), so a search by them is no oracle for who wrote them.
    t.notOk(found.includes(leaky.id), `search by a number written in free text finds nobody: ${query.slice(0, 3)}…`);
  }
  for (const id of seen) t.equal((await hr('GET', `/v1/candidates/${id}`)).statusCode, 200, `candidate ${id}`);
  t.equal((await hr('POST', '/v1/posts/search', { query: '实习', limit: 50 })).statusCode, 200);
  t.equal((await hr('GET', `/v1/posts/${ids.postId}`)).statusCode, 200);
  // Refused requests answer too, and their replies are scanned as well.
  t.equal((await hr('GET', `/v1/students/${ids.studentId}/profile`)).statusCode, 403);
  t.equal((await hr('GET', `/v1/candidates/NO-SUCH-STUDENT`)).statusCode, 404);

  t.ok(seen.size >= 50, `${seen.size} students seen by HR`);
  t.ok(replies.length >= 100, `${replies.length} replies scanned`);
  const leaks: string[] = [];
  for (const r of replies) {
    const values = r.contentType.startsWith('application/json') ? strings(JSON.parse(r.body)) : r.body.split(/[,\r\n]/);
    for (const v of values) {
      if (PHONE.test(v) || ID_NUMBER.test(v)) leaks.push(`${r.request}: pattern in ${JSON.stringify(v.slice(0, 120))}`);
    }
    for (const p of personal.phones) if (r.body.includes(p)) leaks.push(`${r.request}: phone ${p}`);
    for (const n of personal.idNumbers) if (r.body.includes(n)) leaks.push(`${r.request}: ID number ${n}`);
  }
  // Names: every student HR saw is shown masked, never by full name.
  for (const r of replies) {
    for (const id of seen) {
      const name = names.get(id)!;
      if (name.length >= 2 && r.body.includes(`"${name}"`)) leaks.push(`${r.request}: full name of ${id}`);
    }
  }
  t.same(leaks, []);
});
