import t from 'tap';
import { PERSONAL, STUDENTS, TERM, skillsApp } from './fixtures.js';

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
