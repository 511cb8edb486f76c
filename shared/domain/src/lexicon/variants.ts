import type { CertificateLevel } from '../records/common.js';

/**
 * How people vary an official certificate or skill name, as plain functions the lexicon's
 * resolvers use: brackets of every script, suffixes (证 / 证书 / 资格证 / 合格证 / 操作证 …),
 * level words (初级 … 高级技师 and 五级 … 一级), the 1+X prefix, proficiency words around a skill
 * (熟练掌握PLC编程能力). Everything works on `normalizeTerm()` output.
 */

/** 职业技能等级 grades: 五级 is 初级 … 一级 is 高级技师 (人社部 scheme). Longest first within a level. */
export const GRADE_LABELS: Readonly<Record<CertificateLevel, readonly string[]>> = {
  junior: ['初级工', '初级', '五级'],
  intermediate: ['中级工', '中级', '四级'],
  senior: ['高级工', '高级', '三级'],
  technician: ['技师', '二级'],
  senior_technician: ['高级技师', '一级'],
};

/** Every grade word with its level, longest first (高级技师 before 技师 and 高级). */
export const GRADE_WORDS: ReadonlyArray<readonly [string, CertificateLevel]> = Object.entries(GRADE_LABELS)
  .flatMap(([level, words]) => words.map((w) => [w, level as CertificateLevel] as const))
  .sort((a, b) => b[0].length - a[0].length);

/**
 * Endings a certificate's name is written with, longest first. Removing one gives the stem two
 * spellings share: 熔化焊接与热切割作业证 and 熔化焊接与热切割作业操作证 → 熔化焊接与热切割作业.
 */
const CERTIFICATE_ENDINGS = [
  '职业技能等级证书',
  '职业技能等级证',
  '职业资格证书',
  '技能等级证书',
  '职业资格证',
  '等级证书',
  '资格证书',
  '操作证书',
  '合格证书',
  '上岗证书',
  '职业资格',
  '技能等级',
  '资格',
  '等级证',
  '资格证',
  '合格证',
  '操作证',
  '上岗证',
  '证书',
  '等级',
  '证',
] as const;

/** Brackets of every script as ASCII parentheses (NFKC already folds the full-width ones). */
export function unifyBrackets(key: string): string {
  return key.replace(/[【〔［\[{｛〈《]/gu, '(').replace(/[】〕］\]}｝〉》]/gu, ')');
}

/** `1+X`, `(1+x)`, `1+x证书` as a prefix or in brackets: the pilot's label, not part of the name. */
export function withoutOnePlusX(key: string): string {
  return key.replace(/\(?1\+x\)?/gu, '');
}

/** The first grade word in a text and the text without it (and without brackets left empty). */
export function takeGrade(key: string): { level?: CertificateLevel; rest: string } {
  for (const [word, level] of GRADE_WORDS) {
    const at = key.indexOf(word);
    if (at < 0) continue;
    const rest = (key.slice(0, at) + key.slice(at + word.length)).replace(/\(\s*(及以上|以上)?\s*\)/gu, '').replace(/(及以上|以上)/gu, '');
    return { level, rest };
  }
  return { rest: key };
}

/** The stem of a certificate name: no brackets, no ending; `特种作业操作证(X)` → X. */
export function certificateStem(key: string): string {
  let k = unifyBrackets(withoutOnePlusX(key));
  // 特种作业操作证(焊接与热切割), 特种设备作业人员证(叉车司机): the bracket names the licence.
  const special = /^(特种作业操作证|特种作业证|特种设备作业人员证|特种设备操作证)\(([^)]+)\)$/u.exec(k);
  if (special) k = special[2]!;
  k = k.replace(/[()]/gu, '');
  for (const ending of CERTIFICATE_ENDINGS) {
    if (k.length > ending.length + 1 && k.endsWith(ending)) return k.slice(0, -ending.length);
  }
  return k;
}

/** Words around a skill that say how well, not what: 熟练掌握 / 熟悉 / 会 … 能力 / 技能 / 经验. */
const SKILL_PREFIXES = ['熟练掌握', '熟练使用', '熟练运用', '能熟练', '熟练', '熟悉', '掌握', '精通', '了解', '擅长', '会用', '能够', '会', '能'] as const;
const SKILL_SUFFIXES = ['相关经验', '工作经验', '经验', '能力', '技能', '基础', '操作技能'] as const;

/**
 * The readings of a skill as written, most literal first: as is, without a bracketed remark, then
 * without proficiency words before and after (熟练掌握PLC编程能力(西门子) → plc编程). Every
 * reading is tried, since a word like 会 also begins real names (会计核算).
 */
export function skillReadings(key: string): string[] {
  const plain = unifyBrackets(key).replace(/\([^)]*\)/gu, '');
  const out = [key, plain];
  const heads = [plain, ...SKILL_PREFIXES.filter((p) => plain.length > p.length + 1 && plain.startsWith(p)).map((p) => plain.slice(p.length))];
  for (const h of heads) {
    out.push(h);
    for (const suffix of SKILL_SUFFIXES) if (h.length > suffix.length + 1 && h.endsWith(suffix)) out.push(h.slice(0, -suffix.length));
  }
  return [...new Set(out)];
}

/** The shortest reading: what the fuzzy fallback compares. */
export function skillStem(key: string): string {
  const r = skillReadings(key);
  return r[r.length - 1]!;
}

/** Character bigrams of a text (a one-character text is its own bigram). */
export function bigrams(text: string): string[] {
  const chars = [...text];
  if (chars.length < 2) return chars.length ? [chars[0]!] : [];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/**
 * How alike two names are, in [0, 1]: the mean of the Dice coefficients of their characters and of
 * their bigrams. Characters forgive a wrong character (育婴师 / 育婴员), bigrams keep the order.
 */
export function similarity(a: string, b: string, aGrams = bigrams(a), bGrams = bigrams(b)): number {
  return (dice([...a], [...b]) + dice(aGrams, bGrams)) / 2;
}

/** Dice similarity of two multisets, in [0, 1]. */
export function dice(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const g of a) counts.set(g, (counts.get(g) ?? 0) + 1);
  let shared = 0;
  for (const g of b) {
    const n = counts.get(g) ?? 0;
    if (n > 0) {
      shared++;
      counts.set(g, n - 1);
    }
  }
  return (2 * shared) / (a.length + b.length);
}
