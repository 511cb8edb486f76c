import t from 'tap';
import { Enterprise, School } from '@chanjiao/domain';
import { createAnalyzer } from '../src/analyzer.js';
import { createMatchRules, isEligible, majorRelation, matchScore, parseFeatureWeights, DEFAULT_FEATURE_WEIGHTS } from '../src/scoring/index.js';
import { post, student } from './helpers.js';

const analyzer = createAnalyzer();
const rules = createMatchRules({ analyzer });
const T = '2026-03-01T00:00:00.000Z';

const school = School.parse({ id: 'sch-jw', name: '珠海城市职业技术学院', kind: 'higher_vocational', levels: ['higher'], city: '珠海', updatedAt: T });
const enterprise = Enterprise.parse({
  id: 'ent-1',
  name: '格力电器',
  city: '珠海',
  park: '金湾联港工业区',
  industry: '智能制造',
  partnerSchoolIds: ['sch-jw'],
  updatedAt: T,
});

/** 电气自动化技术 (高职), 2027届, PLC and CAD skills, 中级电工, wants a 珠海 internship. */
const s = student({
  id: 's-1',
  majorCode: '460306',
  skills: [{ name: '西门子PLC', level: 'intermediate' }, { name: 'AutoCAD' }],
  certificates: [{ name: '中级电工' }],
  preferences: { postKinds: ['internship'], cities: ['珠海'], parks: ['金湾联港工业区'], industries: ['智能制造'], stayLocal: true },
  availability: { from: '2027-02', months: 6 },
});

/** A 顶岗实习 for 机电一体化技术 and the whole 自动化类. */
const p = post({
  id: 'p-1',
  kind: 'internship',
  internshipMode: 'on_post',
  title: '电气设备调试顶岗实习',
  acceptedMajorCodes: ['460301', '4603'],
  requiredSkills: ['PLC', '变频器调试'],
  preferredSkills: ['CAD制图', '触摸屏组态'],
  requiredCertificates: [{ name: '电工职业技能等级证书', minLevel: 'junior' }],
  preferredCertificates: [{ name: '低压电工作业证' }],
  term: '2027-spring',
  city: '珠海',
  park: '金湾联港工业区',
  durationMonths: 6,
});

t.test('eligible pair: every hard rule holds (synonyms and spelled-out levels count)', async (t) => {
  t.strictSame(isEligible(s, p, { rules }), { eligible: true });
});

t.test('each hard rule, with its reason', async (t) => {
  const reason = (st: typeof s, po: typeof p, r = rules) => {
    const e = isEligible(st, po, { rules: r });
    return e.eligible ? 'eligible' : e.reason;
  };
  t.equal(reason(s, { ...p, status: 'closed' }), 'post_not_open');
  t.equal(reason({ ...s, status: 'placed' }, p), 'student_not_seeking');
  t.equal(reason({ ...s, consentToBeFound: false }, p), 'eligible', 'consent is not needed student-side');
  t.equal(reason({ ...s, consentToBeFound: false }, p, createMatchRules({ analyzer, requireConsent: true })), 'no_consent');
  t.equal(reason(s, p, createMatchRules({ analyzer, term: '2027-autumn' })), 'term_mismatch');
  t.equal(reason(s, { ...p, acceptedMajorCodes: ['5202'] }), 'major_not_accepted');
  t.equal(reason(s, { ...p, acceptedMajorCodes: ['460301'] }), 'major_not_accepted', 'another 专业 of the class is not the class');
  const auto = { ...s, majorCode: '700206', level: 'secondary' as const };
  t.equal(reason(auto, { ...p, acceptedMajorCodes: ['500211'] }), 'eligible', 'a listed 专业 accepts its counterpart on another level');
  t.equal(reason(auto, { ...p, acceptedMajorCodes: ['500206'] }), 'major_not_accepted', 'a major numbered alike but named apart is not a counterpart');
  t.equal(reason({ ...s, majorCode: '660301', level: 'secondary' }, { ...p, acceptedMajorCodes: ['4603'] }), 'eligible', '中职 自动化类 fits 高职 4603');
  t.equal(reason(s, { ...p, acceptedLevels: ['bachelor'] }), 'level_not_accepted');
  t.equal(reason(s, { ...p, acceptedGraduationYears: [2026] }), 'graduation_year_not_accepted');
  t.equal(reason({ ...s, graduationYear: 2028 }, { ...p, kind: 'job', internshipMode: undefined }), 'graduation_year_not_accepted', 'a job needs a graduate');
  t.equal(reason(s, { ...p, kind: 'order_class', internshipMode: undefined, term: '2027-autumn' }), 'graduation_year_not_accepted', 'an order class needs a student in school');
  t.equal(reason({ ...s, graduationYear: 2026 }, p), 'graduation_year_not_accepted', 'an internship needs a student still in school: 2026届 has left by 2027-spring');
  t.equal(reason(s, { ...p, term: '2027-autumn' }), 'graduation_year_not_accepted', '2027届 graduates in the summer, before 2027-autumn');
  t.equal(reason({ ...s, graduationYear: 2026 }, { ...p, acceptedGraduationYears: [2026] }), 'eligible', 'a post that lists its 届 decides');
  t.equal(reason({ ...s, graduationYear: 2026 }, { ...p, kind: 'job', internshipMode: undefined }), 'eligible', 'a job is fine for a graduate');
  t.equal(reason(s, { ...p, requiredCertificates: [{ name: '电工职业技能等级证书', minLevel: 'senior' }] }), 'missing_certificate');
  t.equal(reason(s, { ...p, requiredCertificates: [{ name: '维修电工证', minLevel: 'intermediate' }] }), 'eligible', 'a synonym at the level held');
  const e = isEligible(s, { ...p, requiredCertificates: [{ name: '护士执业资格证' }] }, { rules });
  t.strictSame(e, { eligible: false, reason: 'missing_certificate', message: '缺少证书：护士执业资格证' });
  // A short name says which certificate it stands for; a look-alike the student wrote says which one it is.
  const welder = { ...s, certificates: [{ name: '焊工证 二级' }] };
  const licence = isEligible(welder, { ...p, requiredCertificates: [{ name: '焊工证' }] }, { rules });
  t.strictSame(licence, { eligible: false, reason: 'missing_certificate', message: '缺少证书：焊工证（即熔化焊接与热切割作业证）；所填“焊工证 二级”是焊工职业技能等级证书，不是该证书' });
});

t.test('the score, each feature and the explanation, worked out by hand', async (t) => {
  const m = matchScore(s, p, { rules, school, enterprise, lexical: 0.8, lexicalRaw: 12.5, semantic: 0.6 });
  t.strictSame(m.features, {
    major: 0.6, // same 类 (自动化类): 电气自动化技术 vs 机电一体化技术 (相近专业)
    requiredSkills: 0.5, // PLC (西门子PLC is a PLC skill); 变频器调试 missing
    preferredSkills: 0.5, // CAD制图 (AutoCAD is its synonym); 触摸屏组态 missing
    certificates: 0.5, // 电工 at 中级 ≥ 初级; 低压电工作业证 missing
    place: 1, // preferred city and park
    localRetention: 1,
    time: 1, // available before the term starts, for the 6 months asked
    partnerSchool: 1,
    preference: 1, // internship and 智能制造 preferred
    lexical: 0.8,
    semantic: 0.6,
  });
  t.strictSame(m.explanation, {
    matchedSkills: ['PLC', 'CAD制图'],
    missingRequiredSkills: ['变频器调试'],
    matchedCertificates: ['电工职业技能等级证书（初级及以上）'],
    missingRequiredCertificates: [],
    unverifiedCertificates: [],
    majorRelation: '相近专业：电气自动化技术 ↔ 机电一体化技术（同属自动化类）',
    lexicalScore: 12.5,
    semanticScore: 0.6,
    notes: ['地点：珠海（意向城市）', '园区：金湾联港工业区（意向园区）', '本地留用：学校所在地岗位', '校企合作：企业与学生所在学校签有合作协议'],
    contributions: {
      major: 0.132,
      requiredSkills: 0.09,
      preferredSkills: 0.03,
      certificates: 0.03,
      place: 0.08,
      localRetention: 0.03,
      time: 0.05,
      partnerSchool: 0.04,
      preference: 0.04,
      lexical: 0.08,
      semantic: 0.084,
    },
  });
  t.ok(Math.abs(m.score - 0.686) < 1e-12, `score ${m.score}`);
});

t.test('major relation in words, on every rung of the catalog', async (t) => {
  t.strictSame(majorRelation('460306', ['460306']), { value: 1, words: '专业对口：电气自动化技术', relation: 'same_major' });
  t.strictSame(majorRelation('520201', ['720201']), { value: 0.95, words: '专业对口（不同层次的对应专业）：护理（高职专科） ↔ 护理（中职）', relation: 'same_field_major' });
  t.strictSame(majorRelation('660301', ['460301']), { value: 0.95, words: '专业对口（不同层次的对应专业）：机电技术应用（中职） ↔ 机电一体化技术（高职专科）', relation: 'same_field_major' });
  // Counterparts are read from the names within the 类, not from the digits: 700206 is not 500206.
  t.equal(majorRelation('700206', ['500211']).relation, 'same_field_major', '汽车运用与维修 continues as 汽车检测与维修技术');
  t.equal(majorRelation('700206', ['500206']).relation, 'same_class', '汽车运用与维修 is no 道路养护与管理');
  t.equal(majorRelation('660104', ['460104']).relation, 'same_class', '金属热加工 is no 机械制造及自动化');
  t.equal(majorRelation('660103', ['460103']).relation, 'same_field_major', '数控技术应用 ↔ 数控技术');
  t.equal(majorRelation('660105', ['460110']).relation, 'same_field_major', '焊接技术应用 ↔ 智能焊接技术, though numbered apart');
  t.strictSame(majorRelation('460306', ['460301']), { value: 0.6, words: '相近专业：电气自动化技术 ↔ 机电一体化技术（同属自动化类）', relation: 'same_class' });
  t.strictSame(majorRelation('660301', ['4603']), { value: 0.6, words: '相近专业：机电技术应用 属于 自动化类', relation: 'same_class' });
  t.strictSame(majorRelation('460103', ['460306']), { value: 0.3, words: '同大类：数控技术 ↔ 电气自动化技术（装备制造大类）', relation: 'same_category' });
  t.strictSame(majorRelation('520201', ['460306']), { value: 0, words: '专业不相关：护理 ↔ 电气自动化技术', relation: 'unrelated' });
  t.strictSame(majorRelation('520201', []), { value: 0.5, words: '岗位不限专业（学生专业：护理）', relation: 'any' });
});

t.test('feature weights from configuration: defaults overridden, scaled to sum to 1, bad names refused', async (t) => {
  const w = parseFeatureWeights('semantic=0, lexical=0');
  t.equal(w.semantic, 0);
  t.ok(Math.abs(Object.values(w).reduce((a, b) => a + b, 0) - 1) < 1e-12);
  t.ok(Math.abs(w.major - DEFAULT_FEATURE_WEIGHTS.major / 0.76) < 1e-12);
  t.throws(() => parseFeatureWeights('majr=1'), /unknown re-rank feature "majr"/);
  t.throws(() => parseFeatureWeights('major=-1'), /must be a number ≥ 0/);
});

t.test('queryMatchScorer gives exactly queryMatchScoreValue, for every student and intent', async (t) => {
  const majors = ['460306', '460301', '560302', '460103', '520201', '660301', '700101'];
  const skillNames = ['西门子PLC', 'PLC编程', 'AutoCAD', '电气控制', '护理', '数控车床', 'Java', '焊接', '变频器调试'];
  const intents = [
    { majorCodes: ['460306'], skills: ['plc编程'] },
    { majorCodes: [], skills: ['plc编程', 'cad', '焊接'] },
    { majorCodes: ['4603', '460306'], skills: [] },
    { majorCodes: [], skills: [] },
  ];
  const { queryMatchScorer, queryMatchScoreValue } = await import('../src/scoring/index.js');
  let compared = 0;
  for (const intent of intents) {
    const scorer = queryMatchScorer(intent, rules);
    for (const [i, majorCode] of majors.entries()) {
      for (let j = 0; j < skillNames.length; j++) {
        const st = student({ id: `q-${i}-${j}`, majorCode, skills: [{ name: skillNames[j]! }, { name: skillNames[(j + i) % skillNames.length]! }] });
        for (const [lexical, semantic] of [[null, null], [0.4, 0.83], [1, -0.2]] as const) {
          const want = queryMatchScoreValue(st, intent, { rules, lexical, semantic });
          // Twice: the second answer comes from the scorer's memo.
          if (scorer(st, lexical, semantic) !== want || scorer(st, lexical, semantic) !== want) t.fail(`differs for ${st.id}`);
          compared++;
        }
      }
    }
  }
  t.equal(compared, intents.length * majors.length * skillNames.length * 3);
});

t.test('a post open to every major: skill families and listed parts count, and listing no skills is not held against the student', async (t) => {
  const open = post({ id: 'p-open', kind: 'job', internshipMode: undefined, acceptedMajorCodes: [], requiredSkills: ['直播带货'], preferredSkills: [], requiredCertificates: [], preferredCertificates: [] });
  const seller = student({ id: 's-live', majorCode: '530701', graduationYear: 2026, skills: [{ name: '直播话术' }, { name: '主播' }] });
  t.equal(matchScore(seller, open, { rules }).features.requiredSkills, 1, '直播话术 / 主播 are live selling');
  const welder = post({ ...open, id: 'p-weld', requiredSkills: ['焊接'] });
  const w = student({ id: 's-weld', majorCode: '460110', graduationYear: 2026, skills: [{ name: '二保焊、氩弧焊、焊缝检验' }] });
  t.equal(matchScore(w, welder, { rules }).features.requiredSkills, 1, 'a name listing 二保焊 and 氩弧焊 covers 焊接');
  const bare = post({ ...open, id: 'p-bare', requiredSkills: [] });
  t.equal(matchScore(seller, bare, { rules }).features.major, 0.5, 'no skills listed: the open post is a plain half fit');
});

t.test('the soft place boost never outweighs a missing named skill (焊工 持证 金湾)', async (t) => {
  const { QueryParser } = await import('../src/query/parse.js');
  const { queryMatchScoreValue, queryMatchScorer } = await import('../src/scoring/index.js');
  const u = new QueryParser({ analyzer, now: () => new Date('2026-12-06T00:00:00Z') }).parse('焊接 金湾');
  t.equal(u.places[0]?.label, '珠海市金湾区');
  const intent = { majorCodes: [], skills: [analyzer.canonical('焊接')], places: u.places };
  const czSchool = School.parse({ id: 'sch-cz', name: '郴州职业技术学院', kind: 'higher_vocational', levels: ['higher'], city: '郴州', updatedAt: T });
  const welder = student({ id: 's-weld', schoolId: 'sch-cz', majorCode: '460110', skills: [{ name: '焊接' }], preferences: { postKinds: [], cities: ['郴州'], parks: [], industries: [], stayLocal: false } });
  const plc = student({ id: 's-plc', schoolId: 'sch-cz', majorCode: '460306', skills: [{ name: 'PLC编程' }], preferences: { postKinds: [], cities: ['珠海'], parks: ['金湾联港工业区'], industries: [], stayLocal: false } });
  // The PLC student's text says 金湾, so retrieval likes them better: only the rule keeps the welder first.
  const score = (s: typeof welder, lexical: number, semantic: number) => queryMatchScoreValue(s, intent, { rules, school: czSchool, lexical, semantic });
  t.ok(score(welder, 0.3, 0.5) > score(plc, 0.9, 0.6), `welder ${score(welder, 0.3, 0.5)} above the PLC student who prefers 金湾 ${score(plc, 0.9, 0.6)}`);
  const scorer = queryMatchScorer(intent, rules);
  t.equal(scorer(plc, 0.9, 0.6, czSchool), score(plc, 0.9, 0.6), 'the batch scorer agrees');
});

t.test('a city the gazetteer does not know, spelled with and without 市, is one city to the place feature', async (t) => {
  const yueyang = School.parse({ id: 'sch-yy', name: '岳阳水利水电职业技术学院', kind: 'higher_vocational', levels: ['higher'], city: '岳阳', updatedAt: T });
  const local = student({ id: 's-yy', schoolId: 'sch-yy', majorCode: '460306', preferences: { postKinds: [], cities: [], parks: [], industries: [], stayLocal: true } });
  const there = post({ id: 'p-yy', city: '岳阳市', acceptedMajorCodes: ['4603'] });
  const m = matchScore(local, there, { rules, school: yueyang, lexical: 0, semantic: 0 });
  t.equal(m.features.localRetention, 1, 'the post is in the school’s own city');
  const away = matchScore(local, post({ id: 'p-cs', city: '长沙市', acceptedMajorCodes: ['4603'] }), { rules, school: yueyang, lexical: 0, semantic: 0 });
  t.ok(m.features.place > away.features.place, 'a student who wants to stay local prefers it to a post in another city');
  t.ok(m.explanation.notes.includes('本地留用：学校所在地岗位'));
});
