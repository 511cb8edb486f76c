/**
 * The README's sample HR query, `PLC 电气 顶岗实习 2027届 金湾`, on the generated demo corpus: what
 * the query states (the class of 2027, 金湾 in 珠海) must shape the top of the list, not only its
 * words. The vector side is off (no model in unit tests), so the order comes from the words and
 * the structured features alone.
 */
import t from 'tap';
import { generateDemoData } from '@chanjiao/demo-data';
import { gazetteer, type StudentProfile } from '@chanjiao/domain';
import { createAnalyzer } from '../src/analyzer.js';
import { buildIndexDocument } from '../src/documents.js';
import { EmbeddedSearchIndex } from '../src/embedded/embedded-index.js';
import { HybridEngine, ReferenceData } from '../src/engine.js';

const analyzer = createAnalyzer();
const data = generateDemoData({ seed: 20260301, students: 3000 });
const references = new ReferenceData({ schools: data.schools, enterprises: data.enterprises });
const students: StudentProfile[] = [];
for (const s of data.students()) {
  const { personal: _personal, ...profile } = s;
  students.push(profile);
}
const index = new EmbeddedSearchIndex({ analyzer, dimensions: 4 });
index.upsertSync(students.map((profile) => buildIndexDocument({ profile, school: references.school(profile.schoolId) }, analyzer)));
const fusion = { method: 'rrf' as const, lexicalWeight: 1, vectorWeight: 0, rrfK: 60 };
const engine = new HybridEngine({ index, analyzer, references, fusion, now: () => new Date('2026-12-01T00:00:00Z') });
const inZhuhai = (s: StudentProfile) =>
  gazetteer().cityOf(references.school(s.schoolId)?.city ?? '') === '珠海市' || s.preferences.cities.some((c) => gazetteer().cityOf(c) === '珠海市');

t.test('README sample: the top 5 are all 2027届 and in 珠海, and the reply says what it understood', async (t) => {
  const page = await engine.searchCandidates({ query: 'PLC 电气 顶岗实习 2027届 金湾', limit: 5 });
  t.equal(page.hits.length, 5);
  t.strictSame(page.hits.map((h) => h.source.graduationYear), [2027, 2027, 2027, 2027, 2027]);
  t.strictSame(page.hits.map((h) => inZhuhai(h.source)), [true, true, true, true, true]);
  t.strictSame(page.understood?.graduationYears, [2027]);
  t.strictSame(page.understood?.places.map((p) => p.label), ['珠海市金湾区']);
  t.strictSame(page.understood?.kinds.map((k) => k.kind), ['internship']);
  t.ok(page.understood?.majors.some((m) => m.name === '电气自动化技术'));
  t.ok(page.hits.every((h) => h.explanation.notes.some((n) => n.startsWith('地点：珠海市金湾区'))));
});

t.test('a city filter accepts the short name and says which of location and preference matched', async (t) => {
  const short = await engine.searchCandidates({ query: 'PLC', filter: { cities: ['珠海'] }, limit: 50 });
  const official = await engine.searchCandidates({ query: 'PLC', filter: { cities: ['珠海市'] }, limit: 50 });
  t.ok(short.hits.length > 0);
  t.strictSame(short.hits.map((h) => h.id), official.hits.map((h) => h.id));
  for (const h of short.hits) {
    const local = gazetteer().cityOf(references.school(h.source.schoolId)?.city ?? '') === '珠海市';
    const note = h.explanation.notes.find((n) => n.startsWith('地点：珠海市'));
    t.equal(note?.includes(local ? '学校所在地' : '学生意向地'), true, `${h.id}: ${note}`);
  }
});
