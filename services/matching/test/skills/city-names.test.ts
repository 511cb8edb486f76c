import t from 'tap';
import { enterprise, MECHATRONICS, PERSONAL, post, school, student, STUDENTS, TERM, skillsApp } from './fixtures.js';

/*
 * The fixed market's places say 珠海; people also write 珠海市 (and the demo data does, with
 * profiles imported from a school's CSV saying 珠海). The same city by either name gives the
 * same numbers: the shortage catalogue for a city typed either way, and a student's next skills
 * whichever way the profile names the city it prefers.
 */
t.test('a city by its short or official name: same shortage catalogue, same next skills', async (t) => {
  const { get, store, close } = await skillsApp();
  t.teardown(close);
  const s1 = STUDENTS.find((s) => s.id === 's1')!;
  await store.upsert('student', [{ record: { ...s1, preferences: { ...s1.preferences, cities: ['珠海市'] } }, personal: PERSONAL.s1! }]);

  const totals = async (city: string) => {
    const res = await get('office', `/v1/reports/shortage-catalogue?city=${encodeURIComponent(city)}&year=2027`);
    t.equal(res.statusCode, 200, `${city}: ${res.body.slice(0, 200)}`);
    return [res.json().totals, res.json().lines.map((l: { key: string }) => l.key)];
  };
  const short = await totals('珠海');
  t.equal(short[0].demandSeats, 13, 'the fixed market by hand (see endpoints.test.ts)');
  t.same(await totals('珠海市'), short);

  const res = await get('student', `/v1/students/s1/next-skills?term=${TERM}`);
  t.equal(res.statusCode, 200, res.body.slice(0, 200));
  t.equal(res.json().postsConsidered, 4, 'the posts in 珠海 count for a student preferring 珠海市');
});

/*
 * A city outside the gazetteer is stored as each clerk typed it (岳阳 on the school, 岳阳 on one
 * post, 岳阳市 on another). The batch reports read names that differ only by a trailing 市 as one
 * city; so must the skill views, or the catalogue of 岳阳市 counts one post and none of the
 * school's students, and the school's gaps miss the posts of its own city.
 */
t.test('a city the gazetteer does not know, with and without 市: one city in every view', async (t) => {
  const { get, store, close } = await skillsApp();
  t.teardown(close);
  await store.upsert('school', [{ record: school('SY', '岳阳') }]);
  await store.upsert('enterprise', [{ record: enterprise('EY', '岳阳市') }]);
  await store.upsert('post', [
    { record: post('YA', 'EY', 3, { city: '岳阳', acceptedMajorCodes: ['4603'], requiredCertificates: [{ name: '电工证' }] }) },
    { record: post('YB', 'EY', 5, { city: '岳阳市', acceptedMajorCodes: ['4603'], requiredCertificates: [{ name: '低压电工证' }] }) },
  ]);
  await store.upsert('student', [
    { record: student('y1', 'SY', MECHATRONICS, { certificates: [{ name: '特种作业操作证（低压电工）' }] }), personal: { name: '岳一' } },
  ]);

  for (const city of ['岳阳', '岳阳市']) {
    const res = await get('office', `/v1/reports/shortage-catalogue?city=${encodeURIComponent(city)}&year=2027`);
    t.equal(res.statusCode, 200, res.body.slice(0, 200));
    const body = res.json();
    t.same(body.totals, { demandPosts: 2, demandSeats: 8, supplyStudents: 1, linesExamined: 2 }, `${city}: both posts, the school's student`);
    // 电工证 and 低压电工证 are one certificate: one line, 8 seats against the one holder.
    t.same(
      body.lines.map((l: { key: string; demandSeats: number; supplyStudents: number }) => [l.key, l.demandSeats, l.supplyStudents]),
      [['低压电工作业证|', 8, 1], ['06-03', 8, 1]],
    );
  }

  const gaps = await get('office', `/v1/schools/SY/skill-gaps?term=${TERM}`);
  t.equal(gaps.statusCode, 200, gaps.body.slice(0, 200));
  t.same([gaps.json().demandPosts, gaps.json().demandSeats], [2, 8], 'the posts of its own city, however it is spelt');
});

t.test('the catalogue of a city is one series of versions, whichever way the city is written', async (t) => {
  const { get, store, close } = await skillsApp();
  t.teardown(close);
  const catalogue = async (city: string, year: number) => (await get('office', `/v1/reports/shortage-catalogue?city=${encodeURIComponent(city)}&year=${year}`)).json();
  await catalogue('珠海', 2026);
  const first = await catalogue('珠海市', 2027);
  t.not(first.lines[0].previousYear, null, 'the 2026 catalogue asked as 珠海 is the year before of 珠海市');
  await store.upsert('post', [{ record: post('PX', 'E1', 7, { acceptedMajorCodes: ['4603'], requiredSkills: ['PLC编程'] }) }]);
  const second = await catalogue('珠海', 2027);
  t.equal(second.version, first.version + 1, 'new numbers: the next version of the same series');
  t.equal((await get('office', `/v1/reports/shortage-catalogue?city=${encodeURIComponent('珠海')}&year=2027&version=${first.version}`)).statusCode, 200);
});
