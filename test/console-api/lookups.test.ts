/** The pickers' reference lists: the 2021 catalog tree, the places and the terms of the loaded data. */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { Post } from '@chanjiao/domain';
import { ROLES } from '@chanjiao/platform';
import { buildConsoleHost, keyFor } from './helpers.js';

const AT = '2026-03-01T00:00:00.000Z';
const host = await buildConsoleHost({}, async (store) => {
  await store.upsert('school', [
    { record: { id: 'S1', name: '珠海城市职业技术学院', kind: 'higher_vocational', levels: ['higher'], city: '珠海市', district: '金湾区', partnerEnterpriseIds: [], updatedAt: AT } },
    { record: { id: 'S2', name: '郴州职业技术学院', kind: 'higher_vocational', levels: ['higher'], city: '郴州市', district: '北湖区', partnerEnterpriseIds: [], updatedAt: AT } },
    { record: { id: 'S3', name: '郴州技师学院', kind: 'technician_college', levels: ['secondary'], city: '郴州市', partnerEnterpriseIds: [], updatedAt: AT } },
  ]);
  await store.upsert('enterprise', [
    { record: { id: 'E1', name: '航空公司', city: '珠海市', park: '珠海航空产业园', industry: '航空', keyEnterprise: false, partnerSchoolIds: [], updatedAt: AT } },
    { record: { id: 'E2', name: '港口公司', city: '珠海市', park: '高栏港经济区', industry: '物流', keyEnterprise: false, partnerSchoolIds: [], updatedAt: AT } },
    { record: { id: 'E3', name: '医院', city: '嘉峪关市', industry: '医疗', keyEnterprise: false, partnerSchoolIds: [], updatedAt: AT } },
  ]);
  const post = (id: string, term: string, status: 'open' | 'closed' | 'draft') =>
    ({ record: Post.parse({ id, enterpriseId: 'E1', kind: 'job', title: '机务', seats: 2, term, city: '珠海市', status, updatedAt: AT }) });
  await store.upsert('post', [
    post('P1', '2027-spring', 'open'),
    post('P2', '2027-spring', 'closed'),
    post('P3', '2026-autumn', 'open'),
    post('P4', '2027-autumn', 'draft'),
    post('P5', '2026-spring', 'open'),
  ]);
});
t.teardown(() => host.close());
const { app } = host;

t.test('the catalog tree: three levels, 大类 → 类 → 专业, every row of the official CSV in it once', async (t) => {
  const { key } = await keyFor(app, 'student', { studentId: 'X' });
  const res = await app.inject({ method: 'GET', url: '/v1/lookups/catalog', headers: { authorization: `Bearer ${key}` } });
  t.equal(res.statusCode, 200);
  const tree = res.json();
  t.equal(tree.edition, '2021');
  t.same(tree.levels.map((l: { level: string; label: string }) => [l.level, l.label]), [['secondary', '中职'], ['higher', '高职专科'], ['bachelor', '职业本科']]);
  const higher = tree.levels[1];
  const cat = higher.categories.find((c: { code: string }) => c.code === '46');
  t.equal(cat.name, '装备制造大类');
  const cls = cat.classes.find((c: { code: string }) => c.code === '4603');
  t.equal(cls.name, '自动化类');
  t.same(cls.majors[0], { code: '460301', name: '机电一体化技术' });

  // Flattened, the tree is the CSV (read here independently of the domain package's parser).
  const rows = readFileSync(new URL('../../shared/domain/data/major-catalog-2021.csv', import.meta.url), 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(','));
  const flat: string[] = [];
  for (const l of tree.levels) {
    for (const c of l.categories) {
      flat.push(`${l.level},category,${c.code},${c.name},`);
      for (const k of c.classes) {
        flat.push(`${l.level},class,${k.code},${k.name},${c.code}`);
        for (const m of k.majors) flat.push(`${l.level},major,${m.code},${m.name},${k.code}`);
      }
    }
  }
  t.same(flat.sort(), rows.map((r) => r.join(',')).sort());

  const one = await app.inject({ method: 'GET', url: '/v1/lookups/catalog?level=bachelor', headers: { authorization: `Bearer ${key}` } });
  t.same(one.json().levels.map((l: { level: string }) => l.level), ['bachelor']);
  const bad = await app.inject({ method: 'GET', url: '/v1/lookups/catalog?level=phd', headers: { authorization: `Bearer ${key}` } });
  t.same([bad.statusCode, bad.json().code, bad.json().fields[0].path], [400, 'REQUEST_VALIDATION_FAILED', 'querystring.level']);
});

t.test('cacheable: ETag, private max-age, 304 when unchanged', async (t) => {
  const { key } = await keyFor(app, 'hr', { enterpriseId: 'E1' });
  const headers = { authorization: `Bearer ${key}` };
  for (const [url, maxAge] of [['/v1/lookups/catalog', 86400], ['/v1/lookups/places', 300]] as const) {
    const first = await app.inject({ method: 'GET', url, headers });
    t.equal(first.headers['cache-control'], `private, max-age=${maxAge}`);
    const etag = String(first.headers.etag);
    t.match(etag, /^"[A-Za-z0-9_-]+"$/);
    const again = await app.inject({ method: 'GET', url, headers: { ...headers, 'if-none-match': etag } });
    t.same([again.statusCode, again.body], [304, ''], `${url}: 304`);
    const stale = await app.inject({ method: 'GET', url, headers: { ...headers, 'if-none-match': '"old"' } });
    t.equal(stale.statusCode, 200);
  }
});

t.test('places: the cities of the loaded schools and enterprises, districts from schools and parks, parks from enterprises with their districts', async (t) => {
  const { key } = await keyFor(app, 'office');
  const res = await app.inject({ method: 'GET', url: '/v1/lookups/places', headers: { authorization: `Bearer ${key}` } });
  t.equal(res.statusCode, 200);
  t.same(res.json(), {
    cities: [
      { city: '郴州市', districts: ['北湖区'], parks: [], parkDistricts: {} },
      { city: '嘉峪关市', districts: [], parks: [], parkDistricts: {} },
      { city: '珠海市', districts: ['金湾区'], parks: ['高栏港经济区', '珠海航空产业园'], parkDistricts: { 高栏港经济区: '金湾区', 珠海航空产业园: '金湾区' } },
    ],
  });
});

t.test('terms: the terms of the published posts, newest first, in words, with their open posts', async (t) => {
  const { key } = await keyFor(app, 'operator', { schoolId: 'S1' });
  const res = await app.inject({ method: 'GET', url: '/v1/lookups/terms', headers: { authorization: `Bearer ${key}` } });
  t.equal(res.statusCode, 200);
  // Drafts are not published (2027-autumn); a term's closed posts count it but not its open posts.
  t.same(res.json(), {
    terms: [
      { term: '2027-spring', label: '2027年春季学期', openPosts: 1 },
      { term: '2026-autumn', label: '2026年秋季学期', openPosts: 1 },
      // A year's autumn term is newer than its spring term, whatever the ids' letters say.
      { term: '2026-spring', label: '2026年春季学期', openPosts: 1 },
    ],
  });
});

t.test('any signed-in role may read them; nobody else', async (t) => {
  for (const role of ROLES) {
    const { key } = await keyFor(app, role, role === 'hr' ? { enterpriseId: 'E1' } : role === 'student' ? { studentId: 'X' } : role === 'operator' ? { schoolId: 'S1' } : {});
    for (const url of ['/v1/lookups/catalog', '/v1/lookups/places', '/v1/lookups/terms']) {
      t.equal((await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } })).statusCode, 200, `${role} ${url}`);
    }
  }
  const anon = await app.inject({ method: 'GET', url: '/v1/lookups/places' });
  t.same([anon.statusCode, anon.json().code], [401, 'AUTH_MISSING_KEY']);
});
