import type { Enterprise, MatchExplanation as EngineExplanation, Post, School, StudentProfile } from '@chanjiao/domain';
import {
  createMatchRules,
  isEligible,
  matchScore,
  type Analyzer,
  type FeatureWeights,
  type MatchContext as EngineContext,
  type MatchRules,
} from '@chanjiao/search';

/** Hard eligibility of a student for a post, with the reason when not. */
export type Eligibility = { readonly eligible: true } | { readonly eligible: false; readonly reason: string };

/** What the batch shows for one match: the score and the engine's explanation in words. */
export interface MatchExplanation {
  readonly score: number;
  /** One line for a report cell, e.g. "同类专业：电气自动化技术 ↔ 机电一体化技术；技能 PLC ✓". */
  readonly summary: string;
  /** Each feature's contribution to the score. */
  readonly features: Readonly<Record<string, number>>;
}

/** The records around a pair that scoring may look at (partner schools, places). */
export interface MatchContext {
  readonly school: School | undefined;
  readonly enterprise: Enterprise | undefined;
}

/**
 * The batch's view of the engine: hard eligibility, the score (the post's priority and the order
 * of a derived preference list), and an explanation for the pairs that end up in a report.
 * Injected, so the algorithm, the candidate generation and the reports are testable alone.
 */
export interface MatchScorer {
  isEligible(student: StudentProfile, post: Post, ctx: MatchContext): Eligibility;
  /** Higher is better; must be below {@link INTERVIEW_PRIORITY_BASE}. Called on eligible pairs. */
  score(student: StudentProfile, post: Post, ctx: MatchContext): number;
  explain(student: StudentProfile, post: Post, ctx: MatchContext): MatchExplanation;
  /** The canonical form of a skill name (synonyms folded), for candidate retrieval. */
  skillKey(name: string): string;
}

/**
 * A student who passed a post's interview outranks, at that post, everyone not interviewed;
 * among the interviewed the interview score decides. Match scores stay below this.
 */
export const INTERVIEW_PRIORITY_BASE = 1_000_000;

/** One line of the engine's explanation for a report cell. */
export function explanationSummary(e: EngineExplanation): string {
  const parts = [e.majorRelation];
  if (e.matchedSkills.length) parts.push(`技能匹配：${e.matchedSkills.join('、')}`);
  if (e.missingRequiredSkills.length) parts.push(`缺少技能：${e.missingRequiredSkills.join('、')}`);
  if (e.matchedCertificates.length) parts.push(`证书：${e.matchedCertificates.join('、')}`);
  parts.push(...e.notes);
  return parts.join('；');
}

/**
 * The engine's own rules (@chanjiao/search: `isEligible`, `matchScore`) behind the batch's
 * interface, so batch priorities and derived lists are exactly what recommendations rank by.
 * No retrieval scores exist in a batch (no query), so the lexical and semantic features count 0
 * for every pair and do not reorder anything. Consent to be found is not required: the office
 * assigns students who applied or seek, it does not show them to enterprises here.
 */
export function engineScorer(rules: MatchRules): MatchScorer {
  const engineContext = (ctx: MatchContext): EngineContext => ({ rules, school: ctx.school, enterprise: ctx.enterprise });
  return {
    isEligible(student, post, ctx) {
      const e = isEligible(student, post, engineContext(ctx));
      return e.eligible ? e : { eligible: false, reason: e.message };
    },
    score: (student, post, ctx) => matchScore(student, post, engineContext(ctx)).score,
    explain(student, post, ctx) {
      const m = matchScore(student, post, engineContext(ctx));
      return { score: m.score, summary: explanationSummary(m.explanation), features: m.explanation.contributions };
    },
    skillKey: (name) => rules.nameInfo(name).canonical,
  };
}

/** The scorer of one term's run: the engine's rules with the term set (other terms' posts are not eligible). */
export function createBatchScorer(analyzer: Analyzer, term: string, weights?: FeatureWeights): MatchScorer {
  return engineScorer(createMatchRules({ analyzer, term, requireConsent: false, ...(weights ? { weights } : {}) }));
}
