import t from 'tap';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { CandidateSearchReply } from '@chanjiao/domain';
import { candidatePageSerializer } from '../src/views/candidate-page-writer.js';

const write = candidatePageSerializer({ schema: CandidateSearchReply, method: 'POST', url: '/v1/candidates/search' });
const zodWrite = serializerCompiler({ schema: CandidateSearchReply, method: 'POST', url: '/v1/candidates/search', httpStatus: '200' } as never) as (d: unknown) => string;

const view = (i: number) => ({
  id: `STU-${i}`,
  displayName: '张**',
  school: i % 2 ? { id: 'SCH-1', name: '珠海市高级技工学校', city: '珠海市' } : null,
  major: { code: '460301', name: '机电一体化技术', level: 'higher' as const, className: i % 3 ? '机电设备类' : null },
  graduationYear: 2027,
  skills: [{ name: 'PLC编程', level: 'advanced' as const }, { name: '电工"引号\\反斜杠\n换行\u2028' }],
  certificates: [{ name: '电工职业技能等级证书', level: 'intermediate' as const }],
  preferences: { postKinds: ['internship' as const], cities: ['珠海市'], parks: [], industries: [], stayLocal: i % 2 === 0 },
  availability: i % 2 ? { from: '2026-07', months: 6 } : {},
  selfIntroduction: '熟悉PLC编程与电气控制，吃苦耐劳。',
  status: 'seeking' as const,
});
const explanation = { matchedSkills: ['PLC编程'], missingRequiredSkills: [], matchedCertificates: [], missingRequiredCertificates: [], unverifiedCertificates: ['电工证'], majorRelation: 'same_class', lexicalScore: 1.25, semanticScore: null, contributions: { lexical: 0.3, skills: -0.05 }, notes: ['同城'] };
const understood = { graduationYears: [2027], places: [{ name: '金湾区', label: '珠海市金湾区', kind: 'district' as const, city: '珠海市', district: '金湾区', text: '金湾' }], levels: [], kinds: [], certificates: [], majors: [], corrections: [{ from: '维休', to: '维修' }], intents: [] };

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object') {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

t.test('a page is written as the zod writer writes it: every optional part present or absent, frozen views or not, escapes', async (t) => {
  const frozen = deepFreeze(view(1));
  const pages: CandidateSearchReply[] = [
    { hits: [{ rank: 1, score: 0.9, student: frozen, explanation }, { rank: 2, score: 0.5, student: view(2), explanation }], total: 2, facets: { city: [{ value: '珠海市', count: 2, label: '珠海' }] }, nextCursor: 'abc.def', understood },
    { hits: [], total: 0, totalIsEstimate: true as const, facets: {}, nextCursor: null, degraded: 'lexical-only' as const },
    // The same frozen view again: its kept JSON.
    { hits: [{ rank: 3, score: 0.25, student: frozen, explanation }], total: 3, facets: {}, nextCursor: null },
  ];
  for (const page of pages) t.same(JSON.parse(write(page)), JSON.parse(zodWrite(page)));
  t.equal(write(pages[2]!), write(pages[2]!));
});

t.test('properties the schema does not name are not written, at any depth; a missing one or a number that is not finite fails the page', async (t) => {
  const leaky = { ...view(3), phone: '13800138000', school: { id: 'S', name: 'n', city: 'c', idNumber: '440404200503120318' } };
  const page = { hits: [{ rank: 1, score: 1, student: deepFreeze(leaky), explanation: { ...explanation, debug: 'internal' }, extra: 1 }], total: 1, facets: {}, nextCursor: null, secret: 'x' };
  const out = write(page as never);
  t.notMatch(out, /13800138000|440404200503120318|internal|extra|secret/);
  t.same(JSON.parse(out), JSON.parse(zodWrite(page)));
  const { displayName: _d, ...noName } = view(4);
  t.throws(() => write({ hits: [{ rank: 1, score: 1, student: noName, explanation }], total: 1, facets: {}, nextCursor: null } as never));
  t.throws(() => write({ hits: [{ rank: 1, score: Number.NaN, student: view(5), explanation }], total: 1, facets: {}, nextCursor: null } as never));
  t.throws(() => write({ hits: [{ rank: 1, score: 1, student: view(5) }], total: 1, facets: {}, nextCursor: null } as never));
});

t.test('the writer is for candidate pages only', async (t) => {
  t.throws(() => candidatePageSerializer({ schema: CandidateSearchReply.shape.facets, method: 'GET', url: '/x' }), /CandidateSearchReply only/);
});
