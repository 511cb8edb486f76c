import {
  fieldCode,
  gazetteer,
  majorCatalog,
  PostKind as PostKindSchema,
  type Enterprise,
  type Post,
  type PostKind,
  type School,
  type StudentProfile,
} from '@chanjiao/domain';
import { lotteryTicket } from './lottery.js';
import type { MatchContext } from './scorer.js';

/** A post's interview result for one student; it overrides the match score at that post. */
export interface InterviewResult {
  readonly passed: boolean;
  /** 0–100; among students who passed, the higher score ranks first. */
  readonly score?: number | undefined;
}

/** Everything one term's batch run reads, already filtered: seeking students, open posts with seats. */
export interface TermInputs {
  readonly term: string;
  readonly students: readonly StudentProfile[];
  readonly posts: readonly Post[];
  readonly schools: ReadonlyMap<string, School>;
  readonly enterprises: ReadonlyMap<string, Enterprise>;
  /** Explicit ranked applications: student id → post ids, best first. */
  readonly applications: ReadonlyMap<string, readonly string[]>;
  /** post id → student id → interview result. */
  readonly interviews: ReadonlyMap<string, ReadonlyMap<string, InterviewResult>>;
}

const POST_KINDS: readonly PostKind[] = PostKindSchema.options;

/**
 * Weights of the retrieval score that picks which candidates the engine re-ranks (DESIGN.md,
 * "Candidate generation"). A cheap stand-in for the engine's main features, like BM25 before a
 * re-rank: it only decides who gets scored, never the order of a list.
 */
const RETRIEVAL_WEIGHTS = { field: 0.4, requiredSkills: 0.35, preferredSkills: 0.1, place: 0.15 } as const;

/** Closeness by the bucket a post was met through: same 专业 field, 类, 大类, or any major. */
const FIELD_CLOSENESS = [1, 0.7, 0.4, 0.5] as const;

/**
 * The inputs of one run as arrays and indices, plus the post buckets that make candidate
 * generation cheap: a student only meets the posts of the kinds it asks for whose accepted majors
 * share its field (the level-free field code of the catalog: 大类, 类 or 专业) or are open to any
 * major, and whose graduation years include its own or are open. Eligibility is still decided by
 * the scorer; the buckets only skip pairs that cannot be eligible.
 */
export class TermIndex {
  readonly studentIndex = new Map<string, number>();
  readonly postIndex = new Map<string, number>();
  /** Quota group of each student: the index of its school in `schoolIds`. */
  readonly studentGroup: Int32Array;
  readonly schoolIds: string[] = [];
  readonly studentTicket: Float64Array;
  readonly postTicket: Float64Array;
  readonly #schoolIndex = new Map<string, number>();
  /** `<field>|<kind>|<year>` → posts; field `*` = any major, year `*` = any graduation year. */
  readonly #buckets = new Map<string, number[]>();
  readonly #stamp: Int32Array;
  #visit = 0;
  /** Skill names as small integers (canonical forms interned), per post. */
  readonly #skillIds = new Map<string, number>();
  readonly #required: Int32Array[];
  readonly #preferred: Int32Array[];
  /** Official cities as small integers, and each post's (`cityOf(post.city)`; its park's city too). */
  readonly #cityIds = new Map<string, number>();
  readonly #postCity: Int32Array;
  readonly #postParkCity: Int32Array;

  constructor(
    readonly inputs: TermInputs,
    readonly seed: string,
    /** The canonical form of a skill name (synonyms folded); retrieval compares skills by it. */
    readonly skillKey: (name: string) => string = (name) => name.toLowerCase(),
  ) {
    const { students, posts } = inputs;
    students.forEach((s, i) => this.studentIndex.set(s.id, i));
    posts.forEach((p, i) => this.postIndex.set(p.id, i));
    this.studentGroup = Int32Array.from(students, (s) => this.#group(s.schoolId));
    this.studentTicket = Float64Array.from(students, (s) => lotteryTicket(seed, `student:${s.id}`));
    this.postTicket = Float64Array.from(posts, (p) => lotteryTicket(seed, `post:${p.id}`));
    this.#stamp = new Int32Array(posts.length);
    this.#required = posts.map((p) => Int32Array.from(p.requiredSkills, (name) => this.#skillId(name)));
    this.#preferred = posts.map((p) => Int32Array.from(p.preferredSkills, (name) => this.#skillId(name)));
    this.#postCity = Int32Array.from(posts, (p) => this.#cityId(p.city));
    this.#postParkCity = Int32Array.from(posts, (p) => {
      const park = p.park === undefined ? undefined : gazetteer().get(p.park);
      return park?.kind === 'park' ? this.#cityId(park.city) : -1;
    });
    posts.forEach((post, p) => {
      const fields = new Set<string>();
      for (const code of post.acceptedMajorCodes) {
        const f = fieldCode(code);
        // A code outside the catalog ranges cannot be bucketed: the post meets every major.
        if (!f) {
          fields.clear();
          break;
        }
        fields.add(f.replace(/-$/, ''));
        // The listed 专业's counterparts on other levels are named alike, not numbered alike.
        for (const c of majorCatalog().counterparts(code)) fields.add(fieldCode(c)!);
      }
      if (fields.size === 0) fields.add('*');
      const years = post.acceptedGraduationYears.length > 0 ? post.acceptedGraduationYears.map(String) : ['*'];
      for (const f of fields) {
        for (const y of years) {
          const key = `${f}|${post.kind}|${y}`;
          const list = this.#buckets.get(key);
          if (list) list.push(p);
          else this.#buckets.set(key, [p]);
        }
      }
    });
  }

  #group(schoolId: string): number {
    let g = this.#schoolIndex.get(schoolId);
    if (g === undefined) {
      g = this.schoolIds.length;
      this.schoolIds.push(schoolId);
      this.#schoolIndex.set(schoolId, g);
    }
    return g;
  }

  #skillId(name: string): number {
    const key = this.skillKey(name);
    let id = this.#skillIds.get(key);
    if (id === undefined) {
      id = this.#skillIds.size;
      this.#skillIds.set(key, id);
    }
    return id;
  }

  /**
   * Cities read as the engine reads them (gazetteer: 珠海 → 珠海市, 金湾 → 珠海市, a park → its city),
   * then without a trailing 市: a city the gazetteer does not know is stored as each clerk typed it
   * (a school in 岳阳, a post in 岳阳市), and the reports count names that differ only by that 市 as
   * one city (the gazetteer's `cityKey`); a stayLocal student must not lose a post of its own city to the spelling.
   */
  #cityId(name: string): number {
    const city = gazetteer().cityKey(name);
    let id = this.#cityIds.get(city);
    if (id === undefined) {
      id = this.#cityIds.size;
      this.#cityIds.set(city, id);
    }
    return id;
  }

  /**
   * Where student s accepts a derived list's posts: `null` for anywhere; for a student who said
   * `stayLocal`, the school's city, its preferred cities and the cities of its preferred parks.
   * Preferred cities without `stayLocal` only rank (the engine's place feature), they never exclude.
   */
  wantedCities(s: number): ReadonlySet<number> | null {
    const student = this.inputs.students[s]!;
    const prefs = student.preferences;
    if (!prefs.stayLocal) return null;
    const cities = new Set<number>();
    const home = this.inputs.schools.get(student.schoolId)?.city;
    if (home !== undefined) cities.add(this.#cityId(home));
    for (const c of prefs.cities) cities.add(this.#cityId(c));
    for (const name of prefs.parks) {
      const park = gazetteer().get(name);
      if (park?.kind === 'park') cities.add(this.#cityId(park.city));
    }
    return cities;
  }

  /** Is post p in one of the cities (its own city, or its park's)? */
  inCities(p: number, cities: ReadonlySet<number>): boolean {
    return cities.has(this.#postCity[p]!) || cities.has(this.#postParkCity[p]!);
  }

  groupOf(schoolId: string): number | undefined {
    return this.#schoolIndex.get(schoolId);
  }

  context(s: number, p: number): MatchContext {
    const student = this.inputs.students[s]!;
    const post = this.inputs.posts[p]!;
    return { school: this.inputs.schools.get(student.schoolId), enterprise: this.inputs.enterprises.get(post.enterpriseId) };
  }

  /**
   * Call `visit` once for every post that may accept student s, of the given kinds (default all):
   * posts accepting the student's 专业, 类 or 大类 field or any major (in that order, the closeness
   * passed along), that name the student's graduation year or none. Both are necessary conditions
   * of eligibility (Post: `acceptedMajorCodes`, `acceptedGraduationYears`, empty = any), so the
   * scorer's `isEligible` still decides, over far fewer posts.
   */
  forEachCandidate(s: number, visit: (p: number, closeness: number) => void, kinds: readonly PostKind[] = POST_KINDS): void {
    const stamp = ++this.#visit;
    const seen = this.#stamp;
    const student = this.inputs.students[s]!;
    const f = fieldCode(student.majorCode);
    const fields = f ? [f, f.slice(0, 5), f.slice(0, 2), '*'] : ['*'];
    const years = ['*', String(student.graduationYear)];
    for (const [level, field] of fields.entries()) {
      const closeness = field === '*' ? FIELD_CLOSENESS[3] : FIELD_CLOSENESS[level]!;
      for (const kind of kinds) {
        for (const year of years) {
          const list = this.#buckets.get(`${field}|${kind}|${year}`);
          if (!list) continue;
          for (const p of list) {
            if (seen[p] === stamp) continue;
            seen[p] = stamp;
            visit(p, closeness);
          }
        }
      }
    }
  }

  /**
   * The `depth` candidates of student s with the best retrieval score, best first (all of them
   * when `depth` is 0): field closeness, share of the post's required and preferred skills the
   * student has (canonical names), and the place (a preferred city or the school's). Ties go to
   * the posts' lottery tickets. `accept` filters posts out before they are ranked.
   */
  retrieve(s: number, depth: number, accept: (p: number) => boolean, kinds?: readonly PostKind[]): number[] {
    const student = this.inputs.students[s]!;
    const skills = new Set(student.skills.map((k) => this.#skillIds.get(this.skillKey(k.name)) ?? -1));
    const cities = student.preferences.cities;
    const home = this.inputs.schools.get(student.schoolId)?.city;
    const coverage = (ids: Int32Array) => {
      if (ids.length === 0) return 0.5;
      let hit = 0;
      for (const id of ids) if (skills.has(id)) hit++;
      return hit / ids.length;
    };
    // Best first; bounded by `depth`, so a candidate that cannot make the cut costs one comparison.
    const posts: number[] = [];
    const scores: number[] = [];
    const before = (score: number, p: number, k: number) =>
      score > scores[k]! || (score === scores[k] && this.postTicket[p]! < this.postTicket[posts[k]!]!);
    this.forEachCandidate(
      s,
      (p, closeness) => {
        if (!accept(p)) return;
        const post = this.inputs.posts[p]!;
        const place = post.city === home || cities.includes(post.city) ? 1 : 0;
        const score =
          RETRIEVAL_WEIGHTS.field * closeness +
          RETRIEVAL_WEIGHTS.requiredSkills * coverage(this.#required[p]!) +
          RETRIEVAL_WEIGHTS.preferredSkills * coverage(this.#preferred[p]!) +
          RETRIEVAL_WEIGHTS.place * place;
        if (depth === 0) {
          posts.push(p);
          scores.push(score);
          return;
        }
        if (posts.length >= depth && !before(score, p, posts.length - 1)) return;
        let at = posts.length;
        while (at > 0 && before(score, p, at - 1)) at--;
        posts.splice(at, 0, p);
        scores.splice(at, 0, score);
        if (posts.length > depth) {
          posts.pop();
          scores.pop();
        }
      },
      kinds,
    );
    if (depth > 0) return posts;
    const order = posts.map((_, i) => i);
    order.sort((a, b) => scores[b]! - scores[a]! || this.postTicket[posts[a]!]! - this.postTicket[posts[b]!]!);
    return order.map((i) => posts[i]!);
  }
}
