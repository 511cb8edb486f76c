import type { AffectedPost, NextSkill, NextSkillsReply, Post, StudentProfile } from '@chanjiao/domain';
import { isEligible, matchScore, type MatchContext, type MatchRules } from '@chanjiao/search';
import { itemDistance, itemLabel, ItemTable, postItems, skillCovers, withItem, type ItemInfo } from './items.js';
import type { SkillMarket } from './market.js';

export interface NextSkillsOptions {
  readonly term: string;
  /** The size of the top list a post may move into (SKILLS_TOP_N). */
  readonly topN: number;
  /** Items to return. */
  readonly limit: number;
  /** Posts to name per item. */
  readonly posts: number;
}

/** Where a student stands with one post: hard eligibility, every required skill covered, the score. */
interface Standing {
  readonly eligible: boolean;
  readonly qualified: boolean;
  readonly score: number;
}

/**
 * The engine's judgement of one pair: `isEligible`, and when eligible `matchScore` (its score, and
 * whether any required skill is missing). Retrieval features are absent (no query, no vectors).
 */
export function standing(student: StudentProfile, post: Post, ctx: MatchContext): Standing {
  if (!isEligible(student, post, ctx).eligible) return { eligible: false, qualified: false, score: 0 };
  const m = matchScore(student, post, ctx);
  return { eligible: true, qualified: m.explanation.missingRequiredSkills.length === 0, score: m.score };
}

/** Best first: the higher score, then the lower post id (stable, like the engine's ties). */
function better(a: { score: number; id: string }, b: { score: number; id: string }): boolean {
  return a.score > b.score || (a.score === b.score && a.id < b.id);
}

/**
 * The posts a student's next skills are judged on: open posts of the term, of the kinds it
 * prefers and the cities it prefers (each: all when it names none).
 */
export function consideredPosts(market: SkillMarket, student: StudentProfile, term: string): Post[] {
  const kinds = student.preferences.postKinds;
  const cities = student.preferences.cities;
  return market.posts.filter(
    (p) => p.status === 'open' && p.term === term && (kinds.length === 0 || kinds.includes(p.kind)) && (cities.length === 0 || cities.includes(p.city)),
  );
}

/**
 * What a student should learn next: for every skill and certificate the considered posts name that
 * the student lacks, add it to the profile, re-run the engine's eligibility and scoring, and count
 * the posts that became eligible, qualified (eligible with every required skill covered) or moved
 * into the top N. Counterfactual, not estimated.
 *
 * Only posts that name something the item covers can change (the engine's features read the
 * student's skills and certificates only against the post's lists), so each item re-runs the
 * engine on those posts alone; the property test re-runs every post and must agree.
 */
export function nextSkills(market: SkillMarket, rules: MatchRules, student: StudentProfile, opts: NextSkillsOptions): NextSkillsReply {
  const school = market.schools.get(student.schoolId);
  const ctxOf = (post: Post): MatchContext => ({ rules, school, enterprise: market.enterprises.get(post.enterpriseId) });
  const all = consideredPosts(market, student, opts.term);

  // Posts the student could ever enter by learning: eligible now, or refused only for a certificate.
  const open: Array<{ post: Post; ctx: MatchContext; now: Standing }> = [];
  for (const post of all) {
    const ctx = ctxOf(post);
    const e = isEligible(student, post, ctx);
    if (!e.eligible && e.reason !== 'missing_certificate') continue;
    open.push({ post, ctx, now: standing(student, post, ctx) });
  }

  const ranked = open.filter((o) => o.now.eligible).map((o) => ({ id: o.post.id, score: o.now.score }));
  ranked.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
  const top = new Set(ranked.slice(0, opts.topN).map((r) => r.id));

  // Candidate items, and which posts name which skill spelling / certificate.
  const table = new ItemTable(rules);
  const candidates = new Map<string, ItemInfo>();
  const postsBySpelling = new Map<string, number[]>();
  const postsByCertificate = new Map<string, number[]>();
  const push = (m: Map<string, number[]>, key: string, i: number) => {
    const list = m.get(key);
    if (!list) m.set(key, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  };
  open.forEach(({ post }, i) => {
    for (const s of [...post.requiredSkills, ...post.preferredSkills]) push(postsBySpelling, s, i);
    for (const c of [...post.requiredCertificates, ...post.preferredCertificates]) push(postsByCertificate, rules.nameInfo(c.name).certificate.canonical, i);
    const { required, preferred } = postItems(table, post);
    for (const item of [...required, ...preferred]) if (!candidates.has(item.item.key) && !table.holds(student, item)) candidates.set(item.item.key, item);
  });
  const spellings = [...postsBySpelling.keys()].map((s) => ({ s, info: rules.nameInfo(s) }));

  const results: Array<NextSkill & { seatsOrder: number }> = [];
  for (const item of candidates.values()) {
    const affected = new Set<number>();
    if (item.certificate) for (const i of postsByCertificate.get(item.certificate.canonical) ?? []) affected.add(i);
    else for (const { s, info } of spellings) if (skillCovers(item.info, info)) for (const i of postsBySpelling.get(s)!) affected.add(i);
    if (affected.size === 0) continue;

    const after = withItem(student, item);
    const changed = new Map<number, Standing>();
    for (const i of affected) changed.set(i, standing(after, open[i]!.post, open[i]!.ctx));

    // The new top N: the unchanged posts in their old order, merged with the changed ones.
    const moved = [...changed.entries()].filter(([, s]) => s.eligible).map(([i, s]) => ({ id: open[i]!.post.id, score: s.score }));
    moved.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
    const changedIds = new Set([...changed.keys()].map((i) => open[i]!.post.id));
    const newTop = new Set<string>();
    let r = 0;
    let m = 0;
    while (newTop.size < opts.topN) {
      while (r < ranked.length && changedIds.has(ranked[r]!.id)) r++;
      const a = ranked[r];
      const b = moved[m];
      if (!a && !b) break;
      if (a && (!b || better(a, b))) {
        newTop.add(a.id);
        r++;
      } else {
        newTop.add(b!.id);
        m++;
      }
    }

    let newlyEligible = 0;
    let newlyQualified = 0;
    let newlyInTop = 0;
    let newlyQualifiedSeats = 0;
    const posts: Array<AffectedPost & { order: number }> = [];
    for (const [i, s] of changed) {
      const { post, now } = open[i]!;
      const e = s.eligible && !now.eligible;
      const q = s.qualified && !now.qualified;
      const t = newTop.has(post.id) && !top.has(post.id);
      if (e) newlyEligible++;
      if (q) {
        newlyQualified++;
        newlyQualifiedSeats += post.seats;
      }
      if (t) newlyInTop++;
      if (!e && !q && !t) continue;
      const enterprise = market.enterprises.get(post.enterpriseId);
      posts.push({
        postId: post.id,
        title: post.title,
        kind: post.kind,
        city: post.city,
        enterpriseName: enterprise?.name ?? null,
        score: Math.round(s.score * 10000) / 10000,
        newlyEligible: e,
        newlyQualified: q,
        newlyInTop: t,
        order: q ? 0 : t ? 1 : 2,
      });
    }
    if (newlyEligible + newlyQualified + newlyInTop === 0) continue;
    posts.sort((a, b) => a.order - b.order || b.score - a.score || (a.postId < b.postId ? -1 : 1));
    const label = itemLabel(item.item);
    const verb = item.certificate ? '取得' : '学会';
    const summary =
      newlyQualified > 0
        ? `${verb} ${label}：可多匹配 ${newlyQualified} 个岗位`
        : newlyEligible > 0
          ? `${verb} ${label}：可多满足 ${newlyEligible} 个岗位的硬性条件`
          : `${verb} ${label}：${newlyInTop} 个岗位进入推荐前 ${opts.topN}`;
    results.push({
      item: item.item,
      ...itemDistance(rules, student, item),
      newlyEligible,
      newlyQualified,
      newlyInTop,
      newlyQualifiedSeats,
      posts: posts.slice(0, opts.posts).map(({ order: _order, ...p }) => p),
      summary,
      seatsOrder: newlyQualifiedSeats,
    });
  }
  results.sort(
    (a, b) =>
      b.newlyQualified - a.newlyQualified ||
      b.newlyInTop - a.newlyInTop ||
      b.newlyEligible - a.newlyEligible ||
      b.seatsOrder - a.seatsOrder ||
      (a.item.key < b.item.key ? -1 : a.item.key > b.item.key ? 1 : 0),
  );
  return {
    studentId: student.id,
    term: opts.term,
    topN: opts.topN,
    postsConsidered: all.length,
    eligible: ranked.length,
    qualified: open.filter((o) => o.now.qualified).length,
    itemsExamined: candidates.size,
    items: results.slice(0, opts.limit).map(({ seatsOrder: _s, ...r }) => r),
  };
}
