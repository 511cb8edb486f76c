import { FEATURES, type Feature, type MatchExplanation } from '@chanjiao/domain';
import type { MatchContext } from './rules.js';
import { weighted } from './weights.js';

export interface MatchScore {
  readonly score: number;
  /** Each feature's value in [0, 1] (before weighting). */
  readonly features: Readonly<Record<Feature, number>>;
  readonly explanation: MatchExplanation;
}

/** What an explanation lists, gathered only when one is asked for (ranking needs the score alone). */
export interface Evidence {
  readonly matchedSkills: string[];
  readonly missingRequiredSkills: string[];
  readonly matchedCertificates: string[];
  readonly missingRequiredCertificates: string[];
  /** Required certificates that could not be checked with confidence, as written. */
  readonly unverifiedCertificates: string[];
  readonly notes: string[];
}

export function evidence(): Evidence {
  return { matchedSkills: [], missingRequiredSkills: [], matchedCertificates: [], missingRequiredCertificates: [], unverifiedCertificates: [], notes: [] };
}

export function retrieval(ctx: MatchContext): { lexical: number; semantic: number } {
  return { lexical: ctx.lexical ?? 0, semantic: ctx.semantic == null ? 0 : Math.max(0, Math.min(1, ctx.semantic)) };
}

/** Round for display: explanations carry 4 decimals, the score is computed from full values. */
function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}

export function explained(features: Record<Feature, number>, ctx: MatchContext, ev: Evidence, majorWords: string): MatchScore {
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

