import { basename, dirname, resolve } from 'node:path';
import fc from 'fast-check';
import t from 'tap';
import { AutoTokenizer, env } from '@xenova/transformers';
import { StudentProfile } from '@chanjiao/domain';
import { postText, queryText, studentText } from '@chanjiao/embedding';
import { TEXT_TOKEN_BUDGET, composeSections, normalizeText, tokenBound, truncateToTokens } from '@chanjiao/embedding/internal';
import { cookPost, factory, javaPost, plcPost, plcStudent } from './fixtures.js';
import { testConfig } from './helpers.js';

t.test('normalizeText: NFKC, Latin lowercased, whitespace collapsed, invisibles dropped', async (t) => {
  t.equal(normalizeText('  ＰＬＣ２ 编程\u200b\t\nSpring　Boot '), 'plc2 编程 spring boot');
  t.equal(normalizeText('PLC'), normalizeText('plc'));
  t.equal(normalizeText('熟悉 MySQL 与 Java'), '熟悉 mysql 与 java');
  t.equal(normalizeText('a \u200b b'), 'a b');
  t.equal(normalizeText('电工证（中级）：有'), '电工证(中级):有');
  t.equal(normalizeText('ΑΒΓ Ωmega PLC'), 'ΑΒΓ Ωmega plc', 'only Latin runs are lowercased');
  t.equal(normalizeText(' \u200b\n '), '');
});

t.test('normalizeText is idempotent and never leaves uppercase Latin', async (t) => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (s) => {
      const once = normalizeText(s);
      return normalizeText(once) === once && !/[A-Z]/.test(once) && once === once.trim() && !/\s\s/.test(once);
    }),
    { numRuns: 2000 },
  );
  t.pass('property held over 2000 strings');
});

t.test('truncateToTokens keeps the longest prefix within the bound', async (t) => {
  t.equal(truncateToTokens('电气 自动化', 3), '电气 自');
  t.equal(truncateToTokens('电气 自动化', 2), '电气');
  t.equal(truncateToTokens('电气', 10), '电气');
  t.equal(truncateToTokens('电气', 0), '');
  fc.assert(
    fc.property(fc.string({ maxLength: 80 }).map(normalizeText), fc.integer({ min: 0, max: 90 }), (s, budget) => {
      const cut = truncateToTokens(s, budget);
      return s.startsWith(cut) && tokenBound(cut) === Math.min(budget, tokenBound(s));
    }),
    { numRuns: 1000 },
  );
});

t.test('composeSections: in order, the budget cuts the last sections first', async (t) => {
  t.equal(composeSections(['标题。', undefined, '', '技能：PLC。', '描述很长很长'], 14), '标题。 技能:plc。 描述很长');
  t.equal(composeSections(['一二三四五', '六七'], 3), '一二三');
  const long = composeSections(['标题。', '长'.repeat(2000)]);
  t.equal(tokenBound(long), TEXT_TOKEN_BUDGET);
  t.ok(long.startsWith('标题。 长长'));
});

t.test('studentText: major with its class and category, skills, certificates, wishes, then the self-introduction', async (t) => {
  t.equal(
    studentText(plcStudent),
    '电气自动化技术专业(自动化类,装备制造大类,高职专科)。 技能:plc编程(精通)、电气控制(熟练)、autocad。 ' +
      '证书:低压电工证(中级)。 意向:就业岗位、实习岗位。 意向行业:智能制造。 ' +
      '自我介绍:在校期间参加过西门子s7-1200 plc控制系统安装与调试竞赛,能看懂电气原理图,独立完成过生产线电气柜接线。',
  );
  const bare = StudentProfile.parse({
    id: 's',
    schoolId: 'x',
    majorCode: '720201',
    level: 'secondary',
    graduationYear: 2026,
    consentToBeFound: false,
    updatedAt: '2026-01-01T00:00:00Z',
  });
  t.equal(studentText(bare), '护理专业(护理类,医药卫生大类,中职)。');
});

t.test('studentText cuts a long self-introduction, never the major or the skills', async (t) => {
  const long = { ...plcStudent, selfIntroduction: '我热爱电气工作。'.repeat(400) };
  const text = studentText(long);
  t.equal(tokenBound(text), TEXT_TOKEN_BUDGET);
  t.ok(text.startsWith('电气自动化技术专业(自动化类,装备制造大类,高职专科)。 技能:plc编程(精通)'));
});

t.test('a profile-text budget (EMBEDDING_PROFILE_TOKENS) keeps the salient fields and cuts the free text to fit', async (t) => {
  const long = { ...plcStudent, selfIntroduction: '我热爱电气工作。'.repeat(400) };
  const full = studentText(long);
  const short = studentText(long, { tokens: 128 });
  t.equal(tokenBound(short), 128);
  t.ok(full.startsWith(short), 'the same text, cut earlier');
  t.ok(short.startsWith('电气自动化技术专业(自动化类,装备制造大类,高职专科)。 技能:plc编程(精通)'));
  const post = { ...plcPost, description: '负责生产线电气调试。'.repeat(200) };
  const postShort = postText(post, factory, { tokens: 128 });
  t.equal(tokenBound(postShort), 128);
  t.ok(postText(post, factory).startsWith(postShort));
  t.equal(studentText(plcStudent, { tokens: 510 }), studentText(plcStudent), 'the default is the model limit');
});

t.test('postText: title and kind, enterprise, requirements, majors by catalog name, description last', async (t) => {
  t.equal(
    postText(plcPost, factory),
    'plc电气工程师(就业岗位)。 企业:珠海金湾智能装备有限公司,行业:智能制造。 技能要求:plc编程、电气控制。 ' +
      '专业:自动化类、电气自动化技术。 证书:低压电工证(初级及以上)。 优先技能:工业机器人。 培养模式:2+1。 ' +
      '岗位描述:负责自动化生产线的plc程序编写与调试,电气图纸设计,设备故障排查与维护。',
  );
  t.equal(
    postText(javaPost),
    'java开发实习生(顶岗实习)。 技能要求:java、spring boot、mysql。 专业:计算机类。 ' +
      '岗位描述:参与公司后台系统开发,使用spring boot和mysql,编写接口和单元测试。',
  );
  t.equal(postText(cookPost), '中餐厨师(就业岗位)。 技能要求:中式烹调、刀工。 专业:餐饮类。 岗位描述:负责酒店中餐厅热菜制作,菜品研发,厨房卫生与食材管理。');
});

t.test('queryText: normalized, no instruction prefix, cut to the budget', async (t) => {
  t.equal(queryText('会 PLC 的 电气 学生'), '会 plc 的 电气 学生');
  t.equal(tokenBound(queryText('查'.repeat(1000))), TEXT_TOKEN_BUDGET);
});

t.test('tokenBound is an upper bound of the real tokenizer on normalized text', async (t) => {
  const dir = resolve(testConfig().EMBEDDING_MODEL_DIR);
  env.allowRemoteModels = false;
  env.localModelPath = dirname(dir);
  const tokenizer = await AutoTokenizer.from_pretrained(basename(dir));
  const count = (s: string) => (tokenizer.encode(s, null, { add_special_tokens: false }) as number[]).length;
  t.equal(count(normalizeText('PLC编程')), tokenBound(normalizeText('PLC编程')) - 2, 'plc is one token once lowercased');
  t.equal(count(studentText(plcStudent)) <= tokenBound(studentText(plcStudent)), true);
  const mixed = fc.string({ unit: fc.constantFrom(...'电气自动化护理 PLCjava，。、:()1234-ａＢ'.split('')), maxLength: 120 });
  fc.assert(
    fc.property(fc.oneof(mixed, fc.string({ unit: 'grapheme', maxLength: 60 })), (raw) => {
      const s = normalizeText(raw);
      return count(s) <= tokenBound(s);
    }),
    { numRuns: 500 },
  );
});
