import type {
  CertificateLevel,
  InternshipMode,
  Level,
  Post,
  PostKind,
  PostStatus,
  StudentProfile,
  StudentStatus,
} from '@chanjiao/domain';

/**
 * The contract both search backends implement: the embedded one (BM25 over an inverted index +
 * HNSW, in this package) and the Elasticsearch one (`src/elasticsearch`). Both index the SAME
 * documents, built by {@link buildIndexDocument} from the records with the one analyzer, so the
 * tokens, keyword values and vectors agree and the one contract suite can expect the same answers.
 *
 * Ordering rule for every ranked answer: score descending, then id ascending (stable pages).
 */

/** The two collections: students (searched by HR) and posts (recommended to students). */
export type DocKind = 'student' | 'post';

/** Analyzed text fields. Each holds the analyzer's tokens; the lexical side scores them with BM25. */
export const STUDENT_TEXT_FIELDS = ['major', 'skills', 'certificates', 'intro'] as const;
export const POST_TEXT_FIELDS = ['title', 'majors', 'skills', 'certificates', 'description', 'enterprise'] as const;
export type StudentTextField = (typeof STUDENT_TEXT_FIELDS)[number];
export type PostTextField = (typeof POST_TEXT_FIELDS)[number];
export type TextFieldOf<K extends DocKind> = K extends 'student' ? StudentTextField : PostTextField;

/**
 * Keyword fields: exact values for filters and facets (Elasticsearch `keyword` fields).
 * Student:
 * - `majorKeys`: `c:<code>` for the 专业, 类 and 大类 codes (`c:660301`, `c:6603`, `c:66`) and
 *   level-free `f:` keys: the 专业's own code and its counterparts' on other levels (`f:660301`,
 *   `f:460301`, `f:460302`), then the field codes of its 类 and 大类 (`f:06-03`, `f:06`), see {@link majorFilterKeys};
 * - `city`: the school's city and the preferred cities; `park`: the preferred parks;
 * - `district`: the school's district and the districts the student prefers (a preferred district,
 *   or the district of a preferred park), official names (`金湾区`);
 * - `skills` / `certificates`: canonical names (synonyms folded); certificates also carry
 *   `<name>#<rank>` for every level rank up to the one held, so "at least 中级" is one term;
 * - `consent`: `"true"` / `"false"`; `graduationYear`: the year as a string.
 * Post:
 * - `majorKeys`: `x:<field>` for each accepted prefix's field code and `a:<field>` for it and its
 *   ancestors, or `*` when any major is accepted;
 * - `level` / `graduationYear`: accepted values, or `*` when the post accepts any;
 * - `enterpriseId`: the enterprise and the co-enterprises of a joint order class.
 */
export const STUDENT_KEYWORD_FIELDS = [
  'schoolId',
  'majorCode',
  'majorClass',
  'majorKeys',
  'level',
  'graduationYear',
  'city',
  'district',
  'park',
  'skills',
  'certificates',
  'consent',
  'status',
] as const;
export const POST_KEYWORD_FIELDS = [
  'kind',
  'internshipMode',
  'term',
  'enterpriseId',
  'city',
  'park',
  'majorKeys',
  'level',
  'graduationYear',
  'skills',
  'certificates',
  'status',
] as const;
export type StudentKeywordField = (typeof STUDENT_KEYWORD_FIELDS)[number];
export type PostKeywordField = (typeof POST_KEYWORD_FIELDS)[number];
export type KeywordFieldOf<K extends DocKind> = K extends 'student' ? StudentKeywordField : PostKeywordField;

/** The record a document was built from; the engine re-ranks and explains from it. */
export type SourceOf<K extends DocKind> = K extends 'student' ? StudentProfile : Post;

/**
 * One indexable document. Built only by {@link buildIndexDocument}; a backend stores it as given
 * (Elasticsearch: tokens joined by spaces into whitespace-analyzed fields, keywords as `keyword`,
 * the vector as `dense_vector`, the source as `_source`).
 */
export interface IndexDocument<K extends DocKind = DocKind> {
  readonly kind: K;
  readonly id: string;
  readonly text: Readonly<Record<TextFieldOf<K>, readonly string[]>>;
  readonly keywords: Readonly<Record<KeywordFieldOf<K>, readonly string[]>>;
  /** Unit-length embedding (512-d bge-small-zh), or null when it is not computed yet. */
  readonly vector: Float32Array | null;
  readonly source: SourceOf<K>;
}
export type StudentDocument = IndexDocument<'student'>;
export type PostDocument = IndexDocument<'post'>;
export type AnyIndexDocument = StudentDocument | PostDocument;

/** Filters on students. Every given list narrows the set; an absent or empty list does not filter. */
export interface StudentFilter {
  readonly ids?: readonly string[];
  readonly schoolIds?: readonly string[];
  /** 专业 codes or 类 / 大类 prefixes. */
  readonly majorCodes?: readonly string[];
  /** Default true: the same field on another level also matches (660301 matches 4603). */
  readonly majorAnyLevel?: boolean;
  readonly levels?: readonly Level[];
  readonly graduationYears?: readonly number[];
  /** The school's city or a preferred city. */
  readonly cities?: readonly string[];
  /** The school's district or a preferred district (official or short name: `金湾` finds `金湾区`). */
  readonly districts?: readonly string[];
  readonly parks?: readonly string[];
  /** Every listed skill is required; synonyms count (folded by the analyzer). */
  readonly skills?: readonly string[];
  /** Every listed certificate is required, optionally with a minimum level. */
  readonly certificates?: ReadonlyArray<string | { readonly name: string; readonly minLevel?: CertificateLevel }>;
  /** HR search always sets true (PIPL): without consent a student is never found. */
  readonly consent?: boolean;
  readonly statuses?: readonly StudentStatus[];
}

/** Filters on posts. Every given list narrows the set; an absent or empty list does not filter. */
export interface PostFilter {
  readonly ids?: readonly string[];
  readonly kinds?: readonly PostKind[];
  readonly internshipModes?: readonly InternshipMode[];
  readonly terms?: readonly string[];
  /** Matches the enterprise and the co-enterprises of a joint class. */
  readonly enterpriseIds?: readonly string[];
  readonly cities?: readonly string[];
  readonly parks?: readonly string[];
  /** Posts whose accepted majors overlap these codes / prefixes (the same field on any level). */
  readonly majorCodes?: readonly string[];
  /** Posts that accept a student of this 专业 code (or accept any major). */
  readonly acceptsMajor?: string;
  /** Posts that accept this level (or any level). */
  readonly acceptsLevel?: Level;
  /** Posts that accept this graduation year (or any year). */
  readonly acceptsGraduationYear?: number;
  /** Posts that list any of these skills (canonical, synonyms fold). */
  readonly skills?: readonly string[];
  readonly statuses?: readonly PostStatus[];
}
export type FilterOf<K extends DocKind> = K extends 'student' ? StudentFilter : PostFilter;

/**
 * A filter compiled for a backend (by {@link compileFilter}): a conjunction of clauses, each
 * "the keyword field holds at least one of these values". Elasticsearch: a `bool.filter` of `terms`.
 * `ids` restricts to documents by id.
 */
export interface KeywordClause<K extends DocKind = DocKind> {
  readonly field: KeywordFieldOf<K>;
  readonly anyOf: readonly string[];
}
export interface CompiledFilter<K extends DocKind = DocKind> {
  readonly ids?: readonly string[];
  readonly clauses: ReadonlyArray<KeywordClause<K>>;
}

/** One analyzed query term; `weight` multiplies its BM25 contribution (repeats add up). */
export interface WeightedTerm {
  readonly token: string;
  readonly weight: number;
}
/**
 * A lexical query: analyzed terms, matched in every text field of the collection. The score is
 * Σ_term weight × Σ_field boost_field × BM25_field(term, doc) with per-field statistics
 * (Lucene's BM25: k1 = 1.2, b = 0.75, idf = ln(1 + (N − n + 0.5) / (n + 0.5)), N and avgdl per
 * field over the documents that have the field). Elasticsearch: `multi_match` type `most_fields`
 * (one `term` clause per term and field, boosted), which sums the same way.
 */
export interface LexicalQuery<K extends DocKind = DocKind> {
  readonly terms: readonly WeightedTerm[];
  /** Overrides of the default {@link FIELD_BOOSTS}; a boost of 0 leaves the field out. */
  readonly fieldBoosts?: Partial<Record<TextFieldOf<K>, number>>;
}

export const BM25_K1 = 1.2;
export const BM25_B = 0.75;

/** Per-field boosts of the lexical side: the structured fields count more than free text. */
export const FIELD_BOOSTS: {
  readonly student: Readonly<Record<StudentTextField, number>>;
  readonly post: Readonly<Record<PostTextField, number>>;
} = Object.freeze({
  student: Object.freeze({ major: 3, skills: 2.5, certificates: 2, intro: 1 }),
  post: Object.freeze({ title: 3, majors: 2, skills: 2.5, certificates: 2, description: 1, enterprise: 1 }),
});

/** A ranked hit: the lexical score (BM25) or the vector score (cosine similarity, −1…1). */
export interface ScoredHit {
  readonly id: string;
  readonly score: number;
}

/** One filter, or several that must all hold (e.g. a post's eligibility and the user's filters). */
export type FilterInput<K extends DocKind> = FilterOf<K> | ReadonlyArray<FilterOf<K>>;

export interface TopKOptions<K extends DocKind> {
  readonly k: number;
  readonly filter?: FilterInput<K>;
}

/** Facet fields: the matching API's facet names map to keyword fields of the same name. */
export const STUDENT_FACET_FIELDS = ['schoolId', 'majorClass', 'level', 'graduationYear', 'city', 'district', 'skills', 'certificates'] as const;
export const POST_FACET_FIELDS = ['kind', 'term', 'city', 'park', 'enterpriseId'] as const;
export type StudentFacetField = (typeof STUDENT_FACET_FIELDS)[number];
export type PostFacetField = (typeof POST_FACET_FIELDS)[number];
export type FacetFieldOf<K extends DocKind> = K extends 'student' ? StudentFacetField : PostFacetField;

/** Counts per value, count descending then value ascending, at most `size` values per field. */
export type FacetCounts = Record<string, Array<{ value: string; count: number }>>;

/**
 * A search backend. Filters arrive as {@link StudentFilter} / {@link PostFilter}; a backend
 * evaluates them through {@link compileFilter} with the analyzer it was built with, so skill and
 * certificate names fold the same way everywhere.
 */
export interface SearchIndex {
  /** `embedded` or `elasticsearch`, for logs and the readiness reply. */
  readonly backend: string;

  /**
   * Add or replace documents (students and posts may be mixed). Resolves once the change is
   * visible to the next query.
   */
  upsert(docs: readonly AnyIndexDocument[]): Promise<void>;
  /** Remove documents by id; resolves to how many were there. */
  delete(kind: DocKind, ids: readonly string[]): Promise<number>;
  /** The stored document, or undefined. */
  get<K extends DocKind>(kind: K, id: string): Promise<IndexDocument<K> | undefined>;
  /**
   * The stored documents in the order asked, undefined where missing. With `vectors: false`
   * the documents may come without their vector (`vector: null`), which re-ranking does not need.
   */
  getMany<K extends DocKind>(kind: K, ids: readonly string[], opts?: { vectors?: boolean }): Promise<Array<IndexDocument<K> | undefined>>;
  /** How many documents match the filter (all of the collection when none). */
  count<K extends DocKind>(kind: K, filter?: FilterInput<K>): Promise<number>;
  /**
   * Ids of documents matching the filter in ascending id order, the first `k` after `after`:
   * the listing of a search with neither words nor a vector.
   */
  list<K extends DocKind>(kind: K, opts: { k: number; filter?: FilterInput<K>; after?: string }): Promise<string[]>;

  /** BM25 top-k over the documents matching the filter; only documents with a score > 0. */
  searchLexical<K extends DocKind>(kind: K, query: LexicalQuery<K>, opts: TopKOptions<K>): Promise<ScoredHit[]>;
  /**
   * Nearest neighbours by cosine similarity among the documents that match the filter and have a
   * vector. Approximate (recall ≥ 0.95 at k = 20 is the target); exact when the filter is selective.
   */
  searchVector<K extends DocKind>(kind: K, vector: Float32Array, opts: TopKOptions<K>): Promise<ScoredHit[]>;
  /**
   * Whether a stored document has its vector (false: indexed, its vector still to come). Optional:
   * a backend without it cannot tell, and the engine then marks nothing.
   */
  hasVector?(kind: DocKind, id: string): boolean;
  /**
   * Ids of the documents that have no vector (indexed, their vector still to come), in ascending id
   * order, the first `k` after `after`. The indexer re-queues them for embedding after a restart: the
   * wait for a vector lives in the process that indexed the document, the missing vector in the index.
   */
  listWithoutVector(kind: DocKind, opts: { k: number; after?: string }): Promise<string[]>;
  /** Value counts of keyword fields over the documents matching the filter. */
  facets<K extends DocKind>(
    kind: K,
    fields: ReadonlyArray<FacetFieldOf<K>>,
    opts?: { filter?: FilterInput<K>; size?: number },
  ): Promise<FacetCounts>;

  /** Release resources (and, for the embedded index, nothing is lost: snapshots are explicit). */
  close(): Promise<void>;
}
