import { COLLOQUIAL_PHRASES, majorCatalog, normalizeTerm, type Enterprise, type FeatureWeights, type School, type StudentProfile } from '@chanjiao/domain';
import type { Analyzer, ResolvedCertificateName } from '../analyzer.js';
import { bestRelation, type Relation } from './major-relation.js';
import { DEFAULT_FEATURE_WEIGHTS } from './weights.js';

/**
 * Structured scoring: hard eligibility first, then a weighted sum of features in [0, 1]. Pure
 * functions over the records (no index, no I/O): the engine re-ranks fused candidates with them,
 * and term batch matching scores every eligible pair with the same ones. This file holds the
 * long-lived part, {@link MatchRules}: what a process builds once and every pair shares.
 */

/** The long-lived part of scoring: built once, shared by every pair. Holds name caches. */
export interface MatchRules {
  readonly analyzer: Analyzer;
  readonly weights: FeatureWeights;
  /** When set, a post of another term is not eligible (term batch matching). */
  readonly term?: string;
  /** When true, a student without consent to be found is not eligible (enterprise-facing answers). */
  readonly requireConsent: boolean;
  /** Canonical form and tokens of a skill / certificate name, memoized. */
  nameInfo(name: string): NameInfo;
  /** The best catalog relation of a major to a list of accepted codes, memoized. */
  relation(studentCode: string, acceptedCodes: readonly string[]): BestRelation;
  /** Does a list of accepted codes (大类 / 类 / 专业, any level) take this major? Memoized. */
  accepts(studentCode: string, acceptedCodes: readonly string[]): boolean;
  /** Major codes and skill names as small integers, for the per-query scorer. */
  readonly interner: Interner;
}

/**
 * Major codes and skill names as small integers, interned once per profile object: the scorer
 * runs on every fused candidate, and following a profile's skill objects and their name strings
 * into a hash lookup each cost ~2 µs a candidate in cache misses on a heap of 200k documents
 * (a third of the engine's time after retrieval). A profile is replaced, never changed, when a
 * student is updated, so a code list stays right for its object. The table belongs to the rules
 * that own it (one per engine, one per batch run) and grows by the distinct names and codes that
 * instance has seen.
 */
export class Interner {
  readonly #names: string[] = [];
  readonly #ids = new Map<string, number>();
  readonly #codesOf = new WeakMap<StudentProfile, Int32Array>();

  /** How many ids have been given out. */
  get size(): number {
    return this.#names.length;
  }

  name(id: number): string {
    return this.#names[id]!;
  }

  intern(name: string): number {
    let id = this.#ids.get(name);
    if (id === undefined) {
      id = this.#names.length;
      this.#names.push(name);
      this.#ids.set(name, id);
    }
    return id;
  }

  /** [major code, skill name…] of a profile, interned. */
  studentCodes(student: StudentProfile): Int32Array {
    let codes = this.#codesOf.get(student);
    if (codes === undefined) {
      codes = new Int32Array(student.skills.length + 1);
      codes[0] = this.intern(student.majorCode);
      for (let i = 0; i < student.skills.length; i++) codes[i + 1] = this.intern(student.skills[i]!.name);
      this.#codesOf.set(student, codes);
    }
    return codes;
  }
}

/** The closest accepted code and how close it is. */
export interface BestRelation {
  readonly value: number;
  readonly relation: Relation | 'any';
  /** The accepted code or prefix that relation is to (absent for "any major"). */
  readonly prefix?: string;
}

/**
 * A skill written as a trade or an everyday phrase (电工, 焊工, 看图纸 in a student's skills
 * column) stands for the lexicon skills the query parser reads it as: the whole name only, so
 * that 电工 covers 电工技术 while 电工证 (a certificate) and longer names keep their own reading.
 */
const PHRASE_SKILLS: ReadonlyMap<string, readonly string[]> = new Map(
  COLLOQUIAL_PHRASES.filter((e) => e.skills?.length).flatMap((e) => e.phrases.map((p) => [normalizeTerm(p), e.skills!] as const)),
);

/** Memoized relations are dropped past this many, so a long batch does not grow without bound. */
const RELATION_CACHE_MAX = 200_000;

export interface NameInfo {
  /** Canonical form as a skill (synonyms folded). */
  readonly canonical: string;
  /** The canonical form and its broader skills: a specific skill covers its general one. */
  readonly covers: ReadonlySet<string>;
  readonly tokens: ReadonlySet<string>;
  /** Canonical form and spelled-out level as a certificate (中级电工 → 电工职业技能等级证书, 中级). */
  readonly certificate: ResolvedCertificateName;
}

export function createMatchRules(opts: {
  analyzer: Analyzer;
  weights?: FeatureWeights;
  term?: string;
  requireConsent?: boolean;
}): MatchRules {
  const cache = new Map<string, NameInfo>();
  const relations = new Map<string, BestRelation>();
  const accepted = new Map<string, boolean>();
  const { analyzer } = opts;
  return {
    analyzer,
    weights: opts.weights ?? DEFAULT_FEATURE_WEIGHTS,
    ...(opts.term === undefined ? {} : { term: opts.term }),
    requireConsent: opts.requireConsent ?? false,
    interner: new Interner(),
    nameInfo(name) {
      let info = cache.get(name);
      if (!info) {
        const canonical = analyzer.canonical(name);
        const tokens = analyzer.analyze(name);
        const phrase = (PHRASE_SKILLS.get(normalizeTerm(name)) ?? []).map((skill) => analyzer.canonical(skill));
        info = {
          canonical,
          // A name listing several skills (二保焊、氩弧焊) covers what each of them covers (焊接).
          covers: new Set([canonical, ...analyzer.broader(canonical), ...tokens.flatMap((t) => [t, ...analyzer.broader(t)]), ...phrase.flatMap((c) => [c, ...analyzer.broader(c)])]),
          tokens: new Set(tokens),
          certificate: analyzer.certificate(name),
        };
        cache.set(name, info);
      }
      return info;
    },
    relation(studentCode, acceptedCodes) {
      const key = `${studentCode}|${acceptedCodes.join(',')}`;
      let r = relations.get(key);
      if (!r) {
        if (relations.size >= RELATION_CACHE_MAX) relations.clear();
        r = bestRelation(studentCode, acceptedCodes);
        relations.set(key, r);
      }
      return r;
    },
    accepts(studentCode, acceptedCodes) {
      if (acceptedCodes.length === 0) return true;
      const key = `${studentCode}|${acceptedCodes.join(',')}`;
      let a = accepted.get(key);
      if (a === undefined) {
        if (accepted.size >= RELATION_CACHE_MAX) accepted.clear();
        const catalog = majorCatalog();
        a = acceptedCodes.some((c) => catalog.matchesFieldPrefix(studentCode, c));
        accepted.set(key, a);
      }
      return a;
    },
  };
}


/** Everything a pair is scored with: the rules, the records around the pair, retrieval scores. */
export interface MatchContext {
  readonly rules: MatchRules;
  /** The student's school (home city, partner enterprises). */
  readonly school?: School | undefined;
  /** The post's enterprise (partner schools, industry). */
  readonly enterprise?: Enterprise | undefined;
  /** The lexical score normalised to [0, 1] within its result list; absent outside search. */
  readonly lexical?: number | null;
  /** The raw BM25 score, shown in explanations. */
  readonly lexicalRaw?: number | null;
  /** Cosine similarity of the two texts' vectors (or query and document); absent when unknown. */
  readonly semantic?: number | null;
}
