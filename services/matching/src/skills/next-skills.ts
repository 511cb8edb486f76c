import { gazetteer, type AffectedPost, type Feature, type NextSkill, type NextSkillsReply, type Post, type StudentProfile } from '@chanjiao/domain';
import {
  certificateCheck,
  heldFeatures,
  isEligible,
  matchFeatures,
  weighted,
  type BestRelation,
  type HeldCounts,
  type MatchContext,
  type MatchRules,
} from '@chanjiao/search';
import { acceptingCandidates, holdsSkill, itemDistance, itemLabel, itemTableFor, postsByField, skillCovers, withItem, type ItemInfo } from './items.js';
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

const NOT_ELIGIBLE: Standing = Object.freeze({ eligible: false, qualified: false, score: 0 });

/**
 * The open posts of one term, bucketed by field like the batch's term index (`postsByField`): one
 * request looks at the buckets a student's major can be accepted in instead of every post of the
 * city. Built once per market snapshot.
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
    byTerm.set(term, (index = { posts, buckets: postsByField(posts) }));
  }
  return index;
}

const publishedByMarket = new WeakMap<SkillMarket, readonly string[]>();

/**
 * The terms of the market's published posts (open or closed; drafts are not published), newest
 * first: the terms `GET /v1/lookups/terms` lists, named to a caller who asks for none or for an
 * unknown one. Built once per market snapshot.
 */
export function publishedTerms(market: SkillMarket): readonly string[] {
  let terms = publishedByMarket.get(market);
  if (!terms) {
    const seen = new Set<string>();
    for (const p of market.posts) if (p.status !== 'draft') seen.add(p.term);
    // Term ids are `<year>-spring|autumn` (TermId); a year's autumn follows its spring, which
    // plain string order would put the other way round.
    const when = (term: string) => Number(term.slice(0, 4)) * 2 + (term.endsWith('-autumn') ? 1 : 0);
    terms = Object.freeze([...seen].sort((a, b) => when(b) - when(a) || (a < b ? -1 : a > b ? 1 : 0)));
    publishedByMarket.set(market, terms);
  }
  return terms;
}

const prefers = (student: StudentProfile) => {
  const kinds = student.preferences.postKinds;
  // Cities compared by the gazetteer's key: a profile's 珠海 is the posts' 珠海市, 岳阳 is 岳阳市.
  const cities = student.preferences.cities.map((c) => gazetteer().cityKey(c));
  return (p: Post) => (kinds.length === 0 || kinds.includes(p.kind)) && (cities.length === 0 || cities.includes(gazetteer().cityKey(p.city)));
};

function push2(m: Map<string, string[]>, key: string, value: string): void {
  const list = m.get(key);
  if (list) list.push(value);
  else m.set(key, [value]);
}

/** A post in a ranking: where it is in the request's open posts, its id and score. */
interface Ranked {
  readonly at: number;
  readonly id: string;
  readonly score: number;
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
 * What the student holds of one post, worked out once per request on first need: the pair's
 * features (the engine's), its major relation, which listed skills are covered, and the counts
 * the skill and certificate features are read from.
 */
interface Held {
  readonly features: Readonly<Record<Feature, number>>;
  readonly relation: BestRelation;
  readonly required: readonly boolean[];
  readonly preferred: readonly boolean[];
  readonly counts: HeldCounts;
}

/** A post the student could enter by learning: eligible now, or refused only for a certificate. */
interface OpenPost {
  readonly post: Post;
  readonly ctx: MatchContext;
  now: Standing;
  held?: Held;
}

function heldOf(student: StudentProfile, open: OpenPost, rules: MatchRules): Held {
  if (open.held) return open.held;
  const { post, ctx } = open;
  const covered = (names: readonly string[]) => names.map((n) => holdsSkill(rules, student.skills, rules.nameInfo(n)));
  const required = covered(post.requiredSkills);
  const preferred = covered(post.preferredSkills);
  const count = (xs: readonly boolean[]) => xs.reduce((a, x) => a + (x ? 1 : 0), 0);
  open.held = {
    features: matchFeatures(student, post, ctx),
    relation: rules.relation(student.majorCode, post.acceptedMajorCodes),
    required,
    preferred,
    counts: { requiredSkills: count(required), preferredSkills: count(preferred), certificates: certificateHits(rules, student.certificates, post) },
  };
  return open.held;
}

/** How many of a post's certificates (required and preferred) the engine counts as surely held. */
function certificateHits(rules: MatchRules, certificates: StudentProfile['certificates'], post: Post): number {
  let hits = 0;
  for (const req of post.requiredCertificates) if (certificateCheck(rules, certificates, req).status === 'held') hits++;
  for (const req of post.preferredCertificates) if (certificateCheck(rules, certificates, req).status === 'held') hits++;
  return hits;
}

/**
 * The engine's score of the pair with other held counts: the pair's features with the ones those
 * counts decide replaced (`heldFeatures`, the engine's own definition), weighted as the engine
 * weighs them, so it equals `matchScoreValue` of the changed profile to the last bit.
 */
function scoreWith(held: Held, post: Post, counts: HeldCounts, rules: MatchRules): number {
  return weighted({ ...held.features, ...heldFeatures(post, held.relation, counts) }, rules.weights);
}

/** How many of the names a skill item covers that the student did not cover (`covered`, per name). */
function newlyCovered(rules: MatchRules, item: ItemInfo, names: readonly string[], covered: readonly boolean[]): number {
  let n = 0;
  for (let k = 0; k < names.length; k++) if (!covered[k] && skillCovers(item.info, rules.nameInfo(names[k]!))) n++;
  return n;
}

/** One candidate item's effect: the posts whose standing it changes, and the counts. */
interface Effect {
  readonly item: ItemInfo;
  readonly changed: ReadonlyMap<number, Standing>;
  readonly newTop: ReadonlySet<string>;
  readonly newlyEligible: number;
  readonly newlyQualified: number;
  readonly newlyInTop: number;
  readonly newlyQualifiedSeats: number;
}

/**
 * What a student should learn next: for every skill and certificate the considered posts name that
 * the student lacks, add it to the profile, re-judge the posts that name it with the engine's
 * eligibility and scoring, and count the posts that became eligible, qualified (eligible with every
 * required skill covered) or moved into the top N. Counterfactual, not estimated.
 *
 * Only posts that name something the item covers can change (the engine's features read the
 * student's skills and certificates only against the post's lists), so each item re-judges those
 * posts alone; and only the features read from those lists change, so a post's score with the
 * item is its features with the held counts raised (`scoreWith`), not a new pass over the pair.
 * Eligibility after a certificate is the engine's `isEligible` itself. The property test re-runs
 * the engine on every post and must agree.
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
  const open: OpenPost[] = [];
  for (const i of acceptingCandidates(index.buckets, index.posts.length, student.majorCode)) {
    const post = index.posts[i]!;
    if (!wanted(post)) continue;
    const ctx = ctxOf(post);
    const e = isEligible(student, post, ctx);
    if (!e.eligible && e.reason !== 'missing_certificate') continue;
    const o: OpenPost = { post, ctx, now: NOT_ELIGIBLE };
    if (e.eligible) {
      const held = heldOf(student, o, rules);
      o.now = { eligible: true, qualified: held.counts.requiredSkills === post.requiredSkills.length, score: weighted(held.features, rules.weights) };
    }
    open.push(o);
  }

  const ranked: Ranked[] = [];
  open.forEach((o, i) => o.now.eligible && ranked.push({ at: i, id: o.post.id, score: o.now.score }));
  ranked.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
  const top = new Set(ranked.slice(0, opts.topN).map((r) => r.id));

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

  const effects: Effect[] = [];
  for (const item of candidates.values()) {
    const affected = new Set<number>();
    if (item.certificate) for (const i of postsByCertificate.get(item.certificate.canonical) ?? []) affected.add(i);
    else {
      const tried = new Set<string>();
      for (const spellings of [...[...item.info.covers].map((c) => byCanonical.get(c)), ...[...item.info.tokens].map((t) => byToken.get(t))]) {
        for (const s of spellings ?? []) {
          if (tried.has(s)) continue;
          tried.add(s);
          if (skillCovers(item.info, rules.nameInfo(s))) for (const i of postsBySpelling.get(s)!) affected.add(i);
        }
      }
    }
    if (affected.size === 0) continue;

    const changed = new Map<number, Standing>();
    const after = item.certificate ? withItem(student, item.item) : null;
    for (const i of affected) {
      const o = open[i]!;
      const { post, now } = o;
      if (after) {
        // A certificate: eligibility is the engine's; the score changes by the certificates held.
        if (!isEligible(after, post, o.ctx).eligible) {
          if (now.eligible) changed.set(i, NOT_ELIGIBLE);
          continue;
        }
        const held = heldOf(student, o, rules);
        const certificates = certificateHits(rules, after.certificates, post);
        if (now.eligible && certificates === held.counts.certificates) continue;
        const counts = { ...held.counts, certificates };
        changed.set(i, { eligible: true, qualified: counts.requiredSkills === post.requiredSkills.length, score: scoreWith(held, post, counts, rules) });
      } else {
        // A skill never changes eligibility (only certificates are hard rules): an ineligible post stays so.
        if (!now.eligible) continue;
        const held = heldOf(student, o, rules);
        const requiredSkills = held.counts.requiredSkills + newlyCovered(rules, item, post.requiredSkills, held.required);
        const preferredSkills = held.counts.preferredSkills + newlyCovered(rules, item, post.preferredSkills, held.preferred);
        if (requiredSkills === held.counts.requiredSkills && preferredSkills === held.counts.preferredSkills) continue;
        const counts = { ...held.counts, requiredSkills, preferredSkills };
        changed.set(i, { eligible: true, qualified: requiredSkills === post.requiredSkills.length, score: scoreWith(held, post, counts, rules) });
      }
    }
    if (changed.size === 0) continue;

    // The new top N: the unchanged posts in their old order, merged with the changed ones.
    const moved: Ranked[] = [];
    for (const [i, s] of changed) if (s.eligible) moved.push({ at: i, id: open[i]!.post.id, score: s.score });
    moved.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
    const newTop = new Set<string>();
    let r = 0;
    let m = 0;
    while (newTop.size < opts.topN) {
      while (r < ranked.length && changed.has(ranked[r]!.at)) r++;
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
    for (const [i, s] of changed) {
      const { post, now } = open[i]!;
      if (s.eligible && !now.eligible) newlyEligible++;
      if (s.qualified && !now.qualified) {
        newlyQualified++;
        newlyQualifiedSeats += post.seats;
      }
      if (newTop.has(post.id) && !top.has(post.id)) newlyInTop++;
    }
    if (newlyEligible + newlyQualified + newlyInTop === 0) continue;
    effects.push({ item, changed, newTop, newlyEligible, newlyQualified, newlyInTop, newlyQualifiedSeats });
  }
  effects.sort(
    (a, b) =>
      b.newlyQualified - a.newlyQualified ||
      b.newlyInTop - a.newlyInTop ||
      b.newlyEligible - a.newlyEligible ||
      b.newlyQualifiedSeats - a.newlyQualifiedSeats ||
      (a.item.item.key < b.item.item.key ? -1 : a.item.item.key > b.item.item.key ? 1 : 0),
  );
  return {
    studentId: student.id,
    term: opts.term,
    topN: opts.topN,
    postsConsidered: considered,
    eligible: ranked.length,
    qualified: open.filter((o) => o.now.qualified).length,
    itemsExamined: candidates.size,
    // Only the items shown are described (their posts, distance and sentence).
    items: effects.slice(0, opts.limit).map((e) => describe(market, rules, student, open, top, e, opts)),
  };
}

/** An item as the reply shows it: the counts, the posts it changes (qualified first), how far it is, one sentence. */
function describe(market: SkillMarket, rules: MatchRules, student: StudentProfile, open: readonly OpenPost[], top: ReadonlySet<string>, e: Effect, opts: NextSkillsOptions): NextSkill {
  const posts: Array<AffectedPost & { order: number }> = [];
  for (const [i, s] of e.changed) {
    const { post, now } = open[i]!;
    const eligible = s.eligible && !now.eligible;
    const qualified = s.qualified && !now.qualified;
    const inTop = e.newTop.has(post.id) && !top.has(post.id);
    if (!eligible && !qualified && !inTop) continue;
    posts.push({
      postId: post.id,
      title: post.title,
      kind: post.kind,
      city: post.city,
      enterpriseName: market.enterprises.get(post.enterpriseId)?.name ?? null,
      score: Math.round(s.score * 10000) / 10000,
      newlyEligible: eligible,
      newlyQualified: qualified,
      newlyInTop: inTop,
      order: qualified ? 0 : inTop ? 1 : 2,
    });
  }
  posts.sort((a, b) => a.order - b.order || b.score - a.score || (a.postId < b.postId ? -1 : 1));
  const label = itemLabel(e.item.item);
  const verb = e.item.certificate ? '取得' : '学会';
  const summary =
    e.newlyQualified > 0
      ? `${verb} ${label}：可多匹配 ${e.newlyQualified} 个岗位`
      : e.newlyEligible > 0
        ? `${verb} ${label}：可多满足 ${e.newlyEligible} 个岗位的硬性条件`
        : `${verb} ${label}：${e.newlyInTop} 个岗位进入推荐前 ${opts.topN}`;
  return {
    item: e.item.item,
    ...itemDistance(rules, student, e.item),
    newlyEligible: e.newlyEligible,
    newlyQualified: e.newlyQualified,
    newlyInTop: e.newlyInTop,
    newlyQualifiedSeats: e.newlyQualifiedSeats,
    posts: posts.slice(0, opts.posts).map(({ order: _order, ...p }) => p),
    summary,
  };
}
