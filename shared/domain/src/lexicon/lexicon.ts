import { fieldCode, majorCatalog, type MajorCatalog } from '../catalog/index.js';
import { CERTIFICATE_LEVEL_LABELS, type CertificateLevel } from '../records/common.js';
import { CERTIFICATES, DEFAULT_LEVELS, type CertificateKind } from './data/certificates.js';
import { FIELD_SKILLS, GENERAL_SKILLS, MAJOR_SKILL_HINTS } from './data/skills.js';

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
}

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

/** 职业技能等级 grades: 五级 is 初级 … 一级 is 高级技师 (人社部 scheme). */
const GRADE_LABELS: Readonly<Record<CertificateLevel, readonly string[]>> = {
  junior: ['初级', '五级', '初级工'],
  intermediate: ['中级', '四级', '中级工'],
  senior: ['高级', '三级', '高级工'],
  technician: ['技师', '二级'],
  senior_technician: ['高级技师', '一级'],
};

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
  }

  /** The canonical skill for any of its names, or undefined when the lexicon does not know it. */
  canonicalSkill(name: string): string | undefined {
    return this.#skillByTerm.get(normalizeTerm(name))?.name;
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
  resolveCertificate(text: string): ResolvedCertificate | undefined {
    const key = normalizeTerm(text);
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
    const labels = Object.entries(GRADE_LABELS)
      .flatMap(([level, words]) => words.map((w) => [w, level as CertificateLevel] as const))
      .sort((a, b) => b[0].length - a[0].length);
    for (const [word, level] of labels) {
      if (!key.includes(word)) continue;
      // 焊工中级: the 焊工 certificate issued at 中级, not the level-less 焊工证 licence.
      const hits = this.#lookupStripped(key.replace(word, ''));
      const found = hits.find((c) => c.levels.includes(level)) ?? hits[0];
      if (found) return this.#withLevel(found, level);
    }
    const found = this.#lookupStripped(key)[0];
    return found ? { name: found.name } : undefined;
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

let cached: SkillLexicon | undefined;

/**
 * The project's lexicon over the project's catalog, built once and cached: like
 * `majorCatalog()` it is immutable reference data, not a client.
 */
export function skillLexicon(): SkillLexicon {
  cached ??= new SkillLexicon(majorCatalog());
  return cached;
}
