import t from 'tap';
import { fieldCode, majorCatalog, normalizeTerm, SkillLexicon, skillLexicon } from '@chanjiao/domain';

const lexicon = skillLexicon();
const catalog = majorCatalog();

t.test('is built once and cached', async (t) => {
  t.equal(skillLexicon(), lexicon);
  t.ok(Object.isFrozen(lexicon.skills));
  t.ok(Object.isFrozen(lexicon.certificates));
});

t.test('has several hundred concepts', async (t) => {
  t.ok(lexicon.skills.length >= 400, `${lexicon.skills.length} skills`);
  t.ok(lexicon.certificates.length >= 150, `${lexicon.certificates.length} certificates`);
  t.ok(lexicon.synonymGroups().length >= 500, `${lexicon.synonymGroups().length} synonym groups`);
});

t.test('every catalog major gets at least 3 skills and 1 certificate, all known to the lexicon', async (t) => {
  const short: string[] = [];
  for (const m of catalog.majors()) {
    const skills = lexicon.skillsForMajor(m.code);
    const certs = lexicon.certificatesForMajor(m.code);
    if (skills.length < 3 || certs.length < 1) short.push(`${m.code} ${m.name}: ${skills.length} skills, ${certs.length} certificates`);
    for (const s of skills) if (lexicon.canonicalSkill(s) !== s) short.push(`${m.code}: ${s} is not canonical`);
    for (const c of certs) if (lexicon.canonicalCertificate(c) !== c) short.push(`${m.code}: ${c} is not canonical`);
  }
  t.same(short, []);
});

t.test('no term belongs to two concepts, across skills and certificates', async (t) => {
  const owner = new Map<string, string>();
  const clashes: string[] = [];
  for (const c of [...lexicon.skills, ...lexicon.certificates]) {
    for (const term of [c.name, ...c.synonyms]) {
      const prior = owner.get(normalizeTerm(term));
      if (prior !== undefined && prior !== c.name) clashes.push(`${term}: ${prior} / ${c.name}`);
      owner.set(normalizeTerm(term), c.name);
    }
  }
  t.same(clashes, []);
});

t.test('synonyms resolve both ways', async (t) => {
  for (const group of lexicon.synonymGroups()) {
    const [canonical] = group;
    const isSkill = lexicon.skill(canonical!) !== undefined;
    for (const term of group) {
      const got = isSkill ? lexicon.canonicalSkill(term) : lexicon.canonicalCertificate(term);
      if (got !== canonical) t.fail(`${term} resolves to ${got}, expected ${canonical}`);
    }
  }
  t.same(lexicon.skill('可编程控制器')?.synonyms.includes('PLC'), true);
  t.same(lexicon.skill('PLC')?.synonyms.includes('可编程控制器'), true);
});

t.test('the cases the analyzer and ingestion rely on', async (t) => {
  const skills: Array<[string, string]> = [
    ['PLC', 'PLC编程'],
    ['可编程控制器', 'PLC编程'],
    ['可编程逻辑控制器', 'PLC编程'],
    ['plc', 'PLC编程'],
    ['ＰＬＣ', 'PLC编程'],
    ['CAD', 'CAD制图'],
    ['计算机辅助设计', 'CAD制图'],
    ['AutoCAD', 'CAD制图'],
    ['数控车床', '数控加工'],
    ['CNC', '数控加工'],
    ['Java Web', 'Java'],
    ['javaweb', 'Java'],
    ['MySQL数据库', 'MySQL'],
    ['数据库', '数据库应用'],
    ['静脉穿刺', '静脉输液'],
  ];
  t.same(
    skills.map(([term]) => [term, lexicon.canonicalSkill(term)]),
    skills,
  );
  t.equal(lexicon.skill('MySQL')?.broader, '数据库应用', 'MySQL is a kind of 数据库应用');
  t.equal(lexicon.skill('西门子PLC')?.broader, 'PLC编程');
  t.equal(lexicon.canonicalSkill('会飞'), undefined);

  const certs: Array<[string, string]> = [
    ['电工证', '低压电工作业证'],
    ['低压电工证', '低压电工作业证'],
    ['低压电工作业证', '低压电工作业证'],
    ['焊工证', '熔化焊接与热切割作业证'],
    ['护士证', '护士执业资格证'],
    ['CET-4', '大学英语四级证书'],
    ['厨师证', '中式烹调师职业技能等级证书'],
  ];
  t.same(
    certs.map(([term]) => [term, lexicon.canonicalCertificate(term)]),
    certs,
  );
  t.equal(lexicon.canonicalCertificate('电工证'), lexicon.canonicalCertificate('低压电工证'));
  t.equal(lexicon.canonicalSkill('电工证'), undefined, 'a certificate name is not a skill');
});

t.test('certificates with levels resolve to name and level', async (t) => {
  const cases = [
    '中级电工',
    '电工（中级）',
    '电工(中级)',
    '电工四级',
    '高级技师电工',
    '焊工中级',
    '焊工证',
    '计算机二级',
    '全国计算机等级考试三级',
    '初级会计职称',
    '会计师',
    '1+X工业机器人应用编程（中级）',
    '工业机器人应用编程职业技能等级证书',
    '护士执业资格证（高级）',
    '飞行执照',
  ];
  t.same(
    cases.map((c) => [c, lexicon.resolveCertificate(c)]),
    [
      ['中级电工', { name: '电工职业技能等级证书', level: 'intermediate' }],
      ['电工（中级）', { name: '电工职业技能等级证书', level: 'intermediate' }],
      ['电工(中级)', { name: '电工职业技能等级证书', level: 'intermediate' }],
      ['电工四级', { name: '电工职业技能等级证书', level: 'intermediate' }],
      ['高级技师电工', { name: '电工职业技能等级证书', level: 'senior_technician' }],
      ['焊工中级', { name: '焊工职业技能等级证书', level: 'intermediate' }],
      ['焊工证', { name: '熔化焊接与热切割作业证' }],
      ['计算机二级', { name: '全国计算机等级考试证书', level: 'intermediate' }],
      ['全国计算机等级考试三级', { name: '全国计算机等级考试证书', level: 'senior' }],
      ['初级会计职称', { name: '会计专业技术资格', level: 'junior' }],
      ['会计师', { name: '会计专业技术资格' }],
      ['1+X工业机器人应用编程（中级）', { name: '工业机器人应用编程职业技能等级证书', level: 'intermediate' }],
      ['工业机器人应用编程职业技能等级证书', { name: '工业机器人应用编程职业技能等级证书' }],
      // A level the certificate is not issued at is dropped, not invented.
      ['护士执业资格证（高级）', { name: '护士执业资格证' }],
      ['飞行执照', undefined],
    ],
  );
  t.equal(SkillLexicon.label({ name: '电工职业技能等级证书', level: 'intermediate' }), '电工职业技能等级证书（中级）');
  t.equal(SkillLexicon.label({ name: '低压电工作业证' }), '低压电工作业证');
});

t.test('a level written beside an ambiguous name picks the reading issued at that level', async (t) => {
  // 电工证 / 焊工证 alone are the 特种作业 licences (no levels); with a level they are the
  // occupation's 职业技能等级证书. A name with no leveled reading keeps its own and drops the level.
  const ELECTRICIAN = { name: '电工职业技能等级证书', level: 'intermediate' };
  const cases: Array<[string, object | undefined]> = [
    ['电工证(中级)', ELECTRICIAN],
    ['电工证（中级）', ELECTRICIAN],
    ['电工证【中级】', ELECTRICIAN],
    ['中级电工证', ELECTRICIAN],
    ['电工证中级', ELECTRICIAN],
    ['电工 四级', ELECTRICIAN],
    ['电工证四级', ELECTRICIAN],
    ['电工证（初级）', { name: '电工职业技能等级证书', level: 'junior' }],
    ['电工证三级', { name: '电工职业技能等级证书', level: 'senior' }],
    ['焊工证（中级）', { name: '焊工职业技能等级证书', level: 'intermediate' }],
    ['高级焊工证', { name: '焊工职业技能等级证书', level: 'senior' }],
    // Without a level: the licence, as before.
    ['电工证', { name: '低压电工作业证' }],
    ['焊工证', { name: '熔化焊接与热切割作业证' }],
    ['叉车证', { name: '叉车司机证' }],
    // No reading of these has levels: the licence, the level dropped.
    ['叉车证（中级）', { name: '叉车司机证' }],
    ['登高证(中级)', { name: '高处作业证' }],
    // A name that is the licence's own (not the ambiguous short name) stays the licence.
    ['低压电工证（中级）', { name: '低压电工作业证' }],
  ];
  t.strictSame(
    cases.map(([c]) => [c, lexicon.resolveCertificate(c)]),
    cases,
  );
});

t.test('the CAD 绘图员 certificate as offices write it', async (t) => {
  const CAD = { name: '计算机辅助设计绘图员职业技能等级证书' };
  const cases: Array<[string, object | undefined]> = [
    ['CAD 绘图员', CAD],
    ['CAD绘图员', CAD],
    ['cad 绘图员证', CAD],
    ['ＣＡＤ绘图员证', CAD],
    ['计算机辅助设计绘图员', CAD],
    ['计算机辅助设计绘图员证', CAD],
    ['CAD绘图员职业资格证书', CAD],
    ['CAD绘图员（中级）', { ...CAD, level: 'intermediate' }],
    ['中级CAD绘图员证', { ...CAD, level: 'intermediate' }],
  ];
  t.strictSame(
    cases.map(([c]) => [c, lexicon.resolveCertificate(c)]),
    cases,
  );
  t.equal(lexicon.canonicalSkill('CAD 绘图员'), undefined, 'the certificate is not a skill');
  t.equal(lexicon.canonicalSkill('CAD绘图'), 'CAD制图', 'the skill keeps its own names');
});

t.test('majors get their own skills first, on every level', async (t) => {
  // 机电一体化技术 (高职) and 机电技术应用 (中职) share field 06-03.
  t.equal(fieldCode('460301'), fieldCode('660301'));
  t.same(lexicon.skillsForMajor('460301').slice(0, 3), ['PLC编程', '机电设备安装调试', '智能制造产线运维']);
  t.same(lexicon.skillsForMajor('460305').slice(0, 3), ['工业机器人编程', '工业机器人操作与维护', '机器视觉']);
  t.same(lexicon.skillsForMajor('460103').slice(0, 2), ['数控加工', '加工中心操作']);
  t.same(lexicon.skillsForMajor('520201').slice(0, 2), ['基础护理', '静脉输液']);
  t.equal(lexicon.certificatesForMajor('520201')[0], '护士执业资格证');
  t.ok(lexicon.certificatesForMajor('460306').includes('低压电工作业证'), '电气自动化 students take the 电工证');
  t.notOk(lexicon.skillsForMajor('460301').includes('办公软件应用'), 'general skills are left out');
  t.same(lexicon.skillsForMajor('999999'), []);
  t.same(lexicon.skillsForMajor('4603'), [], 'a class code is not a major');
});

t.test('domain terms cover lexicon and catalog names, multi-character only', async (t) => {
  const terms = lexicon.domainTerms();
  t.same(terms, [...new Set(terms)].sort(), 'sorted, no duplicates');
  for (const term of ['PLC编程', '可编程逻辑控制器', '低压电工作业证', '机电一体化技术', '装备制造大类', '自动化类', '1+X工业机器人应用编程']) {
    t.ok(terms.includes(term), term);
  }
  t.same(terms.filter((x) => [...x].length < 2), []);
});

t.test('major counterparts across levels come from the names within a 类, symmetric', async (t) => {
  const c = majorCatalog();
  t.ok(c.counterparts('700206').includes('500211'), '汽车运用与维修 → 汽车检测与维修技术');
  t.notOk(c.counterparts('700206').includes('500206'), 'not 道路养护与管理 at the same digits');
  t.notOk(c.counterparts('660104').includes('460104'), '金属热加工 is no 机械制造及自动化');
  t.equal(c.relation('660104', '460104'), 'same_class');
  t.equal(c.relation('500211', '700206'), 'same_field_major');
  // On a level where a major has a namesake, the namesake alone: 职业本科 大数据与会计 continues 高职
  // 大数据与会计, not its neighbours 大数据与审计 and 大数据与财务管理 (named alike, same 类).
  t.strictSame(c.counterparts('330302'), ['530302']);
  t.notOk(c.areCounterparts('530303', '330302'), '高职 大数据与审计 is no 职业本科 大数据与会计');
  t.equal(c.relation('530303', '330302'), 'same_class');
  t.notOk(['530302', '330302'].some((code) => c.matchesFieldPrefix('530303', code)), 'a post taking 大数据与会计 on both levels does not take 大数据与审计');
  const asymmetric: string[] = [];
  for (const m of c.majors()) for (const o of c.counterparts(m.code)) if (!c.counterparts(o).includes(m.code)) asymmetric.push(`${m.code}→${o}`);
  t.strictSame(asymmetric, []);
});
