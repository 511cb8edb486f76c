/**
 * Finding personal data in free text, however it is written: a phone or resident-ID number with
 * any separators (`139-1234-5602`, `440404 20050312 0318`), behind any prefix (`+86`, `wx`, `tel_`,
 * `ID`), in full-width digits, Chinese numerals (壹叁玖…) or with zero-width characters inside, e-mail addresses, and WeChat / QQ
 * accounts behind their label. The text
 * is searched in its NFKC form with invisible characters removed, and each match is mapped back to
 * the span of the original text it came from, so the rest of the text is returned as it was.
 */

import { Converter } from 'opencc-js';
import { pinyin } from 'pinyin-pro';

/** Characters that render as nothing (or as a space-less join) and could split a number unseen. */
const INVISIBLE = /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]/;

/** What may stand between two digits of one number: spaces, dashes, dots, slashes, brackets (up to 3 in a row). */
const SEP = String.raw`[\s\-_.·•/\\()\[\]~\u2010-\u2015\u2212]{0,3}`;

/** A mainland mobile number, with an optional +86 / 0086 / 86 in front. Letters before it do not protect it. */
const PHONE = new RegExp(String.raw`(?<!\d)(?:(?:\+|00)${SEP}86${SEP}|86${SEP}(?=1${SEP}[3-9]))?1${SEP}[3-9](?:${SEP}\d){9}(?!\d)`, 'g');
/**
 * A landline: a 3- or 4-digit area code starting with 0 (010, 0756) and a 7- or 8-digit local
 * number starting with 2–9, with the same separators (`0756-1234567`, `(020) 8765 4321`), but not
 * a decimal (`0.342855728`). As direct a way to reach a student's family as a mobile.
 */
const LANDLINE = new RegExp(String.raw`(?<![\d.])0(?!\.)${SEP}[1-9](?:${SEP}\d){1,2}${SEP}[2-9](?:${SEP}\d){6,7}(?!\d)`, 'g');
/** A resident ID number: 17 digits and a check character. */
const ID_NUMBER = new RegExp(String.raw`(?<!\d)[1-9](?:${SEP}\d){16}${SEP}[\dXx](?![\dXx])`, 'g');
/** An e-mail address (after NFKC, full-width ＠ is @). */
const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}/g;

/**
 * A WeChat, QQ (or other messenger, mailbox) account behind its label (`微信：zhangwei_1990`,
 * `QQ 12345678`, `QQ号码：123456789`, `Q号 123456789`, `V:nana139`, `vx wang_99`, `邮箱：123456789`):
 * a way to reach the student as direct as a phone. The label is read in any case and with any of
 * its suffixes (号, 号码, 账号/帐号/账户, ID, then 是/为); the label stays, the account goes. After a
 * colon any account-shaped word counts; without one, it must hold a digit or an underscore, so
 * `wechat program`, `QQ音乐` or `QQ号码管理` are left alone.
 */
const HANDLE_LABEL = String.raw`(?<![A-Za-z])(?:微信|威信|薇信|v信|vx|wx|weixin|wechat|qq|q(?=\s*号)|扣扣|企鹅|邮箱|电邮|e-?mail|抖音|钉钉)`;
const HANDLE_SUFFIX = String.raw`\s*(?:号码|号|账号|帐号|账户|帐户|id)?\s*(?:是|为)?\s*`;
const HANDLE_WORD = String.raw`(?:[A-Za-z][-_A-Za-z0-9]{5,19}|[1-9]\d{4,11})(?![-_A-Za-z0-9])`;
const HANDLE = new RegExp(
  [
    String.raw`(?<=${HANDLE_LABEL}${HANDLE_SUFFIX}[:：]\s*)${HANDLE_WORD}`,
    String.raw`(?<=(?<![A-Za-z])[vq]\s*[:：]\s*)${HANDLE_WORD}`,
    String.raw`(?<=${HANDLE_LABEL}${HANDLE_SUFFIX})(?=[-A-Za-z]*[\d_])${HANDLE_WORD}`,
  ].join('|'),
  'gi',
);

/** A label an account may follow: where {@link HANDLE} could match, the quick check must not skip. */
const HANDLE_HINT = new RegExp(String.raw`${HANDLE_LABEL}|(?<![A-Za-z])[vq]\s*[:：]`, 'i');

/** Does the text name an account label the masking looks behind (微信, QQ, 邮箱, v:…)? Then it must be searched, whatever its digits. */
export function mayNameAccount(text: string): boolean {
  return HANDLE_HINT.test(text);
}

export type PersonalKind = 'phone' | 'idNumber' | 'email' | 'name' | 'handle';

/** A span of the original text (UTF-16 offsets, end exclusive) that holds personal data. */
export interface PersonalSpan {
  readonly start: number;
  readonly end: number;
  readonly kind: PersonalKind;
  /** The number's digits (phone, ID number) or the matched text in NFKC form (e-mail, name). */
  readonly value: string;
}

/** Whose names to look for, and how (see {@link nameFormsOf}). */
export interface NameOptions {
  /** These people's names are personal data too. */
  readonly names?: readonly string[];
  /** `full`: the whole name only, in any spelling (for short fields such as a skill's name, where a given name alone is likely an ordinary word). Default `all`. */
  readonly nameForms?: 'all' | 'full';
  /** Words (the student's own skills and certificates) inside which a name form is not looked for. */
  readonly keep?: readonly string[];
  /**
   * These people's own phone and ID numbers (as stored: 11 digits, 17 digits and a check
   * character): found however the digits are written, with up to {@link OWN_GAP} characters of
   * anything but a digit between any two of them (`139（手机）1234（手机）5605`, `139 -- 1234 -- 5605`),
   * which the patterns for anyone's number cannot allow without taking ordinary numbers for phones.
   * No other number has exactly these digits in this order.
   */
  readonly numbers?: readonly string[];
}

/** The text searched (NFKC, invisible characters dropped) and, per unit of it, the original span it came from. */
interface Normalized {
  readonly text: string;
  readonly from: number[];
  readonly to: number[];
}

const ASCII_PRINTABLE = /^[\x20-\x7e\t\r\n]*$/;
/** Chinese numerals read as digits (壹叁玖…, 一三九…, 〇/零): a number spelt this way is still the number. */
const CHINESE_DIGITS: Readonly<Record<string, string>> = Object.fromEntries(
  // 幺: how 1 is said in a phone number (幺三八…).
  [...'〇一二三四五六七八九'].map((c, i) => [c, String(i)]).concat([...'零壹贰叁肆伍陆柒捌玖'].map((c, i) => [c, String(i)]), [['两', '2'], ['幺', '1']]),
);

function normalize(text: string): Normalized {
  const from: number[] = [];
  const to: number[] = [];
  if (ASCII_PRINTABLE.test(text)) {
    for (let i = 0; i < text.length; i++) {
      from.push(i);
      to.push(i + 1);
    }
    return { text, from, to };
  }
  let out = '';
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    const end = i + ch.length;
    if (!INVISIBLE.test(ch)) {
      const n = CHINESE_DIGITS[ch] ?? ch.normalize('NFKC');
      for (let k = 0; k < n.length; k++) {
        from.push(i);
        to.push(end);
      }
      out += n;
    }
    i = end;
  }
  return { text: out, from, to };
}

function spansOf(norm: Normalized, pattern: RegExp, kind: PersonalKind, value: (m: string) => string): PersonalSpan[] {
  const out: PersonalSpan[] = [];
  for (const m of norm.text.matchAll(pattern)) {
    const a = m.index;
    const b = a + m[0].length;
    out.push({ start: norm.from[a]!, end: norm.to[b - 1]!, kind, value: value(m[0]) });
  }
  return out;
}

/**
 * Fewer than the 10 digits a phone number needs (a landline's area code and number; Chinese numerals counted), no '@', no account label and no first character of a name's forms, once
 * in NFKC form: nothing {@link findPersonalData} looks for can be in the text, and its
 * per-character mapping (the costly part: a reply to HR holds hundreds of strings, each scrubbed
 * and scanned) is skipped. NFKC of the whole text has the digits, '@'s and CJK characters of the
 * per-character form: no composition starts from an ASCII digit, '@' or ideograph, and the
 * invisible characters dropped there are none of them. Every form of a name the name pattern
 * finds starts with one of its hints (see {@link nameFormsOf}).
 */
function nothingToFind(text: string, names: readonly string[]): boolean {
  const n = ASCII_PRINTABLE.test(text) ? text : text.normalize('NFKC');
  if (n.includes('@')) return false;
  if (HANDLE_HINT.test(n)) return false;
  let digits = 0;
  for (let i = 0; i < n.length; i++) {
    const c = n.charCodeAt(i);
    // Chinese numerals count: normalize() reads them as digits.
    if (((c >= 48 && c <= 57) || CHINESE_DIGITS[n[i]!] !== undefined) && ++digits >= 10) return false;
  }
  let lower: string | undefined;
  for (const name of names) {
    const { hints, latinHints } = nameFormsOf(name);
    for (const h of hints) if (n.includes(h)) return false;
    if (latinHints.length > 0) {
      lower ??= n.toLowerCase();
      for (const h of latinHints) if (lower.includes(h)) return false;
    }
  }
  return true;
}

/** How many characters that are not digits may stand between two digits of a person's own number. */
const OWN_GAP = 6;
const ownKept = new Map<string, RegExp | null>();

/** The pattern of one person's own number (see {@link NameOptions.numbers}), memoized; null for a value that is no phone or ID number. */
function ownNumberPattern(number: string): RegExp | null {
  let pattern = ownKept.get(number);
  if (pattern !== undefined) return pattern;
  const digits = number.normalize('NFKC').replace(/[^\dXx]/g, '');
  pattern = null;
  if (/^1\d{10}$/.test(digits) || /^\d{17}[\dXx]$/.test(digits)) {
    const gap = String.raw`\D{0,${OWN_GAP}}`;
    pattern = new RegExp([...digits].map((d) => (/[Xx]/.test(d) ? '[Xx]' : d)).join(gap), 'g');
  }
  if (ownKept.size >= 10_000) ownKept.clear();
  ownKept.set(number, pattern);
  return pattern;
}

/** Overlapping spans merged into the first one's kind (an ID number wins over a phone found inside it). */
function merge(spans: PersonalSpan[]): PersonalSpan[] {
  const order: Record<PersonalKind, number> = { idNumber: 0, email: 1, phone: 2, name: 3, handle: 4 };
  spans.sort((a, b) => a.start - b.start || order[a.kind] - order[b.kind]);
  const out: PersonalSpan[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s.start < last.end) {
      if (s.end > last.end) out[out.length - 1] = { ...last, end: s.end };
    } else out.push(s);
  }
  return out;
}

const asSearched = (c: string) => CHINESE_DIGITS[c] ?? c;

/**
 * Simplified and traditional forms of a character, one by one (OpenCC's tables: 张 ↔ 張, 伟 ↔ 偉;
 * 于 gives 於 and 范 範 as ordinary words do, which a name search can only over-cover): a name on
 * record in one script is found written in the other (張偉傑 for 张伟杰, as Hong Kong and Taiwan
 * input methods and some schools' systems write it), and in a mix of both.
 */
let converters: Array<(text: string) => string> | undefined;
const scriptForms = new Map<string, readonly string[]>();
function scriptFormsOf(c: string): readonly string[] {
  let forms = scriptForms.get(c);
  if (forms === undefined) {
    // Built on the first name looked for, not at import: the four tables take ~0.3 s to build, which
    // every process loading the platform (every service, every test file) paid at start.
    converters ??= [Converter({ from: 'cn', to: 'tw' }), Converter({ from: 'cn', to: 'hk' }), Converter({ from: 'tw', to: 'cn' }), Converter({ from: 'hk', to: 'cn' })];
    forms = [...new Set([c, ...converters.map((f) => f(c))])].filter((f) => [...f].length === 1);
    if (scriptForms.size < 20_000) scriptForms.set(c, forms);
  }
  return forms;
}

/** A name's character as a pattern: its simplified and traditional forms, each as searched. */
function nameChar(c: string): string {
  const forms = [...new Set(scriptFormsOf(c).map(asSearched))];
  return forms.length === 1 ? escapeRegExp(forms[0]!) : `[${forms.map(escapeRegExp).join('')}]`;
}
const digitsOf = (m: string) => m.replace(/[^\dXx]/g, '').toUpperCase();
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** 复姓: two-character surnames, kept whole (欧阳娜娜: surname 欧阳, given name 娜娜). */
const COMPOUND_SURNAMES = new Set([
  '欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '尉迟', '公孙', '慕容', '令狐', '长孙', '宇文', '司徒', '夏侯', '轩辕', '端木', '西门', '南宫', '独孤', '申屠',
]);

/** A Chinese name split into surname and given name (the given name may be empty). */
export function splitChineseName(name: string): { surname: string; given: string } {
  const chars = [...name.normalize('NFKC').replace(new RegExp(INVISIBLE.source, 'g'), '').replace(/\s+/g, '')];
  const two = chars.slice(0, 2).join('');
  const surnameLength = chars.length > 2 && COMPOUND_SURNAMES.has(two) ? 2 : Math.min(1, chars.length);
  return { surname: chars.slice(0, surnameLength).join(''), given: chars.slice(surnameLength).join('') };
}

/** What may stand between two characters of a name as written: spaces, dashes, dots, middle dots (up to 2). */
const NAME_SEP = String.raw`[\s\-_.·•~\u2010-\u2015]{0,2}`;
const LATIN = /[A-Za-z]/;
/** Runs of Latin words in the searched text (words joined by up to two spaces, dashes, dots, apostrophes). */
const LATIN_RUN = /[A-Za-z]+(?:[\s\-_.·'’]{1,2}[A-Za-z]+)*/g;
const LATIN_WORD = /[A-Za-z]+/g;
/** Words a Latin form of a name may span (Z H O U J I E M I N G), and how many spellings a name keeps. */
const MAX_WORDS = 16;
const MAX_SPELLINGS = 64;

/** Each character's readings in pinyin, memoized per character (pinyin-pro takes ~20 µs a call; names share characters). */
const readingsKept = new Map<string, readonly string[]>();
function readings(char: string, surname: boolean): readonly string[] {
  const key = surname ? `s${char}` : char;
  let r = readingsKept.get(key);
  if (r === undefined) {
    const all = new Set<string>(pinyin(char, { toneType: 'none', type: 'array', multiple: true }));
    if (surname) for (const x of pinyin(char, { mode: 'surname', toneType: 'none', type: 'array' })) all.add(x);
    // ü is typed as v, u or yu on a keyboard.
    r = [...all].filter((x) => /^[a-zü]+$/.test(x)).flatMap((x) => (x.includes('ü') ? ['v', 'u', 'yu', 'ü'].map((u) => x.replace(/ü/g, u)) : [x]));
    if (readingsKept.size >= 20_000) readingsKept.clear();
    readingsKept.set(key, r);
  }
  return r;
}

/** Every spelling of a sequence of characters: one reading each, concatenated (at most MAX_SPELLINGS). */
function spellings(options: ReadonlyArray<readonly string[]>): string[] {
  let out = [''];
  for (const o of options) {
    if (o.length === 0) return [];
    out = out.flatMap((prefix) => o.map((x) => prefix + x)).slice(0, MAX_SPELLINGS);
  }
  return out;
}

interface NameForms {
  /** The CJK forms of the name (all of them), or null when the name is too short to look for. */
  readonly all: RegExp | null;
  /** The whole name only (any spacing): for short fields such as a skill's name. */
  readonly full: RegExp | null;
  /** Latin spellings (lower case, letters only) that are the name: all forms, and the whole name only. */
  readonly latinAll: ReadonlySet<string>;
  readonly latinFull: ReadonlySet<string>;
  /** Characters one of which every CJK form starts with, and lower-case letters every Latin one starts with. */
  readonly hints: readonly string[];
  readonly latinHints: readonly string[];
}

const NO_FORMS: NameForms = { all: null, full: null, latinAll: new Set(), latinFull: new Set(), hints: [], latinHints: [] };
const formsKept = new Map<string, NameForms>();

/**
 * Where a person's name is written (memoized per name: a page of hits asks for the same few):
 * - the full name, with spaces, dashes or dots between its characters (周 杰 明, 周-杰-明);
 * - the given name — anywhere when it has two or more characters, a one-character given name
 *   only where it is plainly a name (doubled as a nickname, 雷雷, or after 小 / 阿 / 叫), since the
 *   character alone is an ordinary word;
 * - the surname alone where it plainly stands for the person (姓欧阳, 小王, 王同学, 王某);
 * - in pinyin, any case and spacing, surname first or last (Zhou Jieming, ZHOU JIE MING,
 *   jieming zhou), every reading of each character (a name's 乐 may be le or yue); the given
 *   name alone in pinyin when it has two syllables or more and five letters (Jieming), since a
 *   shorter one is an ordinary word too;
 * - a name in Latin letters (Li Ming) the same way: any case, any spacing, either order.
 * Latin forms are whole words of the text, compared as lower-case letters (see latinSpans): a
 * regular expression per name with every reading of every character took 1.7 ms to compile, paid
 * by every new name an indexer meets.
 */
function nameFormsOf(name: string): NameForms {
  let forms = formsKept.get(name);
  if (forms !== undefined) return forms;
  forms = LATIN.test(name) ? latinForms(name) : chineseForms(name);
  if (formsKept.size >= 10_000) formsKept.clear();
  formsKept.set(name, forms);
  return forms;
}

function latinForms(name: string): NameForms {
  const parts = name.normalize('NFKC').toLowerCase().split(/[^a-z\p{Script=Han}]+/u).filter(Boolean);
  if (parts.join('').length < 3) return NO_FORMS;
  const full = new Set([parts.join(''), [...parts].reverse().join('')]);
  const all = new Set(full);
  const given = parts.slice(1).join('');
  if (parts.length >= 2 && given.length >= 5) all.add(given);
  return { ...NO_FORMS, latinAll: all, latinFull: full, latinHints: [...new Set(parts.map((p) => p[0]!))] };
}

function chineseForms(name: string): NameForms {
  const { surname, given } = splitChineseName(name);
  // The text is searched with Chinese numerals read as digits: a name with 一 or 两 in it is too.
  const fullChars = [...surname, ...given];
  if (fullChars.length < 2) return NO_FORMS;
  const spaced = (chars: string[]) => chars.map(nameChar).join(NAME_SEP);
  const full = [spaced(fullChars)];
  const all = [...full];
  const g = [...given];
  if (g.length >= 2) all.push(spaced(g));
  else if (g.length === 1) {
    const c = nameChar(g[0]!);
    all.push(`${c}\\s*${c}`, `(?<=[小阿叫])${c}`);
  }
  // The surname alone where it plainly stands for the person (姓欧阳, 小王, 老王, 王同学, 王某): a
  // rare surname left in an indexed text would find its owner. The surname alone elsewhere is an
  // ordinary character (王牌, 东方红) and stays.
  const sn = spaced([...surname]);
  all.push(`(?<=[姓叫小老阿])${sn}`, `${sn}(?=\\s*(?:同学|老师|师傅|先生|女士|某))`);
  // In pinyin: surname then given name, or given name then surname.
  const sur = spellings([...surname].map((c) => readings(c, true)));
  const giv = spellings([...given].map((c) => readings(c, false)));
  const latinFull = new Set<string>();
  for (const a of sur) for (const b of giv.length ? giv : ['']) latinFull.add(a + b).add(b + a);
  const latinAll = new Set(latinFull);
  if ([...given].length >= 2) for (const b of giv) if (b.length >= 5) latinAll.add(b);
  const latinHints = [...new Set([...latinAll].map((x) => x[0]!))];
  return {
    all: new RegExp(all.join('|'), 'g'),
    full: new RegExp(full.join('|'), 'g'),
    latinAll,
    latinFull,
    hints: [[...surname][0], [...given][0]].filter((c): c is string => c !== undefined).flatMap(scriptFormsOf),
    latinHints,
  };
}

/**
 * The spans of the searched text where a run of whole Latin words, read as lower-case letters
 * without what separates them, is one of `spellings` (the longest one from each word).
 */
function latinSpans(norm: Normalized, spellings: ReadonlySet<string>): PersonalSpan[] {
  if (spellings.size === 0) return [];
  let longest = 0;
  for (const x of spellings) longest = Math.max(longest, x.length);
  const out: PersonalSpan[] = [];
  for (const run of norm.text.matchAll(LATIN_RUN)) {
    const words = [...run[0].matchAll(LATIN_WORD)].map((w) => ({ start: run.index + w.index, end: run.index + w.index + w[0].length, text: w[0].toLowerCase() }));
    for (let i = 0; i < words.length; i++) {
      let letters = '';
      let found = -1;
      for (let j = i; j < words.length && j < i + MAX_WORDS; j++) {
        letters += words[j]!.text;
        if (letters.length > longest) break;
        if (spellings.has(letters)) found = j;
      }
      if (found < 0) continue;
      const a = words[i]!.start;
      const b = words[found]!.end;
      out.push({ start: norm.from[a]!, end: norm.to[b - 1]!, kind: 'name', value: norm.text.slice(a, b).replace(/\s+/g, '') });
      i = found;
    }
  }
  return out;
}

/**
 * Every span of `text` that holds a phone number, an ID number or an e-mail address, and (with
 * `names`) one of those people's names; sorted, not overlapping.
 */
export function findPersonalData(text: string, opts: NameOptions = {}): PersonalSpan[] {
  if (text === '') return [];
  if (nothingToFind(text, opts.names ?? [])) return [];
  const norm = normalize(text);
  const spans = [
    ...spansOf(norm, ID_NUMBER, 'idNumber', digitsOf),
    ...spansOf(norm, PHONE, 'phone', (m) => digitsOf(m).slice(-11)),
    ...spansOf(norm, LANDLINE, 'phone', digitsOf),
  ];
  for (const number of opts.numbers ?? []) {
    const pattern = ownNumberPattern(number);
    if (pattern) spans.push(...spansOf(norm, pattern, digitsOf(number).length === 11 ? 'phone' : 'idNumber', digitsOf));
  }
  if (norm.text.includes('@')) spans.push(...spansOf(norm, EMAIL, 'email', (m) => m));
  spans.push(...spansOf(norm, HANDLE, 'handle', (m) => m));
  if (opts.names?.length) {
    const names: PersonalSpan[] = [];
    const hasLatin = LATIN.test(norm.text);
    for (const name of opts.names) {
      const forms = nameFormsOf(name);
      const full = opts.nameForms === 'full';
      const pattern = full ? forms.full : forms.all;
      if (pattern) names.push(...spansOf(norm, pattern, 'name', (m) => m.replace(/\s+/g, '')));
      if (hasLatin) names.push(...latinSpans(norm, full ? forms.latinFull : forms.latinAll));
    }
    spans.push(...outsideKept(norm, names, opts.keep));
  }
  return merge(spans);
}

/**
 * The name spans that do not lie inside an occurrence of a `keep` word: a given name that is also
 * part of the student's own skill (陈控制, 电气控制) is left in the text that names the skill; masking
 * it there would garble the skill and point at the name.
 */
function outsideKept(norm: Normalized, spans: PersonalSpan[], keep: readonly string[] | undefined): PersonalSpan[] {
  if (!keep?.length || spans.length === 0) return spans;
  const kept: Array<[number, number]> = [];
  for (const word of keep) {
    const w = word.normalize('NFKC');
    if (w.length < 2) continue;
    for (let at = norm.text.indexOf(w); at >= 0; at = norm.text.indexOf(w, at + 1)) kept.push([norm.from[at]!, norm.to[at + w.length - 1]!]);
  }
  return spans.filter((s) => !kept.some(([a, b]) => a <= s.start && s.end <= b));
}

function replaceSpans(text: string, spans: readonly PersonalSpan[], by: (span: PersonalSpan, original: string) => string): string {
  if (spans.length === 0) return text;
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + by(s, text.slice(s.start, s.end));
    at = s.end;
  }
  return out + text.slice(at);
}

/**
 * Mask personal data in free text for display to an enterprise: a phone is `***********` and an ID
 * number `******************`, no digit kept (the usual `138****0001` keeps 7 of 11 digits and an
 * ID's `4404**********0318` 8 of 18: a parent's phone in a self-introduction, or a number the
 * scrub did not see, would still be most of itself); `***@qq.com`; names become `**`.
 * Returns the text and how many spans were masked.
 */
export function maskPersonalNumbers(text: string, opts: NameOptions = {}): { text: string; masked: number } {
  const spans = findPersonalData(text, opts);
  const out = replaceSpans(text, spans, (s) => {
    switch (s.kind) {
      case 'phone':
        return '*'.repeat(11);
      case 'idNumber':
        return '*'.repeat(18);
      case 'email':
        return `***@${s.value.slice(s.value.indexOf('@') + 1)}`;
      case 'name':
        return '**';
      case 'handle':
        return '***';
    }
  });
  return { text: out, masked: spans.length };
}

/**
 * A list of texts (a student's skills, or preferred cities) with personal data replaced by
 * asterisks as {@link redactPersonalNumbers} does, the items read together: a school's list column
 * is split on 、，; and |, so `手机139、1234、5605` arrives as three skills, each harmless alone and
 * the phone again as soon as they are shown side by side (the shortlist export joins them). Give
 * `numbers` (the person's own phone and ID number) so they are found whatever stands between their
 * digits. Returns `values` itself when nothing is found.
 */
export function redactPersonalList(values: readonly string[], opts: Pick<NameOptions, 'numbers'> = {}): readonly string[] {
  if (values.length === 0) return values;
  // A line break between items: a separator the number patterns read across (like a space), and
  // a gap the own-number patterns allow.
  const joined = values.join('\n');
  const spans = findPersonalData(joined, opts);
  if (spans.length === 0) return values;
  let at = 0;
  return values.map((value) => {
    const start = at;
    at += value.length + 1;
    let out = '';
    let from = 0;
    for (const s of spans) {
      const a = Math.max(s.start - start, 0);
      const b = Math.min(s.end - start, value.length);
      if (a >= b) continue;
      out += value.slice(from, a) + '*'.repeat([...value.slice(a, b)].length);
      from = b;
    }
    return out + value.slice(from);
  });
}

/**
 * Replace personal data in free text with asterisks, every character of it. For text that is
 * indexed and embedded: the usual masking keeps 7 of a phone's 11 digits (139****5678), and the
 * embedding of a typed-in phone number lands next to a text holding those 7 (measured: a search
 * for the full number put its owner first). No digit left, nothing to be found by.
 * `names`: these people's names go too, each as `**` (not 王**: a rare surname would find its owner).
 * `remove`: a space instead (a search query: nothing left to embed).
 */
export function redactPersonalNumbers(
  text: string,
  opts: NameOptions & { remove?: boolean } = {},
): string {
  const spans = findPersonalData(text, opts);
  return replaceSpans(text, spans, (s, original) => {
    if (opts.remove) return ' ';
    if (s.kind === 'name') return '**';
    return '*'.repeat([...original].length);
  });
}
