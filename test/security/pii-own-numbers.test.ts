import ExcelJS from 'exceljs';
import t, { type Test } from 'tap';
import { startLightHost, student, type LightHost } from './light-host.js';

/**
 * A student's own phone and ID number written with more between the digits than the patterns for
 * anyone's number allow (`139（手机）1234（手机）5605`, `139 -- 1234 -- 5605`), or split by the school's
 * file into items of a list column (`手机139、1234、5605` is three skills), reached HR whole: in the
 * profile, the search hits, and joined in the shortlist exports. The student's own numbers are
 * known, so they are found whatever stands between their digits.
 */

const PHONE = '13912345605';
const ID_NUMBER = '44040420050312031X';

/** Each way of writing the student's own numbers that got through, as the student record that holds it. */
const WRITTEN: Record<string, Record<string, unknown>> = {
  'notes between the groups': { selfIntroduction: `熟悉PLC。电话139（手机）1234（手机）5605，身份证4404（区）04（县）20050312（生日）031x。` },
  'long runs of separators': { selfIntroduction: '联系方式：139 -- 1234 -- 5605；证件 440404 -- 20050312 -- 031X' },
  'Chinese numerals, spaced out': { selfIntroduction: '手机 幺三九 —— 幺二三四 —— 五六零五' },
  'split into skills': { skills: [{ name: 'PLC' }, { name: '手机139' }, { name: '1234' }, { name: '5605' }] },
  'split into certificates': { certificates: [{ name: '身份证440404' }, { name: '20050312' }, { name: '031X' }] },
  'split into preferred cities and industries': {
    preferences: { postKinds: [], cities: ['珠海', '139', '1234', '5605'], parks: [], industries: ['4404042005', '0312031X'], stayLocal: false },
  },
};

/** The digits a reader sees in a text, in order: a number is there when its digits are adjacent here. */
const digitsOf = (text: string) => text.normalize('NFKC').replace(/[^\dXx]/g, '').toUpperCase();

function assertNoOwnNumber(t: Test, where: string, text: string): void {
  const digits = digitsOf(text);
  t.notOk(digits.includes(PHONE), `${where}: no phone`);
  t.notOk(digits.includes(ID_NUMBER), `${where}: no ID number`);
}

async function xlsxText(host: LightHost, url: string): Promise<string> {
  const res = await host.call('hr', 'GET', url);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const cells: string[] = [];
  wb.worksheets[0]!.eachRow((row) => row.eachCell((cell) => void cells.push(String(cell.value))));
  // One cell after another, a line between: digits of two cells are never read as one number.
  return cells.join('\n|\n');
}

t.test("the student's own phone and ID number reach HR in no form, however they are written", async (t) => {
  const host = await startLightHost();
  t.teardown(() => host.close());
  const { postId } = host.ids;
  const ids = Object.keys(WRITTEN).map((_, i) => `STU-OWN-${i + 1}`);
  await host.load(
    'student',
    Object.values(WRITTEN).map((over, i) => student(ids[i]!, { ...over, personal: { name: '欧阳娜娜', phone: PHONE, idNumber: ID_NUMBER } })),
  );

  for (const [i, how] of Object.keys(WRITTEN).entries()) {
    const res = await host.call('hr', 'GET', `/v1/candidates/${ids[i]}`);
    t.equal(res.statusCode, 200);
    // Field by field: a list's items read as one text, as a reader reads them side by side.
    const view = res.json() as { skills: Array<{ name: string }>; certificates: Array<{ name: string }>; preferences: { cities: string[]; industries: string[] }; selfIntroduction: string };
    for (const [field, text] of Object.entries({
      selfIntroduction: view.selfIntroduction,
      skills: view.skills.map((s) => s.name).join('、'),
      certificates: view.certificates.map((c) => c.name).join('、'),
      cities: view.preferences.cities.join('、'),
      industries: view.preferences.industries.join('、'),
    })) {
      assertNoOwnNumber(t, `${how}, the profile's ${field}`, text);
    }
  }
  t.match((await host.call('hr', 'GET', `/v1/candidates/${ids[3]}`)).json(), { skills: [{ name: 'PLC' }] }, 'what is no number stays');

  const search = await host.call('hr', 'POST', '/v1/candidates/search', { query: 'PLC', limit: 50 });
  t.equal(search.statusCode, 200);
  for (const hit of (search.json() as { hits: Array<{ student: { skills: Array<{ name: string }>; certificates: Array<{ name: string }>; preferences: { cities: string[] } } }> }).hits) {
    const s = hit.student;
    assertNoOwnNumber(t, 'a search hit', [s.skills.map((k) => k.name).join(''), s.certificates.map((c) => c.name).join(''), s.preferences.cities.join('')].join('\n|\n'));
  }

  t.equal((await host.call('hr', 'PUT', `/v1/posts/${postId}/shortlist`, { entries: ids.map((studentId) => ({ studentId })) })).statusCode, 200);
  const csv = await host.call('hr', 'GET', `/v1/posts/${postId}/shortlist/export?format=csv`);
  t.equal(csv.statusCode, 200);
  for (const line of csv.body.split('\r\n')) for (const cell of line.split(',')) assertNoOwnNumber(t, 'a CSV cell', cell);
  for (const cell of (await xlsxText(host, `/v1/posts/${postId}/shortlist/export?format=xlsx`)).split('\n|\n')) assertNoOwnNumber(t, 'an .xlsx cell', cell);
});

t.test("the index holds no piece of the student's own numbers: no filter, facet or search finds them", async (t) => {
  const host = await startLightHost();
  t.teardown(() => host.close());
  const skills = WRITTEN['split into skills']!;
  await host.load('student', [student('STU-OWN-IDX', { ...skills, personal: { name: '欧阳娜娜', phone: PHONE, idNumber: ID_NUMBER } })]);
  for (const piece of ['1234', '5605', '手机139']) {
    const res = await host.call('hr', 'POST', '/v1/candidates/search', { filters: { skills: [piece] }, limit: 10 });
    t.equal(res.statusCode, 200);
    t.equal((res.json() as { total: number }).total, 0, `a skill filter on ${piece} finds nobody`);
  }
  const facets = await host.call('hr', 'POST', '/v1/candidates/search', { query: 'PLC', facets: ['skills'], limit: 10 });
  const values = ((facets.json() as { facets: { skills: Array<{ value: string }> } }).facets.skills ?? []).map((b) => b.value);
  t.ok(values.some((v) => /plc/iu.test(v)), `the skills facet counts the real skill: ${values.join(' ')}`);
  assertNoOwnNumber(t, 'the skills facet', values.join('\n|\n'));
  t.notOk(values.some((v) => /\d{3}/.test(v)), `no run of the phone's digits among the facet values: ${values.join(' ')}`);
});
