import {
  CERTIFICATE_LEVEL_LABELS,
  CERTIFICATE_LEVEL_RANK,
  LEVEL_LABELS,
  majorCatalog,
  type CertificateLevel,
  type CertificateRequirement,
  type Enterprise,
  type MatchExplanation,
  type Post,
  type School,
  type StudentProfile,
} from '@chanjiao/domain';
import type { Analyzer } from './analyzer.js';
import { fieldChain } from './documents.js';

/**
 * Structured re-ranking: hard eligibility first, then a weighted sum of features in [0, 1].
 * Pure functions over the records (no index, no I/O): the engine re-ranks fused candidates with
 * them, and term batch matching scores every eligible pair with the same ones.
 *
 *   score = Σ_f weight_f × value_f        (weights sum to 1, so score ∈ [0, 1])
 */

export const FEATURES = [
  'major',
  'requiredSkills',
  'preferredSkills',
  'certificates',
  'place',
  'localRetention',
  'time',
  'partnerSchool',
  'preference',
  'lexical',
  'semantic',
] as const;
export type Feature = (typeof FEATURES)[number];
export type FeatureWeights = Readonly<Record<Feature, number>>;

/** Defaults: the catalog relation and required skills lead; retrieval scores refine. */
export const DEFAULT_FEATURE_WEIGHTS: FeatureWeights = Object.freeze({
  major: 0.22,
  requiredSkills: 0.18,
  preferredSkills: 0.06,
  certificates: 0.06,
  place: 0.08,
  localRetention: 0.03,
  time: 0.05,
  partnerSchool: 0.04,
  preference: 0.04,
  lexical: 0.1,
  semantic: 0.14,
});

/**
 * Parse `feature=weight,…` (the SEARCH_RERANK_WEIGHTS setting) over the defaults. Weights are
 * then scaled to sum to 1. Throws on an unknown feature or a bad number, naming it.
 */
export function parseFeatureWeights(spec: string | undefined, base: FeatureWeights = DEFAULT_FEATURE_WEIGHTS): FeatureWeights {
  const w: Record<Feature, number> = { ...base };
  for (const part of (spec ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const [name, value] = part.split('=').map((s) => s.trim());
    if (!name || !(FEATURES as readonly string[]).includes(name)) {
      throw new Error(`unknown re-rank feature "${name}"; expected one of ${FEATURES.join(', ')}`);
    }
    const n = Number(value);
    if (value === undefined || value === '' || !Number.isFinite(n) || n < 0) {
      throw new Error(`re-rank weight of ${name} must be a number ≥ 0, got "${value}"`);
    }
    w[name as Feature] = n;
  }
  const sum = FEATURES.reduce((s, f) => s + w[f], 0);
  if (sum <= 0) throw new Error('re-rank weights must not all be 0');
  for (const f of FEATURES) w[f] /= sum;
  return Object.freeze(w);
}

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
}

/** The closest accepted code and how close it is. */
export interface BestRelation {
  readonly value: number;
  readonly relation: Relation | 'any';
  /** The accepted code or prefix that relation is to (absent for "any major"). */
  readonly prefix?: string;
}

/** Memoized relations are dropped past this many, so a long batch does not grow without bound. */
const RELATION_CACHE_MAX = 200_000;

export interface NameInfo {
  /** Canonical form as a skill (synonyms folded). */
  readonly canonical: string;
  /** The canonical form and its broader skills: a specific skill covers its general one. */
  readonly covers: ReadonlySet<string>;
  readonly tokens: ReadonlySet<string>;
  /** Canonical form and spelled-out level as a certificate (中级电工 → 电工职业技能等级证书, 中级). */
  readonly certificate: { readonly canonical: string; readonly level?: CertificateLevel };
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
    nameInfo(name) {
      let info = cache.get(name);
      if (!info) {
        const canonical = analyzer.canonical(name);
        info = {
          canonical,
          covers: new Set([canonical, ...analyzer.broader(canonical)]),
          tokens: new Set(analyzer.analyze(name)),
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

export type IneligibleReason =
  | 'post_not_open'
  | 'student_not_seeking'
  | 'no_consent'
  | 'term_mismatch'
  | 'major_not_accepted'
  | 'level_not_accepted'
  | 'graduation_year_not_accepted'
  | 'missing_certificate';

export type Eligibility =
  | { readonly eligible: true }
  | { readonly eligible: false; readonly reason: IneligibleReason; readonly message: string };

function termYear(term: string): number {
  return Number(term.slice(0, 4));
}

/** Does a held certificate satisfy a requirement (same canonical name, level at least the minimum)? */
function certificateSatisfies(rules: MatchRules, held: { name: string; level?: CertificateLevel | undefined }, req: CertificateRequirement): boolean {
  const have = rules.nameInfo(held.name).certificate;
  const want = rules.nameInfo(req.name).certificate;
  if (have.canonical !== want.canonical) return false;
  const min = req.minLevel ?? want.level;
  if (!min) return true;
  const level = held.level ?? have.level;
  return level !== undefined && CERTIFICATE_LEVEL_RANK[level] >= CERTIFICATE_LEVEL_RANK[min];
}

function certificateLabel(req: CertificateRequirement): string {
  return req.minLevel ? `${req.name}（${CERTIFICATE_LEVEL_LABELS[req.minLevel]}及以上）` : req.name;
}

/**
 * Hard eligibility, checked before any ranking: the post is open (and of the batch's term),
 * the student seeks (and consents, where required), the major is accepted (the same field on any
 * level counts), the level and graduation year are accepted, every required certificate is held
 * at its minimum level. When the post names no graduation years, the kind decides: a job needs a
 * graduate by the term's year, an order class a student still in school after it.
 */
export function isEligible(student: StudentProfile, post: Post, ctx: MatchContext): Eligibility {
  const { rules } = ctx;
  const no = (reason: IneligibleReason, message: string): Eligibility => ({ eligible: false, reason, message });
  if (post.status !== 'open') return no('post_not_open', '岗位未开放');
  if (student.status !== 'seeking') return no('student_not_seeking', '学生不在求职/求学状态');
  if (rules.requireConsent && !student.consentToBeFound) return no('no_consent', '学生未同意被企业查找');
  if (rules.term !== undefined && post.term !== rules.term) return no('term_mismatch', `岗位属于${post.term}学期`);
  if (!rules.accepts(student.majorCode, post.acceptedMajorCodes)) {
    return no('major_not_accepted', `专业不在岗位接受范围：${majorLabel(student.majorCode)}`);
  }
  if (post.acceptedLevels.length > 0 && !post.acceptedLevels.includes(student.level)) {
    return no('level_not_accepted', `层次不符：${LEVEL_LABELS[student.level]}`);
  }
  const year = termYear(post.term);
  if (post.acceptedGraduationYears.length > 0) {
    if (!post.acceptedGraduationYears.includes(student.graduationYear)) {
      return no('graduation_year_not_accepted', `届别不符：${student.graduationYear}届`);
    }
  } else if (post.kind === 'job' && student.graduationYear > year) {
    return no('graduation_year_not_accepted', `就业岗位需${year}届及以前毕业生，学生为${student.graduationYear}届`);
  } else if (post.kind === 'order_class' && student.graduationYear <= year) {
    return no('graduation_year_not_accepted', `订单班面向在校生，学生${student.graduationYear}届已毕业`);
  }
  for (const req of post.requiredCertificates) {
    if (!student.certificates.some((c) => certificateSatisfies(rules, c, req))) {
      return no('missing_certificate', `缺少证书：${certificateLabel(req)}`);
    }
  }
  return { eligible: true };
}

const RELATION_VALUE = { same_major: 1, same_field_major: 0.9, same_class: 0.7, same_category: 0.4, unrelated: 0 } as const;
export type Relation = keyof typeof RELATION_VALUE;

function majorLabel(code: string): string {
  const e = majorCatalog().get(code);
  return e ? e.name : code;
}

function majorLabelWithLevel(code: string): string {
  const e = majorCatalog().get(code);
  return e ? `${e.name}（${LEVEL_LABELS[e.level]}）` : code;
}

/**
 * The closeness of a student's 专业 to one accepted code or prefix, as a catalog relation. A 类
 * prefix the major falls in (on any level) is "same class"; a 大类 prefix "same category".
 */
function relationToPrefix(studentCode: string, prefix: string): Relation {
  const catalog = majorCatalog();
  if (/^\d{6}K?$/.test(prefix)) return catalog.relation(studentCode, prefix);
  const s = fieldChain(studentCode);
  const p = fieldChain(prefix)[0];
  if (!p || s.length === 0) return 'unrelated';
  if (prefix.length === 4) {
    if (s[1] === p) return 'same_class';
    return s[2] === p.slice(0, 2) ? 'same_category' : 'unrelated';
  }
  return s[2] === p ? 'same_category' : 'unrelated';
}

/** The relation in words, e.g. "同类专业：电气自动化技术 ↔ 机电一体化技术". */
function relationWords(relation: Relation, studentCode: string, prefix: string): string {
  const catalog = majorCatalog();
  const s = majorLabel(studentCode);
  const other = catalog.get(prefix)?.name ?? prefix;
  switch (relation) {
    case 'same_major':
      return `同专业：${s}`;
    case 'same_field_major':
      return `同名专业（不同层次）：${majorLabelWithLevel(studentCode)} ↔ ${majorLabelWithLevel(prefix)}`;
    case 'same_class':
      if (prefix.length === 4) return `同类专业：${s} 属于 ${catalog.lineage(studentCode).class?.name ?? other}`;
      return `同类专业：${s} ↔ ${other}`;
    case 'same_category': {
      const cat = catalog.lineage(studentCode).category?.name;
      return prefix.length === 6 || /K$/.test(prefix) ? `同大类专业：${s} ↔ ${other}（${cat ?? ''}）` : `同大类专业：${s} 属于 ${cat ?? other}`;
    }
    case 'unrelated':
      return `专业不相关：${s} ↔ ${other}`;
  }
}

function bestRelation(studentCode: string, acceptedCodes: readonly string[]): BestRelation {
  if (acceptedCodes.length === 0) return { value: 0.5, relation: 'any' };
  let best: { rel: Relation; prefix: string } | undefined;
  for (const prefix of acceptedCodes) {
    const rel = relationToPrefix(studentCode, prefix);
    if (!best || RELATION_VALUE[rel] > RELATION_VALUE[best.rel]) best = { rel, prefix };
  }
  return { value: RELATION_VALUE[best!.rel], relation: best!.rel, prefix: best!.prefix };
}

function bestRelationWords(studentCode: string, best: BestRelation): string {
  return best.relation === 'any' || best.prefix === undefined
    ? `岗位不限专业（学生专业：${majorLabel(studentCode)}）`
    : relationWords(best.relation, studentCode, best.prefix);
}

/** The best relation of the student's major to the post's accepted majors, and its words. */
export function majorRelation(studentCode: string, acceptedCodes: readonly string[]): { value: number; words: string; relation: Relation | 'any' } {
  const best = bestRelation(studentCode, acceptedCodes);
  return { value: best.value, words: bestRelationWords(studentCode, best), relation: best.relation };
}

/**
 * Does one of the student's skills cover a named skill? The same canonical form (synonyms meet),
 * a more specific skill (西门子PLC covers PLC编程), or a name holding its every token.
 */
/** The first of `held` that covers the skill (its index), or -1. */
function coveringSkill(rules: MatchRules, skill: string, held: readonly NameInfo[]): number {
  const want = rules.nameInfo(skill);
  for (let i = 0; i < held.length; i++) {
    const have = held[i]!;
    if (have.covers.has(want.canonical)) return i;
    if (want.tokens.size > 0) {
      let all = true;
      for (const t of want.tokens) if (!have.tokens.has(t)) { all = false; break; }
      if (all) return i;
    }
  }
  return -1;
}

function skillCovered(rules: MatchRules, skill: string, held: readonly NameInfo[]): boolean {
  return coveringSkill(rules, skill, held) >= 0;
}

/**
 * A query's skills are canonical tokens (plc编程); the explanation names a matched one as the
 * record that has it spells it (the student's `PLC编程`, or `西门子PLC` when that is what covered
 * it) and a missing one as the lexicon spells it.
 */
function intentSkillEvidence(rules: MatchRules, intentSkills: readonly string[], names: readonly string[], ev: Evidence | null): number {
  const held = names.map((n) => rules.nameInfo(n));
  let hits = 0;
  for (const s of intentSkills) {
    const at = coveringSkill(rules, s, held);
    if (at >= 0) hits++;
    if (ev) (at >= 0 ? ev.matchedSkills : ev.missingRequiredSkills).push(at >= 0 ? names[at]! : rules.analyzer.skillName(s));
  }
  return hits;
}

function termStartMonth(term: string): string {
  return `${term.slice(0, 4)}-${term.endsWith('spring') ? '03' : '09'}`;
}

function monthsBetween(a: string, b: string): number {
  return (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + (Number(b.slice(5, 7)) - Number(a.slice(5, 7)));
}

export interface MatchScore {
  readonly score: number;
  /** Each feature's value in [0, 1] (before weighting). */
  readonly features: Readonly<Record<Feature, number>>;
  readonly explanation: MatchExplanation;
}

/** What an explanation lists, gathered only when one is asked for (ranking needs the score alone). */
interface Evidence {
  readonly matchedSkills: string[];
  readonly missingRequiredSkills: string[];
  readonly matchedCertificates: string[];
  readonly missingRequiredCertificates: string[];
  readonly notes: string[];
}

function evidence(): Evidence {
  return { matchedSkills: [], missingRequiredSkills: [], matchedCertificates: [], missingRequiredCertificates: [], notes: [] };
}

function retrieval(ctx: MatchContext): { lexical: number; semantic: number } {
  return { lexical: ctx.lexical ?? 0, semantic: ctx.semantic == null ? 0 : Math.max(0, Math.min(1, ctx.semantic)) };
}

function weighted(features: Readonly<Record<Feature, number>>, weights: FeatureWeights): number {
  let score = 0;
  for (const f of FEATURES) score += weights[f] * features[f];
  return score;
}

/** The features of a student for a post; `ev` collects the evidence when an explanation is wanted. */
function pairFeatures(student: StudentProfile, post: Post, ctx: MatchContext, ev: Evidence | null): { features: Record<Feature, number>; relation: BestRelation } {
  const { rules } = ctx;
  const studentSkills = student.skills.map((s) => rules.nameInfo(s.name));
  const relation = rules.relation(student.majorCode, post.acceptedMajorCodes);

  let requiredHits = 0;
  for (const s of post.requiredSkills) {
    const hit = skillCovered(rules, s, studentSkills);
    if (hit) requiredHits++;
    if (ev) (hit ? ev.matchedSkills : ev.missingRequiredSkills).push(s);
  }
  let preferredHits = 0;
  for (const s of post.preferredSkills) {
    if (skillCovered(rules, s, studentSkills)) {
      preferredHits++;
      ev?.matchedSkills.push(s);
    }
  }

  let certificateHits = 0;
  for (const req of post.requiredCertificates) {
    const hit = student.certificates.some((c) => certificateSatisfies(rules, c, req));
    if (hit) certificateHits++;
    if (ev) (hit ? ev.matchedCertificates : ev.missingRequiredCertificates).push(certificateLabel(req));
  }
  for (const req of post.preferredCertificates) {
    if (student.certificates.some((c) => certificateSatisfies(rules, c, req))) {
      certificateHits++;
      ev?.matchedCertificates.push(certificateLabel(req));
    }
  }
  const listedCertificates = post.requiredCertificates.length + post.preferredCertificates.length;

  const prefs = student.preferences;
  const homeCity = ctx.school?.city;
  const wantsCity = prefs.cities.includes(post.city);
  let city: number;
  if (wantsCity) city = 1;
  else if (homeCity === post.city) city = prefs.stayLocal ? 1 : 0.7;
  else city = prefs.cities.length === 0 && homeCity === undefined ? 0.5 : 0;
  const park = prefs.parks.length === 0 ? 0.5 : post.park !== undefined && prefs.parks.includes(post.park) ? 1 : 0;
  const localRetention = prefs.stayLocal && homeCity === post.city ? 1 : 0;
  if (ev) {
    if (city === 1) ev.notes.push(`地点：${post.city}${wantsCity ? '（意向城市）' : '（本地）'}`);
    if (park === 1) ev.notes.push(`园区：${post.park ?? ''}（意向园区）`);
    if (localRetention) ev.notes.push('本地留用：学校所在地岗位');
  }

  const timeParts: number[] = [];
  const avail = student.availability;
  if (avail.from !== undefined) {
    const late = monthsBetween(termStartMonth(post.term), avail.from);
    timeParts.push(late <= 0 ? 1 : late <= 3 ? 0.5 : 0);
    if (ev && late > 0) ev.notes.push(`到岗时间晚于学期开始 ${late} 个月`);
  }
  if (post.durationMonths !== undefined && avail.months !== undefined) {
    timeParts.push(Math.min(1, avail.months / post.durationMonths));
    if (ev && avail.months < post.durationMonths) ev.notes.push(`可实习/培养 ${avail.months} 个月，岗位需 ${post.durationMonths} 个月`);
  }

  const partnerSchool =
    (ctx.enterprise?.partnerSchoolIds.includes(student.schoolId) ?? false) ||
    (ctx.school?.partnerEnterpriseIds.some((id) => id === post.enterpriseId || post.coEnterpriseIds.includes(id)) ?? false)
      ? 1
      : 0;
  if (ev && partnerSchool) ev.notes.push('校企合作：企业与学生所在学校签有合作协议');

  const kindPref = prefs.postKinds.length === 0 ? 0.5 : prefs.postKinds.includes(post.kind) ? 1 : 0;
  const industry = ctx.enterprise && prefs.industries.length ? (prefs.industries.includes(ctx.enterprise.industry) ? 1 : 0) : 0.5;

  return {
    relation,
    features: {
      major: relation.value,
      requiredSkills: post.requiredSkills.length ? requiredHits / post.requiredSkills.length : 0.5,
      preferredSkills: post.preferredSkills.length ? preferredHits / post.preferredSkills.length : 0,
      certificates: listedCertificates ? certificateHits / listedCertificates : 0,
      place: 0.7 * city + 0.3 * park,
      localRetention,
      time: timeParts.length ? timeParts.reduce((a, b) => a + b, 0) / timeParts.length : 0.5,
      partnerSchool,
      preference: (kindPref + industry) / 2,
      ...retrieval(ctx),
    },
  };
}

/**
 * The score of an eligible student for a post, each feature's value and contribution, and the
 * explanation the API shows (matched / missing skills, major relation in words, retrieval scores).
 */
export function matchScore(student: StudentProfile, post: Post, ctx: MatchContext): MatchScore {
  const ev = evidence();
  const { features, relation } = pairFeatures(student, post, ctx, ev);
  return explained(features, ctx, ev, bestRelationWords(student.majorCode, relation));
}

/** The score alone, without building an explanation: what ranking and batch matching need per pair. */
export function matchScoreValue(student: StudentProfile, post: Post, ctx: MatchContext): number {
  return weighted(pairFeatures(student, post, ctx, null).features, ctx.rules.weights);
}

/** Round for display: explanations carry 4 decimals, the score is computed from full values. */
function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}

function explained(features: Record<Feature, number>, ctx: MatchContext, ev: Evidence, majorWords: string): MatchScore {
  const weights = ctx.rules.weights;
  const contributions: Record<string, number> = {};
  for (const f of FEATURES) if (weights[f] > 0) contributions[f] = round4(weights[f] * features[f]);
  return {
    score: weighted(features, weights),
    features,
    explanation: {
      ...ev,
      majorRelation: majorWords,
      lexicalScore: ctx.lexicalRaw ?? null,
      semanticScore: ctx.semantic ?? null,
      contributions,
    },
  };
}

/**
 * What a free-text query asks for, read from its tokens: catalog majors it names and skills and
 * certificates it names. HR search without a post scores candidates against this.
 */
export interface QueryIntent {
  readonly majorCodes: readonly string[];
  readonly skills: readonly string[];
}

/** Only the features a free-text query speaks to; the others count 0 for everyone, so they do not reorder. */
function queryFeatures(major: number, skills: number, ctx: MatchContext): Record<Feature, number> {
  return {
    major,
    requiredSkills: skills,
    preferredSkills: 0,
    certificates: 0,
    place: 0,
    localRetention: 0,
    time: 0,
    partnerSchool: 0,
    preference: 0,
    ...retrieval(ctx),
  };
}

function studentIntentFeatures(student: StudentProfile, intent: QueryIntent, ctx: MatchContext, ev: Evidence | null) {
  const { rules } = ctx;
  const hits = intentSkillEvidence(rules, intent.skills, student.skills.map((s) => s.name), ev);
  const relation = intent.majorCodes.length ? rules.relation(student.majorCode, intent.majorCodes) : undefined;
  return { relation, features: queryFeatures(relation?.value ?? 0, intent.skills.length ? hits / intent.skills.length : 0, ctx) };
}

/**
 * Score a student against a free-text query's intent: the named majors (closeness), the named
 * skills (coverage), retrieval scores.
 */
export function queryMatchScore(student: StudentProfile, intent: QueryIntent, ctx: MatchContext): MatchScore {
  const ev = evidence();
  const { relation, features } = studentIntentFeatures(student, intent, ctx, ev);
  return explained(features, ctx, ev, relation ? bestRelationWords(student.majorCode, relation) : `专业：${majorLabel(student.majorCode)}`);
}

export function queryMatchScoreValue(student: StudentProfile, intent: QueryIntent, ctx: MatchContext): number {
  return weighted(studentIntentFeatures(student, intent, ctx, null).features, ctx.rules.weights);
}

/**
 * Major codes and skill names as small integers, interned once per profile object: the scorer
 * runs on every fused candidate, and following a profile's skill objects and their name strings
 * into a hash lookup each cost ~2 µs a candidate in cache misses on a heap of 200k documents
 * (a third of the engine's time after retrieval). A profile is replaced, never changed, when a
 * student is updated, so a code list stays right for its object; the table only grows, by the
 * distinct names and codes ever seen.
 */
const internedNames: string[] = [];
const internedIds = new Map<string, number>();
const codesOf = new WeakMap<StudentProfile, Int32Array>();

function intern(name: string): number {
  let id = internedIds.get(name);
  if (id === undefined) {
    id = internedNames.length;
    internedNames.push(name);
    internedIds.set(name, id);
  }
  return id;
}

/** [major code, skill name…] of a profile, interned. */
function studentCodes(student: StudentProfile): Int32Array {
  let codes = codesOf.get(student);
  if (codes === undefined) {
    codes = new Int32Array(student.skills.length + 1);
    codes[0] = intern(student.majorCode);
    for (let i = 0; i < student.skills.length; i++) codes[i + 1] = intern(student.skills[i]!.name);
    codesOf.set(student, codes);
  }
  return codes;
}

/** A copy of `a` at least `length` long, the new slots set to `empty`. */
function widened<T extends Int32Array | Float64Array>(a: T, length: number, empty: number): T {
  const b = new (a.constructor as new (n: number) => T)(Math.max(length, a.length * 2, 64));
  b.fill(empty);
  b.set(a);
  return b;
}

/**
 * {@link queryMatchScoreValue} for the many candidates of one query, with what depends only on a
 * skill name or a major code worked out once per query: a search re-scores up to
 * 2 × SEARCH_DEPTH candidates, and they share a few dozen majors and skills. Same arithmetic,
 * same value (test/rerank.test.ts compares the two).
 */
export function queryMatchScorer(intent: QueryIntent, rules: MatchRules): (student: StudentProfile, lexical: number | null, semantic: number | null) => number {
  // Bit i: the skill covers intent.skills[i]. Beyond 30 named skills, the plain path.
  if (intent.skills.length > 30) {
    return (student, lexical, semantic) => queryMatchScoreValue(student, intent, { rules, lexical, semantic });
  }
  // By interned id (see studentCodes): the covered-skills mask of a skill name (−1: not worked
  // out yet) and the relation value of a major code (NaN: not yet).
  let masks = new Int32Array(0);
  let majors = new Float64Array(0);
  const wanted = intent.skills.length;
  // The four features a query sets, in FEATURES order; the others are 0 and add nothing, so this
  // is weighted()'s sum term for term.
  const w = rules.weights;
  return (student, lexical, semantic) => {
    const codes = studentCodes(student);
    let covered = 0;
    for (let j = 1; j < codes.length; j++) {
      const id = codes[j]!;
      if (id >= masks.length) masks = widened(masks, internedNames.length, -1);
      let m = masks[id]!;
      if (m < 0) {
        const have = [rules.nameInfo(internedNames[id]!)];
        m = 0;
        for (let i = 0; i < wanted; i++) if (skillCovered(rules, intent.skills[i]!, have)) m |= 1 << i;
        masks[id] = m;
      }
      covered |= m;
    }
    let hits = 0;
    for (let i = 0; i < wanted; i++) if (covered & (1 << i)) hits++;
    let major = 0;
    if (intent.majorCodes.length) {
      const id = codes[0]!;
      if (id >= majors.length) majors = widened(majors, internedNames.length, NaN);
      let r = majors[id]!;
      if (Number.isNaN(r)) majors[id] = r = rules.relation(internedNames[id]!, intent.majorCodes).value;
      major = r;
    }
    let score = 0;
    score += w.major * major;
    score += w.requiredSkills * (wanted ? hits / wanted : 0);
    score += w.lexical * (lexical ?? 0);
    score += w.semantic * (semantic == null ? 0 : Math.max(0, Math.min(1, semantic)));
    return score;
  };
}

function postIntentFeatures(post: Post, intent: QueryIntent, ctx: MatchContext, ev: Evidence | null) {
  const { rules } = ctx;
  const hits = intentSkillEvidence(rules, intent.skills, [...post.requiredSkills, ...post.preferredSkills], ev);
  let best: { code: string; relation: BestRelation } | undefined;
  for (const code of intent.majorCodes) {
    const relation = rules.relation(code, post.acceptedMajorCodes);
    if (!best || relation.value > best.relation.value) best = { code, relation };
  }
  return { best, features: queryFeatures(best?.relation.value ?? 0, intent.skills.length ? hits / intent.skills.length : 0, ctx) };
}

/** Score a post against a free-text query's intent (students searching posts by words). */
export function queryPostScore(post: Post, intent: QueryIntent, ctx: MatchContext): MatchScore {
  const ev = evidence();
  const { best, features } = postIntentFeatures(post, intent, ctx, ev);
  return explained(features, ctx, ev, best ? bestRelationWords(best.code, best.relation) : '');
}

export function queryPostScoreValue(post: Post, intent: QueryIntent, ctx: MatchContext): number {
  return weighted(postIntentFeatures(post, intent, ctx, null).features, ctx.rules.weights);
}
