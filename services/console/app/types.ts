import type { Explanation } from './explain';

export interface Candidate {
  id: string;
  displayName: string;
  school: { id: string; name: string; city: string } | null;
  major: { code: string; name: string; level: string; className: string | null };
  graduationYear: number;
  skills: Array<{ name: string; level?: string }>;
  certificates: Array<{ name: string; level?: string }>;
  preferences: { postKinds: string[]; cities: string[]; parks: string[]; industries: string[]; stayLocal?: boolean };
  availability: { from?: string; months?: number };
  selfIntroduction: string;
  status: string;
}
export interface FacetBucket {
  value: string;
  count: number;
  label?: string;
}
export interface CandidateHit {
  rank: number;
  student: Candidate;
  explanation: Explanation;
}
export interface SearchReply<H> {
  hits: H[];
  total: number;
  totalIsEstimate?: boolean;
  facets: Record<string, FacetBucket[]>;
  nextCursor: string | null;
  degraded?: string;
  understood?: unknown;
  /** HR search: kinds of personal data typed into the query and left out of the search. */
  ignoredPersonalData?: string[];
}
export interface Post {
  id: string;
  enterpriseId: string;
  kind: string;
  internshipMode?: string;
  title: string;
  description: string;
  acceptedMajorCodes: string[];
  acceptedGraduationYears: number[];
  requiredSkills: string[];
  preferredSkills: string[];
  requiredCertificates: Array<{ name: string; minLevel?: string }>;
  preferredCertificates: Array<{ name: string; minLevel?: string }>;
  seats: number;
  term: string;
  city: string;
  district?: string;
  park?: string;
  salary?: { min?: number; max?: number };
  durationMonths?: number;
  status: string;
}
export interface PostView {
  post: Post;
  enterprise: { id: string; name: string; park: string | null; industry: string } | null;
}
export interface PostHit {
  rank: number;
  post: PostView;
  explanation: Explanation;
}
export interface ShortlistReply {
  postId: string;
  updatedAt: string | null;
  entries: Array<{ studentId: string; note?: string; student: Candidate | null }>;
}
export interface Invitation {
  id: string;
  postId?: string;
  studentId: string;
  enterpriseId?: string;
  kind: string;
  message: string;
  status: string;
  createdAt: string;
  expiresAt: string;
  respondedAt?: string | null;
  consent?: { fields: string[]; at: string } | null;
  contact?: Record<string, string> | null;
  post?: { id?: string; title?: string; kind?: string } | null;
  enterprise?: { id?: string; name?: string } | null;
}
export interface Series {
  name: string;
  values: number[];
}

/** GET /v1/students/:id/next-skills (issue 21): what to learn next, counted by re-running eligibility and scoring. */
export interface NextSkill {
  item: { kind: 'skill' | 'certificate'; key: string; name: string; level?: string; occupation?: string };
  distance: 'level_up' | 'related' | 'same_field' | 'new';
  relatedTo?: string;
  newlyEligible: number;
  newlyQualified: number;
  newlyInTop: number;
  newlyQualifiedSeats: number;
  posts: Array<{ postId: string; title: string; kind: string; city: string; enterpriseName: string | null; newlyEligible: boolean; newlyQualified: boolean; newlyInTop: boolean }>;
  summary: string;
}
export interface NextSkillsReply {
  studentId: string;
  term: string;
  topN: number;
  postsConsidered: number;
  eligible: number;
  qualified: number;
  itemsExamined: number;
  items: NextSkill[];
}

/** GET /v1/schools/:id/skill-gaps (issue 21). */
export interface SkillItemView {
  kind: 'skill' | 'certificate';
  key: string;
  name: string;
  level?: string;
  occupation?: string;
}
export interface SkillGapLine {
  item: SkillItemView;
  requiredSeats: number;
  preferredSeats: number;
  requiredPosts: number;
  preferredPosts: number;
  demandShare: number;
  holders: number;
  holderShare: number;
  allHolders: number;
  gap: number;
}
export interface MajorGaps {
  majorCode: string;
  majorName: string;
  seekingStudents: number;
  allStudents: number;
  demandPosts: number;
  demandSeats: number;
  lines: SkillGapLine[];
}
export interface SkillGapsReply {
  schoolId: string;
  term: string;
  city: string;
  demandPosts: number;
  demandSeats: number;
  majors: MajorGaps[];
  majorsNotOffered: Array<{ field: string; fieldName: string; demandPosts: number; demandSeats: number }>;
  method: string[];
}
/** GET /v1/reports/shortage-catalogue (issue 21). */
export interface CatalogueLine {
  rank: number;
  kind: 'major' | 'skill' | 'certificate';
  key: string;
  name: string;
  level?: string;
  occupation?: string;
  demandPosts: number;
  demandSeats: number;
  preferredSeats: number;
  supplyStudents: number;
  gap: number;
  ratio: number | null;
  previousYear: { version: number; demandSeats: number; supplyStudents: number; rank: number | null } | null;
}
export interface ShortageCatalogue {
  city: string;
  year: number;
  version: number;
  computedAt: string;
  margin: number;
  method: string[];
  totals: { demandPosts: number; demandSeats: number; supplyStudents: number; linesExamined: number };
  lines: CatalogueLine[];
}

/** A column of a DataTable (and of the sheet a download writes from it). */
export interface Column {
  key: string;
  label: string;
  /** Right-aligned (numbers). */
  num?: boolean;
  /** In a worksheet, the number itself rather than the formatted text. */
  raw?: boolean;
  format?: (v: unknown, row: Record<string, unknown>) => string;
}
