import type { Feature, Post, School, StudentProfile } from '@chanjiao/domain';
import { hasStudentConstraints, postConstraints, studentConstraints, UNMET_FACTOR, type ConstraintValues, type QueryConstraints } from './constraints.js';
import { isEligible } from './eligibility.js';
import { evidence, explained, retrieval, type Evidence, type MatchScore } from './explanation.js';
import { bestRelationWords, majorLabel } from './major-relation.js';
import { matchScore, matchScoreValue } from './pair.js';
import type { BestRelation, MatchContext, MatchRules } from './rules.js';
import { intentSkillEvidence, skillCovered } from './skills.js';
import { weighted } from './weights.js';

/**
 * What a free-text query asks for, read from its tokens: catalog majors it names and skills and
 * certificates it names. HR search without a post scores candidates against this.
 */
export interface QueryIntent extends QueryConstraints {
  readonly majorCodes: readonly string[];
  readonly skills: readonly string[];
}

/**
 * Only the features a free-text query speaks to (major, skills, and the constraints it names);
 * the others count 0 for everyone, so they do not reorder.
 */
function queryFeatures(major: number, skills: number, c: ConstraintValues, ctx: MatchContext): Record<Feature, number> {
  return {
    major,
    requiredSkills: skills,
    preferredSkills: 0,
    certificates: c.certificates,
    place: c.place,
    localRetention: 0,
    time: c.time,
    partnerSchool: 0,
    preference: c.preference,
    ...retrieval(ctx),
  };
}

/**
 * The soft boosts (place, time, preference) never outweigh a missing core need: when the query
 * names skills, they count in proportion to the share the student has, and a student with none
 * of them counts as missing a constraint ({@link UNMET_FACTOR}), as a student elsewhere does. So
 * `焊工 持证 金湾` ranks a welder from another city above a PLC student who prefers 金湾.
 */
export function skillCapped(c: ConstraintValues, hits: number, wanted: number, asked: boolean): ConstraintValues {
  if (wanted === 0) return c;
  const share = hits / wanted;
  return {
    place: c.place * share,
    time: c.time * share,
    preference: c.preference * share,
    certificates: c.certificates,
    factor: hits === 0 && asked ? c.factor * UNMET_FACTOR : c.factor,
  };
}

function studentIntentFeatures(student: StudentProfile, intent: QueryIntent, ctx: MatchContext, ev: Evidence | null) {
  const { rules } = ctx;
  const hits = intentSkillEvidence(rules, intent.skills, student.skills.map((s) => s.name), ev);
  const relation = intent.majorCodes.length ? rules.relation(student.majorCode, intent.majorCodes) : undefined;
  const constraints = studentConstraints(student, ctx.school, intent, rules, ev);
  const c = skillCapped(constraints, hits, intent.skills.length, hasStudentConstraints(intent));
  if (ev && c.factor < constraints.factor) ev.notes.push(`技能不符：没有查询的技能（${ev.missingRequiredSkills.join('、')}）`);
  return { relation, factor: c.factor, features: queryFeatures(relation?.value ?? 0, intent.skills.length ? hits / intent.skills.length : 0, c, ctx) };
}

/**
 * Score a student against a free-text query's intent: the named majors (closeness), the named
 * skills (coverage), retrieval scores.
 */
export function queryMatchScore(student: StudentProfile, intent: QueryIntent, ctx: MatchContext): MatchScore {
  const ev = evidence();
  const { relation, features, factor } = studentIntentFeatures(student, intent, ctx, ev);
  return explained(features, ctx, ev, relation ? bestRelationWords(student.majorCode, relation) : `专业：${majorLabel(student.majorCode)}`, factor);
}

export function queryMatchScoreValue(student: StudentProfile, intent: QueryIntent, ctx: MatchContext): number {
  const { features, factor } = studentIntentFeatures(student, intent, ctx, null);
  return weighted(features, ctx.rules.weights) * factor;
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
export type QueryScorer = (student: StudentProfile, lexical: number | null, semantic: number | null, school?: School) => number;

export function queryMatchScorer(intent: QueryIntent, rules: MatchRules): QueryScorer {
  // Bit i: the skill covers intent.skills[i]. Beyond 30 named skills, the plain path.
  if (intent.skills.length > 30) {
    return (student, lexical, semantic, school) => queryMatchScoreValue(student, intent, { rules, lexical, semantic, school });
  }
  // By interned id (see Interner): the covered-skills mask of a skill name (−1: not worked
  // out yet) and the relation value of a major code (NaN: not yet).
  let masks = new Int32Array(0);
  let majors = new Float64Array(0);
  const wanted = intent.skills.length;
  const asked = hasStudentConstraints(intent);
  // The four features a query sets, in FEATURES order; the others are 0 and add nothing, so this
  // is weighted()'s sum term for term.
  const w = rules.weights;
  const { interner } = rules;
  return (student, lexical, semantic, school) => {
    const codes = interner.studentCodes(student);
    let covered = 0;
    for (let j = 1; j < codes.length; j++) {
      const id = codes[j]!;
      if (id >= masks.length) masks = widened(masks, interner.size, -1);
      let m = masks[id]!;
      if (m < 0) {
        const have = [rules.nameInfo(interner.name(id))];
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
      if (id >= majors.length) majors = widened(majors, interner.size, NaN);
      let r = majors[id]!;
      if (Number.isNaN(r)) majors[id] = r = rules.relation(interner.name(id), intent.majorCodes).value;
      major = r;
    }
    const c = skillCapped(studentConstraints(student, school, intent, rules, null), hits, wanted, asked);
    // weighted()'s sum in FEATURES order, the zero features left out (adding 0 changes nothing).
    let score = 0;
    score += w.major * major;
    score += w.requiredSkills * (wanted ? hits / wanted : 0);
    score += w.certificates * c.certificates;
    score += w.place * c.place;
    score += w.time * c.time;
    score += w.preference * c.preference;
    score += w.lexical * (lexical ?? 0);
    score += w.semantic * (semantic == null ? 0 : Math.max(0, Math.min(1, semantic)));
    return score * c.factor;
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
  const c = postConstraints(post, intent, rules, ev);
  return { best, factor: c.factor, features: queryFeatures(best?.relation.value ?? 0, intent.skills.length ? hits / intent.skills.length : 0, c, ctx) };
}

/** Score a post against a free-text query's intent (students searching posts by words). */
export function queryPostScore(post: Post, intent: QueryIntent, ctx: MatchContext): MatchScore {
  const ev = evidence();
  const { best, features, factor } = postIntentFeatures(post, intent, ctx, ev);
  return explained(features, ctx, ev, best ? bestRelationWords(best.code, best.relation) : '', factor);
}

export function queryPostScoreValue(post: Post, intent: QueryIntent, ctx: MatchContext): number {
  const { features, factor } = postIntentFeatures(post, intent, ctx, null);
  return weighted(features, ctx.rules.weights) * factor;
}

/**
 * A student searching posts by words sees the same reasons recommendations give (matched and
 * missing skills, the major tier, place and time fit): the post's score is the query's (its
 * words, what it names) plus the student's fit for the post (the pair's features without the
 * retrieval scores, which the query part already counts). Each constraint the query states and
 * the post does not meet (月薪5000以上 of a post paying 3,800, 广州 of a post in 珠海) multiplies the
 * whole score by {@link UNMET_FACTOR}, as in an HR search: scaling the query's part alone left a
 * post that fits the student well on top of what the student asked for. A post the student may
 * not apply to stays findable (they are browsing), at {@link UNMET_FACTOR} too, and the
 * explanation says why.
 */
function studentPostParts(student: StudentProfile, post: Post, intent: QueryIntent, ctx: MatchContext) {
  const fitCtx: MatchContext = { ...ctx, lexical: null, lexicalRaw: null, semantic: null };
  const eligibility = isEligible(student, post, fitCtx);
  const asked = postIntentFeatures(post, intent, ctx, null);
  const query = weighted(asked.features, ctx.rules.weights);
  return { fitCtx, eligibility, factor: (eligibility.eligible ? 1 : UNMET_FACTOR) * asked.factor, query };
}

export function studentPostScoreValue(student: StudentProfile, post: Post, intent: QueryIntent, ctx: MatchContext): number {
  const { fitCtx, factor, query } = studentPostParts(student, post, intent, ctx);
  return (query + matchScoreValue(student, post, fitCtx)) * factor;
}

export function studentPostScore(student: StudentProfile, post: Post, intent: QueryIntent, ctx: MatchContext): MatchScore {
  const { fitCtx, eligibility, factor, query } = studentPostParts(student, post, intent, ctx);
  const fit = matchScore(student, post, fitCtx);
  const asked = queryPostScore(post, intent, ctx).explanation;
  const explanation = {
    ...fit.explanation,
    lexicalScore: ctx.lexicalRaw ?? null,
    semanticScore: ctx.semantic ?? null,
    notes: [...fit.explanation.notes, ...asked.notes.filter((n) => !fit.explanation.notes.includes(n))],
    contributions: { ...fit.explanation.contributions, query: Math.round(query * 10000) / 10000, ...(factor !== 1 ? { constraintFactor: Math.round(factor * 10000) / 10000 } : {}) },
  };
  if (!eligibility.eligible) explanation.notes.unshift(`不符合报名条件：${eligibility.message}`);
  return { score: (query + fit.score) * factor, features: fit.features, explanation };
}
