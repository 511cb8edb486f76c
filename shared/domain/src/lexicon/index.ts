export { SkillLexicon, skillLexicon, normalizeTerm } from './lexicon.js';
export type { LexiconSkill, LexiconCertificate, ResolvedCertificate, CertificateKind } from './lexicon.js';
