import { fieldCode, majorCatalog, type MajorCatalog } from '../catalog/index.js';
import { CERTIFICATE_LEVEL_LABELS, type CertificateLevel } from '../records/common.js';
import { CERTIFICATES, DEFAULT_LEVELS, type CertificateKind } from './data/certificates.js';
import { FIELD_SKILLS, GENERAL_SKILLS, MAJOR_SKILL_HINTS } from './data/skills.js';
import { bigrams, certificateStem, GRADE_LABELS, GRADE_WORDS, similarity, skillReadings, skillStem, takeGrade, unifyBrackets } from './variants.js';

export type { CertificateKind } from './data/certificates.js';

/** A skill (技能) concept: its canonical name, the other names it goes by, and where it belongs. */
export interface LexiconSkill {
  readonly name: string;
  readonly synonyms: readonly string[];
  /** Level-free field codes (`06`, `06-03`; see `fieldCode()`) the skill belongs to. */
  readonly fields: readonly string[];
  /** A more general skill this one is a kind of (MySQL → 数据库应用), for query expansion. */
  readonly broader?: string;
  /** Any major may list it (办公软件, 沟通协调 …). */
  readonly general: boolean;
}

/** A certificate (职业资格 / 职业技能等级 / 1+X / 特种作业 …) concept. */
export interface LexiconCertificate {
  readonly name: string;
  readonly synonyms: readonly string[];
  readonly kind: CertificateKind;
  /** The levels it is issued at; empty when it has none (特种作业操作证, 护士执业资格证). */
  readonly levels: readonly CertificateLevel[];
  readonly fields: readonly string[];
  readonly general: boolean;
}

export interface ResolvedCertificate {
  readonly name: string;
  readonly level?: CertificateLevel;
  /**
   * Set only for a fuzzy match (a name the lexicon knows no spelling of, resolved by similarity):
   * the similarity in (0, 1). Absent when the name resolved by its spelling, i.e. with certainty.
   */
  readonly confidence?: number;
}

/** A skill as written, resolved; `confidence` as for {@link ResolvedCertificate}. */
export interface ResolvedSkill {
  readonly name: string;
  readonly confidence?: number;
}

/** Options of the resolvers. */
export interface ResolveOptions {
  /** Fall back to the most similar known name (bigram Dice ≥ the minimum) and say how sure. */
  readonly fuzzy?: boolean;
}

/** Below this similarity a fuzzy match is no match. */
export const FUZZY_MIN_CONFIDENCE = 0.55;

/**
 * The form every lookup compares: NFKC (full-width letters and brackets become ASCII), lower
 * case, no whitespace. `ＰＬＣ`, `plc` and `P L C` are one term. The analyzer should apply the
 * same function so that index and lexicon agree.
 */
export function normalizeTerm(term: string): string {
  return term.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');
}

/** `canonical|synonym|…>broader`. */
function parseSpec(spec: string): { names: string[]; broader?: string } {
  const [body = '', broader] = spec.split('>');
  const names = body.split('|').map((n) => n.trim());
  if (names.some((n) => n === '')) throw new Error(`lexicon: empty name in "${spec}"`);
  return broader ? { names, broader: broader.trim() } : { names };
}

interface SkillDraft {
  name: string;
  synonyms: Set<string>;
  fields: Set<string>;
  broader?: string;
  general: boolean;
}

/** Fallback name forms tried when a certificate is written by its occupation, or as 证 / 证书 / 等级 (计算机二级). */
const CERTIFICATE_SUFFIXES = ['', '证', '证书', '职业技能等级证书', '等级', '等级证书', '等级考试'] as const;

/**
 * The project's skills and certificates lexicon: concepts with synonyms, their catalog fields,
 * and the lookups that search, ingestion and the demo-data generator share. Immutable.
 *
 * Build it with {@link skillLexicon} (cached); the constructor exists for tests that pass a catalog.
 */
export class SkillLexicon {
  readonly skills: readonly LexiconSkill[];
  readonly certificates: readonly LexiconCertificate[];
  readonly #catalog: MajorCatalog;
  readonly #skillByTerm = new Map<string, LexiconSkill>();
  readonly #certificateByTerm = new Map<string, LexiconCertificate>();
  /** Certificate-specific level words (计算机二级), normalized, per certificate. */
  readonly #levelWords = new Map<LexiconCertificate, ReadonlyArray<readonly [string, CertificateLevel]>>();
  readonly #skillsByField = new Map<string, string[]>();
  readonly #certificatesByField = new Map<string, string[]>();
  readonly #skillHints: ReadonlyArray<{ within?: string; contains: readonly string[]; skills: readonly string[] }>;
  readonly #certificateHints: ReadonlyArray<{ contains: readonly string[]; name: string }>;
  readonly #majorSkills = new Map<string, readonly string[]>();
  readonly #majorCertificates = new Map<string, readonly string[]>();
  /** Certificate stems (see `certificateStem`), name-derived ones first, with their bigrams for the fuzzy fallback. */
  readonly #certificateByStem = new Map<string, LexiconCertificate[]>();
  readonly #certificateStems: Array<{ stem: string; grams: string[]; cert: LexiconCertificate }> = [];
  readonly #skillTerms: Array<{ term: string; grams: string[]; skill: LexiconSkill }> = [];

  constructor(catalog: MajorCatalog) {
    this.#catalog = catalog;
    const knownFields = new Set<string>();
    for (const e of catalog.entries) {
      const f = fieldCode(e.code);
      if (f && e.item === 'category') knownFields.add(f.slice(0, 2));
      if (f && e.item === 'class') knownFields.add(f.slice(0, 5));
    }
    const checkField = (field: string, where: string): void => {
      if (!knownFields.has(field)) throw new Error(`lexicon: ${where} names unknown field ${field}`);
    };

    // Skills: merge every appearance of a canonical name into one concept.
    const drafts = new Map<string, SkillDraft>();
    const addSkill = (spec: string, field: string | undefined, general: boolean): string => {
      const { names, broader } = parseSpec(spec);
      const [name, ...synonyms] = names as [string, ...string[]];
      let d = drafts.get(name);
      if (!d) {
        d = { name, synonyms: new Set(), fields: new Set(), general: false };
        drafts.set(name, d);
      }
      for (const s of synonyms) d.synonyms.add(s);
      if (field) d.fields.add(field);
      if (broader) {
        if (d.broader && d.broader !== broader) throw new Error(`lexicon: skill ${name} has two broader skills`);
        d.broader = broader;
      }
      d.general ||= general;
      return name;
    };
    for (const [field, specs] of Object.entries(FIELD_SKILLS)) {
      checkField(field, 'FIELD_SKILLS');
      const list = specs.map((spec) => addSkill(spec, field, false));
      this.#skillsByField.set(field, list);
    }
    for (const spec of GENERAL_SKILLS) addSkill(spec, undefined, true);
    this.#skillHints = MAJOR_SKILL_HINTS.map((rule) => {
      if (rule.within) checkField(rule.within, 'MAJOR_SKILL_HINTS');
      return { within: rule.within, contains: rule.contains, skills: rule.skills.map((spec) => addSkill(spec, rule.within, false)) };
    });

    const allTerms = new Map<string, string>();
    const claim = (term: string, owner: string): void => {
      const key = normalizeTerm(term);
      const prior = allTerms.get(key);
      if (prior !== undefined && prior !== owner) {
        throw new Error(`lexicon: "${term}" belongs to both "${prior}" and "${owner}"`);
      }
      allTerms.set(key, owner);
    };

    this.skills = Object.freeze(
      [...drafts.values()].map((d) => {
        if (d.broader && !drafts.has(d.broader)) throw new Error(`lexicon: skill ${d.name} names unknown broader skill ${d.broader}`);
        const skill: LexiconSkill = Object.freeze({
          name: d.name,
          synonyms: Object.freeze([...d.synonyms].filter((s) => s !== d.name)),
          fields: Object.freeze([...d.fields].sort()),
          ...(d.broader ? { broader: d.broader } : {}),
          general: d.general,
        });
        for (const term of [skill.name, ...skill.synonyms]) {
          claim(term, `skill:${skill.name}`);
          this.#skillByTerm.set(normalizeTerm(term), skill);
        }
        return skill;
      }),
    );

    const certificateHints: Array<{ contains: readonly string[]; name: string }> = [];
    this.certificates = Object.freeze(
      CERTIFICATES.map((spec) => {
        const { names } = parseSpec(spec.spec);
        const [name, ...synonyms] = names as [string, ...string[]];
        for (const f of spec.fields) checkField(f, `certificate ${name}`);
        const cert: LexiconCertificate = Object.freeze({
          name,
          synonyms: Object.freeze(synonyms),
          kind: spec.kind,
          levels: Object.freeze([...(spec.levels ?? DEFAULT_LEVELS[spec.kind])]),
          fields: Object.freeze([...spec.fields]),
          general: spec.kind === 'general',
        });
        for (const term of [name, ...synonyms]) {
          claim(term, `certificate:${name}`);
          this.#certificateByTerm.set(normalizeTerm(term), cert);
        }
        if (spec.levelLabels) {
          const words: Array<readonly [string, CertificateLevel]> = [];
          for (const [level, labels] of Object.entries(spec.levelLabels) as Array<[CertificateLevel, readonly string[]]>) {
            for (const label of labels) words.push([normalizeTerm(label), level]);
          }
          this.#levelWords.set(cert, words);
        }
        for (const f of spec.fields) {
          const list = this.#certificatesByField.get(f) ?? [];
          list.push(name);
          this.#certificatesByField.set(f, list);
        }
        if (spec.majors) certificateHints.push({ contains: spec.majors, name });
        return cert;
      }),
    );
    this.#certificateHints = certificateHints;
    for (const pass of ['name', 'synonym'] as const) {
      for (const cert of this.certificates) {
        for (const term of pass === 'name' ? [cert.name] : cert.synonyms) {
          const stem = certificateStem(normalizeTerm(term));
          for (const key of [stem, stem.replace(/作业$/u, '')]) {
            if (!key) continue;
            const list = this.#certificateByStem.get(key) ?? [];
            if (!list.includes(cert)) list.push(cert);
            this.#certificateByStem.set(key, list);
          }
          this.#certificateStems.push({ stem, grams: bigrams(stem), cert });
        }
      }
    }
    for (const skill of this.skills) {
      for (const term of [skill.name, ...skill.synonyms]) {
        const key = normalizeTerm(term);
        this.#skillTerms.push({ term: key, grams: bigrams(key), skill });
      }
    }
  }

  /**
   * The canonical skill for any of its names, also when written with proficiency words or a
   * remark (熟练掌握PLC编程 / PLC编程能力 / PLC编程(西门子)); undefined when the lexicon does not know it.
   */
  canonicalSkill(name: string): string | undefined {
    const resolved = this.resolveSkill(name);
    return resolved && resolved.confidence === undefined ? resolved.name : undefined;
  }

  /**
   * A skill as people write it, resolved: by any of its names, then without proficiency words,
   * then (with `fuzzy`) to the most similar name with a confidence.
   */
  resolveSkill(text: string, opts: ResolveOptions = {}): ResolvedSkill | undefined {
    const key = normalizeTerm(text);
    for (const reading of skillReadings(key)) {
      const hit = this.#skillByTerm.get(reading);
      if (hit) return { name: hit.name };
    }
    if (!opts.fuzzy) return undefined;
    const stem = skillStem(key);
    const grams = bigrams(stem);
    let best: { skill: LexiconSkill; score: number } | undefined;
    for (const t of this.#skillTerms) {
      const score = similarity(stem, t.term, grams, t.grams);
      if (!best || score > best.score) best = { skill: t.skill, score };
    }
    // Skills are short and many differ by one character (PLC编程 / PLC调试): a higher bar than certificates.
    return best && best.score >= SKILL_FUZZY_MIN_CONFIDENCE ? { name: best.skill.name, confidence: round2(best.score) } : undefined;
  }

  skill(name: string): LexiconSkill | undefined {
    return this.#skillByTerm.get(normalizeTerm(name));
  }

  /** The canonical certificate for any of its names, level words allowed (`中级电工` → 电工职业技能等级证书). */
  canonicalCertificate(name: string): string | undefined {
    return this.resolveCertificate(name)?.name;
  }

  certificate(name: string): LexiconCertificate | undefined {
    const resolved = this.resolveCertificate(name);
    return resolved ? this.#certificateByTerm.get(normalizeTerm(resolved.name)) : undefined;
  }

  /**
   * A certificate as people write it — `电工（中级）`, `中级电工`, `电工四级`, `计算机二级`,
   * `初级会计职称`, `1+X工业机器人应用编程` — resolved to its canonical name and, when the
   * text names one that the certificate is issued at, its level.
   */
  resolveCertificate(text: string, opts: ResolveOptions = {}): ResolvedCertificate | undefined {
    const key = unifyBrackets(normalizeTerm(text));
    const direct = this.#certificateByTerm.get(key);
    if (direct) return this.#withLevel(direct, this.#levelIn(direct, key));

    // Certificate-specific level words first (计算机二级 is not a 技师 grade).
    for (const cert of this.certificates) {
      for (const [word, level] of this.#levelWords.get(cert) ?? []) {
        if (!key.includes(word)) continue;
        if (this.#lookupStripped(key.replace(word, '')).includes(cert)) return { name: cert.name, level };
      }
    }
    // Generic 初级/中级/高级/技师 and 五级…一级, longest label first so 高级技师 wins over 技师.
    for (const [word, level] of GRADE_WORDS) {
      if (!key.includes(word)) continue;
      // A level beside an ambiguous name picks the reading issued at that level: 焊工中级 and
      // 电工证（中级） are the occupation's 职业技能等级证书, not the level-less 焊工证 / 电工证 licence.
      const rest = key.replace(word, '');
      const hits = this.#lookupStripped(rest);
      const found = hits.find((c) => c.levels.includes(level)) ?? this.#stemReadings(rest).find((c) => c.levels.includes(level)) ?? hits[0];
      if (found) return this.#withLevel(found, level);
    }
    const found = this.#lookupStripped(key)[0];
    if (found) return { name: found.name };
    return this.#byStem(key, opts);
  }

  /**
   * The stem fallback (suffix variants: 作业操作证 / 资格证 / 合格证 …, 特种作业操作证(X)) and, when
   * asked, the fuzzy one: the most similar stem, its similarity as the confidence.
   */
  #byStem(key: string, opts: ResolveOptions): ResolvedCertificate | undefined {
    // A grade word may be part of the name itself (大学英语四级证书): try the whole name first.
    const whole = certificateStem(key);
    for (const k of [whole, whole.replace(/作业$/u, '')]) {
      const hits = this.#certificateByStem.get(k);
      if (hits) return { name: hits[0]!.name };
    }
    const { level, rest } = takeGrade(key);
    const stem = certificateStem(rest);
    for (const k of [stem, stem.replace(/作业$/u, '')]) {
      const hits = this.#certificateByStem.get(k);
      if (!hits) continue;
      const found = (level && hits.find((c) => c.levels.includes(level))) || hits[0]!;
      return this.#withLevel(found, level);
    }
    if (!opts.fuzzy || !stem) return undefined;
    const grams = bigrams(stem);
    let best: { cert: LexiconCertificate; score: number } | undefined;
    for (const s of this.#certificateStems) {
      const score = similarity(stem, s.stem, grams, s.grams);
      if (!best || score > best.score) best = { cert: s.cert, score };
    }
    if (!best || best.score < FUZZY_MIN_CONFIDENCE) return undefined;
    return { ...this.#withLevel(best.cert, level), confidence: round2(best.score) };
  }

  /**
   * Skills that fit a catalog major, most specific first: the major's own (by name), then its
   * 类's, then its 大类's. General skills (办公软件 …) are not included. Empty for an unknown code.
   */
  skillsForMajor(majorCode: string): readonly string[] {
    let out = this.#majorSkills.get(majorCode);
    if (!out) {
      out = this.#forMajor(majorCode, this.#skillsByField, (name, cat) =>
        this.#skillHints.filter((h) => (!h.within || h.within === cat) && h.contains.some((c) => name.includes(c))).flatMap((h) => h.skills),
      );
      this.#majorSkills.set(majorCode, out);
    }
    return out;
  }

  /** Certificates that fit a catalog major, most specific first; general ones (计算机等级 …) left out. */
  certificatesForMajor(majorCode: string): readonly string[] {
    let out = this.#majorCertificates.get(majorCode);
    if (!out) {
      out = this.#forMajor(majorCode, this.#certificatesByField, (name) =>
        this.#certificateHints.filter((h) => h.contains.some((c) => name.includes(c))).map((h) => h.name),
      );
      this.#majorCertificates.set(majorCode, out);
    }
    return out;
  }

  /** Each concept with synonyms as `[canonical, ...synonyms]`: the analyzer's synonym table. */
  synonymGroups(): string[][] {
    return [...this.skills, ...this.certificates].filter((c) => c.synonyms.length > 0).map((c) => [c.name, ...c.synonyms]);
  }

  /**
   * Every multi-character term the segmenter must keep whole: skill and certificate names and
   * synonyms, and the catalog's 大类 / 类 / 专业 names. Sorted, without duplicates.
   */
  domainTerms(): string[] {
    const terms = new Set<string>();
    for (const c of [...this.skills, ...this.certificates]) for (const t of [c.name, ...c.synonyms]) terms.add(t);
    for (const e of this.#catalog.entries) terms.add(e.name);
    return [...terms].filter((t) => [...t].length >= 2).sort();
  }

  /** A certificate with a level, as Chinese users read it: `电工职业技能等级证书（中级）`. */
  static label(cert: ResolvedCertificate): string {
    return cert.level ? `${cert.name}（${CERTIFICATE_LEVEL_LABELS[cert.level]}）` : cert.name;
  }

  #forMajor(majorCode: string, byField: ReadonlyMap<string, readonly string[]>, hinted: (majorName: string, category: string) => readonly string[]): readonly string[] {
    const entry = this.#catalog.get(majorCode);
    const field = fieldCode(majorCode);
    if (!entry || entry.item !== 'major' || !field) return Object.freeze([]);
    const category = field.slice(0, 2);
    const ordered = new Set<string>([...hinted(entry.name, category), ...(byField.get(field.slice(0, 5)) ?? []), ...(byField.get(category) ?? [])]);
    return Object.freeze([...ordered]);
  }

  /**
   * The certificates a name's stem could mean (电工证 → 电工 → 电工职业技能等级证书 and 低压电工作业证),
   * name-derived stems first: where a level written beside the name looks for the reading that has it.
   */
  #stemReadings(key: string): LexiconCertificate[] {
    const stem = certificateStem(key);
    const out: LexiconCertificate[] = [];
    for (const k of [stem, stem.replace(/作业$/u, '')]) for (const c of this.#certificateByStem.get(k) ?? []) if (!out.includes(c)) out.push(c);
    for (const c of this.#lookupStripped(stem)) if (!out.includes(c)) out.push(c);
    return out;
  }

  /** The certificates a name could mean once level words are gone, most literal reading first. */
  #lookupStripped(key: string): LexiconCertificate[] {
    const plain = key.replace(/[()（）]/gu, '');
    const hits: LexiconCertificate[] = [];
    for (const base of [plain, plain.replace(/^1\+x/u, '')]) {
      for (const suffix of CERTIFICATE_SUFFIXES) {
        const hit = this.#certificateByTerm.get(base + suffix);
        if (hit && !hits.includes(hit)) hits.push(hit);
      }
    }
    return hits;
  }

  #levelIn(cert: LexiconCertificate, key: string): CertificateLevel | undefined {
    for (const [word, level] of this.#levelWords.get(cert) ?? []) if (key.includes(word)) return level;
    for (const level of [...cert.levels].reverse()) {
      if (GRADE_LABELS[level].some((w) => key.includes(w)) && !(level === 'technician' && key.includes('高级技师'))) return level;
    }
    return undefined;
  }

  #withLevel(cert: LexiconCertificate, level: CertificateLevel | undefined): ResolvedCertificate {
    return level && cert.levels.includes(level) ? { name: cert.name, level } : { name: cert.name };
  }
}

const SKILL_FUZZY_MIN_CONFIDENCE = 0.75;

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

let cached: SkillLexicon | undefined;

/**
 * The project's lexicon over the project's catalog, built once and cached: like
 * `majorCatalog()` it is immutable reference data, not a client.
 */
export function skillLexicon(): SkillLexicon {
  cached ??= new SkillLexicon(majorCatalog());
  return cached;
}
