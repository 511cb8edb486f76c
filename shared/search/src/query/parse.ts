import {
  Gazetteer,
  gazetteer,
  MAJOR_SHORT_NAMES,
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

/**
 * What a free-text query says beyond its words: graduation years (2027届, 27届, 应届), places
 * (cities, districts, parks and their short names, from the gazetteer), levels (中职 / 高职 /
 * 职业本科), post kinds (顶岗实习, 订单班, 学徒), certificates and majors (by name, short name or
 * abbreviation). The reply echoes it as `understood`, so a UI can show "已识别：2027届 · 珠海市金湾区"
 * and let the user turn any of it into a hard filter; the re-rank reads it as soft boosts.
 */
export interface Understood {
  readonly graduationYears: number[];
  readonly places: Array<{ readonly name: string; readonly label: string; readonly kind: PlaceKind; readonly city: string; readonly district?: string; readonly text: string }>;
  readonly levels: Array<{ readonly level: Level; readonly text: string }>;
  readonly kinds: Array<{ readonly kind: PostKind; readonly internshipMode?: InternshipMode; readonly text: string }>;
  readonly certificates: Array<{ readonly name: string; readonly level?: CertificateLevel; readonly text: string }>;
  readonly majors: Array<{ readonly code: string; readonly name: string; readonly level: Level; readonly className: string | null; readonly text: string }>;
}

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

/** Reads queries; built once per engine (the major name tables are built on first use). */
export class QueryParser {
  readonly #analyzer: Analyzer;
  readonly #places: Gazetteer;
  readonly #now: () => Date;
  #majorNames: ReadonlyArray<readonly [string, readonly string[]]> | undefined;

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
      }
      for (const [short, names] of Object.entries(MAJOR_SHORT_NAMES)) for (const n of names) for (const code of codesByName.get(n) ?? []) add(short, code);
      this.#majorNames = [...byName].sort((a, b) => b[0].length - a[0].length);
    }
    return this.#majorNames;
  }

  parse(query: string): Understood {
    let text = normalizeTerm(query);
    // Each recognised span is blanked, so a shorter word inside it is not read again.
    const take = (word: string): boolean => {
      const at = text.indexOf(word);
      if (at < 0) return false;
      text = `${text.slice(0, at)}\u0000${text.slice(at + word.length)}`;
      return true;
    };

    const years = new Set<number>();
    for (const m of text.matchAll(/(?<!\d)(20\d{2}|\d{2})(?:届|级毕业|年毕业)/gu)) {
      const n = Number(m[1]);
      years.add(n < 100 ? 2000 + n : n);
    }
    text = text.replace(/(?<!\d)(20\d{2}|\d{2})(?:届|级毕业|年毕业)/gu, '\u0000');
    if (take('应届毕业生') || take('应届生') || take('应届')) years.add(currentGraduationYear(this.#now()));

    const places: Understood['places'][number][] = [];
    for (const { place, text: span } of this.#places.find(text)) {
      take(span);
      places.push({
        name: place.name,
        label: Gazetteer.label(place),
        kind: place.kind,
        city: place.city,
        ...(place.district ? { district: place.district } : place.kind === 'district' ? { district: place.name } : {}),
        text: span,
      });
    }

    const levels: Understood['levels'][number][] = [];
    for (const [word, level] of LEVEL_WORDS) if (take(word) && !levels.some((l) => l.level === level)) levels.push({ level, text: word });

    const kinds: Understood['kinds'][number][] = [];
    for (const [word, kind, mode] of KIND_WORDS) {
      if (!take(word)) continue;
      if (kinds.some((k) => k.kind === kind && (k.internshipMode === mode || mode === undefined))) continue;
      kinds.push({ kind, ...(mode ? { internshipMode: mode } : {}), text: word });
    }

    const certificates: Understood['certificates'][number][] = [];
    const lexicon = skillLexicon();
    // Spans written as certificates (…证 / …证书 with an optional level), then the lexicon's names among the tokens.
    const spans = [
      // A whole chunk naming a level or a 证 (汽车维修工(中级), 中级电工), then …证 / …证书 inside longer chunks.
      ...text.split(/[\u0000\s,，、;；]+/u).filter((c) => /证|初级|中级|高级|技师|[一二三四五]级/u.test(c)),
      ...[...text.matchAll(/[^\u0000\s,，、;；]{2,20}?(?:证书|证)(?:\([^)]*\))?/gu)].map((m) => m[0]),
    ];
    for (const span of spans) {
      const r = lexicon.resolveCertificate(span);
      if (r && !certificates.some((c) => c.name === r.name)) {
        certificates.push({ name: r.name, ...(r.level ? { level: r.level } : {}), text: span });
        take(span);
      }
    }
    for (const tok of this.#analyzer.analyze(text.replace(/\u0000/gu, ' '))) {
      if (this.#analyzer.termKind(tok) !== 'certificate') continue;
      const r = lexicon.resolveCertificate(tok);
      if (r && !certificates.some((c) => c.name === r.name)) certificates.push({ name: r.name, ...(r.level ? { level: r.level } : {}), text: tok });
    }

    const majors: Understood['majors'][number][] = [];
    const catalog = majorCatalog();
    for (const [name, codes] of this.#majors()) {
      if (!take(name)) continue;
      for (const code of codes) {
        const e = catalog.get(code);
        if (!e || majors.some((m) => m.code === code)) continue;
        majors.push({ code, name: e.name, level: e.level, className: catalog.lineage(code).class?.name ?? null, text: name });
      }
    }

    return { graduationYears: [...years].sort(), places, levels, kinds, certificates, majors };
  }
}
