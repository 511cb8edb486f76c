import type { Post, StudentProfile } from '@chanjiao/domain';
import { isEligible, matchScore, type MatchRules } from '@chanjiao/search';
import type { SkillMarket } from './market.js';

/** The posts a student is eligible for, qualified for (nothing required missing), and its top N. */
export interface EngineCounts {
  readonly eligible: ReadonlySet<string>;
  readonly qualified: ReadonlySet<string>;
  readonly top: ReadonlySet<string>;
}

/**
 * The obvious model next-skills is checked against (its property test, bench:skills' invariant):
 * every given post through the engine's `isEligible` and `matchScore`, nothing skipped, no shortcut.
 */
export function engineCounts(market: SkillMarket, rules: MatchRules, student: StudentProfile, posts: Iterable<Post>, topN: number): EngineCounts {
  const school = market.schools.get(student.schoolId);
  const eligible = new Set<string>();
  const qualified = new Set<string>();
  const scored: Array<{ id: string; score: number }> = [];
  for (const p of posts) {
    const ctx = { rules, school, enterprise: market.enterprises.get(p.enterpriseId) };
    if (!isEligible(student, p, ctx).eligible) continue;
    eligible.add(p.id);
    const m = matchScore(student, p, ctx);
    if (m.explanation.missingRequiredSkills.length === 0) qualified.add(p.id);
    scored.push({ id: p.id, score: m.score });
  }
  scored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
  return { eligible, qualified, top: new Set(scored.slice(0, topN).map((x) => x.id)) };
}

/** The posts `after` counts and `before` does not, sorted: newly eligible, newly qualified, newly in the top. */
export function gainedPosts(before: EngineCounts, after: EngineCounts): [string[], string[], string[]] {
  const minus = (a: ReadonlySet<string>, b: ReadonlySet<string>) => [...a].filter((x) => !b.has(x)).sort();
  return [minus(after.eligible, before.eligible), minus(after.qualified, before.qualified), minus(after.top, before.top)];
}
