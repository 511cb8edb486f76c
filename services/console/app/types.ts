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
  facets: Record<string, FacetBucket[]>;
  nextCursor: string | null;
  degraded?: string;
  understood?: unknown;
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
  updatedAt: string;
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
