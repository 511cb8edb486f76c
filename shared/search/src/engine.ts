import {
  gazetteer,
  majorCatalog,
  normalizeTerm,
  SkillLexicon,
  type Enterprise,
  type MatchExplanation,
  type Post,
  type PostKind,
  type School,
  type StudentProfile,
} from '@chanjiao/domain';
import { hasSearchableText, type Analyzer } from './analyzer.js';
import { buildPostDocument, buildStudentDocument } from './documents.js';
import { fuseUnordered, type FusedHit, type FusionOptions } from './fusion.js';
import {
  certificateFilterable,
  cityFilterNote,
  createMatchRules,
  DEFAULT_FEATURE_WEIGHTS,
  evidence,
  hasStudentConstraints,
  isEligible,
  matchScore,
  matchScoreValue,
  queryMatchScore,
  queryMatchScorer,
  queryPostScore,
  queryPostScoreValue,
  studentConstraints,
  studentPostScore,
  studentPostScoreValue,
  type Feature,
  type FeatureWeights,
  type MatchContext,
  type MatchRules,
  type QueryIntent,
} from './scoring/index.js';
import type {
  DocKind,
  FacetCounts,
  FacetFieldOf,
  FilterOf,
  IndexDocument,
  PostFacetField,
  PostFilter,
  SearchIndex,
  SourceOf,
  StudentFacetField,
  StudentFilter,
  TextFieldOf,
  WeightedTerm,
} from './search-index.js';
import { compareHits } from './top-k.js';
import { currentGraduationYear, QueryParser, type Understood } from './query/parse.js';
import type { PlaceWanted, QueryScorer } from './scoring/index.js';

/** Schools and enterprises by id: the records around a pair that re-ranking reads. */
export interface References {
  school(id: string): School | undefined;
  enterprise(id: string): Enterprise | undefined;
}

/** An in-memory {@link References} (a city has tens of schools and thousands of enterprises). */
export class ReferenceData implements References {
  readonly #schools = new Map<string, School>();
  readonly #enterprises = new Map<string, Enterprise>();

  constructor(init: { schools?: Iterable<School>; enterprises?: Iterable<Enterprise> } = {}) {
    for (const s of init.schools ?? []) this.#schools.set(s.id, s);
    for (const e of init.enterprises ?? []) this.#enterprises.set(e.id, e);
  }

  school(id: string): School | undefined {
    return this.#schools.get(id);
  }

  enterprise(id: string): Enterprise | undefined {
    return this.#enterprises.get(id);
  }

  putSchool(s: School): void {
    this.#schools.set(s.id, s);
  }

  putEnterprise(e: Enterprise): void {
    this.#enterprises.set(e.id, e);
  }

  deleteSchool(id: string): void {
    this.#schools.delete(id);
  }

  deleteEnterprise(id: string): void {
    this.#enterprises.delete(id);
  }
}

export interface HybridEngineOptions {
  readonly index: SearchIndex;
  /** The analyzer the index's documents were built with. */
  readonly analyzer: Analyzer;
  readonly references?: References;
  readonly fusion: FusionOptions;
  readonly weights?: FeatureWeights;
  /** Candidates each side retrieves, and the most hits a search can page through. Default 100. */
  readonly depth?: number;
  /** Re-rank fused candidates with the structured features (default true; false = fused order). */
  readonly rerank?: boolean;
  /** Told how long each stage of every search took (benchmarks); none by default. */
  readonly observer?: SearchObserver;
  /** The clock `应届` is read against (default: the system clock). */
  readonly now?: () => Date;
  /**
   * Free-text searches keep a hit the words did not match only when its cosine similarity to
   * the query is at least this (default {@link SEMANTIC_FLOOR}), so nonsense finds nothing.
   */
  readonly semanticFloor?: number;
}

/** The stages of a search, in the order they are printed (the vector side starts before the lexical one). */
export const SEARCH_STAGES = ['analyze', 'filter', 'lexical', 'vector', 'fuse', 'fetch', 'rerank', 'explain'] as const;
export type SearchStage = (typeof SEARCH_STAGES)[number];

/**
 * Told the milliseconds each stage of a search took (analyze: the query's words and intent;
 * filter: the filter's set and its count; fetch: the candidates' records; rerank: scoring and
 * ordering them; explain: the page's explanations; vector: this thread's part of the vector side,
 * told twice, its call and the wait for it after the lexical walk: add them up). An option of the
 * engine, not a global, so a benchmark watches its own engine only; a search without one reads no clock.
 */
export interface SearchObserver {
  stage(stage: SearchStage, ms: number): void;
}
type Lap = (stage: SearchStage) => void;

/**
 * bge-small-zh-v1.5 puts a query of nonsense (zzqqxx, 今天天气不错) at 0.39–0.47 from the best of
 * 200 generated students and real queries (PLC, 护理, 会计) at 0.56–0.70, their tenth best at
 * 0.50–0.57: a vector-only hit below 0.5 is not an answer.
 */
export const SEMANTIC_FLOOR = 0.5;

/** One ranked hit with the record it came from and why it ranks there. */
export interface RankedHit<K extends DocKind> {
  readonly rank: number;
  readonly id: string;
  readonly score: number;
  readonly source: SourceOf<K>;
  readonly explanation: MatchExplanation;
}

export interface RankedPage<K extends DocKind> {
  readonly hits: Array<RankedHit<K>>;
  /**
   * The hits a client can page through: eligible, above the relevance floor, within the depth.
   * With `totalIsEstimate`, more documents pass the filters than were ranked (the depth cut the
   * candidates), so there may be more than `total` good answers: narrow the query or the filters.
   */
  readonly total: number;
  readonly totalIsEstimate?: true;
  readonly facets: FacetCounts;
  readonly nextCursor: string | null;
  /** Set when the vector side was wanted but no query vector came (the embedder is down). */
  readonly degraded?: 'lexical-only';
  /** What the free-text query was read as (free-text searches only). */
  readonly understood?: Understood;
}

interface Paging {
  readonly limit: number;
  /** Opaque, from a previous page's `nextCursor`. */
  readonly cursor?: string;
}

/** HR searches students: free text, filters, facets; for a post (its requirements) or not. */
export interface CandidateQuery extends Paging {
  readonly query?: string;
  /** The caller's embedding of `query` (null: none, e.g. the embedder is down). */
  readonly queryVector?: Float32Array | null;
  /** Search for this post: its eligibility rules filter, its text and vector query, its features rank. */
  readonly post?: Post | string;
  readonly filter?: StudentFilter;
  readonly facets?: readonly StudentFacetField[];
}

/** Posts recommended to a student, from the student's own profile. */
export interface RecommendationQuery extends Paging {
  readonly student: StudentProfile | string;
  readonly kinds?: readonly PostKind[];
  /** Posts in these cities only (short names work, like every city filter). */
  readonly cities?: readonly string[];
  /** The student's vector when the student is not in the index yet. */
  readonly vector?: Float32Array | null;
}

/** Free-text post search (students browsing). */
export interface PostQuery extends Paging {
  readonly query?: string;
  /** The student searching (their own key or session): hits are scored and explained for them, as recommendations are. */
  readonly student?: StudentProfile;
  readonly queryVector?: Float32Array | null;
  readonly filter?: PostFilter;
  readonly facets?: readonly PostFacetField[];
}

/** Raised for an unknown post or student id, or a cursor this engine did not write. */
export class SearchInputError extends Error {
  override readonly name = 'SearchInputError';
  constructor(
    readonly reason: 'post_not_found' | 'student_not_found' | 'bad_cursor',
    message: string,
  ) {
    super(message);
  }
}

/** How much each text field of the subject counts when it becomes a query. */
const POST_QUERY_FIELDS: Readonly<Partial<Record<TextFieldOf<'post'>, number>>> = { title: 1, skills: 1, majors: 1, certificates: 1, description: 0.3 };
const STUDENT_QUERY_FIELDS: Readonly<Partial<Record<TextFieldOf<'student'>, number>>> = { major: 1, skills: 1, certificates: 1, intro: 0.3 };
/**
 * Query intents whose scorers are kept (each holds at most a mask per skill name and a value per
 * major: ~12 B per interned name, ~60 KB at 5,000 names, so ~60 MB when full). At 256 the bench's
 * HR workload (200 texts under varied city filters, ~400 readings) missed on 35 % of its queries:
 * each miss parsed the query again, rebuilt the scorer's masks candidate by candidate, and left
 * objects that outlived two young-generation collections before they died (most of what those
 * collections promoted).
 */
const SCORER_CACHE_MAX = 1024;
/** Query readings kept (a page of a search, a search repeated, the same words under other filters; a few KB each). */
const READING_CACHE_MAX = 1024;

/** What {@link HybridEngine.understand} makes of a query: shared by every search that asks again, so not to be changed. */
export interface QueryUnderstanding {
  readonly intent: QueryIntent;
  readonly understood: Understood;
  readonly tokens: string[];
  readonly expansion: string[];
}

/**
 * The note on a hit whose vector is still being computed (after a bulk load or a restart, the
 * embedding backlog drains in the background): it was found and ranked by its words alone.
 */
export const VECTOR_PENDING_NOTE = '语义向量计算中：本条暂按文字匹配排序';

/** Words typed by HR count more than the words taken from the post they search for. */
const TYPED_QUERY_WEIGHT = 2;

function encodeCursor(score: number, id: string): string {
  return Buffer.from(JSON.stringify([1, score, id])).toString('base64url');
}

function decodeCursor(cursor: string): { score: number; id: string } {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v[0] === 1 && typeof v[1] === 'number' && typeof v[2] === 'string') return { score: v[1], id: v[2] };
  } catch {
    // fall through
  }
  throw new SearchInputError('bad_cursor', 'the cursor was not written by this search');
}

/**
 * The required certificates the index may filter on: those resolved by their spelling, by name
 * alone. A requirement resolved only by similarity is checked by eligibility (and a student who
 * may hold it is kept as 证书待核实), and so is the level: a student who names the certificate
 * without its level is kept for the same reason.
 */
function certificateFilter(post: Post, rules: MatchRules, analyzer: Analyzer): string[] | undefined {
  const names = post.requiredCertificates.filter((req) => certificateFilterable(rules, req)).map((req) => analyzer.certificate(req.name).canonical);
  return names.length ? names : undefined;
}

/** Weighted terms from tokens: repeats add up. */
export function termsOf(tokens: Iterable<string>, weight = 1, into = new Map<string, number>()): Map<string, number> {
  for (const t of tokens) into.set(t, (into.get(t) ?? 0) + weight);
  return into;
}

function toTerms(map: Map<string, number>): WeightedTerm[] {
  return [...map].map(([token, weight]) => ({ token, weight }));
}

function unitAverage(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length);
  const na = Math.hypot(...a) || 1;
  const nb = Math.hypot(...b) || 1;
  for (let i = 0; i < a.length; i++) out[i] = a[i]! / na + b[i]! / nb;
  return out;
}

/**
 * The hybrid search the matching API calls: analyze → lexical top-N and vector top-N (with the
 * same filters) → fuse → re-rank with structured features after hard eligibility → explain →
 * page. The query vector is passed in: the caller embeds (and may be down: then the vector side
 * is skipped and the reply says `degraded: "lexical-only"`).
 */
export class HybridEngine {
  readonly index: SearchIndex;
  readonly analyzer: Analyzer;
  readonly references: References;
  readonly fusion: FusionOptions;
  readonly depth: number;
  readonly rerank: boolean;
  readonly semanticFloor: number;
  /** Enterprise-facing rules (consent required) and student-facing ones. */
  readonly #hrRules: MatchRules;
  readonly #studentRules: MatchRules;
  #majorsByName: Map<string, string[]> | undefined;
  /**
   * Scorers by query intent, most recent last: queries that differ only in words that name no
   * major or skill ("2027届", "吃苦耐劳") share one, and with it what it has worked out.
   */
  readonly #scorers = new Map<string, QueryScorer>();
  readonly #observer: SearchObserver | undefined;
  readonly #parser: QueryParser;
  readonly #now: () => Date;
  /**
   * Readings by query text and filter cities, most recent last. A reading depends on nothing
   * else but the school year `应届` stands for (the analyzer and the gazetteer do not change while
   * the engine lives), so the year is part of the key. Each entry also keeps its intent's scorer
   * key (the intent as JSON).
   */
  readonly #readings = new Map<string, QueryUnderstanding>();
  readonly #scorerKeys = new WeakMap<QueryIntent, string>();

  constructor(opts: HybridEngineOptions) {
    this.index = opts.index;
    this.analyzer = opts.analyzer;
    this.references = opts.references ?? new ReferenceData();
    this.fusion = opts.fusion;
    this.depth = opts.depth ?? 100;
    this.rerank = opts.rerank ?? true;
    this.#observer = opts.observer;
    this.semanticFloor = opts.semanticFloor ?? SEMANTIC_FLOOR;
    const weights = this.#effectiveWeights(opts.weights ?? DEFAULT_FEATURE_WEIGHTS);
    this.#hrRules = createMatchRules({ analyzer: opts.analyzer, weights, requireConsent: true });
    this.#studentRules = createMatchRules({ analyzer: opts.analyzer, weights });
    this.#now = opts.now ?? (() => new Date());
    this.#parser = new QueryParser({ analyzer: opts.analyzer, now: this.#now });
  }

  /** A stopwatch started now that tells the observer each stage's time, or undefined without an observer. */
  #stopwatch(): Lap | undefined {
    const observer = this.#observer;
    if (!observer) return undefined;
    let t = performance.now();
    return (stage) => {
      const now = performance.now();
      observer.stage(stage, now - t);
      t = now;
    };
  }

  /** A fusion side switched off (weight 0) is off in re-ranking too. */
  #effectiveWeights(w: FeatureWeights): FeatureWeights {
    const out: Record<Feature, number> = { ...w };
    if (this.fusion.lexicalWeight <= 0) out.lexical = 0;
    if (this.fusion.vectorWeight <= 0) out.semantic = 0;
    return Object.freeze(out);
  }

  #scorer(intent: QueryIntent): QueryScorer {
    let key = this.#scorerKeys.get(intent);
    if (key === undefined) this.#scorerKeys.set(intent, (key = JSON.stringify(intent)));
    let scorer = this.#scorers.get(key);
    if (scorer) {
      this.#scorers.delete(key);
    } else {
      scorer = queryMatchScorer(intent, this.#hrRules);
      if (this.#scorers.size >= SCORER_CACHE_MAX) this.#scorers.delete(this.#scorers.keys().next().value!);
    }
    this.#scorers.set(key, scorer);
    return scorer;
  }

  /**
   * A free-text query read: what it names (majors by name, short name or abbreviation, lexicon
   * skills, certificates) and the constraints it states (years, places, levels, kinds), as the
   * re-rank's intent and as the reply's `understood`. Filter cities join the places, so the
   * explanation says whether the school's location or a preferred city matched.
   */
  understand(query: string, filterCities: readonly string[] = []): QueryUnderstanding {
    // The parse, the analysis and the intent cost ~0.3 ms, a tenth of a search: HR pages through
    // a search and repeats it, so a reading is kept (a hit returns the same objects).
    const key = `${currentGraduationYear(this.#now())}\u0000${query}\u0000${filterCities.join('\u0001')}`;
    let read = this.#readings.get(key);
    if (read) {
      this.#readings.delete(key);
    } else {
      read = this.#understand(query, filterCities);
      if (this.#readings.size >= READING_CACHE_MAX) this.#readings.delete(this.#readings.keys().next().value!);
    }
    this.#readings.set(key, read);
    return read;
  }

  #understand(query: string, filterCities: readonly string[]): QueryUnderstanding {
    const reading = this.#parser.read(query);
    const { understood } = reading;
    // The lexical side searches the corrected query (汽车维休 as 汽车维修) and, at the weight of
    // words not typed, the whole names its intents stand for (直播带货 → its majors' names).
    const analyzed = this.analyzer.analyze(reading.text);
    const base = this.intentOf(analyzed);
    const uncertified = reading.withoutCertificates === reading.text ? analyzed : this.analyzer.analyze(reading.withoutCertificates);
    // Skills from the words not read as a certificate: `CAD 绘图员` asks for the certificate, not also for CAD制图.
    const baseSkills = uncertified === analyzed ? base.skills : this.intentOf(uncertified).skills;
    // What the lexical side searches: the words as typed, read as naming the certificates the
    // query's spans were read as, the way documents index a certificate (certificateWords):
    // 电工证(中级) would otherwise search the 低压 licence's words.
    const tokens = reading.spannedCertificates.length
      ? this.analyzer.certificateTokens(
          analyzed,
          reading.spannedCertificates.map((name) => this.analyzer.canonical(name)),
          understood.certificates.map((c) => this.analyzer.canonical(c.name)),
        )
      : analyzed;
    const expansion = reading.expansion.map((name) => this.analyzer.canonical(name));
    const places: PlaceWanted[] = understood.places.map((p) => ({ name: p.name, label: p.label, kind: p.kind, city: p.city, ...(p.district ? { district: p.district } : {}) }));
    const gaz = gazetteer();
    for (const c of filterCities) {
      const city = gaz.cityOf(c);
      if (!places.some((p) => p.kind === 'city' && p.city === city)) places.push({ name: city, label: city, kind: 'city', city });
    }
    const majorCodes = [...new Set([...base.majorCodes, ...understood.majors.map((m) => m.code)])];
    const skills = [...new Set([...baseSkills, ...understood.intents.flatMap((i) => i.skills.map((s) => this.analyzer.canonical(s)))])];
    const intent: QueryIntent = {
      majorCodes,
      skills,
      ...(understood.graduationYears.length ? { graduationYears: understood.graduationYears } : {}),
      ...(places.length ? { places } : {}),
      ...(understood.levels.length ? { levels: understood.levels.map((l) => l.level) } : {}),
      ...(understood.kinds.length ? { kinds: understood.kinds.map((k) => (k.internshipMode ? { kind: k.kind, internshipMode: k.internshipMode } : { kind: k.kind })) } : {}),
      // With the level the query names (电工证（中级） asks for 中级 or above).
      ...(understood.certificates.length ? { certificates: understood.certificates.map((c) => SkillLexicon.label(c)) } : {}),
      ...(understood.salary ? { salary: understood.salary } : {}),
      ...(understood.excluded?.graduationYears.length ? { excludedGraduationYears: understood.excluded.graduationYears } : {}),
      ...(understood.excluded?.places.length
        ? { excludedPlaces: understood.excluded.places.map((p) => ({ name: p.name, label: p.label, kind: p.kind, city: p.city, ...(p.district ? { district: p.district } : {}) })) }
        : {}),
    };
    return { intent, understood, tokens, expansion };
  }

  /**
   * The text to embed for a query: the query with its homophone typos corrected (汽车维休 →
   * 汽车维修), so the vector side lands where the lexical side does. The reading is kept for
   * the search that follows.
   */
  searchText(query: string): string {
    return this.#parser.read(query).text;
  }

  /** What a free-text query's tokens name: catalog majors and lexicon skills. */
  intentOf(tokens: readonly string[]): QueryIntent {
    if (!this.#majorsByName) {
      this.#majorsByName = new Map();
      for (const e of majorCatalog().entries) {
        if (e.item !== 'major') continue;
        const key = normalizeTerm(e.name);
        const list = this.#majorsByName.get(key) ?? [];
        list.push(e.code);
        this.#majorsByName.set(key, list);
      }
    }
    const majorCodes = new Set<string>();
    const skills = new Set<string>();
    for (const t of tokens) {
      const kind = this.analyzer.termKind(t);
      if (kind === 'major') for (const c of this.#majorsByName.get(t) ?? []) majorCodes.add(c);
      else if (kind === 'skill') skills.add(t);
    }
    // A broader skill emitted next to a specific one is not asked for on its own.
    for (const s of [...skills]) for (const b of this.analyzer.broader(s)) skills.delete(b);
    return { majorCodes: [...majorCodes], skills: [...skills] };
  }

  async #post(post: Post | string): Promise<IndexDocument<'post'>> {
    if (typeof post !== 'string') {
      // A post given whole (perhaps not indexed yet, or edited): its own text, the indexed vector if any.
      const stored = await this.index.get('post', post.id);
      const built = buildPostDocument({ post, enterprise: this.references.enterprise(post.enterpriseId) }, this.analyzer);
      return { ...built, vector: stored?.vector ?? null };
    }
    const doc = await this.index.get('post', post);
    if (!doc) throw new SearchInputError('post_not_found', `no post ${post}`);
    return doc;
  }

  async #student(student: StudentProfile | string, vector: Float32Array | null | undefined): Promise<IndexDocument<'student'>> {
    if (typeof student !== 'string') {
      const stored = await this.index.get('student', student.id);
      const v = vector ?? stored?.vector ?? null;
      return { ...buildStudentDocument({ profile: student, school: this.references.school(student.schoolId) }, this.analyzer), vector: v };
    }
    const doc = await this.index.get('student', student);
    if (!doc) throw new SearchInputError('student_not_found', `no student ${student}`);
    return vector ? { ...doc, vector } : doc;
  }

  /** HR candidate search, for a post or by free text alone. */
  async searchCandidates(q: CandidateQuery): Promise<RankedPage<'student'>> {
    const lap = this.#stopwatch();
    const hardFilters: StudentFilter[] = [{ consent: true, statuses: q.filter?.statuses ?? ['seeking'] }];
    if (q.filter) hardFilters.push({ ...q.filter, statuses: undefined });
    const terms = new Map<string, number>();
    const { intent: queryIntent, understood, tokens: typed, expansion } = this.understand(q.query ?? '', q.filter?.cities);
    termsOf(typed, TYPED_QUERY_WEIGHT, terms);
    termsOf(expansion, 1, terms);
    let vector = q.queryVector ?? null;
    let post: Post | undefined;
    if (q.post !== undefined) {
      const doc = await this.#post(q.post);
      post = doc.source;
      hardFilters.push({
        majorCodes: post.acceptedMajorCodes.length ? post.acceptedMajorCodes : undefined,
        levels: post.acceptedLevels.length ? post.acceptedLevels : undefined,
        graduationYears: post.acceptedGraduationYears.length ? post.acceptedGraduationYears : undefined,
        certificates: certificateFilter(post, this.#hrRules, this.analyzer),
      });
      for (const [field, w] of Object.entries(POST_QUERY_FIELDS)) termsOf(doc.text[field as TextFieldOf<'post'>], w, terms);
      vector = vector && doc.vector ? unitAverage(vector, doc.vector) : (vector ?? doc.vector);
    }
    const wantsVector = hasSearchableText(q.query ?? '') && (q.queryVector === undefined || q.queryVector === null);
    const enterprise = post ? this.references.enterprise(post.enterpriseId) : undefined;
    const intent = post ? undefined : queryIntent;
    const context = (student: StudentProfile, hit: FusedHit): MatchContext => ({
      rules: this.#hrRules,
      school: this.references.school(student.schoolId),
      enterprise,
      lexical: hit.lexicalNorm,
      lexicalRaw: hit.lexical,
      semantic: hit.semantic,
    });
    const terms_ = toTerms(terms);
    const scorer = post ? undefined : this.#scorer(intent!);
    // Searching for a post with words too (持低压电工证 2027届 嘉峪关): what the words state weighs as
    // it does without a post (× UNMET_FACTOR for each not met, with its note). Before, the reply
    // echoed them in `understood` and the order ignored them.
    // The words' own reading, without the filter's cities (the filter enforces those, cityFilterNote says so).
    const words = post && hasSearchableText(q.query ?? '') ? this.understand(q.query ?? '').intent : undefined;
    const stated = words && hasStudentConstraints(words) ? words : undefined;
    lap?.('analyze');
    return this.#run('student', {
      lap,
      terms: terms_,
      vector,
      filter: hardFilters,
      score: post
        ? (student, hit) => {
            const ctx = context(student, hit);
            if (!isEligible(student, post, ctx).eligible) return null;
            const value = matchScoreValue(student, post, ctx);
            return stated ? value * studentConstraints(student, ctx.school, stated, this.#hrRules, null).factor : value;
          }
        : (student, hit) => scorer!(student, hit.lexicalNorm, hit.semantic, this.references.school(student.schoolId)),
      explain: post
        ? (student, hit) => {
            const explanation = matchScore(student, post, context(student, hit)).explanation;
            // The post's explanation speaks of the post's city; a city filter's match is said apart.
            const note = q.filter?.cities?.length ? cityFilterNote(student, this.references.school(student.schoolId), q.filter.cities) : undefined;
            if (note) explanation.notes.push(note);
            if (stated) {
              const ev = evidence();
              const ctx = context(student, hit);
              const { factor } = studentConstraints(student, ctx.school, stated, this.#hrRules, ev);
              for (const n of ev.notes) if (!explanation.notes.includes(n)) explanation.notes.push(n);
              if (factor !== 1) explanation.contributions = { ...explanation.contributions, constraintFactor: Math.round(factor * 10000) / 10000 };
            }
            return explanation;
          }
        : (student, hit) => queryMatchScore(student, intent!, context(student, hit)).explanation,
      facets: q.facets ?? [],
      page: q,
      degraded: wantsVector && this.fusion.vectorWeight > 0,
      understood,
      floor: hasSearchableText(q.query ?? ''),
    });
  }

  /** Posts for a student: eligible ones only, ranked by the student's fit. */
  async recommendPosts(q: RecommendationQuery): Promise<RankedPage<'post'>> {
    const lap = this.#stopwatch();
    const doc = await this.#student(q.student, q.vector);
    const student = doc.source;
    const filter: PostFilter = {
      statuses: ['open'],
      acceptsMajor: student.majorCode,
      acceptsLevel: student.level,
      acceptsGraduationYear: student.graduationYear,
      kinds: q.kinds && q.kinds.length ? q.kinds : undefined,
      cities: q.cities && q.cities.length ? q.cities : undefined,
    };
    const terms = new Map<string, number>();
    for (const [field, w] of Object.entries(STUDENT_QUERY_FIELDS)) termsOf(doc.text[field as TextFieldOf<'student'>], w, terms);
    const school = this.references.school(student.schoolId);
    const context = (post: Post, hit: FusedHit): MatchContext => ({
      rules: this.#studentRules,
      school,
      enterprise: this.references.enterprise(post.enterpriseId),
      lexical: hit.lexicalNorm,
      lexicalRaw: hit.lexical,
      semantic: hit.semantic,
    });
    lap?.('analyze');
    return this.#run('post', {
      lap,
      terms: toTerms(terms),
      vector: doc.vector,
      filter: [filter],
      score: (post, hit) => {
        const ctx = context(post, hit);
        return isEligible(student, post, ctx).eligible ? matchScoreValue(student, post, ctx) : null;
      },
      explain: (post, hit) => matchScore(student, post, context(post, hit)).explanation,
      facets: [],
      page: q,
      degraded: false,
    });
  }

  /** Free-text post search. */
  async searchPosts(q: PostQuery): Promise<RankedPage<'post'>> {
    const lap = this.#stopwatch();
    const { intent, understood, tokens: typed, expansion } = this.understand(q.query ?? '');
    const filters: PostFilter[] = [{ statuses: q.filter?.statuses ?? ['open'] }];
    if (q.filter) filters.push({ ...q.filter, statuses: undefined });
    const student = q.student;
    const school = student ? this.references.school(student.schoolId) : undefined;
    const context = (post: Post, hit: FusedHit): MatchContext => ({
      rules: this.#studentRules,
      school,
      enterprise: this.references.enterprise(post.enterpriseId),
      lexical: hit.lexicalNorm,
      lexicalRaw: hit.lexical,
      semantic: hit.semantic,
    });
    const wantsVector = hasSearchableText(q.query ?? '') && !q.queryVector;
    lap?.('analyze');
    return this.#run('post', {
      lap,
      terms: toTerms(termsOf(expansion, 1, termsOf(typed))),
      vector: q.queryVector ?? null,
      filter: filters,
      score: student
        ? (post, hit) => studentPostScoreValue(student, post, intent, context(post, hit))
        : (post, hit) => queryPostScoreValue(post, intent, context(post, hit)),
      explain: student
        ? (post, hit) => studentPostScore(student, post, intent, context(post, hit)).explanation
        : (post, hit) => queryPostScore(post, intent, context(post, hit)).explanation,
      facets: q.facets ?? [],
      page: q,
      degraded: wantsVector && this.fusion.vectorWeight > 0,
      understood,
      floor: hasSearchableText(q.query ?? ''),
    });
  }

  async #run<K extends DocKind>(
    kind: K,
    p: {
      terms: WeightedTerm[];
      vector: Float32Array | null;
      filter: Array<FilterOf<K>>;
      /** The re-rank score, or null when the document is not eligible. */
      score: (source: SourceOf<K>, hit: FusedHit) => number | null;
      /** Built for the hits of the page only. */
      explain: (source: SourceOf<K>, hit: FusedHit) => MatchExplanation;
      facets: ReadonlyArray<FacetFieldOf<K>>;
      page: Paging;
      degraded: boolean;
      /** The observer's stopwatch (undefined without an observer): reports the time since its last call. */
      lap?: Lap;
      understood?: Understood;
      /** Free text was typed: apply the relevance floor. */
      floor?: boolean;
    },
  ): Promise<RankedPage<K>> {
    const after = p.page.cursor === undefined ? undefined : decodeCursor(p.page.cursor);
    const k = this.depth;
    const lexOn = this.fusion.lexicalWeight > 0 && p.terms.length > 0;
    const vecOn = this.fusion.vectorWeight > 0 && p.vector !== null;
    const lap = p.lap;
    // Started one after the other and awaited together: the embedded index does each one's work
    // when called (the count first, which builds the filter's set the other two reuse), except,
    // with `vectorWalkThread`, a vector graph walk, which it runs on a worker thread: the vector
    // side starts first, so that walk overlaps the lexical one. A remote index answers all of them concurrently. The vector
    // stage is what the vector side took on this thread: its call, and the wait for it after the
    // lexical walk.
    const total$ = this.index.count(kind, p.filter);
    const facets$ = p.facets.length ? this.index.facets(kind, p.facets, { filter: p.filter }) : {};
    lap?.('filter');
    const vector$ = vecOn ? this.index.searchVector(kind, p.vector!, { k, filter: p.filter }) : [];
    lap?.('vector');
    const lexical$ = lexOn ? this.index.searchLexical(kind, { terms: p.terms }, { k, filter: p.filter }) : [];
    lap?.('lexical');
    const [lexical, vector, total, facets] = await Promise.all([lexical$, vector$, total$, facets$]);
    lap?.('vector');
    // Unordered: the ranked list is sorted below (by the re-rank score, or the fused one when off).
    let fused = fuseUnordered(lexical, vector, this.fusion);
    // Did the depth cut the candidates (so more documents could have been answers)?
    const floor = p.floor ? this.semanticFloor : -Infinity;
    let truncated = lexical.length >= k || (vector.length >= k && vector[vector.length - 1]!.score >= floor);
    if (!lexOn && !vecOn) {
      // Neither words nor a vector: the filtered set in id order, scored by the features alone.
      const ids = await this.index.list(kind, { k, filter: p.filter });
      fused = ids.map((id) => ({ id, score: 0, lexical: null, lexicalNorm: null, semantic: null, lexicalRank: null, vectorRank: null }));
      truncated = ids.length >= k;
    } else if (p.floor) {
      // Relevance floor: a hit the words did not match must be close in meaning.
      fused = fused.filter((h) => (h.lexical ?? 0) > 0 || (h.semantic ?? -Infinity) >= floor);
    }
    lap?.('fuse');
    const docs = await this.index.getMany(kind, fused.map((h) => h.id), { vectors: false });
    lap?.('fetch');
    const ranked: Array<{ id: string; score: number; source: SourceOf<K>; hit: FusedHit }> = [];
    fused.forEach((hit, i) => {
      const doc = docs[i];
      if (!doc) return;
      const score = p.score(doc.source, hit);
      if (score === null) return;
      ranked.push({ id: hit.id, score: this.rerank ? score : hit.score, source: doc.source, hit });
    });
    ranked.sort(compareHits);
    let start = 0;
    if (after) {
      start = ranked.findIndex((h) => h.score < after.score || (h.score === after.score && h.id > after.id));
      if (start < 0) start = ranked.length;
    }
    const slice = ranked.slice(start, start + p.page.limit);
    const last = slice[slice.length - 1];
    const more = start + slice.length < ranked.length;
    lap?.('rerank');
    const hits = slice.map((h, i) => {
      const explanation = p.explain(h.source, h.hit);
      if (vecOn && h.hit.semantic === null && this.index.hasVector?.(kind, h.id) === false) explanation.notes.push(VECTOR_PENDING_NOTE);
      return { rank: start + i + 1, id: h.id, score: h.score, source: h.source, explanation };
    });
    lap?.('explain');
    return {
      hits,
      total: ranked.length,
      ...(truncated && total > ranked.length ? { totalIsEstimate: true as const } : {}),
      facets,
      nextCursor: more && last ? encodeCursor(last.score, last.id) : null,
      ...(p.degraded ? { degraded: 'lexical-only' as const } : {}),
      ...(p.understood ? { understood: p.understood } : {}),
    };
  }
}
