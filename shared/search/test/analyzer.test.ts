import t from 'tap';
import { createAnalyzer, hasSearchableText } from '../src/analyzer.js';

const a = createAnalyzer();

t.test('domain words stay whole (catalog majors, lexicon skills and certificates) and also emit their parts', async (t) => {
  t.strictSame(a.analyze('电气自动化技术'), ['电气自动化技术', '电气', '自动化', '技术']);
  const tokens = a.analyze('持有低压电工作业证，会工业机器人编程');
  t.ok(tokens.includes('低压电工作业证'), 'the certificate is one token');
  t.ok(tokens.includes('工业机器人编程'), 'the skill is one token');
  t.notOk(tokens.includes('证'), 'no stray single character');
});

t.test('synonyms meet at one canonical token, at index and at query time', async (t) => {
  t.equal(a.canonical('PLC'), a.canonical('可编程控制器'));
  t.equal(a.canonical('可编程逻辑控制器'), a.canonical('PLC'));
  t.equal(a.canonical('CAD'), a.canonical('CAD制图'));
  t.equal(a.canonical('电工证'), a.canonical('低压电工作业证'));
  t.strictSame(a.analyze('PLC'), a.analyze('可编程控制器'));
  t.strictSame(a.analyze('ＰＬＣ'), a.analyze('plc'), 'full-width letters fold (NFKC) and case folds');
});

t.test('a specific skill also emits its broader one', async (t) => {
  const canonical = a.canonical('西门子PLC');
  t.strictSame(a.broader(canonical), [a.canonical('PLC')]);
  t.ok(a.analyze('西门子PLC').includes(a.canonical('PLC')));
});

t.test('stop words and punctuation are dropped', async (t) => {
  t.strictSame(a.analyze('的、了，和！？ 。'), []);
  t.strictSame(a.analyze(''), []);
  t.strictSame(a.analyze('熟悉珠海的园区'), ['珠海', '园区']);
});

t.test('certificates resolve with the level their name spells', async (t) => {
  t.strictSame(a.certificate('中级电工'), { canonical: a.certificate('电工职业技能等级证书').canonical, level: 'intermediate', confidence: 1 });
  t.strictSame(a.certificate('护士证'), { canonical: a.certificate('护士执业资格证').canonical, confidence: 1 });
});

t.test('certificates in variant forms resolve with certainty; unknown ones say so', async (t) => {
  const welding = a.certificate('熔化焊接与热切割作业证').canonical;
  t.strictSame(a.certificate('熔化焊接与热切割作业操作证'), { canonical: welding, confidence: 1 });
  t.strictSame(a.certificate('特种作业操作证（焊接与热切割）'), { canonical: welding, confidence: 1 });
  t.strictSame(a.certificate('汽车维修工职业技能等级证书（四级）'), { canonical: a.certificate('汽车维修工证').canonical, level: 'intermediate', confidence: 1 });
  t.strictSame(a.certificate('火星探测证'), { canonical: '火星探测证', confidence: 0 });
  const fuzzy = a.certificate('育婴师证');
  t.equal(fuzzy.canonical, a.certificate('育婴员证').canonical);
  t.ok(fuzzy.confidence > 0 && fuzzy.confidence < 1);
});

t.test('skills written with proficiency words fold to the skill', async (t) => {
  t.equal(a.canonical('熟练掌握PLC编程'), a.canonical('PLC'));
  t.equal(a.canonical('PLC编程能力'), a.canonical('PLC'));
  t.equal(a.canonical('会计核算能力'), a.canonical('会计核算'));
});

t.test('term kinds read a query: majors, skills, certificates', async (t) => {
  t.equal(a.termKind('电气自动化技术'), 'major');
  t.equal(a.termKind(a.canonical('PLC')), 'skill');
  t.equal(a.termKind(a.certificate('电工证').canonical), 'certificate');
  t.equal(a.termKind('珠海'), undefined);
});

t.test('the fingerprint is stable for the same word lists and changes with them', async (t) => {
  t.equal(createAnalyzer().fingerprint, a.fingerprint);
  t.not(createAnalyzer({ stopWords: ['珠海'] }).fingerprint, a.fingerprint);
});

t.test('a query has something to search for when it has a letter or a digit of any script', async (t) => {
  for (const q of ['PLC', '焊接', '2027', 'ｐｌｃ', 'наладчик']) t.ok(hasSearchableText(q), q);
  for (const q of ['', '   ', '🙂🙂', '！！！ ...', '👍🏻 —— ？']) t.notOk(hasSearchableText(q), JSON.stringify(q));
});

t.test('a self-introduction\'s negated spans are not indexed: 图纸还看不太懂 is no evidence of 图纸', async (t) => {
  const { buildStudentDocument } = await import('../src/documents.js');
  const { student } = await import('./helpers.js');
  const analyzer = createAnalyzer();
  const intro = (text: string) => buildStudentDocument({ profile: student({ id: 's-n', selfIntroduction: text }) }, analyzer).text.intro;
  const drawing = analyzer.analyze('图纸');
  t.ok(drawing.length > 0);
  t.ok(drawing.every((tok) => intro('会看图纸，PLC也会').includes(tok)), 'asserted: indexed');
  t.notOk(drawing.some((tok) => intro('会PLC，图纸还看不太懂').includes(tok)), 'negated: not indexed');
  t.ok(intro('会PLC，图纸还看不太懂').some((tok) => analyzer.analyze('PLC').includes(tok)), 'the rest of the text still is');
});
