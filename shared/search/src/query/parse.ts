import {
  COLLOQUIAL_PHRASES,
  isNegated,
  fieldCode,
  Gazetteer,
  gazetteer,
  HomophoneIndex,
  MAJOR_SHORT_NAMES,
  REPAIR_INTENT,
  majorCatalog,
  normalizeTerm,
  skillLexicon,
  type CertificateLevel,
  type InternshipMode,
  type Level,
  type PlaceKind,
  type PostKind,
} from '@chanjiao/domain';
import type { Analyzer } from '../analyzer.js';
import { readSalary, type SalaryWish } from './salary.js';

/** Query readings a parser keeps (a few KB each). */
const READINGS_KEPT = 1024;

/**
 * What a free-text query says beyond its words: graduation years (2027届, 27届, 应届), places
 * (cities, districts, parks and their short names, from the gazetteer), levels (中职 / 高职 /
 * 职业本科), post kinds (顶岗实习, 订单班, 学徒), pay (月薪5000以上), certificates and majors (by name, short name or
 * abbreviation), homophone typos of lexicon words it corrected (汽车维休 → 汽车维修) and the
 * colloquial intents it read (直播带货, 看图纸, 会修车). The reply echoes it as `understood`, so
 * a UI can show "已识别：2027届 · 珠海市金湾区" or "已按 汽车维修 搜索" and let the user turn any of
 * it into a hard filter; the re-rank reads it as soft boosts.
 */
export interface Understood {
  readonly graduationYears: number[];
  readonly places: Array<{ readonly name: string; readonly label: string; readonly kind: PlaceKind; readonly city: string; readonly district?: string; readonly text: string }>;
  readonly levels: Array<{ readonly level: Level; readonly text: string }>;
  readonly kinds: Array<{ readonly kind: PostKind; readonly internshipMode?: InternshipMode; readonly text: string }>;
  readonly certificates: Array<{ readonly name: string; readonly level?: CertificateLevel; readonly text: string }>;
  readonly majors: Array<{ readonly code: string; readonly name: string; readonly level: Level; readonly className: string | null; readonly text: string }>;
  /** Spans read as the lexicon word they sound like (pinyin input's homophones). */
  readonly corrections: Array<{ readonly from: string; readonly to: string }>;
  /** The pay asked for, yuan a month (月薪5000以上, 4-6k, 年薪8万): posts that cannot pay it rank lower. */
  readonly salary?: SalaryWish;
  /** Years and places the query rules out (非2026届, 珠海以外): what is there ranks lower. Absent when none. */
  readonly excluded?: { readonly graduationYears: number[]; readonly places: Understood['places'] };
  /**
   * Conditions on who a person is that no match is made on (不要女生, 限男性, 20-25岁, 35岁以下): the
   * index holds no sex or age, and hiring may not turn on them; said back so HR knows they were not
   * applied, and left out of the text searched and embedded. Absent when none.
   */
  readonly notApplied?: Array<{ readonly kind: 'gender' | 'age'; readonly text: string }>;
  /**
   * Everyday phrases read as lexicon skills and catalog majors (`phrase`: 直播带货, 看图纸,
   * 数控操作工) and the wish for repairers of a product (`repair`: 会修车的 → 汽车, its repair majors).
   */
  readonly intents: Array<{
    readonly kind: 'phrase' | 'repair';
    readonly text: string;
    readonly product?: string;
    readonly skills: string[];
    readonly majors: string[];
  }>;
}

/** A query read: what it says, and its text with the corrections applied (what the lexical side searches). */
export interface QueryReading {
  readonly understood: Understood;
  /** The query with its homophone typos corrected (the query itself when there were none). */
  readonly text: string;
  /**
   * The names the intents stand for (lexicon skills, catalog majors), each one whole term for
   * the lexical side: not cut into parts, whose generic words (技术, 管理) would match everyone.
   */
  readonly expansion: readonly string[];
  /**
   * `text` without the spans read as certificates (spaces kept): where the intent's skills are
   * read, so a certificate's own words (`CAD 绘图员` → CAD) do not also ask for a skill.
   */
  readonly withoutCertificates: string;
  /** The lexicon names of the certificates read from those spans, for the lexical side to search by. */
  readonly spannedCertificates: readonly string[];
}

/**
 * Words before a span that rule it out (不要中职, 非2026届, 排除广州). Not 除了 (除了珠海还有广州
 * adds to it as often as it takes away) nor 不限于 (not limited to: it asks for it and more).
 */
const NOT_BEFORE = '(?:不要|不招|不收|不考虑|不接受|排除|不含|非)';
/** Words after a span that rule it out (珠海以外, 2026届除外, 中职不要). */
const NOT_AFTER = '(?:以外|之外|除外|不要|不考虑|不接受)';
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A word with the negation around it, compiled once per word (level words and place names repeat). */
const NEGATED = new Map<string, RegExp>();
function negated(word: string): RegExp {
  let re = NEGATED.get(word);
  if (!re) {
    re = new RegExp(`${NOT_BEFORE}${escapeRegExp(word)}|${escapeRegExp(word)}${NOT_AFTER}`, 'u');
    if (NEGATED.size < 10_000) NEGATED.set(word, re);
  }
  return re;
}
/**
 * What makes a year a graduation year: 2027届, 27届, 2026级毕业, 2028年毕业, 2025年7月毕业 (2026级
 * alone is the class that entered in 2026).
 */
const YEAR_SUFFIX = '(?:届|级毕业|年毕业|年\\d{1,2}月份?毕业)';
const GRADUATION_YEAR = new RegExp(`(?<!\\d)(20\\d{2}|\\d{2})${YEAR_SUFFIX}`, 'gu');
/** The year in a span {@link NEGATED_YEAR} matched. */
const YEAR_OF = new RegExp(GRADUATION_YEAR.source, 'u');
const NEGATED_YEAR = new RegExp(`${NOT_BEFORE}(?:20\\d{2}|\\d{2})${YEAR_SUFFIX}|(?<!\\d)(?:20\\d{2}|\\d{2})${YEAR_SUFFIX}${NOT_AFTER}`, 'gu');

/**
 * Conditions on a person's sex or age, as job ads write them: 男生/女生/男性/女性 with what asks
 * for or turns them down around them (限男性, 不要女生, 男性优先), a bare 男 or 女 only after
 * 限/仅限/只要 or 性别： (女装, 男鞋 and 男 数控 once normalization has joined the words are left alone), an
 * age range or bound (20-25岁, 18至35周岁, 35岁以下, 年龄18-30). 男女不限 asks nothing and is blanked.
 */
const GENDER_CONDITION =
  /(?:不要|不招|不收|限|仅限|只要|只招|要求|最好是?)?(?:男生|女生|男性|女性|男士|女士)(?:优先|为主|即可)?|(?:限|仅限|只要|只招)(?:男|女)|性别(?:要求)?[:：]?\s*(?:男|女)/gu;
const AGE_CONDITION =
  /年龄(?:要求)?\s*\d{2}\s*(?:岁|周岁)?\s*[-~～—至到]\s*\d{2}\s*(?:岁|周岁)?(?:以下|以内)?|(?:年龄(?:要求)?\s*)?(?:\d{2}\s*(?:岁|周岁)?\s*[-~～—至到]\s*\d{2}\s*(?:岁|周岁)|\d{2}\s*(?:岁|周岁)(?:以下|以上|以内)?)/gu;

/** The levels in order (what is left when some are ruled out). */
const LEVEL_ORDER: readonly Level[] = ['secondary', 'higher', 'bachelor'];

const LEVEL_WORDS: ReadonlyArray<readonly [string, Level]> = [
  ['高职专科', 'higher'],
  ['职业本科', 'bachelor'],
  ['中等职业', 'secondary'],
  ['中职', 'secondary'],
  ['中专', 'secondary'],
  ['职高', 'secondary'],
  ['技校', 'secondary'],
  ['高职', 'higher'],
  ['大专', 'higher'],
  ['专科', 'higher'],
  ['本科', 'bachelor'],
];

/**
 * A level with its range (大专及以上学历, 中专以上, 至少高职, 本科以下): the level and those above
 * it, or below it. Job ads write the floor of what they take far more often than a single level.
 */
const LEVEL_RANGE = (() => {
  const words = LEVEL_WORDS.map(([w]) => w).join('|');
  return new RegExp(`(${words})(?:学历|文凭)?(?:及|或)?(以上|以下)|(?:至少|最低|不低于)(${words})`, 'gu');
})();

const KIND_WORDS: ReadonlyArray<readonly [string, PostKind, InternshipMode?]> = [
  ['顶岗实习', 'internship', 'on_post'],
  ['跟岗实习', 'internship', 'shadow'],
  ['认识实习', 'internship', 'shadow'],
  ['现代学徒制', 'apprenticeship'],
  ['顶岗', 'internship', 'on_post'],
  ['跟岗', 'internship', 'shadow'],
  ['实习', 'internship'],
  ['订单班', 'order_class'],
  ['冠名班', 'order_class'],
  ['订单培养', 'order_class'],
  ['学徒制', 'apprenticeship'],
  ['学徒', 'apprenticeship'],
  ['项目班', 'project_class'],
  ['全职', 'job'],
  ['就业', 'job'],
  ['校招', 'job'],
  ['正式工', 'job'],
];

/** Generic endings a major's short name drops (数控技术 → 数控). */
const MAJOR_ENDINGS = ['工程技术', '技术应用', '技术', '管理', '服务'];

/** The graduating class of the term a date falls in: before July the class of this year, from July the next. */
export function currentGraduationYear(now: Date): number {
  return now.getUTCMonth() >= 6 ? now.getUTCFullYear() + 1 : now.getUTCFullYear();
}

const HAN_RUN = /\p{Script=Han}/u;
/**
 * Two-character homophones are too often both words (智造 / 织造 in the seeds' policy texts, 工程 /
 * 攻城): only spans of three characters or more are corrected (汽车维休, 数空车床, 育影员证).
 */
const MIN_CORRECTED_CHARS = 3;

/** Phrase → its entry, longest phrase first (built once). */
const PHRASES: ReadonlyArray<readonly [string, (typeof COLLOQUIAL_PHRASES)[number]]> = COLLOQUIAL_PHRASES.flatMap((e) => e.phrases.map((p) => [normalizeTerm(p), e] as const)).sort(
  (a, b) => b[0].length - a[0].length,
);
const PRODUCTS: ReadonlyArray<readonly [string, readonly string[]]> = Object.entries(REPAIR_INTENT.products).sort((a, b) => b[0].length - a[0].length);

let homophones: HomophoneIndex | undefined;

/**
 * Entries of a longest-first word list by their first character: a query looks up only the
 * entries that can start inside it (a handful) instead of scanning the list (~1,800 major names),
 * and gets them in the list's order.
 */
class ByFirstChar<T extends readonly [string, ...unknown[]]> {
  readonly #byChar = new Map<string, Array<readonly [number, T]>>();

  constructor(entries: readonly T[]) {
    entries.forEach((e, i) => {
      const c = e[0].charAt(0);
      const list = this.#byChar.get(c);
      if (list) list.push([i, e]);
      else this.#byChar.set(c, [[i, e]]);
    });
  }

  /** The entries whose first character occurs in `text`, in list order. */
  in(text: string): T[] {
    const hits: Array<readonly [number, T]> = [];
    const seen = new Set<string>();
    for (const c of text) {
      if (seen.has(c)) continue;
      seen.add(c);
      const list = this.#byChar.get(c);
      if (list) for (const x of list) hits.push(x);
    }
    return hits.sort((a, b) => a[0] - b[0]).map((x) => x[1]);
  }
}

const PHRASE_TABLE = new ByFirstChar(PHRASES);

/**
 * Reads queries; built once per engine. The major name tables are built on first use, and the
 * pinyin index of lexicon words once per process on the first query (~0.4 s: pinyin of ~3,900
 * terms), shared by every parser.
 */
export class QueryParser {
  readonly #analyzer: Analyzer;
  readonly #places: Gazetteer;
  readonly #now: () => Date;
  #majorNames: ReadonlyArray<readonly [string, readonly string[]]> | undefined;
  #majorTable: ByFirstChar<readonly [string, readonly string[]]> | undefined;
  /** Every word a correction may land on: lexicon terms, catalog names, major short names, colloquial phrases. */
  #known: ReadonlySet<string> | undefined;
  #repairMajors: Map<string, { codes: string[]; skill: string | undefined }> | undefined;

  constructor(opts: { analyzer: Analyzer; places?: Gazetteer; now?: () => Date }) {
    this.#analyzer = opts.analyzer;
    this.#places = opts.places ?? gazetteer();
    this.#now = opts.now ?? (() => new Date());
  }

  /** Name or short name → major codes, longest name first. */
  #majors(): ReadonlyArray<readonly [string, readonly string[]]> {
    if (!this.#majorNames) {
      const byName = new Map<string, string[]>();
      const add = (name: string, code: string) => {
        const key = normalizeTerm(name);
        if ([...key].length < 2) return;
        const list = byName.get(key) ?? [];
        if (!list.includes(code)) list.push(code);
        byName.set(key, list);
      };
      const codesByName = new Map<string, string[]>();
      for (const e of majorCatalog().entries) {
        if (e.item !== 'major') continue;
        codesByName.set(e.name, [...(codesByName.get(e.name) ?? []), e.code]);
        add(e.name, e.code);
        for (const ending of MAJOR_ENDINGS) {
          if (e.name.endsWith(ending) && e.name.length - ending.length >= 2) {
            add(e.name.slice(0, -ending.length), e.code);
            break;
          }
        }
        // A name of two parts joined by 与 goes by its first when that is a field of four
        // characters or more on its own (机械设计与制造 → 机械设计, 电梯安装与维修保养 → 电梯安装);
        // shorter heads (大数据, 物流) are too wide, and the table below maps those by hand.
        const joint = e.name.indexOf('与');
        if (joint >= 4) add(e.name.slice(0, joint), e.code);
      }
      for (const [short, names] of Object.entries(MAJOR_SHORT_NAMES)) for (const n of names) for (const code of codesByName.get(n) ?? []) add(short, code);
      this.#majorNames = [...byName].sort((a, b) => b[0].length - a[0].length);
    }
    return this.#majorNames;
  }

  #knownWords(): ReadonlySet<string> {
    if (!this.#known) {
      const words = new Set<string>(skillLexicon().domainTerms().map(normalizeTerm));
      for (const [name] of this.#majors()) words.add(name);
      for (const [phrase] of PHRASES) words.add(phrase);
      this.#known = words;
      homophones ??= new HomophoneIndex(words);
    }
    return this.#known;
  }

  /**
   * Homophone typos of known words, corrected: a span whose toneless pinyin is a known word's,
   * read as that word when (1) the span is not itself a known word, (2) it is three characters
   * or longer and shares a character with the word, and (3) every character it changes stands alone in the dictionary's cut of
   * the query (维休 is cut 维 / 休; 电器 is a word, so 电器维修 is not "corrected" to 电气维修).
   * Longest spans first; spans do not overlap, and one that overlaps a correctly spelt known
   * word is left alone.
   */
  #correct(text: string): { text: string; corrections: Array<{ from: string; to: string }> } {
    if (!HAN_RUN.test(text)) return { text, corrections: [] };
    const known = this.#knownWords();
    const spans = homophones!.find(text);
    if (!spans.length) return { text, corrections: [] };
    // Characters inside a dictionary word of two or more characters (by UTF-16 offset), cut only when a span may need it.
    let inWordCut: Uint8Array | undefined;
    const inWord = (i: number): boolean => {
      if (!inWordCut) {
        inWordCut = new Uint8Array(text.length);
        let at = 0;
        for (const w of this.#analyzer.dictionaryWords(text)) {
          if ([...w].length >= 2) inWordCut.fill(1, at, at + w.length);
          at += w.length;
        }
      }
      return inWordCut[i] === 1;
    };
    const taken = new Uint8Array(text.length);
    const chosen: Array<{ start: number; end: number; to: string }> = [];
    const ordered = [...spans].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
    for (const s of ordered) {
      if (taken.subarray(s.start, s.end).some((x) => x === 1)) continue;
      const span = text.slice(s.start, s.end);
      if (known.has(span) || s.terms.includes(span)) {
        taken.fill(1, s.start, s.end);
        continue;
      }
      if (s.end - s.start < MIN_CORRECTED_CHARS) continue;
      let best: { term: string; same: number } | undefined;
      let tie = false;
      for (const term of s.terms) {
        if (term.length !== span.length) continue;
        let same = 0;
        let ok = true;
        for (let i = 0; i < span.length; i++) {
          if (span[i] === term[i]) same++;
          else if (inWord(s.start + i)) ok = false;
        }
        if (!ok || same === 0) continue;
        if (!best || same > best.same) {
          best = { term, same };
          tie = false;
        } else if (same === best.same) tie = true;
      }
      if (!best || tie) continue;
      taken.fill(1, s.start, s.end);
      chosen.push({ start: s.start, end: s.end, to: best.term });
    }
    if (!chosen.length) return { text, corrections: [] };
    chosen.sort((a, b) => a.start - b.start);
    let out = '';
    let last = 0;
    const corrections: Array<{ from: string; to: string }> = [];
    for (const c of chosen) {
      out += text.slice(last, c.start) + c.to;
      corrections.push({ from: text.slice(c.start, c.end), to: c.to });
      last = c.end;
    }
    return { text: out + text.slice(last), corrections };
  }

  /**
   * Catalog majors of a product that are repair majors (汽车 → 汽车检测与维修技术, 汽车运用与维修 …)
   * and its repair skill (汽车维修), worked out once per product.
   */
  #repairOf(product: string, words: readonly string[], text: string): { codes: string[]; skill: string | undefined } {
    const key = `${product}|${text.includes('新能源') ? 1 : 0}`;
    this.#repairMajors ??= new Map();
    let found = this.#repairMajors.get(key);
    if (!found) {
      // A longer product word the query does not say (新能源汽车 for 汽车) names another product.
      const longer = PRODUCTS.flatMap(([, ws]) => ws).filter((w) => words.some((x) => w !== x && w.includes(x)) && !text.includes(w));
      const codes = majorCatalog()
        .majors()
        .filter((e) => words.some((w) => e.name.includes(w)) && REPAIR_INTENT.majorWords.some((w) => e.name.includes(w)) && !longer.some((w) => e.name.includes(w)))
        .map((e) => e.code);
      const skill = skillLexicon()
        .skills.filter((s) => words.some((w) => s.name.includes(w)) && REPAIR_INTENT.majorWords.some((w) => s.name.includes(w)))
        .sort((a, b) => a.name.length - b.name.length)[0]?.name;
      found = { codes, skill };
      this.#repairMajors.set(key, found);
    }
    return found;
  }

  parse(query: string): Understood {
    return this.read(query).understood;
  }

  /**
   * Recent readings, by the school year 应届 stood for (from July the same words mean next year's
   * class) and the query, least recently read out first. A route reads a query for the text to
   * embed and the engine reads it again for the search; only the last reading was kept, so two
   * requests interleaved across the embedding's await re-parsed both (4–5 % of a host's CPU at
   * 200 requests a second). Readings are never changed once made, so they are shared.
   */
  readonly #readings = new Map<string, QueryReading>();

  read(query: string): QueryReading {
    const key = `${currentGraduationYear(this.#now())}\u0000${query}`;
    let reading = this.#readings.get(key);
    if (reading) {
      this.#readings.delete(key);
    } else {
      reading = this.#read(query);
      if (this.#readings.size >= READINGS_KEPT) this.#readings.delete(this.#readings.keys().next().value!);
    }
    this.#readings.set(key, reading);
    return reading;
  }

  #read(query: string): QueryReading {
    const corrected = this.#correct(normalizeTerm(query));
    let text = corrected.text;
    // Each recognised span is blanked, so a shorter word inside it is not read again.
    const take = (word: string): boolean => {
      const at = text.indexOf(word);
      if (at < 0) return false;
      text = `${text.slice(0, at)}\u0000${text.slice(at + word.length)}`;
      return true;
    };

    // What the query rules out (不要中职, 非2026届, 珠海以外) is not read as what it asks for: a
    // negated year or place is an exclusion (`understood.excluded`: what is there ranks lower), a
    // negated level leaves the other levels. The negated spans are left out of the text searched
    // and embedded, where their words would pull toward what was ruled out.
    const ruledOutSpans: string[] = [];
    // Sex and age first, before the negations below read 不要女生 as a turned-down word.
    const notApplied: Array<{ kind: 'gender' | 'age'; text: string }> = [];
    text = text.replace(/男女不限|不限男女|性别不限|年龄不限/gu, (m) => (ruledOutSpans.push(m), '\u0000'));
    for (const [kind, pattern] of [['gender', GENDER_CONDITION], ['age', AGE_CONDITION]] as const) {
      text = text.replace(pattern, (m) => {
        notApplied.push({ kind, text: m });
        ruledOutSpans.push(m);
        return '\u0000';
      });
    }
    const excludedYears = new Set<number>();
    text = text.replace(NEGATED_YEAR, (m) => {
      ruledOutSpans.push(m);
      const n = Number(YEAR_OF.exec(m)![1]);
      excludedYears.add(n < 100 ? 2000 + n : n);
      return '\u0000';
    });
    /** Blank `word` with the negation around it (不要…, 非…, …以外) when it is negated there. */
    const takeNegated = (word: string): string | null => {
      const m = negated(word).exec(text);
      if (!m) return null;
      text = `${text.slice(0, m.index)}\u0000${text.slice(m.index + m[0].length)}`;
      ruledOutSpans.push(m[0]);
      return m[0];
    };

    const years = new Set<number>();
    for (const m of text.matchAll(GRADUATION_YEAR)) {
      const n = Number(m[1]);
      years.add(n < 100 ? 2000 + n : n);
    }
    text = text.replace(GRADUATION_YEAR, '\u0000');
    if (take('应届毕业生') || take('应届生') || take('应届')) years.add(currentGraduationYear(this.#now()));

    // Pay (月薪5000以上, 4-6k): thousands separators dropped first (5,000).
    text = text.replace(/(\d)[,，](?=\d{3}(?!\d))/gu, '$1');
    const salary = readSalary(text);
    if (salary) take(salary.text);

    const places: Understood['places'][number][] = [];
    const excludedPlaces: Understood['places'][number][] = [];
    for (const { place, text: span } of this.#places.find(text)) {
      const read = {
        name: place.name,
        label: Gazetteer.label(place),
        kind: place.kind,
        city: place.city,
        ...(place.district ? { district: place.district } : place.kind === 'district' ? { district: place.name } : {}),
      };
      const ruledOut = takeNegated(span);
      if (ruledOut) {
        if (!excludedPlaces.some((p) => p.name === read.name)) excludedPlaces.push({ ...read, text: ruledOut });
        continue;
      }
      take(span);
      places.push({ ...read, text: span });
    }

    const levels: Understood['levels'][number][] = [];
    const ruledOut = new Map<Level, string>();
    for (const [word, level] of LEVEL_WORDS) {
      const said = takeNegated(word);
      if (said) ruledOut.set(level, said);
    }
    text = text.replace(LEVEL_RANGE, (span, word: string | undefined, way: string | undefined, floor: string | undefined) => {
      const at = LEVEL_ORDER.indexOf(LEVEL_WORDS.find(([w]) => w === (word ?? floor))![1]);
      const range = way === '以下' ? LEVEL_ORDER.slice(0, at + 1) : LEVEL_ORDER.slice(at);
      // 中专以上 不要本科: what the query rules out stays out of the range.
      for (const level of range) if (!ruledOut.has(level) && !levels.some((l) => l.level === level)) levels.push({ level, text: span });
      return '\u0000';
    });
    for (const [word, level] of LEVEL_WORDS) if (take(word) && !levels.some((l) => l.level === level)) levels.push({ level, text: word });
    if (ruledOut.size > 0 && levels.length === 0) {
      const said = [...ruledOut.values()].join(' ');
      for (const level of LEVEL_ORDER) if (!ruledOut.has(level)) levels.push({ level, text: said });
    }

    // Any other word the query turns down (不要倒班, 不接受出差, 不想实习) asks for nothing: it is
    // blanked, so no later reading takes it as wanted, and left out of the text searched and
    // embedded, where its word would pull toward what was turned down. The word is a Latin run
    // or the two Han characters after the negation (倒班, 出差, 加班, 夜班: conditions are
    // mostly two); 不要求 (not required) is not a negation of 求.
    text = text.replace(/(?:不要(?!求)|不接受|不考虑|不想|不愿意|不愿|拒绝|不能接受)(?:[a-z0-9+#.]+|\p{Script=Han}{1,2})/gu, (m) => {
      ruledOutSpans.push(m);
      return '\u0000';
    });

    const kinds: Understood['kinds'][number][] = [];
    for (const [word, kind, mode] of KIND_WORDS) {
      if (!take(word)) continue;
      if (kinds.some((k) => k.kind === kind && (k.internshipMode === mode || mode === undefined))) continue;
      kinds.push({ kind, ...(mode ? { internshipMode: mode } : {}), text: word });
    }

    const certificates: Understood['certificates'][number][] = [];
    const lexicon = skillLexicon();
    // The spans read as certificates: the intent's skills are not read from them (CAD 绘图员 is the
    // certificate, not also the skill CAD制图 that its word CAD stands for).
    const claimed: string[] = [];
    const readCertificate = (span: string): boolean => {
      const r = lexicon.resolveCertificate(span);
      if (!r) return false;
      if (!certificates.some((c) => c.name === r.name)) certificates.push({ name: r.name, ...(r.level ? { level: r.level } : {}), text: span });
      take(span);
      claimed.push(span);
      return true;
    };
    // Spans written as certificates: a whole chunk naming a level or a 证 (汽车维修工(中级), 中级电工),
    // then …证 / …证书 with the level bracketed after it inside longer chunks, then what is left of
    // each chunk (电工四级 after CAD绘图员证, two certificates written without a space between).
    const readWhole = (span: string): void => {
      if (!readCertificate(span)) readCertificatesWithin(span, readCertificate);
    };
    for (const chunk of chunks(text)) {
      if (!CERTIFICATE_MARK.test(chunk) || readCertificate(chunk)) continue;
      // 持电工证 中级, 具备焊工证: the verb of holding is not part of the name (the whole chunk is
      // tried first, so a name that starts with one of these characters stays whole).
      const held = chunk.replace(HOLDING, '');
      if (held !== chunk && held.length >= 2) readCertificate(held);
    }
    // The level may follow the 证 bracketed or not (电工证(中级), 持电工证中级 once normalization
    // has dropped the space of 持电工证 中级).
    for (const m of [...text.matchAll(/[^\u0000\s,，、;；]{2,20}?(?:证书|证)(?:\([^)]*\)|初级|中级|高级|技师|[一二三四五]级)?/gu)]) if (text.includes(m[0])) readWhole(m[0]);
    for (const chunk of chunks(text)) if (CERTIFICATE_MARK.test(chunk)) readWhole(chunk);
    // The lexicon's names and synonyms as written, longest first (CAD绘图员, 教资).
    for (const term of certificateTerms()) if (text.includes(term)) readCertificate(term);
    for (const tok of this.#analyzer.analyze(text.replace(/\u0000/gu, ' '))) {
      if (this.#analyzer.termKind(tok) !== 'certificate') continue;
      const r = lexicon.resolveCertificate(tok);
      if (r && !certificates.some((c) => c.name === r.name)) certificates.push({ name: r.name, ...(r.level ? { level: r.level } : {}), text: tok });
    }

    const majors: Understood['majors'][number][] = [];
    const catalog = majorCatalog();
    const addMajor = (code: string, text: string) => {
      const e = catalog.get(code);
      if (!e || majors.some((m) => m.code === code)) return;
      majors.push({ code, name: e.name, level: e.level, className: catalog.lineage(code).class?.name ?? null, text });
    };

    // The repair wish is read before anything is blanked out of the text (维修 may sit inside a skill's name).
    const intents: Array<Understood['intents'][number] & { skills: string[]; majors: string[] }> = [];
    const trigger = REPAIR_INTENT.triggers.find((t) => text.includes(t) && !isNegated(text, text.indexOf(t), text.indexOf(t) + t.length));
    const product = trigger ? PRODUCTS.find(([p]) => text.includes(p) || trigger.includes(p)) : undefined;

    const picks: Array<{ skills: readonly string[]; into: string[] }> = [];
    for (const [phrase, entry] of PHRASE_TABLE.in(text)) {
      const at = text.indexOf(phrase);
      // 图纸还看不太懂 / 不会看图: a negated phrase asks for nothing (blanked, so no shorter phrase reads it either).
      if (at >= 0 && isNegated(text, at, at + phrase.length)) {
        take(phrase);
        continue;
      }
      if (!take(phrase)) continue;
      const intent = { kind: 'phrase' as const, text: phrase, skills: [] as string[], majors: [] as string[] };
      for (const name of entry.majors ?? []) {
        intent.majors.push(name);
        for (const e of catalog.majorsNamed(name)) addMajor(e.code, phrase);
      }
      // A trade noun (焊工) also names its licence: read as if the query had named the certificate.
      for (const name of entry.certificates ?? []) {
        const r = lexicon.resolveCertificate(name);
        if (r && !certificates.some((c) => c.name === r.name)) certificates.push({ name: r.name, ...(r.level ? { level: r.level } : {}), text: phrase });
      }
      if (entry.pick === 'field') picks.push({ skills: entry.skills ?? [], into: intent.skills });
      else for (const s of entry.skills ?? []) intent.skills.push(lexicon.resolveSkill(s)?.name ?? s);
      intents.push(intent);
    }

    this.#majorTable ??= new ByFirstChar(this.#majors());
    for (const [name, codes] of this.#majorTable.in(text)) {
      if (!take(name)) continue;
      for (const code of codes) addMajor(code, name);
    }

    if (trigger && product) {
      const [word, catalogWords] = product;
      const { codes, skill } = this.#repairOf(word, catalogWords, text);
      const intent = { kind: 'repair' as const, text: trigger, product: word, skills: [] as string[], majors: [] as string[] };
      if (codes.length) {
        // Of the product's majors the query named, the non-repair ones (制造, 技术) give way to the repair ones.
        for (let i = majors.length - 1; i >= 0; i--) {
          const m = majors[i]!;
          if (catalogWords.some((w) => m.name.includes(w)) && !REPAIR_INTENT.majorWords.some((w) => m.name.includes(w))) majors.splice(i, 1);
        }
        for (const code of codes) {
          addMajor(code, trigger);
          const name = catalog.get(code)!.name;
          if (!intent.majors.includes(name)) intent.majors.push(name);
        }
      }
      if (skill) intent.skills.push(skill);
      if (intent.majors.length || intent.skills.length) intents.push(intent);
    }

    // 看图纸: the drawing skill of the field the query's majors are in (机械制图 for 数控), else the first.
    if (picks.length) {
      const fields = new Set(majors.map((m) => fieldCode(m.code)?.slice(0, 2)).filter((f): f is string => f !== undefined));
      for (const { skills, into } of picks) {
        const fit = skills.filter((s) => lexicon.skill(s)?.fields.some((f) => fields.has(f.slice(0, 2))));
        for (const s of fit.length ? fit.slice(0, 1) : skills.slice(0, 1)) into.push(lexicon.resolveSkill(s)?.name ?? s);
      }
    }

    const excluded = excludedYears.size || excludedPlaces.length ? { excluded: { graduationYears: [...excludedYears].sort(), places: excludedPlaces } } : {};
    const understood: Understood = {
      graduationYears: [...years].sort(),
      places,
      levels,
      kinds,
      certificates,
      majors,
      corrections: corrected.corrections,
      intents,
      ...(salary ? { salary } : {}),
      ...excluded,
      ...(notApplied.length ? { notApplied } : {}),
    };
    const expansion = [...new Set(intents.flatMap((i) => [...i.skills, ...i.majors]))];
    const asRead = corrected.corrections.length ? correctedQuery(query, corrected.corrections) : query;
    const read = ruledOutSpans.length ? withoutSpans(asRead, ruledOutSpans).trim() : asRead;
    const spannedCertificates = certificates.filter((c) => claimed.includes(c.text)).map((c) => c.name);
    return { understood, text: read, expansion, withoutCertificates: claimed.length ? withoutSpans(read, claimed) : read, spannedCertificates };
  }
}

/** Words of holding or asking that people put before a certificate's name (持有电工证, 需具备焊工证). */
const HOLDING = /^(?:需要|需|要求|必须)?(?:持有|持|具备|具有|已取得|取得|考取|获得|拥有|有)/u;

/** A level or a 证 in a chunk: it may name a certificate. */
const CERTIFICATE_MARK = /证|初级|中级|高级|技师|[一二三四五]级/u;
/** Chunks longer than this are not searched for a certificate inside (the search is quadratic). */
const MAX_CHUNK_SEARCHED = 24;

/** The pieces of a partly read query between blanked spans and separators. */
function chunks(text: string): string[] {
  return text.split(/[\u0000\s,，、;；]+/u).filter((c) => c !== '');
}

/**
 * Certificates written one after another without a separator (`cad绘图员电工证(中级)`, the
 * spaces gone with normalization): the longest pieces holding a level or a 证 that the lexicon
 * resolves by their spelling, each read and blanked, until none is left.
 */
function readCertificatesWithin(chunk: string, read: (span: string) => boolean): boolean {
  const chars = [...chunk];
  if (chars.length > MAX_CHUNK_SEARCHED) return false;
  for (let len = chars.length - 1; len >= 2; len--) {
    for (let at = 0; at + len <= chars.length; at++) {
      const span = chars.slice(at, at + len).join('');
      // A bracket belongs to the name before it: 电工证(中级)cad绘图员 is not (中级)cad绘图员.
      if (!CERTIFICATE_MARK.test(span) || span.startsWith('(') || !balanced(span) || !read(span)) continue;
      const rest = [chars.slice(0, at).join(''), chars.slice(at + len).join('')];
      for (const piece of rest) if (CERTIFICATE_MARK.test(piece) && !read(piece)) readCertificatesWithin(piece, read);
      return true;
    }
  }
  return false;
}

/** Every bracket in a span is closed in it. */
function balanced(span: string): boolean {
  let depth = 0;
  for (const ch of span) {
    if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

let certificateTermList: readonly string[] | undefined;
/** The lexicon's certificate names and synonyms, normalized, two characters or more, longest first. */
function certificateTerms(): readonly string[] {
  certificateTermList ??= [...new Set(skillLexicon().certificates.flatMap((c) => [c.name, ...c.synonyms].map(normalizeTerm)))]
    .filter((t) => [...t].length >= 2)
    .sort((a, b) => b.length - a.length);
  return certificateTermList;
}

/** A query without some spans of its normalized form, matched across the spaces the query keeps. */
function withoutSpans(query: string, spans: readonly string[]): string {
  let out = query.normalize('NFKC').toLowerCase();
  for (const span of spans) {
    const pattern = new RegExp([...span].map(escapeRegExp).join('\\s*'), 'u');
    out = out.replace(pattern, ' ');
  }
  return out;
}

/**
 * The query with its corrections applied, spaces kept (the analyzer reads the query as typed):
 * each corrected span replaced where it occurs in the normalized query, or, when a span crossed
 * a space, the normalized corrected text.
 */
function correctedQuery(query: string, corrections: ReadonlyArray<{ from: string; to: string }>): string {
  let out = query.normalize('NFKC').toLowerCase();
  for (const c of corrections) {
    if (!out.includes(c.from)) {
      let all = normalizeTerm(query);
      for (const k of corrections) all = all.replace(k.from, k.to);
      return all;
    }
    out = out.replace(c.from, c.to);
  }
  return out;
}
