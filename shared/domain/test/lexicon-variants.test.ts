import fc from 'fast-check';
import t from 'tap';
import { CERTIFICATE_LEVEL_LABELS, GRADE_LABELS, normalizeTerm, skillLexicon, type CertificateLevel, type LexiconCertificate } from '@chanjiao/domain';
import { certificateStem } from '../src/lexicon/variants.js';

/**
 * Property: every official certificate and skill name, written in each variant form people use,
 * resolves to itself (and to the level the variant names). The variant forms are generated from
 * the official names alone, not from the lexicon's synonym lists.
 */
const lexicon = skillLexicon();

/** Terms the lexicon lists explicitly, by owner: a variant that IS another concept's listed name is that concept's. */
const listedOwner = new Map<string, string>();
for (const c of [...lexicon.certificates, ...lexicon.skills]) for (const term of [c.name, ...c.synonyms]) listedOwner.set(normalizeTerm(term), c.name);

function certificateVariants(cert: LexiconCertificate): Array<{ text: string; level?: CertificateLevel }> {
  const stem = certificateStem(normalizeTerm(cert.name));
  const out: Array<{ text: string; level?: CertificateLevel }> = [
    { text: cert.name },
    { text: cert.name.toUpperCase() },
    { text: ` ${cert.name} ` },
  ];
  for (const suffix of ['证', '证书', '资格证', '合格证']) out.push({ text: stem + suffix });
  for (const level of cert.levels) {
    const label = CERTIFICATE_LEVEL_LABELS[level];
    out.push({ text: `${cert.name}（${label}）`, level });
    out.push({ text: `${cert.name}(${label})`, level });
    out.push({ text: `${cert.name}【${label}】`, level });
    out.push({ text: `${cert.name}（${label}及以上）`, level });
    out.push({ text: `${label}${stem}`, level });
    out.push({ text: `${stem}（${label}）`, level });
    out.push({ text: `${stem}证书（${label}）`, level });
    if (cert.kind === 'skill_level') {
      // The 人社部 grade number: 五级 = 初级 … 一级 = 高级技师.
      const grade = GRADE_LABELS[level].find((w) => w.endsWith('级') && /[一二三四五]/u.test(w));
      if (grade) out.push({ text: `${cert.name}（${grade}）`, level }, { text: `${stem}${grade}`, level });
    }
    if (cert.kind === 'one_plus_x') out.push({ text: `1+X ${stem}（${label}）`, level }, { text: `（1+X）${stem}证书 ${label}`, level });
  }
  if (cert.kind === 'one_plus_x') out.push({ text: `1+X${stem}` }, { text: `1+X ${stem}职业技能等级证书` });
  if (cert.kind === 'special_operation') out.push({ text: `${stem}操作证` });
  // A variant that is another concept's listed name belongs to it (电工证 is the 低压电工 licence).
  return out.filter((v) => {
    const owner = listedOwner.get(normalizeTerm(v.text));
    return owner === undefined || owner === cert.name;
  });
}

t.test('every certificate in every variant form resolves to itself and the level it names', async (t) => {
  const wrong: string[] = [];
  let checked = 0;
  for (const cert of lexicon.certificates) {
    for (const v of certificateVariants(cert)) {
      checked++;
      const got = lexicon.resolveCertificate(v.text);
      if (got?.name !== cert.name || got.level !== v.level || got.confidence !== undefined) {
        wrong.push(`${v.text} → ${JSON.stringify(got)}, expected ${cert.name} ${v.level ?? ''}`);
      }
    }
  }
  t.ok(checked > 2000, `${checked} variants checked`);
  t.same(wrong, []);
});

t.test('every skill name with proficiency words, a remark, spaces or full-width letters resolves to itself', async (t) => {
  const wrong: string[] = [];
  for (const skill of lexicon.skills) {
    const n = skill.name;
    const wide = n.replace(/[A-Za-z0-9]/gu, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const variants = [n, n.toLowerCase(), wide, ` ${n} `, `熟练掌握${n}`, `熟悉${n}`, `精通${n}`, `${n}能力`, `${n}（有实训经历）`, `会${n}`];
    for (const v of variants) {
      if ((listedOwner.get(normalizeTerm(v)) ?? n) !== n) continue;
      const got = lexicon.resolveSkill(v);
      if (got?.name !== n || got.confidence !== undefined) wrong.push(`${v} → ${JSON.stringify(got)}`);
    }
  }
  t.same(wrong, []);
});

t.test('random spacing, width and bracket style never change what a certificate resolves to', async () => {
  const certs = lexicon.certificates.filter((c) => c.levels.length > 0);
  fc.assert(
    fc.property(
      fc.constantFrom(...certs),
      fc.nat(),
      fc.constantFrom(['（', '）'], ['(', ')'], ['【', '】'], ['[', ']']),
      fc.array(fc.nat(), { maxLength: 3 }),
      (cert, li, [open, close], spaces) => {
        const level = cert.levels[li % cert.levels.length]!;
        let text = `${cert.name}${open}${CERTIFICATE_LEVEL_LABELS[level]}${close}`;
        for (const at of spaces) {
          const i = at % (text.length + 1);
          text = `${text.slice(0, i)} ${text.slice(i)}`;
        }
        const got = lexicon.resolveCertificate(text);
        return got?.name === cert.name && got.level === level;
      },
    ),
    { numRuns: 500 },
  );
});

t.test('the fuzzy fallback names its confidence and refuses what is not close', async (t) => {
  t.same(lexicon.resolveCertificate('育婴员资格证'), { name: '育婴员职业技能等级证书' });
  t.same(lexicon.resolveCertificate('熔化焊接与热切割作业操作证'), { name: '熔化焊接与热切割作业证' });
  t.equal(lexicon.resolveCertificate('火星探测证'), undefined);
  t.equal(lexicon.resolveCertificate('火星探测证', { fuzzy: true }), undefined);
  const fuzzy = lexicon.resolveCertificate('育婴师证', { fuzzy: true });
  t.equal(fuzzy?.name, '育婴员职业技能等级证书');
  t.ok(fuzzy?.confidence !== undefined && fuzzy.confidence >= 0.55 && fuzzy.confidence < 1, `confidence ${fuzzy?.confidence}`);
  t.equal(lexicon.resolveCertificate('育婴师证'), undefined, 'no fuzzy match unless asked');
});
