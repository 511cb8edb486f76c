import ExcelJS from 'exceljs';
import t from 'tap';
import { PERSONAL, POSTS, TERM, post, skillsApp } from './fixtures.js';

/*
 * The fixed market (fixtures.ts), worked out by hand with the engine's default weights
 * (major .22, requiredSkills .18, preferredSkills .06, certificates .06, place .08,
 * localRetention .03, time .05, partnerSchool .04, preference .04; lexical and semantic 0):
 *
 * s1 (SA, 机电一体化 460301, skills 电气控制, prefers 珠海). Considered: P1 P2 P3 P5 (珠海, open,
 * 2027-autumn). P5 accepts 5102 only: out. P1, P3 eligible (P3 qualified); P2 refused for 电工 中级.
 * Every feature but skills and certificates is the same for P1–P3 (same 类 .6, 珠海 preferred →
 * place .85, time .5, preference .5), a common .132 + .068 + .025 + .02 = .245.
 * - add PLC编程: P1 qualified (required 1/1 → .245 + .18 = .425); P2 still lacks the certificate.
 * - add 电工 中级: P2 eligible (.245 + .09 + .06 = .395), still lacks PLC编程; top 2 was {P3 .425,
 *   P1 .245}, becomes {P3, P2}: P2 newly in the top 2.
 * - 触摸屏组态 (P1 preferred) raises P1's score but changes no count: not listed.
 */
t.test('next skills: the fixed market, by hand', async (t) => {
  const { get, close } = await skillsApp();
  t.teardown(close);
  const res = await get('student', `/v1/students/s1/next-skills?term=${TERM}`);
  t.equal(res.statusCode, 200, `${res.statusCode}: ${res.body.slice(0, 300)}`);
  t.same(res.json(), {
    studentId: 's1',
    term: TERM,
    topN: 2,
    postsConsidered: 4,
    eligible: 2,
    qualified: 1,
    itemsExamined: 3,
    items: [
      {
        item: { kind: 'skill', key: 'plc编程', name: 'PLC编程' },
        distance: 'same_field',
        newlyEligible: 0,
        newlyQualified: 1,
        newlyInTop: 0,
        newlyQualifiedSeats: 3,
        posts: [{ postId: 'P1', title: 'P1岗位', kind: 'job', city: '珠海', enterpriseName: 'E1公司', score: 0.425, newlyEligible: false, newlyQualified: true, newlyInTop: false }],
        summary: '学会 PLC编程：可多匹配 1 个岗位',
      },
      {
        item: { kind: 'certificate', key: '电工职业技能等级证书|intermediate', name: '电工职业技能等级证书', level: 'intermediate', occupation: '电工' },
        distance: 'same_field',
        newlyEligible: 1,
        newlyQualified: 0,
        newlyInTop: 1,
        newlyQualifiedSeats: 0,
        posts: [{ postId: 'P2', title: 'P2岗位', kind: 'job', city: '珠海', enterpriseName: 'E1公司', score: 0.395, newlyEligible: true, newlyQualified: false, newlyInTop: true }],
        summary: '取得 电工职业技能等级证书（中级）：可多满足 1 个岗位的硬性条件',
      },
    ],
  });
});

/*
 * s2 (SA, 460301; PLC编程, 电气控制, 电工 初级; no place preference): P2 needs 电工 中级. With it P2 is
 * eligible and qualified (both skills held), and it is the same certificate one level up.
 */
t.test('next skills: a certificate one level up, and the default top N', async (t) => {
  const { get, close } = await skillsApp({ SKILLS_TOP_N: '20' });
  t.teardown(close);
  const res = await get('office', `/v1/students/s2/next-skills?term=${TERM}&posts=0`);
  t.equal(res.statusCode, 200, `${res.statusCode}: ${res.body.slice(0, 300)}`);
  const body = res.json();
  t.equal(body.topN, 20);
  const electrician = body.items.find((i: { item: { key: string } }) => i.item.key === '电工职业技能等级证书|intermediate');
  t.same(electrician, {
    item: { kind: 'certificate', key: '电工职业技能等级证书|intermediate', name: '电工职业技能等级证书', level: 'intermediate', occupation: '电工' },
    distance: 'level_up',
    relatedTo: '电工职业技能等级证书',
    newlyEligible: 1,
    newlyQualified: 1,
    newlyInTop: 1,
    newlyQualifiedSeats: 2,
    posts: [],
    summary: '取得 电工职业技能等级证书（中级）：可多匹配 1 个岗位',
  });
  // P4 (郴州, partner E2, accepts 460301) asks 工业机器人编程: one more qualified post, 4 seats.
  const robot = body.items.find((i: { item: { name: string } }) => i.item.name === '工业机器人编程');
  t.same([robot.newlyQualified, robot.newlyQualifiedSeats, robot.distance], [1, 4, 'same_field']);
  // Ranked: both qualify one post; the certificate also brings P2 into the top 20 (P4 was eligible already).
  t.same(body.items.map((i: { item: { name: string } }) => i.item.name), ['电工职业技能等级证书', '工业机器人编程']);
});

/*
 * School SA (珠海, partner E2), term 2027-autumn. Demand: P1 P2 P3 P5 (珠海) + P4 (E2, 郴州) = 5
 * posts, 15 seats; P6 (郴州, E1 not a partner) is not demand.
 * 460301 (s1, s2 seeking; s4 placed): P1 P2 P3 P4 accept it, 14 seats.
 *   工业机器人编程 4/14 = .2857, held by none → gap .2857
 *   电工 中级 2/14 = .1429, s2 holds 初级 only → .1429
 *   触摸屏组态 preferred only → 0 − 0 = 0
 *   PLC编程 5/14 = .3571, s2 (and s4, placed) → .3571 − .5 = −.1429
 *   电气控制 7/14 = .5, s1 and s2 → .5 − 1 = −.5
 * 460306 (s3, 西门子PLC, which covers PLC编程): P1 P2 P3 (4603), not P4 (460301 only), 10 seats.
 * 5102 (P5, 1 seat): 计算机类 is not taught at SA.
 */
t.test('school skill gaps: the fixed market, by hand', async (t) => {
  const { get, close } = await skillsApp();
  t.teardown(close);
  const res = await get('operatorSA', `/v1/schools/SA/skill-gaps?term=${TERM}`);
  t.equal(res.statusCode, 200, `${res.statusCode}: ${res.body.slice(0, 300)}`);
  const body = res.json();
  const skill = (name: string) => ({ kind: 'skill', key: name.toLowerCase(), name });
  const electrician = { kind: 'certificate', key: '电工职业技能等级证书|intermediate', name: '电工职业技能等级证书', level: 'intermediate', occupation: '电工' };
  const line = (item: object, requiredSeats: number, preferredSeats: number, requiredPosts: number, preferredPosts: number, demandShare: number, holders: number, holderShare: number, allHolders: number, gap: number) =>
    ({ item, requiredSeats, preferredSeats, requiredPosts, preferredPosts, demandShare, holders, holderShare, allHolders, gap });
  t.same({ ...body, method: body.method.length }, {
    schoolId: 'SA',
    term: TERM,
    city: '珠海',
    demandPosts: 5,
    demandSeats: 15,
    majors: [
      {
        majorCode: '460301',
        majorName: '机电一体化技术',
        seekingStudents: 2,
        allStudents: 3,
        demandPosts: 4,
        demandSeats: 14,
        lines: [
          line(skill('工业机器人编程'), 4, 0, 1, 0, 0.2857, 0, 0, 0, 0.2857),
          line(electrician, 2, 0, 1, 0, 0.1429, 0, 0, 0, 0.1429),
          line(skill('触摸屏组态'), 0, 3, 0, 1, 0, 0, 0, 0, 0),
          line(skill('PLC编程'), 5, 0, 2, 0, 0.3571, 1, 0.5, 2, -0.1429),
          line(skill('电气控制'), 7, 0, 2, 0, 0.5, 2, 1, 2, -0.5),
        ],
      },
      {
        majorCode: '460306',
        majorName: '电气自动化技术',
        seekingStudents: 1,
        allStudents: 1,
        demandPosts: 3,
        demandSeats: 10,
        lines: [
          line(skill('电气控制'), 7, 0, 2, 0, 0.7, 0, 0, 0, 0.7),
          line(electrician, 2, 0, 1, 0, 0.2, 0, 0, 0, 0.2),
          line(skill('触摸屏组态'), 0, 3, 0, 1, 0, 0, 0, 0, 0),
          line(skill('PLC编程'), 5, 0, 2, 0, 0.5, 1, 1, 1, -0.5),
        ],
      },
    ],
    majorsNotOffered: [{ field: '11-02', fieldName: '计算机类', demandPosts: 1, demandSeats: 1 }],
    method: 4,
  });
});

/*
 * 珠海 2027 (margin .2): demand P1 P2 P3 P5 (open, autumn) + P7 (closed, spring) = 5 posts, 13 seats;
 * P8 is a draft, P4 and P6 are in 郴州. Supply: seeking consenting students of 珠海 schools (s1 s2
 * s3) or preferring 珠海 (s5); s4 is placed, s6 does not consent → 4.
 *   major 06-03: 12 seats (P1 P2 P3 P7) vs 4 → gap 8, ratio 3
 *   PLC编程: 7 (P1 P2 P7) vs 2 (s2, s3 via 西门子PLC) → 5, 3.5; 电气控制: 7 (P2 P3) vs 2 (s1 s2) → 5, 3.5
 *   (a tie: by key, plc编程 first)
 *   电工 中级: 2 vs 0 → 2, no ratio
 *   major 11-02: 1 vs 0 and 软件测试: 1 vs 0 → 1 each (major before skill)
 *   触摸屏组态: preferred only, 0 demand: not listed. Lines examined: 7.
 * 珠海 2026: P9 (6 seats, PLC编程, 4603): PLC编程 6 vs 2 → gap 4 (rank 1), 06-03 6 vs 4 → 2 (rank 2).
 */
t.test('shortage catalogue: the fixed market by hand, versions, year on year, margin, CSV and xlsx', async (t) => {
  const { get, store, close } = await skillsApp();
  t.teardown(close);
  const url = (q: string) => `/v1/reports/shortage-catalogue?city=${encodeURIComponent('珠海')}&${q}`;

  let res = await get('office', url('year=2026'));
  t.equal(res.statusCode, 200, `${res.statusCode}: ${res.body.slice(0, 300)}`);
  t.same(res.json().lines.map((l: { key: string; rank: number; gap: number }) => [l.key, l.rank, l.gap]), [['plc编程', 1, 4], ['06-03', 2, 2]]);
  t.equal(res.json().version, 1);

  res = await get('office', url('year=2027'));
  t.equal(res.statusCode, 200, `${res.statusCode}: ${res.body.slice(0, 300)}`);
  const body = res.json();
  t.match(body.computedAt, /^\d{4}-\d\d-\d\dT/);
  t.equal(body.method.length, 6);
  t.match(body.method[4], /1 \+ 0\.2/);
  const prev = (demandSeats: number, supplyStudents: number, rank: number | null) => ({ version: 1, demandSeats, supplyStudents, rank });
  t.same({ ...body, computedAt: 'x', method: 'x' }, {
    city: '珠海',
    year: 2027,
    version: 1,
    computedAt: 'x',
    margin: 0.2,
    method: 'x',
    totals: { demandPosts: 5, demandSeats: 13, supplyStudents: 4, linesExamined: 7 },
    lines: [
      { rank: 1, kind: 'major', key: '06-03', name: '自动化类', demandPosts: 4, demandSeats: 12, preferredSeats: 0, supplyStudents: 4, gap: 8, ratio: 3, previousYear: prev(6, 4, 2) },
      { rank: 2, kind: 'skill', key: 'plc编程', name: 'PLC编程', demandPosts: 3, demandSeats: 7, preferredSeats: 0, supplyStudents: 2, gap: 5, ratio: 3.5, previousYear: prev(6, 2, 1) },
      { rank: 3, kind: 'skill', key: '电气控制', name: '电气控制', demandPosts: 2, demandSeats: 7, preferredSeats: 0, supplyStudents: 2, gap: 5, ratio: 3.5, previousYear: prev(0, 0, null) },
      {
        rank: 4,
        kind: 'certificate',
        key: '电工职业技能等级证书|intermediate',
        name: '电工职业技能等级证书',
        level: 'intermediate',
        occupation: '电工',
        demandPosts: 1,
        demandSeats: 2,
        preferredSeats: 0,
        supplyStudents: 0,
        gap: 2,
        ratio: null,
        previousYear: prev(0, 0, null),
      },
      { rank: 5, kind: 'major', key: '11-02', name: '计算机类', demandPosts: 1, demandSeats: 1, preferredSeats: 0, supplyStudents: 0, gap: 1, ratio: null, previousYear: prev(0, 0, null) },
      { rank: 6, kind: 'skill', key: '软件测试', name: '软件测试', demandPosts: 1, demandSeats: 1, preferredSeats: 0, supplyStudents: 0, gap: 1, ratio: null, previousYear: prev(0, 0, null) },
    ],
  });

  // Unchanged data: the same version. A new post: version 2; version 1 still reads back as it was.
  res = await get('office', url('year=2027'));
  t.same([res.json().version, res.json().computedAt], [1, body.computedAt]);
  await store.upsert('post', [{ record: { ...POSTS[2]!, id: 'P10', seats: 3, updatedAt: '2026-03-02T00:00:00.000Z' } }]);
  res = await get('office', url('year=2027'));
  t.same([res.json().version, res.json().lines[0].demandSeats, res.json().lines[1].key, res.json().lines[1].demandSeats], [2, 15, '电气控制', 10]);
  res = await get('office', url('year=2027&version=1'));
  t.same(res.json(), body);
  res = await get('office', url('year=2027&version=9'));
  t.same([res.statusCode, res.json().code, res.json().details], [404, 'SKILLS_CATALOGUE_VERSION_NOT_FOUND', { city: '珠海', year: 2027, version: 9 }]);

  // The margin (with P10: 06-03 15 vs 4, 电气控制 10 vs 2, PLC编程 7 vs 2): × 3 keeps all three, × 4 only 电气控制.
  res = await get('office', url('year=2027&margin=2'));
  t.same(res.json().lines.map((l: { key: string }) => l.key), ['06-03', '电气控制', 'plc编程', '电工职业技能等级证书|intermediate', '11-02', '软件测试']);
  res = await get('office', url('year=2027&margin=3'));
  t.same(res.json().lines.map((l: { key: string }) => l.key), ['电气控制', '电工职业技能等级证书|intermediate', '11-02', '软件测试']);

  // CSV: BOM, the heading and method first, then the table.
  res = await get('office', url('year=2027&version=1&format=csv'));
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^text\/csv/);
  t.match(res.headers['content-disposition'], /shortage-catalogue-2027-v1\.csv/);
  const lines = res.body.split('\r\n');
  t.equal(lines[0], '\uFEFF紧缺目录 Shortage catalogue 珠海 2027 v1 (' + body.computedAt + ')');
  t.equal(lines.length, 1 + 6 + 1 + 1 + 6 + 1);
  t.equal(lines[8], '排名 rank,类别 kind,代码 key,名称 name,等级 level,职业(工种) occupation,需求岗位 posts,需求名额 demand seats,优先名额 preferred seats,供给学生 supply students,缺口 gap,需求/供给 ratio,上年需求 previous year demand,上年供给 previous year supply,上年排名 previous year rank');
  t.equal(lines[9], '1,专业类 major field,06-03,自动化类,,,4,12,0,4,8,3,6,4,2');
  t.equal(lines[12], '4,证书 certificate,电工职业技能等级证书|intermediate,电工职业技能等级证书,中级,电工,1,2,0,0,2,,0,0,');

  // xlsx: read back with exceljs.
  res = await get('office', url('year=2027&version=1&format=xlsx'));
  t.equal(res.statusCode, 200);
  t.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0]!;
  t.equal(sheet.getRow(1).getCell(1).value, `紧缺目录 Shortage catalogue 珠海 2027 v1 (${body.computedAt})`);
  t.equal(sheet.getRow(9).getCell(4).value, '名称 name');
  t.same((sheet.getRow(10).values as unknown[]).slice(1), [1, '专业类 major field', '06-03', '自动化类', '', '', 4, 12, 0, 4, 8, 3, 6, 4, 2]);
  t.equal(sheet.rowCount, 9 + 6);
});

t.test('roles and scope: own student, own school, office only for the catalogue; stable codes', async (t) => {
  const { get, close } = await skillsApp();
  t.teardown(close);
  const gaps = `/v1/schools/SA/skill-gaps?term=${TERM}`;
  const status = async (caller: Parameters<typeof get>[0], url: string) => {
    const res = await get(caller, url);
    return res.statusCode === 200 ? 200 : [res.statusCode, res.json().code];
  };
  t.same(await status('operatorSA', gaps), 200);
  t.same(await status('office', gaps), 200);
  t.same(await status('operatorSB', gaps), [403, 'AUTH_FORBIDDEN_SCOPE'], 'another school’s office');
  t.same(await status('operatorE1', gaps), [403, 'AUTH_FORBIDDEN_SCOPE'], 'an enterprise operator');
  t.same(await status('operatorSB', `/v1/schools/NOPE/skill-gaps?term=${TERM}`), [403, 'AUTH_FORBIDDEN_SCOPE'], 'no probing for school ids');
  t.same(await status('office', `/v1/schools/NOPE/skill-gaps?term=${TERM}`), [404, 'SKILLS_SCHOOL_NOT_FOUND']);
  t.same(await status('office', '/v1/schools/SA/skill-gaps?term=2099-autumn'), [404, 'SKILLS_TERM_NOT_FOUND'], 'a term no post is in is named, not answered with an empty market');
  t.same(await status('hr', gaps), [403, 'AUTH_FORBIDDEN_ROLE']);
  t.same(await status('student', gaps), [403, 'AUTH_FORBIDDEN_ROLE']);
  t.same(await status('admin', gaps), [403, 'AUTH_FORBIDDEN_ROLE']);

  const next = (id: string) => `/v1/students/${id}/next-skills?term=${TERM}`;
  t.same(await status('student', next('s1')), 200);
  t.same(await status('student', next('s2')), [403, 'AUTH_FORBIDDEN_SCOPE']);
  t.same(await status('office', next('s2')), 200);
  t.same(await status('admin', next('s2')), 200);
  t.same(await status('hr', next('s1')), [403, 'AUTH_FORBIDDEN_ROLE']);
  t.same(await status('operatorSA', next('s1')), [403, 'AUTH_FORBIDDEN_ROLE']);
  t.same(await status('office', next('s4')), [409, 'SKILLS_STUDENT_NOT_SEEKING']);
  t.same(await status('office', next('nobody')), [404, 'MATCH_STUDENT_NOT_FOUND']);

  const catalogue = `/v1/reports/shortage-catalogue?city=${encodeURIComponent('珠海')}&year=2027`;
  t.same(await status('office', catalogue), 200);
  for (const caller of ['operatorSA', 'hr', 'student', 'admin'] as const) t.same(await status(caller, catalogue), [403, 'AUTH_FORBIDDEN_ROLE'], caller);

  const bad = await get('office', `/v1/students/s1/next-skills?term=2027&limit=0`);
  // (a malformed term is the schema's; a missing or unknown one is answered naming the known terms: below)
  t.same([bad.statusCode, bad.json().code, bad.json().fields.map((f: { path: string }) => f.path).sort()], [400, 'REQUEST_VALIDATION_FAILED', ['querystring.limit', 'querystring.term']]);
  const badCatalogue = await get('office', `/v1/reports/shortage-catalogue?year=20x&format=pdf`);
  t.same(
    [badCatalogue.statusCode, badCatalogue.json().code, badCatalogue.json().fields.map((f: { path: string }) => f.path).sort()],
    [400, 'REQUEST_VALIDATION_FAILED', ['querystring.city', 'querystring.format', 'querystring.year']],
  );
  // A city nothing is in: a 404 naming the field, and no version stored under it.
  for (const city of ['火星市', '珠海X']) {
    const unknown = await get('office', `/v1/reports/shortage-catalogue?city=${encodeURIComponent(city)}&year=2027`);
    t.same([unknown.statusCode, unknown.json().code, unknown.json().fields?.[0]?.path], [404, 'SKILLS_CITY_NOT_FOUND', 'querystring.city'], city);
  }
  const stored = await get('office', `/v1/reports/shortage-catalogue?city=${encodeURIComponent('火星市')}&year=2027&version=1`);
  t.same([stored.statusCode, stored.json().code], [404, 'SKILLS_CATALOGUE_VERSION_NOT_FOUND']);
  t.same(await status('office', `/v1/reports/shortage-catalogue?city=${encodeURIComponent('珠海市')}&year=2027`), 200, 'the full name of a known city');
});

t.test('nothing personal in any of the three replies (names, phones, ID numbers)', async (t) => {
  const { get, close } = await skillsApp();
  t.teardown(close);
  const replies = [
    await get('office', `/v1/students/s1/next-skills?term=${TERM}&posts=50`),
    await get('office', `/v1/students/s2/next-skills?term=${TERM}&posts=50`),
    await get('office', `/v1/schools/SA/skill-gaps?term=${TERM}`),
    await get('office', `/v1/schools/SB/skill-gaps?term=${TERM}`),
    await get('office', `/v1/reports/shortage-catalogue?city=${encodeURIComponent('珠海')}&year=2027`),
    await get('office', `/v1/reports/shortage-catalogue?city=${encodeURIComponent('珠海')}&year=2027&format=csv`),
  ];
  const secrets = Object.values(PERSONAL).flatMap((p) => [p.name, p.phone!, p.idNumber!, p.name.slice(0, 1) + '*']);
  for (const res of replies) {
    t.equal(res.statusCode, 200);
    t.same(secrets.filter((s) => res.body.includes(s)), [], `${res.raw.req.url}: no personal data`);
  }
  // The school and city views name no student at all.
  for (const res of replies.slice(2)) t.notMatch(res.body, /"s\d"|studentId/);
});

/*
 * The term: the fixture's posts are in 2027-autumn (open; P8 a draft), 2027-spring (P7, closed) and
 * 2026-autumn (P9, closed). Published ones (open or closed) make a term known, newest first, as in
 * GET /v1/lookups/terms; so does a term record without posts.
 */
t.test('next skills: a missing term names the known terms; an unknown one is a 404 naming them', async (t) => {
  const { get, store, close } = await skillsApp();
  t.teardown(close);
  const known = ['2027-autumn', '2027-spring', '2026-autumn'];

  const missing = await get('student', '/v1/students/s1/next-skills?limit=5');
  const m = missing.json();
  t.same([missing.statusCode, m.code, m.fields.map((f: { path: string }) => f.path), m.details], [400, 'REQUEST_VALIDATION_FAILED', ['querystring.term'], { knownTerms: known }]);
  for (const term of known) t.match(m.fields[0].message, term, `the field names ${term}`);

  const unknown = await get('student', '/v1/students/s1/next-skills?term=2099-autumn');
  const u = unknown.json();
  t.same([unknown.statusCode, u.code, u.fields.map((f: { path: string }) => f.path), u.details], [404, 'SKILLS_TERM_NOT_FOUND', ['querystring.term'], { term: '2099-autumn', knownTerms: known }]);
  for (const term of ['2099-autumn', ...known]) t.match(u.fields[0].message, term, `the field names ${term}`);

  // A term with only a draft in it: not published, so not known.
  await store.upsert('post', [{ record: post('P10', 'E1', 3, { term: '2028-autumn', status: 'draft', acceptedMajorCodes: ['4603'], requiredSkills: ['PLC编程'] }) }]);
  const drafts = await get('office', '/v1/students/s1/next-skills?term=2028-autumn');
  t.same([drafts.statusCode, drafts.json().code, drafts.json().details], [404, 'SKILLS_TERM_NOT_FOUND', { term: '2028-autumn', knownTerms: known }]);

  // A term record with no post yet is a known term with nothing in it: 200, zero posts considered.
  await store.upsert('term', [{ record: { id: '2028-spring', name: '2028年春季学期', startsOn: '2028-02-21', endsOn: '2028-07-07', applicationMonth: 12, updatedAt: '2026-03-01T00:00:00.000Z' } }]);
  const empty = await get('office', '/v1/students/s1/next-skills?term=2028-spring');
  t.same([empty.statusCode, empty.json().postsConsidered, empty.json().items], [200, 0, []]);

  // A closed post's term is known: 200, nothing open to consider.
  const closed = await get('office', '/v1/students/s1/next-skills?term=2026-autumn');
  t.same([closed.statusCode, closed.json().postsConsidered, closed.json().items], [200, 0, []]);

  // Scope still comes first: another student's key learns nothing, whatever the term.
  const other = await get('student', '/v1/students/s2/next-skills?term=2099-autumn');
  t.same([other.statusCode, other.json().code], [403, 'AUTH_FORBIDDEN_SCOPE']);
});
