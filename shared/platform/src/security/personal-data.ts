/**
 * Finding personal data in free text, however it is written: a phone or resident-ID number with
 * any separators (`139-1234-5602`, `440404 20050312 0318`), behind any prefix (`+86`, `wx`, `tel_`,
 * `ID`), in full-width digits, Chinese numerals (壹叁玖…) or with zero-width characters inside, e-mail addresses, and WeChat / QQ
 * accounts behind their label. The text
 * is searched in its NFKC form with invisible characters removed, and each match is mapped back to
 * the span of the original text it came from, so the rest of the text is returned as it was.
 */

/** Characters that render as nothing (or as a space-less join) and could split a number unseen. */
const INVISIBLE = /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]/;

/** What may stand between two digits of one number: spaces, dashes, dots, slashes, brackets (up to 3 in a row). */
const SEP = String.raw`[\s\-_.·•/\\()\[\]~\u2010-\u2015\u2212]{0,3}`;

/** A mainland mobile number, with an optional +86 / 0086 / 86 in front. Letters before it do not protect it. */
const PHONE = new RegExp(String.raw`(?<!\d)(?:(?:\+|00)${SEP}86${SEP}|86${SEP}(?=1${SEP}[3-9]))?1${SEP}[3-9](?:${SEP}\d){9}(?!\d)`, 'g');
/** A resident ID number: 17 digits and a check character. */
const ID_NUMBER = new RegExp(String.raw`(?<!\d)[1-9](?:${SEP}\d){16}${SEP}[\dXx](?![\dXx])`, 'g');
/** An e-mail address (after NFKC, full-width ＠ is @). */
const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}/g;

/**
 * A WeChat or QQ account behind its label (`微信：zhangwei_1990`, `QQ 12345678`, `V:nana139`, `vx wang_99`):
 * a way to reach the student as direct as a phone. The label stays, the account goes. After a
 * colon any account-shaped word counts; without one, it must hold a digit or an underscore, so
 * `wechat program` or `QQ音乐` are left alone.
 */
const HANDLE_LABEL = String.raw`(?<![A-Za-z])(?:微信号?|威信|薇信|[vV]信|vx|VX|Vx|wx|WX|Wx|weixin|wechat|WeChat|qq号?|QQ号?|Qq|扣扣|企鹅号?)`;
const HANDLE_WORD = String.raw`(?:[A-Za-z][-_A-Za-z0-9]{5,19}|[1-9]\d{4,11})(?![-_A-Za-z0-9])`;
const HANDLE = new RegExp(
  [
    String.raw`(?<=${HANDLE_LABEL}\s*(?:号|账号|id|ID)?\s*[:：]\s*)${HANDLE_WORD}`,
    String.raw`(?<=(?<![A-Za-z])[vV]\s*[:：]\s*)${HANDLE_WORD}`,
    String.raw`(?<=${HANDLE_LABEL}\s*(?:号|账号|是|为)?\s*)(?=[-A-Za-z]*[\d_])${HANDLE_WORD}`,
  ].join('|'),
  'g',
);

/** A label an account may follow: where {@link HANDLE} could match, the quick check must not skip. */
const HANDLE_HINT = new RegExp(String.raw`${HANDLE_LABEL}|(?<![A-Za-z])[vV]\s*[:：]`);

export type PersonalKind = 'phone' | 'idNumber' | 'email' | 'name' | 'handle';

/** A span of the original text (UTF-16 offsets, end exclusive) that holds personal data. */
export interface PersonalSpan {
  readonly start: number;
  readonly end: number;
  readonly kind: PersonalKind;
  /** The number's digits (phone, ID number) or the matched text in NFKC form (e-mail, name). */
  readonly value: string;
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
  [...'〇一二三四五六七八九'].map((c, i) => [c, String(i)]).concat([...'零壹贰叁肆伍陆柒捌玖'].map((c, i) => [c, String(i)]), [['两', '2']]),
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
 * Fewer than the 11 digits a phone number needs (Chinese numerals counted), no '@', no account label and no character of a given name, once
 * in NFKC form: nothing {@link findPersonalData} looks for can be in the text, and its
 * per-character mapping (the costly part: a reply to HR holds hundreds of strings, each scrubbed
 * and scanned) is skipped. NFKC of the whole text has the digits, '@'s and CJK characters of the
 * per-character form: no composition starts from an ASCII digit, '@' or ideograph, and the
 * invisible characters dropped there are none of them. Every form of a name the name pattern
 * finds holds the given name's first character.
 */
function nothingToFind(text: string, names: readonly string[]): boolean {
  const n = ASCII_PRINTABLE.test(text) ? text : text.normalize('NFKC');
  if (n.includes('@')) return false;
  if (HANDLE_HINT.test(n)) return false;
  let digits = 0;
  for (let i = 0; i < n.length; i++) {
    const c = n.charCodeAt(i);
    // Chinese numerals count: normalize() reads them as digits.
    if (((c >= 48 && c <= 57) || CHINESE_DIGITS[n[i]!] !== undefined) && ++digits >= 11) return false;
  }
  for (const name of names) {
    const [surname, given] = nameInitials(name);
    if ((given !== '' && n.includes(given)) || (surname !== '' && n.includes(surname))) return false;
  }
  return true;
}

/**
 * The first character of a name's surname and of its given name ('' when there is none), memoized:
 * a page of hits asks for the same few names per string. Every name pattern starts with one of them.
 */
const initials = new Map<string, readonly [string, string]>();
function nameInitials(name: string): readonly [string, string] {
  let c = initials.get(name);
  if (c === undefined) {
    const { surname, given } = splitChineseName(name);
    c = [[...surname][0] ?? '', [...given][0] ?? ''] as const;
    if (initials.size >= 10_000) initials.clear();
    initials.set(name, c);
  }
  return c;
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

/**
 * Where a person's name is written: the full name (spaces allowed between its characters), and
 * the given name — anywhere when it has two or more characters, a one-character given name only
 * where it is plainly a name (doubled as a nickname, 雷雷, or after 小 / 阿 / 叫), since the
 * character alone is an ordinary word.
 */
function namePattern(name: string): RegExp | null {
  const { surname, given } = splitChineseName(name);
  // The text is searched with Chinese numerals read as digits: a name with 一 or 两 in it is too.
  const full = [...surname, ...given].map(asSearched);
  if (full.length < 2) return null;
  const spaced = (chars: string[]) => chars.map(escapeRegExp).join(String.raw`\s*`);
  const alternatives = [spaced(full)];
  const g = [...given].map(asSearched);
  if (g.length >= 2) alternatives.push(spaced(g));
  else if (g.length === 1) {
    const c = escapeRegExp(g[0]!);
    alternatives.push(`${c}\\s*${c}`, `(?<=[小阿叫])${c}`);
  }
  // The surname alone where it plainly stands for the person (姓欧阳, 小王, 老王, 王同学, 王某): a
  // rare surname left in an indexed text would find its owner. The surname alone elsewhere is an
  // ordinary character (王牌, 东方红) and stays.
  const sn = spaced([...surname].map(asSearched));
  alternatives.push(`(?<=[姓叫小老阿])${sn}`, `${sn}(?=\\s*(?:同学|老师|师傅|先生|女士|某))`);
  return new RegExp(alternatives.join('|'), 'g');
}

/**
 * Every span of `text` that holds a phone number, an ID number or an e-mail address, and (with
 * `names`) one of those people's names; sorted, not overlapping.
 */
export function findPersonalData(text: string, opts: { names?: readonly string[] } = {}): PersonalSpan[] {
  if (text === '') return [];
  if (nothingToFind(text, opts.names ?? [])) return [];
  const norm = normalize(text);
  const spans = [
    ...spansOf(norm, ID_NUMBER, 'idNumber', digitsOf),
    ...spansOf(norm, PHONE, 'phone', (m) => digitsOf(m).slice(-11)),
  ];
  if (norm.text.includes('@')) spans.push(...spansOf(norm, EMAIL, 'email', (m) => m));
  spans.push(...spansOf(norm, HANDLE, 'handle', (m) => m));
  for (const name of opts.names ?? []) {
    const pattern = namePattern(name);
    if (pattern) spans.push(...spansOf(norm, pattern, 'name', (m) => m.replace(/\s+/g, '')));
  }
  return merge(spans);
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
 * Mask personal data in free text the usual way, for display: `138****0001`,
 * `4404**********0318`, `***@qq.com`; names become `**`.
 * Returns the text and how many spans were masked.
 */
export function maskPersonalNumbers(text: string, opts: { names?: readonly string[] } = {}): { text: string; masked: number } {
  const spans = findPersonalData(text, opts);
  const out = replaceSpans(text, spans, (s) => {
    switch (s.kind) {
      case 'phone':
        return `${s.value.slice(0, 3)}****${s.value.slice(7)}`;
      case 'idNumber':
        return `${s.value.slice(0, 4)}${'*'.repeat(10)}${s.value.slice(14)}`;
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
 * Replace personal data in free text with asterisks, every character of it. For text that is
 * indexed and embedded: the usual masking keeps 7 of a phone's 11 digits (139****5678), and the
 * embedding of a typed-in phone number lands next to a text holding those 7 (measured: a search
 * for the full number put its owner first). No digit left, nothing to be found by.
 * `names`: these people's names go too, each as `**` (not 王**: a rare surname would find its owner).
 * `remove`: a space instead (a search query: nothing left to embed).
 */
export function redactPersonalNumbers(
  text: string,
  opts: { remove?: boolean; names?: readonly string[] } = {},
): string {
  const spans = findPersonalData(text, opts.names ? { names: opts.names } : {});
  return replaceSpans(text, spans, (s, original) => {
    if (opts.remove) return ' ';
    if (s.kind === 'name') return '**';
    return '*'.repeat([...original].length);
  });
}
