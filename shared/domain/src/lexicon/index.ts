export { SkillLexicon, skillLexicon, normalizeTerm, FUZZY_MIN_CONFIDENCE } from './lexicon.js';
export type { LexiconSkill, LexiconCertificate, ResolvedCertificate, ResolvedSkill, ResolveOptions, CertificateKind } from './lexicon.js';
export { GRADE_LABELS } from './variants.js';
