export { SkillLexicon, skillLexicon, normalizeTerm, FUZZY_MIN_CONFIDENCE } from './lexicon.js';
export type { LexiconSkill, LexiconCertificate, ResolvedCertificate, ResolvedSkill, ResolveOptions, CertificateKind } from './lexicon.js';
export { GRADE_LABELS } from './variants.js';
export { MAJOR_SHORT_NAMES } from './data/major-short-names.js';
export { HomophoneIndex, pinyinKey, type HomophoneSpan } from './homophones.js';
export { COLLOQUIAL_PHRASES, REPAIR_INTENT, type ColloquialPhrase } from './data/colloquial.js';
export { negatedSpans, isNegated, withoutNegated } from './negation.js';
