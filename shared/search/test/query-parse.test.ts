/** The query parser: a table of inputs and what each is understood as (issue 16). */
import t from 'tap';
import { createAnalyzer } from '../src/analyzer.js';
import { currentGraduationYear, QueryParser } from '../src/query/parse.js';

const parser = new QueryParser({ analyzer: createAnalyzer(), now: () => new Date('2026-12-06T00:00:00Z') });

/** A compact reading: years, place labels, levels, kinds (mode), certificate names, major names. */
function read(q: string) {
  const u = parser.parse(q);
  return {
    years: u.graduationYears,
    places: u.places.map((p) => p.label),
    levels: u.levels.map((l) => l.level),
    kinds: u.kinds.map((k) => (k.internshipMode ? `${k.kind}/${k.internshipMode}` : k.kind)),
    certificates: u.certificates.map((c) => (c.level ? `${c.name}/${c.level}` : c.name)),
    majors: [...new Set(u.majors.map((m) => m.name))].sort(),
  };
}

const none = { years: [], places: [], levels: [], kinds: [], certificates: [], majors: [] };
const CASES: Array<[string, Partial<ReturnType<typeof read>>]> = [
  ['PLC 电气 顶岗实习 2027届 金湾', { years: [2027], places: ['珠海市金湾区'], kinds: ['internship/on_post'], majors: ['电气自动化技术', '电气设备运行与控制'] }],
  ['27届 机电 中职 郴州', { years: [2027], places: ['郴州市'], levels: ['secondary'], majors: ['智能机电技术', '机电一体化技术', '机电技术应用'] }],
  ['应届 大专 护士证 广州黄埔', { years: [2027], places: ['广州市', '广州市黄埔区'], levels: ['higher'], certificates: ['护士执业资格证'] }],
  ['应届生', { years: [2027] }],
  ['2028年毕业 计应 订单班', { years: [2028], kinds: ['order_class'], majors: ['计算机应用', '计算机应用技术'] }],
  ['汽修 学徒 嘉峪关', { places: ['嘉峪关市'], kinds: ['apprenticeship'], majors: ['汽车检测与维修技术', '汽车运用与维修'] }],
  ['电工证 婺城', { places: ['金华市婺城区'], certificates: ['低压电工作业证'] }],
  ['跟岗实习 联港工业区', { places: ['珠海市金湾联港工业区'], kinds: ['internship/shadow'] }],
  ['数控技术 职业本科', { levels: ['bachelor'], majors: ['数控技术'] }],
  ['电子商务 高职 珠海', { places: ['珠海市'], levels: ['higher'], majors: ['电子商务'] }],
  ['汽车维修工（中级） 2026届', { years: [2026], certificates: ['汽车维修工职业技能等级证书/intermediate'] }],
  ['吃苦耐劳 沟通能力强', {}],
  ['', {}],
];

t.test('parser cases', async (t) => {
  for (const [q, want] of CASES) t.strictSame(read(q), { ...none, ...want }, q);
});

t.test('应届 is the class graduating in the current school year', async (t) => {
  t.equal(currentGraduationYear(new Date('2026-12-06T00:00:00Z')), 2027);
  t.equal(currentGraduationYear(new Date('2027-03-01T00:00:00Z')), 2027);
  t.equal(currentGraduationYear(new Date('2027-07-01T00:00:00Z')), 2028);
});
