/** The colloquial-phrase table and the repair intent's data name what exists; the pinyin index finds homophones (issue 16). */
import t from 'tap';
import { COLLOQUIAL_PHRASES, HomophoneIndex, majorCatalog, normalizeTerm, pinyinKey, REPAIR_INTENT, skillLexicon } from '@chanjiao/domain';

t.test('every colloquial skill is a lexicon skill and every major a catalog major', async (t) => {
  const lexicon = skillLexicon();
  const catalog = majorCatalog();
  for (const entry of COLLOQUIAL_PHRASES) {
    for (const s of entry.skills ?? []) t.ok(lexicon.canonicalSkill(s), `skill ${s}`);
    for (const m of entry.majors ?? []) t.ok(catalog.majorsNamed(m).length > 0, `major ${m}`);
    t.ok(entry.skills?.length || entry.majors?.length, `${entry.phrases[0]} stands for something`);
  }
});

t.test('a phrase belongs to one entry, and a phrase that is a lexicon word adds majors', async (t) => {
  const seen = new Set<string>();
  const lexicon = skillLexicon();
  for (const entry of COLLOQUIAL_PHRASES) {
    for (const p of entry.phrases) {
      t.notOk(seen.has(normalizeTerm(p)), `${p} once`);
      seen.add(normalizeTerm(p));
      if (lexicon.canonicalSkill(p)) t.ok(entry.majors?.length, `${p} is a lexicon skill: the entry is there for its majors`);
    }
  }
});

t.test('each repair product names words some catalog major uses', async (t) => {
  const names = majorCatalog().majors().map((e) => e.name);
  for (const [product, words] of Object.entries(REPAIR_INTENT.products)) {
    t.ok(words.some((w) => names.some((n) => n.includes(w) && REPAIR_INTENT.majorWords.some((r) => n.includes(r)))), `${product} has a repair major`);
  }
});

t.test('the pinyin index finds spans that sound like a term, polyphones read either way', async (t) => {
  const idx = new HomophoneIndex(['汽车维修', '银行业务', '数控车床', 'PLC编程']);
  t.equal(pinyinKey('汽车维修'), 'qi che wei xiu');
  const spans = (text: string) => idx.find(text).map((s) => `${text.slice(s.start, s.end)}=${s.terms.join('/')}`);
  t.strictSame(spans('找汽车维休的'), ['汽车维休=汽车维修']);
  t.strictSame(spans('数空车床'), ['数空车床=数控车床']);
  // 行 reads xing / hang: the text's polyphone matches the term's reading in context (yin hang).
  t.strictSame(spans('银行业务'), ['银行业务=银行业务']);
  t.strictSame(spans('引航业务'), ['引航业务=银行业务']);
  // Terms with letters are not indexed; text without Chinese finds nothing.
  t.strictSame(spans('plc编程'), []);
  t.strictSame(spans(''), []);
});
