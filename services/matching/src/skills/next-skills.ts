import { gazetteer, type AffectedPost, type NextSkill, type NextSkillsReply, type Post, type StudentProfile } from '@chanjiao/domain';
import { fieldChain, isEligible, matchScoreValue, type MatchContext, type MatchRules } from '@chanjiao/search';
import { holdsSkill, itemDistance, itemLabel, itemTableFor, skillCovers, withItem, type ItemInfo } from './items.js';
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
 * The engine's judgement of one pair: `isEligible`, and when eligible `matchScoreValue` (retrieval
 * features absent: no query, no vectors) and whether every required skill is covered, by the
 * engine's covering rule (items.ts `skillCovers`; the property test compares with `matchScore`'s
 * list of missing skills). The score alone, not `matchScore`: building the explanation cost five
 * times the score and most of the garbage per request.
 */
export function standing(student: StudentProfile, post: Post, ctx: MatchContext): Standing {
  return isEligible(student, post, ctx).eligible ? eligibleStanding(student, post, ctx) : NOT_ELIGIBLE;
}

const NOT_ELIGIBLE: Standing = Object.freeze({ eligible: false, qualified: false, score: 0 });

/** {@link standing} of a pair known to be eligible. */
function eligibleStanding(student: StudentProfile, post: Post, ctx: MatchContext): Standing {
  return { eligible: true, qualified: requiredCovered(student, post, ctx.rules), score: matchScoreValue(student, post, ctx) };
}

/** Does the student cover every skill the post requires? */
function requiredCovered(student: StudentProfile, post: Post, rules: MatchRules): boolean {
  for (const s of post.requiredSkills) if (!holdsSkill(rules, student.skills, rules.nameInfo(s))) return false;
  return true;
}

/**
 * The open posts of one term, bucketed by the level-free field of each accepted code (`*`: any
 * major), like the batch's term index: a student can only be eligible for posts in the buckets of
 * its own 专业 / 类 / 大类 field or `*` (the engine's `accepts` is "same field on any level"), so
 * one request looks at those instead of every post of the city. Built once per market snapshot.
 */
interface TermPosts {
  readonly posts: readonly Post[];
  readonly buckets: ReadonlyMap<string, readonly number[]>;
}

const termIndexes = new WeakMap<SkillMarket, Map<string, TermPosts>>();

function termPosts(market: SkillMarket, term: string): TermPosts {
  let byTerm = termIndexes.get(market);
  if (!byTerm) termIndexes.set(market, (byTerm = new Map()));
  let index = byTerm.get(term);
  if (!index) {
    const posts = market.posts.filter((p) => p.status === 'open' && p.term === term);
    const buckets = new Map<string, number[]>();
    posts.forEach((p, i) => {
      const keys = p.acceptedMajorCodes.length === 0 ? ['*'] : new Set(p.acceptedMajorCodes.map((c) => fieldChain(c)[0]).filter((k): k is string => k !== undefined));
      for (const k of keys) {
        const list = buckets.get(k);
        if (list) list.push(i);
        else buckets.set(k, [i]);
      }
    });
    byTerm.set(term, (index = { posts, buckets }));
  }
  return index;
}

const prefers = (student: StudentProfile) => {
  const kinds = student.preferences.postKinds;
  // Cities compared by official name: a profile's 珠海 is the posts' 珠海市.
  const cities = student.preferences.cities.map((c) => gazetteer().cityOf(c));
  return (p: Post) => (kinds.length === 0 || kinds.includes(p.kind)) && (cities.length === 0 || cities.includes(gazetteer().cityOf(p.city)));
};

function push2(m: Map<string, string[]>, key: string, value: string): void {
  const list = m.get(key);
  if (list) list.push(value);
  else m.set(key, [value]);
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
  return termPosts(market, term).posts.filter(prefers(student));
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
  const index = termPosts(market, opts.term);
  const wanted = prefers(student);
  let considered = 0;
  for (const p of index.posts) if (wanted(p)) considered++;

  // Posts the student could ever enter by learning: eligible now, or refused only for a certificate.
  // Only the buckets of its own fields can hold them; in post order, so ties break as in a full scan.
  const reachable = new Set<number>();
  for (const key of [...fieldChain(student.majorCode), '*']) for (const i of index.buckets.get(key) ?? []) reachable.add(i);
  const open: Array<{ post: Post; ctx: MatchContext; now: Standing }> = [];
  for (const i of [...reachable].sort((a, b) => a - b)) {
    const post = index.posts[i]!;
    if (!wanted(post)) continue;
    const ctx = ctxOf(post);
    const e = isEligible(student, post, ctx);
    if (!e.eligible && e.reason !== 'missing_certificate') continue;
    open.push({ post, ctx, now: e.eligible ? eligibleStanding(student, post, ctx) : NOT_ELIGIBLE });
  }

  const ranked = open.filter((o) => o.now.eligible).map((o) => ({ id: o.post.id, score: o.now.score }));
  ranked.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
  const top = new Set(ranked.slice(0, opts.topN).map((r) => r.id));

  // Adding a skill only raises the two skill features (each a share of the post's listed skills
  // covered, in [0, 1]) and, for a post open to any major, the major feature; and scores of the posts in the top only go up; so an eligible post outside
  // the top whose score plus the weight of the skills it lacks stays below the N-th score now can
  // never enter the top by a skill. Such posts need only their qualified flag re-checked, not a
  // score (most affected posts are such posts; the property test checks the counts all the same).
  const threshold = ranked.length >= opts.topN ? ranked[opts.topN - 1]!.score : -Infinity;
  const w = rules.weights;
  const belowTop = open.map(({ post, now }) => {
    if (!now.eligible || top.has(post.id) || threshold === -Infinity) return false;
    const covered = (names: readonly string[]) => names.filter((n) => holdsSkill(rules, student.skills, rules.nameInfo(n))).length;
    const listed = post.requiredSkills.length + post.preferredSkills.length;
    const headroom =
      (post.requiredSkills.length ? w.requiredSkills * (1 - covered(post.requiredSkills) / post.requiredSkills.length) : 0) +
      (post.preferredSkills.length ? w.preferredSkills * (1 - covered(post.preferredSkills) / post.preferredSkills.length) : 0) +
      // A post open to any major (岗位不限专业) rates the major by the share of its skills the
      // student has (at most half the major weight), so a skill raises that feature too.
      (post.acceptedMajorCodes.length === 0 && listed ? w.major * 0.5 * (1 - (covered(post.requiredSkills) + covered(post.preferredSkills)) / listed) : 0);
    return now.score + headroom + 1e-9 < threshold;
  });

  // Candidate items, and which posts name which skill spelling / certificate.
  const table = itemTableFor(rules);
  const candidates = new Map<string, ItemInfo>();
  const postsBySpelling = new Map<string, number[]>();
  const postsByCertificate = new Map<string, number[]>();
  const push = (m: Map<string, number[]>, key: string, i: number) => {
    const list = m.get(key);
    if (!list) m.set(key, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  };
  const seen = new Set<string>();
  open.forEach(({ post }, i) => {
    for (const s of post.requiredSkills) push(postsBySpelling, s, i);
    for (const s of post.preferredSkills) push(postsBySpelling, s, i);
    for (const c of post.requiredCertificates) push(postsByCertificate, rules.nameInfo(c.name).certificate.canonical, i);
    for (const c of post.preferredCertificates) push(postsByCertificate, rules.nameInfo(c.name).certificate.canonical, i);
    const { required, preferred } = table.ofPost(post);
    for (const list of [required, preferred]) {
      for (const item of list) {
        if (seen.has(item.item.key)) continue;
        seen.add(item.item.key);
        if (!table.holds(student, item)) candidates.set(item.item.key, item);
      }
    }
  });
  // The spellings by canonical form and by token: an item covers a spelling through its canonical
  // form and broader skills, or by holding every token of it (skillCovers); these find the few
  // spellings to test instead of testing them all for every item.
  const byCanonical = new Map<string, string[]>();
  const byToken = new Map<string, string[]>();
  for (const s of postsBySpelling.keys()) {
    const info = rules.nameInfo(s);
    push2(byCanonical, info.canonical, s);
    for (const tok of info.tokens) push2(byToken, tok, s);
  }

  const results: Array<NextSkill & { seatsOrder: number }> = [];
  for (const item of candidates.values()) {
    const affected = new Set<number>();
    if (item.certificate) for (const i of postsByCertificate.get(item.certificate.canonical) ?? []) affected.add(i);
    else {
      const tried = new Set<string>();
      const consider = (s: string) => {
        if (tried.has(s)) return;
        tried.add(s);
        if (skillCovers(item.info, rules.nameInfo(s))) for (const i of postsBySpelling.get(s)!) affected.add(i);
      };
      for (const c of item.info.covers) for (const s of byCanonical.get(c) ?? []) consider(s);
      for (const tok of item.info.tokens) for (const s of byToken.get(tok) ?? []) consider(s);
    }
    if (affected.size === 0) continue;

    const after = withItem(student, item);
    const changed = new Map<number, Standing>();
    for (const i of affected) {
      const { post, ctx, now } = open[i]!;
      // A skill never changes eligibility (only certificates are hard rules): an ineligible post stays so.
      if (item.certificate) changed.set(i, standing(after, post, ctx));
      else if (belowTop[i]) {
        // Its score stays below the top (see above): only whether it became qualified matters.
        if (!now.qualified && requiredCovered(after, post, rules)) changed.set(i, eligibleStanding(after, post, ctx));
      } else if (now.eligible) changed.set(i, eligibleStanding(after, post, ctx));
    }

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
    postsConsidered: considered,
    eligible: ranked.length,
    qualified: open.filter((o) => o.now.qualified).length,
    itemsExamined: candidates.size,
    items: results.slice(0, opts.limit).map(({ seatsOrder: _s, ...r }) => r),
  };
}
