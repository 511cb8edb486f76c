import { FEATURES, type Feature, type FeatureWeights } from '@chanjiao/domain';

export { FEATURES, DEFAULT_FEATURE_WEIGHTS, parseFeatureWeights, type Feature, type FeatureWeights } from '@chanjiao/domain';

/** Σ_f weight_f × value_f: the score of a pair or a query hit. */
export function weighted(features: Readonly<Record<Feature, number>>, weights: FeatureWeights): number {
  let score = 0;
  for (const f of FEATURES) score += weights[f] * features[f];
  return score;
}
