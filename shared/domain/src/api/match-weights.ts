/**
 * The features a matched pair is scored on and their default weights. They live here, beside the
 * explanation schema whose `contributions` they name, because two places need them: the config
 * schema (`SEARCH_RERANK_WEIGHTS` is parsed at start, so a bad value stops the start with the
 * other settings) and the scorer in `@chanjiao/search`.
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
