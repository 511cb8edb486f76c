/** The query parser: a table of inputs and what each is understood as (issue 16). */
import t from 'tap';
import { createAnalyzer } from '../src/analyzer.js';
import { currentGraduationYear, QueryParser } from '../src/query/parse.js';

const parser = new QueryParser({ analyzer: createAnalyzer(), now: () => new Date('2026-12-06T00:00:00Z') });

/**
 * A compact reading: years, place labels, levels, kinds (mode), certificate names, major names,
 * corrections (`from→to`), intents (`kind:text→skills|majors`).
 */
function read(q: string) {
  const u = parser.parse(q);
  return {
    years: u.graduationYears,
    places: u.places.map((p) => p.label),
    levels: u.levels.map((l) => l.level),
    kinds: u.kinds.map((k) => (k.internshipMode ? `${k.kind}/${k.internshipMode}` : k.kind)),
    certificates: u.certificates.map((c) => (c.level ? `${c.name}/${c.level}` : c.name)),
    majors: [...new Set(u.majors.map((m) => m.name))].sort(),
    corrections: u.corrections.map((c) => `${c.from}→${c.to}`),
    intents: u.intents.map((i) => `${i.kind}:${i.text}${i.product ? `(${i.product})` : ''}→${i.skills.join(',')}|${i.majors.join(',')}`),
  };
}

const none = { years: [], places: [], levels: [], kinds: [], certificates: [], majors: [], corrections: [], intents: [] };
const CAR_REPAIR = ['汽车检测与维修技术', '汽车车身修复', '汽车运用与维修'];
const CASES: Array<[string, Partial<ReturnType<typeof read>>]> = [
  ['PLC 电气 顶岗实习 2027届 金湾', { years: [2027], places: ['珠海市金湾区'], kinds: ['internship/on_post'], majors: ['电气自动化技术', '电气设备运行与控制'] }],
  ['27届 机电 中职 郴州', { years: [2027], places: ['郴州市'], levels: ['secondary'], majors: ['智能机电技术', '机电一体化技术', '机电技术应用'] }],
  ['应届 大专 护士证 广州黄埔', { years: [2027], places: ['广州市', '广州市黄埔区'], levels: ['higher'], certificates: ['护士执业资格证'] }],
  ['应届生', { years: [2027] }],
  ['2025年7月毕业 机电', { years: [2025], majors: ['智能机电技术', '机电一体化技术', '机电技术应用'] }],
  ['不要2026年6月份毕业的', {}],
  ['2028年毕业 计应 订单班', { years: [2028], kinds: ['order_class'], majors: ['计算机应用', '计算机应用技术'] }],
  ['汽修 学徒 嘉峪关', { places: ['嘉峪关市'], kinds: ['apprenticeship'], majors: ['汽车检测与维修技术', '汽车运用与维修'] }],
  ['电工证 婺城', { places: ['金华市婺城区'], certificates: ['低压电工作业证'] }],
  ['跟岗实习 联港工业区', { places: ['珠海市金湾联港工业区'], kinds: ['internship/shadow'] }],
  ['数控技术 职业本科', { levels: ['bachelor'], majors: ['数控技术'] }],
  ['电子商务 高职 珠海', { places: ['珠海市'], levels: ['higher'], majors: ['电子商务'] }],
  ['汽车维修工（中级） 2026届', { years: [2026], certificates: ['汽车维修工职业技能等级证书/intermediate'] }],
  // A level beside an ambiguous name picks the reading issued at that level; certificates written
  // one after another (the spaces gone with normalization) are each read.
  ['电工证（中级）', { certificates: ['电工职业技能等级证书/intermediate'] }],
  // A verb of holding before the name, and the level after it with a space (normalization drops it).
  // What a query rules out is not what it asks for: a negated level leaves the others, a negated
  // year or place is dropped.
  ['焊工 不要中职', { levels: ['higher', 'bachelor'], certificates: ['熔化焊接与热切割作业证'], majors: ['智能焊接技术', '焊接技术应用', '船舶智能焊接技术'], intents: ['phrase:焊工→焊接技术|智能焊接技术,焊接技术应用,船舶智能焊接技术'] }],
  ['本科以外 会计', { levels: ['secondary', 'higher'], majors: ['会计事务', '大数据与会计'] }],
  ['电气 非2026届', { years: [], majors: ['电气自动化技术', '电气设备运行与控制'] }],
  ['2026届除外 2027届 电气', { years: [2027], majors: ['电气自动化技术', '电气设备运行与控制'] }],
  ['护理 排除广州', { places: [], majors: ['护理'] }],
  ['汽修 珠海以外 金湾', { places: ['珠海市金湾区'], majors: ['汽车检测与维修技术', '汽车运用与维修'] }],
  ['非遗 文创', { levels: [] }],
  // A level's range, as job ads write the floor they take: the level and those above (or below) it.
  ['大专及以上学历 机电一体化', { levels: ['higher', 'bachelor'], majors: ['机电一体化技术'] }],
  ['数控 中专以上', { levels: ['secondary', 'higher', 'bachelor'], majors: ['数控技术', '数控技术应用'] }],
  ['至少高职 护理', { levels: ['higher', 'bachelor'], majors: ['护理'] }],
  ['大专以下', { levels: ['secondary', 'higher'] }],
  ['中专以上 不要本科', { levels: ['secondary', 'higher'] }],
  ['月薪5000以上 中职', { levels: ['secondary'] }],
  // The first part of a name joined by 与, when it is a field on its own.
  ['会SolidWorks的机械设计专业学生', { majors: ['机械设计与制造'] }],
  ['电梯安装', { majors: ['电梯安装与维修保养'] }],
  ['持电工证 中级', { certificates: ['电工职业技能等级证书/intermediate'] }],
  ['PLC编程 持电工证 中级 珠海 2027届', { years: [2027], places: ['珠海市'], certificates: ['电工职业技能等级证书/intermediate'] }],
  ['电工证 中级 焊工证', { certificates: ['电工职业技能等级证书/intermediate', '熔化焊接与热切割作业证'] }],
  ['需持有焊工证', { certificates: ['熔化焊接与热切割作业证'] }],
  ['有焊工证高级 广州', { places: ['广州市'], certificates: ['焊工职业技能等级证书/senior'] }],
  ['中级电工证 金湾', { places: ['珠海市金湾区'], certificates: ['电工职业技能等级证书/intermediate'] }],
  ['焊工证(中级)', { certificates: ['焊工职业技能等级证书/intermediate'] }],
  ['叉车证(中级)', { certificates: ['叉车司机证'] }],
  ['CAD 绘图员', { certificates: ['计算机辅助设计绘图员职业技能等级证书'] }],
  ['CAD 绘图员 电工证(中级)', { certificates: ['电工职业技能等级证书/intermediate', '计算机辅助设计绘图员职业技能等级证书'] }],
  ['电工证(中级)CAD绘图员', { certificates: ['电工职业技能等级证书/intermediate', '计算机辅助设计绘图员职业技能等级证书'] }],
  ['cad 绘图员证 电工 四级', { certificates: ['计算机辅助设计绘图员职业技能等级证书', '电工职业技能等级证书/intermediate'] }],
  ['吃苦耐劳 沟通能力强', {}],
  // Homophone typos from pinyin input: the span reads as the lexicon word it sounds like.
  ['汽车维休', { corrections: ['汽车维休→汽车维修'], majors: CAR_REPAIR, intents: ['repair:维修(汽车)→汽车维修|汽车运用与维修,汽车车身修复,汽车检测与维修技术'] }],
  ['数空车床', { corrections: ['数空车床→数控车床'], majors: ['数控技术', '数控技术应用'] }],
  ['电子商物 2027届', { years: [2027], corrections: ['电子商物→电子商务'], majors: ['电子商务'] }],
  ['育影员证 珠海', { places: ['珠海市'], corrections: ['育影员证→育婴员证'], certificates: ['育婴员职业技能等级证书'] }],
  // Not typos: a dictionary word (电器) or a correctly written lexicon word is left alone.
  ['电器维修', { intents: ['repair:维修(电器)→|电机电器制造与维修,电子电器应用与维修'], majors: ['电子电器应用与维修', '电机电器制造与维修'] }],
  ['数控车床', { majors: ['数控技术', '数控技术应用'] }],
  ['智造', {}], // 织造 sounds the same; two-character homophones are too often both words
  ['护理 实习', { kinds: ['internship'], majors: ['护理'] }],
  // Colloquial intents.
  ['找几个会做直播带货的', { majors: ['电子商务', '直播电商服务', '网络营销与直播电商'], intents: ['phrase:直播带货→直播带货|直播电商服务,网络营销与直播电商,电子商务'] }],
  ['要会看图纸的数控操作工', { majors: ['数控技术', '数控技术应用'], intents: ['phrase:数控操作工→数控加工|数控技术,数控技术应用', 'phrase:看图纸→机械制图|'] }],
  ['会看图纸 建筑工程技术', { majors: ['建筑工程技术'], intents: ['phrase:看图纸→建筑识图|'] }],
  ['会修车的', { majors: CAR_REPAIR, intents: ['repair:会修(车)→汽车维修|汽车运用与维修,汽车车身修复,汽车检测与维修技术'] }],
  // A qualified product's short form keeps its qualifier: 新能源车 is 新能源汽车, not any car.
  ['会修新能源车的', { majors: ['新能源汽车检测与维修技术', '新能源汽车运用与维修'], intents: ['repair:会修(新能源车)→新能源汽车三电维修|新能源汽车运用与维修,新能源汽车检测与维修技术'] }],
  ['会修电动车', { majors: ['新能源汽车检测与维修技术', '新能源汽车运用与维修'], intents: ['repair:会修(电动车)→新能源汽车三电维修|新能源汽车运用与维修,新能源汽车检测与维修技术'] }],
  // Trade nouns name the trade's skill, licence and majors.
  ['焊工 持证 金湾', { places: ['珠海市金湾区'], certificates: ['熔化焊接与热切割作业证'], majors: ['智能焊接技术', '焊接技术应用', '船舶智能焊接技术'].sort(), intents: ['phrase:焊工→焊接技术|智能焊接技术,焊接技术应用,船舶智能焊接技术'] }],
  ['电工', { certificates: ['低压电工作业证'], majors: ['电气自动化技术', '电气设备运行与控制'].sort(), intents: ['phrase:电工→电工技术|电气自动化技术,电气设备运行与控制'] }],
  ['叉车工', { certificates: ['叉车司机证'], majors: ['物流服务与管理', '现代物流管理'].sort(), intents: ['phrase:叉车工→叉车操作|现代物流管理,物流服务与管理'] }],
  // The machine alone names the trade too.
  ['叉车', { certificates: ['叉车司机证'], majors: ['物流服务与管理', '现代物流管理'].sort(), intents: ['phrase:叉车→叉车操作|现代物流管理,物流服务与管理'] }],
  ['育婴员', { certificates: ['育婴员职业技能等级证书'], majors: ['婴幼儿托育', '婴幼儿托育服务与管理'].sort(), intents: ['phrase:育婴员→|婴幼儿托育,婴幼儿托育服务与管理'] }],
  // A negated phrase asks for nothing.
  ['图纸还看不太懂', {}],
  ['不会看图纸', {}],
  ['会PLC，不会修车', { intents: [] }],
  ['新能源汽车维修 学徒', { kinds: ['apprenticeship'], majors: ['新能源汽车检测与维修技术', '新能源汽车运用与维修'], intents: ['repair:维修(新能源汽车)→新能源汽车三电维修|新能源汽车运用与维修,新能源汽车检测与维修技术'] }],
  ['修空调', { majors: ['制冷和空调设备运行与维护'], intents: ['repair:修空调(空调)→制冷设备维修|制冷和空调设备运行与维护'] }],
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

t.test('readings are kept for more than the last query: interleaved requests read each query once', async (t) => {
  let now = new Date('2027-06-30T12:00:00Z');
  const reader = new QueryParser({ analyzer: createAnalyzer(), now: () => now });
  const a = reader.read('应届 PLC 珠海');
  const b = reader.read('护理 中职');
  // A route reads A for its embedding, another request reads B, then the engine reads A again.
  t.equal(reader.read('应届 PLC 珠海'), a, 'A is not parsed again after B');
  t.equal(reader.read('护理 中职'), b);
  t.same(a.understood.graduationYears, [2027]);
  // From 1 July 应届 means next year's class: a kept reading does not outlive its school year.
  now = new Date('2027-07-01T00:00:00Z');
  const later = reader.read('应届 PLC 珠海');
  t.not(later, a);
  t.same(later.understood.graduationYears, [2028]);
});

t.test('pay wishes read in yuan a month; numbers that are not pay are left alone', async (t) => {
  const pay = (q: string) => {
    const s = parser.parse(q).salary;
    return s ? [s.min ?? null, s.max ?? null] : null;
  };
  const CASES: Array<[string, [number | null, number | null] | null]> = [
    ['月薪5000以上 PLC', [5000, null]],
    ['工资不低于4500', [4500, null]],
    ['5k+ 珠海', [5000, null]],
    ['5K以上', [5000, null]],
    ['4000-6000元 电工', [4000, 6000]],
    ['薪资4-6k', [4000, 6000]],
    ['４千到６千', [4000, 6000]],
    ['月薪过万', [10000, null]],
    ['年薪8万', [6667, null]],
    ['底薪3500起', [3500, null]],
    ['月薪 5,000 以上', [5000, null]],
    ['3000以上', [3000, null]],
    ['2027届 2026-2027', null],
    ['实习6个月以上', null],
    ['18岁以上', null],
    ['1+X证书', null],
    ['2026-09到岗', null],
    ['珠海 实习 包住 不要夜班', null],
  ];
  for (const [q, want] of CASES) t.strictSame(pay(q), want, q);
  t.strictSame(parser.parse('PLC 月薪5000以上 2027届').graduationYears, [2027], 'the year beside it is still read');
});

t.test('the years and places a query rules out are read as exclusions', async (t) => {
  const labels = (q: string) => {
    const e = parser.parse(q).excluded;
    return e ? { years: e.graduationYears, places: e.places.map((p) => p.label) } : undefined;
  };
  t.strictSame(labels('电气 非2026届'), { years: [2026], places: [] });
  t.strictSame(labels('2026届除外 2027届 电气'), { years: [2026], places: [] });
  t.strictSame(labels('护理 排除广州'), { years: [], places: ['广州市'] });
  t.strictSame(labels('汽修 珠海以外 金湾'), { years: [], places: ['珠海市'] });
  t.strictSame(labels('不要27届 不考虑金湾'), { years: [2027], places: ['珠海市金湾区'] });
  t.strictSame(labels('不要2026年6月份毕业的'), { years: [2026], places: [] });
  t.equal(labels('电气 2027届 珠海'), undefined, 'nothing ruled out: no exclusions');
  t.equal(labels('电气 不限于珠海'), undefined, '不限于 (not limited to) asks for it and more');
  t.strictSame(parser.parse('电气 不限于珠海').places.map((p) => p.label), ['珠海市']);
  t.equal(labels('电气 非2026级'), undefined, '2026级 is the class that entered in 2026, not a graduation year');
});

t.test('what a query rules out is left out of the text searched and embedded', async (t) => {
  t.equal(parser.read('汽修 珠海以外').text, '汽修');
  t.equal(parser.read('焊工 不要中职').text, '焊工');
  t.equal(parser.read('非2026届 电气 金湾').text, '电气 金湾');
  t.equal(parser.read('非遗 文创').text, '非遗 文创', 'a word that starts with 非 is not a negation');
  // Any other word turned down asks for nothing and is not searched: 倒班 would pull toward the
  // posts that mention shifts.
  t.equal(parser.read('PLC 不要倒班 金湾').text.replace(/\s+/g, ' '), 'plc 金湾');
  t.equal(parser.read('会计 不接受出差').text, '会计');
  t.strictSame(parser.parse('数控 不想实习 就业').kinds.map((k) => k.kind), ['job'], 'a turned-down post kind is not read as wanted');
  t.equal(parser.read('不锈钢焊接').text, '不锈钢焊接', '不 inside a word is not a negation');
  t.equal(parser.read('不要求经验 电工').text, '不要求经验 电工', '不要求 (not required) turns nothing down');
});

t.test('sex and age are not matched on: said back as not applied, and left out of what is searched', async (t) => {
  const notApplied = (q: string) => parser.parse(q).notApplied?.map((c) => `${c.kind}:${c.text}`);
  t.strictSame(notApplied('数控 中专以上 不要女生'), ['gender:不要女生']);
  t.strictSame(notApplied('限男性 20-25岁 电工'), ['gender:限男性', 'age:20-25岁']);
  t.strictSame(notApplied('女生优先 幼师'), ['gender:女生优先']);
  t.strictSame(notApplied('35岁以下 叉车'), ['age:35岁以下']);
  t.strictSame(notApplied('年龄要求18至35周岁 电工'), ['age:年龄要求18至35周岁']);
  t.strictSame(notApplied('月薪5000以上 限女'), ['gender:限女']);
  t.strictSame(notApplied('性别要求：男 焊工'), ['gender:性别要求:男']);
  t.equal(parser.read('限男性 20-25岁 电工').text, '电工', 'the conditions are not searched or embedded');
  t.equal(parser.read('男女不限 护理').text, '护理', '男女不限 asks nothing');
  t.strictSame(parser.parse('数控 中专以上 不要女生').levels.map((l) => l.level), ['secondary', 'higher', 'bachelor'], 'the rest is read as before');
  for (const q of ['男女不限 护理', '女装设计 服装', '男鞋 电商', '妇女保健', '6个月以上实习', '2027届 PLC']) t.equal(notApplied(q), undefined, q);
});
