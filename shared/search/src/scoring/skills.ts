import type { Evidence } from './explanation.js';
import type { MatchRules, NameInfo } from './rules.js';

/**
 * Does one of the student's skills cover a named skill? The same canonical form (synonyms meet),
 * a more specific skill (西门子PLC covers PLC编程), or a name holding its every token.
 */
/** The first of `held` that covers the skill (its index), or -1. */
export function coveringSkill(rules: MatchRules, skill: string, held: readonly NameInfo[]): number {
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

export function skillCovered(rules: MatchRules, skill: string, held: readonly NameInfo[]): boolean {
  return coveringSkill(rules, skill, held) >= 0;
}

/**
 * A query's skills are canonical tokens (plc编程); the explanation names a matched one as the
 * record that has it spells it (the student's `PLC编程`, or `西门子PLC` when that is what covered
 * it) and a missing one as the lexicon spells it.
 */
export function intentSkillEvidence(rules: MatchRules, intentSkills: readonly string[], names: readonly string[], ev: Evidence | null): number {
  const held = names.map((n) => rules.nameInfo(n));
  let hits = 0;
  for (const s of intentSkills) {
    const at = coveringSkill(rules, s, held);
    if (at >= 0) hits++;
    if (ev) (at >= 0 ? ev.matchedSkills : ev.missingRequiredSkills).push(at >= 0 ? names[at]! : rules.analyzer.skillName(s));
  }
  return hits;
}
