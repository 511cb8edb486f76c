/** Small hand-made term inputs and a table scorer, so term-level tests can state exact outcomes. */
import { majorCatalog, type Enterprise, type Post, type School, type StudentProfile } from '@chanjiao/domain';
import type { MatchScorer } from '../../src/batch/scorer.js';
import type { InterviewResult, TermInputs } from '../../src/batch/term-index.js';
import type { BatchOptions } from '../../src/batch/term-match.js';
import type { SubsidyOverrides } from '../../src/batch/subsidy-policies.js';

export const TERM = '2027-autumn';
const AT = '2026-03-01T00:00:00.000Z';

export const MECHATRONICS = '460301'; // 机电一体化技术 (高职)
export const ELECTRICAL = '460306'; // 电气自动化技术 (高职)
export const NURSING = '520201'; // 护理 (高职)
export const SOFTWARE = '510203'; // 软件技术 (高职)

export function school(id: string, city: string, over: Partial<School> = {}): School {
  return { id, name: `${id}学院`, kind: 'higher_vocational', levels: ['higher'], city, partnerEnterpriseIds: [], updatedAt: AT, ...over };
}

export function enterprise(id: string, city: string, park: string | undefined, over: Partial<Enterprise> = {}): Enterprise {
  return { id, name: `${id}公司`, city, ...(park ? { park } : {}), industry: '装备制造', keyEnterprise: false, partnerSchoolIds: [], updatedAt: AT, ...over };
}

export function student(id: string, schoolId: string, majorCode: string, over: Partial<StudentProfile> = {}): StudentProfile {
  return {
    id,
    schoolId,
    majorCode,
    level: 'higher',
    graduationYear: 2027,
    skills: [],
    certificates: [],
    preferences: { postKinds: [], cities: [], parks: [], industries: [], stayLocal: false },
    availability: {},
    selfIntroduction: '',
    consentToBeFound: true,
    status: 'seeking',
    updatedAt: AT,
    ...over,
  };
}

export function post(id: string, enterpriseId: string, seats: number, over: Partial<Post> = {}): Post {
  return {
    id,
    enterpriseId,
    coEnterpriseIds: [],
    kind: 'job',
    title: `${id}岗位`,
    description: '',
    acceptedMajorCodes: [],
    acceptedLevels: [],
    acceptedGraduationYears: [],
    requiredSkills: [],
    preferredSkills: [],
    requiredCertificates: [],
    preferredCertificates: [],
    seats,
    term: TERM,
    city: '珠海',
    status: 'open',
    updatedAt: AT,
    ...over,
  } as Post;
}

export function inputs(parts: {
  students: StudentProfile[];
  posts: Post[];
  schools?: School[];
  enterprises?: Enterprise[];
  applications?: Record<string, string[]>;
  interviews?: Record<string, Record<string, InterviewResult>>;
}): TermInputs {
  return {
    term: TERM,
    students: parts.students,
    posts: parts.posts,
    schools: new Map((parts.schools ?? []).map((s) => [s.id, s])),
    enterprises: new Map((parts.enterprises ?? []).map((e) => [e.id, e])),
    applications: new Map(Object.entries(parts.applications ?? {})),
    interviews: new Map(Object.entries(parts.interviews ?? {}).map(([p, m]) => [p, new Map(Object.entries(m))])),
  };
}

/**
 * Scores from a table (`student>post`, default 0.1); eligibility by accepted majors (the same
 * field on any level) and graduation years, like the engine, so the buckets are exercised.
 */
export function tableScorer(scores: Record<string, number> = {}): MatchScorer {
  const catalog = majorCatalog();
  const score = (s: StudentProfile, p: Post) => scores[`${s.id}>${p.id}`] ?? 0.1;
  return {
    isEligible(s, p) {
      if (p.acceptedMajorCodes.length > 0 && !p.acceptedMajorCodes.some((c) => catalog.matchesFieldPrefix(s.majorCode, c))) {
        return { eligible: false, reason: `专业不符 ${s.majorCode}` };
      }
      if (p.acceptedGraduationYears.length > 0 && !p.acceptedGraduationYears.includes(s.graduationYear)) {
        return { eligible: false, reason: `届别不符 ${s.graduationYear}` };
      }
      return { eligible: true };
    },
    score,
    explain: (s, p) => ({ score: score(s, p), summary: `table ${score(s, p)}`, features: { table: score(s, p) } }),
    skillKey: (name) => name.toLowerCase(),
  };
}

export function options(over: Partial<BatchOptions> = {}): BatchOptions {
  return { seed: 'test-seed', preferenceListLength: 10, candidateDepth: 0, reserveListLength: 5, secondRound: true, minClassSize: 0, classes: [], ...over };
}

/** No overrides: the published per-city rates (subsidy-policies.ts). */
export const RATES: SubsidyOverrides = {};
