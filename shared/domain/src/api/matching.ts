import { z } from 'zod';
import { majorCatalog } from '../catalog/major-catalog.js';
import {
  CertificateLevel,
  ExternalId,
  Level,
  MajorCodePrefix,
  Name,
  PostKind,
  queryNumber,
  SkillLevel,
  TermId,
} from '../records/common.js';
import { InternshipMode, Post } from '../records/post.js';
import { StudentPreferences, StudentStatus } from '../records/student.js';

/**
 * Request and response schemas of the matching API. Filter objects are strict: an unknown
 * filter name is a 400 naming the field, never silently ignored.
 */
const list = <T extends z.ZodType>(item: T, max = 50) => z.array(item).min(1).max(max).optional();
const Year = z.number().int().min(2000).max(2100);
/** The catalog is closed and official: a code outside it is a typo, answered with a 400, not an empty page. */
const CatalogCode = MajorCodePrefix.refine((code) => majorCatalog().has(code), 'not a 大类, 类 or 专业 code of the 2021 catalog');

export const StudentFilters = z
  .object({
    schoolIds: list(ExternalId, 100),
    /** 6-digit 专业, 4-digit 类 or 2-digit 大类; the same field on another level also matches. */
    majorCodes: list(CatalogCode, 100),
    levels: list(Level, 3),
    graduationYears: list(Year, 10),
    cities: list(Name),
    /** The school's district or a preferred one; short names work (`金湾`). */
    districts: list(Name),
    parks: list(Name),
    /** Every listed skill is required (synonyms count). */
    skills: list(Name),
    certificates: list(Name),
  })
  .strict();
export type StudentFilters = z.infer<typeof StudentFilters>;

export const PostFilters = z
  .object({
    kinds: list(PostKind, 5),
    internshipModes: list(InternshipMode, 2),
    terms: list(TermId, 10),
    enterpriseIds: list(ExternalId, 100),
    cities: list(Name),
    parks: list(Name),
    majorCodes: list(CatalogCode, 100),
  })
  .strict();
export type PostFilters = z.infer<typeof PostFilters>;

export const StudentFacetField = z.enum(['schoolId', 'majorClass', 'level', 'graduationYear', 'city', 'district', 'skills', 'certificates']);
export const PostFacetField = z.enum(['kind', 'term', 'city', 'park', 'enterpriseId']);

/** How many hits a page holds: a JSON number in a request body ("5" is refused, as any string is). */
const Limit = z.number().int().min(1).max(100).default(20);
/** The same in a query string (`?limit=5`). */
const QueryLimit = queryNumber({ min: 1, max: 100, int: true }).default(20);
/** Opaque; a cursor from a reply, given back unchanged for the next page. */
const Cursor = z.string().min(1).max(500);

export const CandidateSearchRequest = z
  .object({
    query: z.string().max(500).default(''),
    filters: StudentFilters.default({}),
    facets: z.array(StudentFacetField).max(8).default([]),
    limit: Limit,
    cursor: Cursor.optional(),
  })
  .strict();
export type CandidateSearchRequest = z.infer<typeof CandidateSearchRequest>;

export const PostSearchRequest = z
  .object({
    query: z.string().max(500).default(''),
    filters: PostFilters.default({}),
    facets: z.array(PostFacetField).max(5).default([]),
    limit: Limit,
    cursor: Cursor.optional(),
  })
  .strict();
export type PostSearchRequest = z.infer<typeof PostSearchRequest>;

export const PageQuery = z.object({ limit: QueryLimit, cursor: Cursor.optional() }).strict();
export const RecommendationQuery = PageQuery.extend({
  kinds: z
    .string()
    .max(100)
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(PostKind))
    .optional(),
  /** Posts in this city only; short names work (`珠海`, or a district: `金湾` is 珠海市). */
  city: Name.optional(),
}).strict();

/** Why a hit ranks where it does: every number that went into its score. */
export const MatchExplanation = z.object({
  matchedSkills: z.array(z.string()),
  missingRequiredSkills: z.array(z.string()),
  matchedCertificates: z.array(z.string()),
  missingRequiredCertificates: z.array(z.string()),
  /** Required certificates that could not be checked with confidence, as written (shown as 证书待核实). */
  unverifiedCertificates: z.array(z.string()),
  majorRelation: z.string(),
  lexicalScore: z.number().nullable(),
  semanticScore: z.number().nullable(),
  contributions: z.record(z.string(), z.number()),
  notes: z.array(z.string()),
});
export type MatchExplanation = z.infer<typeof MatchExplanation>;

/** A student as an enterprise may see them: no phone, no ID number, nothing of the name (`displayName` is a pseudonym, 同学 3F7A). */
export const CandidateView = z.object({
  id: ExternalId,
  displayName: z.string(),
  school: z.object({ id: ExternalId, name: z.string(), city: z.string() }).nullable(),
  major: z.object({ code: z.string(), name: z.string(), level: Level, className: z.string().nullable() }),
  graduationYear: Year,
  skills: z.array(z.object({ name: z.string(), level: SkillLevel.optional() })),
  certificates: z.array(z.object({ name: z.string(), level: CertificateLevel.optional() })),
  preferences: StudentPreferences,
  availability: z.object({ from: z.string().optional(), months: z.number().optional() }),
  selfIntroduction: z.string(),
  status: StudentStatus,
});
export type CandidateView = z.infer<typeof CandidateView>;

export const PostView = z.object({
  post: Post,
  enterprise: z.object({ id: ExternalId, name: z.string(), park: z.string().nullable(), industry: z.string() }).nullable(),
});
export type PostView = z.infer<typeof PostView>;

/**
 * Counts per value of each facet asked for. `label` is the value in words where the value is an id
 * or a code (a school's or an enterprise's name, a 类's name, a level, a post kind, a term, 2027届),
 * so a client can show the bucket without a second lookup.
 */
const FacetCounts = z.record(
  z.string(),
  z.array(z.object({ value: z.string(), count: z.number().int(), label: z.string().optional() })),
);

/** `degraded: "lexical-only"` when the embedder is down: the reply is still right, only less semantic. */
const Degraded = z.enum(['lexical-only']).optional();

/**
 * What a free-text query was read as, so a UI can show "已识别：2027届 · 珠海市金湾区 · PLC" and let
 * the user turn any of it into a hard filter. Each item keeps the words it was read from (`text`).
 */
export const Understood = z.object({
  graduationYears: z.array(Year),
  places: z.array(
    z.object({ name: z.string(), label: z.string(), kind: z.enum(['city', 'district', 'park']), city: z.string(), district: z.string().optional(), text: z.string() }),
  ),
  levels: z.array(z.object({ level: Level, text: z.string() })),
  kinds: z.array(z.object({ kind: PostKind, internshipMode: InternshipMode.optional(), text: z.string() })),
  certificates: z.array(z.object({ name: z.string(), level: CertificateLevel.optional(), text: z.string() })),
  majors: z.array(z.object({ code: z.string(), name: z.string(), level: Level, className: z.string().nullable(), text: z.string() })),
  /** Homophone typos read as the lexicon word they sound like (汽车维休 → 汽车维修): "已按 汽车维修 搜索". */
  corrections: z.array(z.object({ from: z.string(), to: z.string() })),
  /** Everyday phrases (`phrase`: 直播带货, 看图纸) and repair wishes (`repair`: 会修车的) read as skills and majors. */
  intents: z.array(
    z.object({ kind: z.enum(['phrase', 'repair']), text: z.string(), product: z.string().optional(), skills: z.array(z.string()), majors: z.array(z.string()) }),
  ),
  /** The pay asked for, yuan a month (月薪5000以上 → min 5000; 4-6k → 4000 to 6000): a post that cannot pay it ranks lower. */
  salary: z.object({ min: z.number().optional(), max: z.number().optional(), text: z.string() }).optional(),
  /**
   * Years and places the query rules out (非2026届, 2026届除外, 珠海以外, 排除广州): a student of
   * such a year or at a school there, or a post only for such a year or located there, ranks
   * lower, as an unmet constraint does (a ruled-out level leaves the other levels in `levels`).
   */
  excluded: z
    .object({
      graduationYears: z.array(Year),
      places: z.array(
        z.object({ name: z.string(), label: z.string(), kind: z.enum(['city', 'district', 'park']), city: z.string(), district: z.string().optional(), text: z.string() }),
      ),
    })
    .optional(),
  /**
   * Conditions on who a person is that no match is made on (不要女生, 限男性, 20-25岁, 35岁以下): the
   * index holds no sex or age, and hiring may not turn on them. Said back so a UI can tell HR they
   * were not applied; absent when none.
   */
  notApplied: z.array(z.object({ kind: z.enum(['gender', 'age']), text: z.string() })).optional(),
});
export type Understood = z.infer<typeof Understood>;

/**
 * `total` is the number of hits a client can page through. `totalIsEstimate: true` says the
 * search depth cut the candidates, so more documents pass the filters than were ranked.
 */
const TotalIsEstimate = z.literal(true).optional();

export const CandidateHit = z.object({ rank: z.number().int(), score: z.number(), student: CandidateView, explanation: MatchExplanation });
export const CandidateSearchReply = z.object({
  hits: z.array(CandidateHit),
  total: z.number().int(),
  totalIsEstimate: TotalIsEstimate,
  facets: FacetCounts,
  nextCursor: z.string().nullable(),
  degraded: Degraded,
  understood: Understood.optional(),
  /**
   * Personal data typed into the query (a phone or ID number, an e-mail, a WeChat/QQ account) is
   * not searched for, not even in part: the kinds found are named here (never the values), so a
   * UI can say why a query of only a phone number lists students as if nothing was typed.
   */
  ignoredPersonalData: z.array(z.enum(['phone', 'idNumber', 'email', 'handle', 'name'])).optional(),
});
export type CandidateSearchReply = z.infer<typeof CandidateSearchReply>;

export const PostHit = z.object({ rank: z.number().int(), score: z.number(), post: PostView, explanation: MatchExplanation });
export const PostSearchReply = z.object({
  hits: z.array(PostHit),
  total: z.number().int(),
  totalIsEstimate: TotalIsEstimate,
  facets: FacetCounts,
  nextCursor: z.string().nullable(),
  degraded: Degraded,
  understood: Understood.optional(),
});
export type PostSearchReply = z.infer<typeof PostSearchReply>;

export const ShortlistEntry = z.object({ studentId: ExternalId, note: z.string().max(500).optional() });
export const ShortlistPut = z.object({ entries: z.array(ShortlistEntry).max(1000) }).strict();
export const ShortlistReply = z.object({
  postId: ExternalId,
  /** When the shortlist was last saved; null when it never was. */
  updatedAt: z.string().nullable(),
  entries: z.array(ShortlistEntry.extend({ student: CandidateView.nullable() })),
});
export type ShortlistReply = z.infer<typeof ShortlistReply>;
export const ExportQuery = z.object({ format: z.enum(['csv', 'json']).default('csv') }).strict();
