import { z } from 'zod';
import { CertificateLevel, ExternalId, Name, PostKind, TermId } from '../records/common.js';

/**
 * Request and response schemas of skill-level supply and demand (services/matching/src/skills):
 * what a student should learn next, what a school's students lack, the city's shortage catalogue.
 * No reply carries a student's name, phone or ID number: they are counts, post ids and titles.
 */

/** A skill (canonical name, as the lexicon spells it) or a certificate at a minimum level. */
export const SkillItem = z.object({
  kind: z.enum(['skill', 'certificate']),
  /** Canonical key: the analyzer's folded form (synonyms meet), `|<level>` appended for a certificate level. */
  key: z.string(),
  /** As the lexicon spells it (or as the post wrote it when the lexicon does not know it). */
  name: z.string(),
  /** Certificates: the minimum level the counted posts ask for. */
  level: CertificateLevel.optional(),
  /** Certificates of kind 职业技能等级 in the lexicon: the occupation (职业/工种) they certify. */
  occupation: z.string().optional(),
});
export type SkillItem = z.infer<typeof SkillItem>;

// --- next skills (student) -------------------------------------------------------------------

export const NextSkillsQuery = z
  .object({
    /**
     * Required. Optional in the schema only so that a missing term is answered by the route, which
     * can name the known terms (a 400 REQUEST_VALIDATION_FAILED on `querystring.term`).
     */
    term: TermId.optional().describe('Required: a term of the loaded posts (GET /v1/lookups/terms); missing → 400 naming the known terms, unknown → 404 SKILLS_TERM_NOT_FOUND'),
    /** How many skills / certificates to list (best gain first). */
    limit: z.coerce.number().int().min(1).max(50).default(10),
    /** How many of the affected posts to name per item. */
    posts: z.coerce.number().int().min(0).max(50).default(10),
  })
  .strict();
export type NextSkillsQuery = z.infer<typeof NextSkillsQuery>;

/**
 * How far an item is from what the student has: `level_up` the same certificate at a higher level;
 * `related` one of the student's skills is its broader / narrower skill or shares one with it (a
 * lexicon family); `same_field` the lexicon places it in the student's major field (类 / 大类);
 * `new` none of these.
 */
export const SkillDistance = z.enum(['level_up', 'related', 'same_field', 'new']);
export type SkillDistance = z.infer<typeof SkillDistance>;

export const AffectedPost = z.object({
  postId: ExternalId,
  title: z.string(),
  kind: PostKind,
  city: z.string(),
  enterpriseName: z.string().nullable(),
  /** The engine's score after the item is added (lexical and semantic features 0, see DESIGN.md). */
  score: z.number(),
  newlyEligible: z.boolean(),
  newlyQualified: z.boolean(),
  newlyInTop: z.boolean(),
});
export type AffectedPost = z.infer<typeof AffectedPost>;

export const NextSkill = z.object({
  item: SkillItem,
  distance: SkillDistance,
  /** The held skill or certificate the distance is measured from (absent for `new` and `same_field`). */
  relatedTo: z.string().optional(),
  /** Posts the engine's hard eligibility (`isEligible`) newly lets the student into. Only certificates move it. */
  newlyEligible: z.number().int(),
  /** Posts newly eligible *and* with every required skill covered. */
  newlyQualified: z.number().int(),
  /** Posts newly in the student's top N by match score (`topN`). */
  newlyInTop: z.number().int(),
  /** Seats of the newly qualified posts. */
  newlyQualifiedSeats: z.number().int(),
  /** The affected posts, newly qualified first, then newly in the top N, then newly eligible; best score first within each. */
  posts: z.array(AffectedPost),
  /** One line for the recommendations page, e.g. 学会 PLC编程：可多匹配 23 个岗位. */
  summary: z.string(),
});
export type NextSkill = z.infer<typeof NextSkill>;

export const NextSkillsReply = z.object({
  studentId: ExternalId,
  term: TermId,
  topN: z.number().int(),
  /** The posts considered: open posts of the term, of the student's preferred kinds and cities (all when none). */
  postsConsidered: z.number().int(),
  /** Of those, how many the student is eligible for / qualified for / now. */
  eligible: z.number().int(),
  qualified: z.number().int(),
  /** Items examined (every skill and certificate the considered posts name that the student lacks). */
  itemsExamined: z.number().int(),
  items: z.array(NextSkill),
});
export type NextSkillsReply = z.infer<typeof NextSkillsReply>;

// --- school skill gaps -----------------------------------------------------------------------

export const SkillGapsQuery = z
  .object({
    term: TermId,
    /** Items per major (largest gap first). */
    limit: z.coerce.number().int().min(1).max(200).default(20),
  })
  .strict();
export type SkillGapsQuery = z.infer<typeof SkillGapsQuery>;

export const SkillGapLine = z.object({
  item: SkillItem,
  /** Seats of the demand posts that require / prefer it. */
  requiredSeats: z.number().int(),
  preferredSeats: z.number().int(),
  requiredPosts: z.number().int(),
  preferredPosts: z.number().int(),
  /** requiredSeats / the major's demand seats. */
  demandShare: z.number(),
  /** Of the school's seeking students of the major, how many hold it (and the share). */
  holders: z.number().int(),
  holderShare: z.number(),
  /** The same over all the school's students of the major, whatever their status. */
  allHolders: z.number().int(),
  /** demandShare − holderShare: positive when the market asks more than the students have. */
  gap: z.number(),
});
export type SkillGapLine = z.infer<typeof SkillGapLine>;

export const MajorGaps = z.object({
  majorCode: z.string(),
  majorName: z.string(),
  seekingStudents: z.number().int(),
  allStudents: z.number().int(),
  demandPosts: z.number().int(),
  demandSeats: z.number().int(),
  lines: z.array(SkillGapLine),
});
export type MajorGaps = z.infer<typeof MajorGaps>;

export const MissingMajorDemand = z.object({
  /** Level-free field: 类 (`06-03`) or 大类 (`06`). */
  field: z.string(),
  fieldName: z.string(),
  demandPosts: z.number().int(),
  demandSeats: z.number().int(),
});
export type MissingMajorDemand = z.infer<typeof MissingMajorDemand>;

export const SkillGapsReply = z.object({
  schoolId: ExternalId,
  term: TermId,
  city: z.string(),
  /** Open posts of the term in the school's city or of its partner enterprises. */
  demandPosts: z.number().int(),
  demandSeats: z.number().int(),
  majors: z.array(MajorGaps),
  /** Fields the demand posts ask for in which the school has no student (it does not teach them). */
  majorsNotOffered: z.array(MissingMajorDemand),
  method: z.array(z.string()),
});
export type SkillGapsReply = z.infer<typeof SkillGapsReply>;

// --- shortage catalogue ------------------------------------------------------------------------

export const CatalogueFormat = z.enum(['json', 'csv', 'xlsx']);

export const ShortageCatalogueQuery = z
  .object({
    city: Name,
    year: z.coerce.number().int().min(2000).max(2100),
    /** Demand must exceed supply × (1 + margin); default SKILLS_SHORTAGE_MARGIN. */
    margin: z.coerce.number().min(0).max(100).optional(),
    /** A stored version; default: the data as it is now (stored as a new version when it changed). */
    version: z.coerce.number().int().min(1).optional(),
    format: CatalogueFormat.default('json'),
  })
  .strict();
export type ShortageCatalogueQuery = z.infer<typeof ShortageCatalogueQuery>;

export const CatalogueLine = z.object({
  rank: z.number().int(),
  kind: z.enum(['major', 'skill', 'certificate']),
  key: z.string(),
  name: z.string(),
  level: CertificateLevel.optional(),
  occupation: z.string().optional(),
  demandPosts: z.number().int(),
  /** Seats of posts requiring it (majors: accepting the field). */
  demandSeats: z.number().int(),
  /** Seats of posts that only prefer it (shown, not counted as demand). */
  preferredSeats: z.number().int(),
  supplyStudents: z.number().int(),
  /** demandSeats − supplyStudents. */
  gap: z.number().int(),
  /** demandSeats / supplyStudents (null when no supply). */
  ratio: z.number().nullable(),
  /** The same line in the latest stored catalogue of the year before (null when it had none). */
  previousYear: z.object({ version: z.number().int(), demandSeats: z.number().int(), supplyStudents: z.number().int(), rank: z.number().int().nullable() }).nullable(),
});
export type CatalogueLine = z.infer<typeof CatalogueLine>;

export const ShortageCatalogueReply = z.object({
  city: z.string(),
  year: z.number().int(),
  version: z.number().int(),
  computedAt: z.string(),
  margin: z.number(),
  method: z.array(z.string()),
  totals: z.object({
    demandPosts: z.number().int(),
    demandSeats: z.number().int(),
    supplyStudents: z.number().int(),
    linesExamined: z.number().int(),
  }),
  lines: z.array(CatalogueLine),
});
export type ShortageCatalogueReply = z.infer<typeof ShortageCatalogueReply>;
