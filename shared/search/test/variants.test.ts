/**
 * Matching on the way people write: each failure class of issue 16 as a ranking test with an
 * exact expected order on a small corpus without vectors (lexical + features only, so the order
 * follows from the rules and not from a model).
 */
import t from 'tap';
import { School, type Post, type StudentProfile } from '@chanjiao/domain';
import { createAnalyzer } from '../src/analyzer.js';
import { buildIndexDocument } from '../src/documents.js';
import { EmbeddedSearchIndex } from '../src/embedded/embedded-index.js';
import { HybridEngine, ReferenceData } from '../src/engine.js';
import { post, student } from './helpers.js';

const analyzer = createAnalyzer();
const T = '2026-03-01T00:00:00.000Z';
const references = new ReferenceData({
  schools: [School.parse({ id: 'sch-jw', name: '珠海城市职业技术学院', kind: 'higher_vocational', levels: ['higher'], city: '珠海市', updatedAt: T })],
});

async function engine(students: StudentProfile[], posts: Post[]): Promise<HybridEngine> {
  const index = new EmbeddedSearchIndex({ analyzer, dimensions: 4 });
  await index.upsert([
    ...students.map((profile) => buildIndexDocument({ profile, school: references.school(profile.schoolId) }, analyzer)),
    ...posts.map((p) => buildIndexDocument({ post: p }, analyzer)),
  ]);
  return new HybridEngine({ index, analyzer, references, fusion: { method: 'rrf', lexicalWeight: 0.5, vectorWeight: 0.5, rrfK: 60 } });
}
const ids = (page: { hits: Array<{ id: string }> }) => page.hits.map((h) => h.id);

t.test('a required certificate written in a variant: holders of any spelling are found, the unsure kept below', async (t) => {
  const welder = (id: string, certificate: string | null) =>
    student({ id, majorCode: '460110', skills: [{ name: '焊接' }], certificates: certificate ? [{ name: certificate }] : [] });
  const students = [
    welder('s-1-hangong', '焊工证'),
    welder('s-2-special', '特种作业操作证（焊接与热切割）'),
    welder('s-3-official', '熔化焊接与热切割作业证'),
    welder('s-4-typo', '熔化焊接热切割证'),
    welder('s-5-none', null),
    welder('s-6-other', '叉车证'),
  ];
  const weldingPost = post({ id: 'p-weld', title: '焊工', acceptedMajorCodes: ['4601'], requiredSkills: ['焊接'], requiredCertificates: [{ name: '熔化焊接与热切割作业操作证' }] });
  const e = await engine(students, [weldingPost]);
  const page = await e.searchCandidates({ post: 'p-weld', limit: 10 });
  // The three certain holders tie on every structured feature (the words they share with the post
  // order them); the near-miss spelling follows; no certificate or another one: not eligible.
  t.strictSame(ids(page).slice(0, 3).sort(), ['s-1-hangong', 's-2-special', 's-3-official']);
  t.strictSame(ids(page).slice(3), ['s-4-typo']);
  t.strictSame(page.hits[0]!.explanation.matchedCertificates, ['熔化焊接与热切割作业操作证']);
  t.strictSame(page.hits[3]!.explanation.unverifiedCertificates, ['熔化焊接热切割证']);
  t.ok(page.hits[3]!.explanation.notes.includes('证书待核实：熔化焊接热切割证'));
  t.ok(page.hits[3]!.score < page.hits[2]!.score);

  // The same from the student's side: the post is recommended to the 焊工证 holder.
  const rec = await e.recommendPosts({ student: 's-1-hangong', limit: 5 });
  t.strictSame(ids(rec), ['p-weld']);
  t.strictSame(ids(await e.recommendPosts({ student: 's-5-none', limit: 5 })), []);
});

t.test('levels written as grades or in brackets meet the minimum; a level not stated is to be checked', async (t) => {
  const mechanic = (id: string, name: string, level?: 'intermediate' | 'junior') =>
    student({ id, majorCode: '500211', skills: [{ name: '汽车维修' }], certificates: [{ name, ...(level ? { level } : {}) }] });
  const students = [
    mechanic('s-a', '汽车维修工职业技能等级证书（四级）'),
    mechanic('s-b', '汽车维修工（中级）'),
    mechanic('s-c', '汽车维修工证'),
    mechanic('s-d', '汽车维修工（五级）'),
  ];
  const p = post({ id: 'p-car', title: '汽车维修', acceptedMajorCodes: ['5002'], requiredSkills: ['汽车维修'], requiredCertificates: [{ name: '汽车维修工（中级）' }] });
  const e = await engine(students, [p]);
  const page = await e.searchCandidates({ post: 'p-car', limit: 10 });
  t.strictSame(ids(page).slice(0, 2).sort(), ['s-a', 's-b']);
  t.strictSame(ids(page).slice(2), ['s-c'], '五级 is below 中级: not eligible; no level stated: kept, below');
  t.strictSame(page.hits[2]!.explanation.unverifiedCertificates, ['汽车维修工证']);
});

t.test('a requirement nobody can resolve never drops a candidate: all kept, each to be checked', async (t) => {
  const students = [student({ id: 's-x', majorCode: '460301', certificates: [{ name: '电工证' }] }), student({ id: 's-y', majorCode: '460301' })];
  const p = post({ id: 'p-odd', title: '设备员', acceptedMajorCodes: ['4603'], requiredCertificates: [{ name: '某集团内部设备上岗资格' }] });
  const e = await engine(students, [p]);
  const page = await e.searchCandidates({ post: 'p-odd', limit: 10 });
  t.strictSame(ids(page).sort(), ['s-x', 's-y']);
  t.ok(page.hits.every((h) => h.explanation.notes.includes('证书待核实：某集团内部设备上岗资格')));
});
