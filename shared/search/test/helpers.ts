import { Post, StudentProfile } from '@chanjiao/domain';
import {
  STUDENT_KEYWORD_FIELDS,
  type StudentDocument,
  type StudentKeywordField,
  type StudentTextField,
} from '../src/search-index.js';

const T = '2026-03-01T00:00:00.000Z';

/** A student profile with defaults: only what a test cares about is spelled out. */
export function student(p: Partial<StudentProfile> & { id: string }): StudentProfile {
  return StudentProfile.parse({
    schoolId: 'sch-jw',
    majorCode: '460301',
    level: 'higher',
    graduationYear: 2027,
    consentToBeFound: true,
    updatedAt: T,
    ...p,
  });
}

/** A post with defaults (an open 2027-spring job in 珠海). */
export function post(p: Partial<Post> & { id: string }): Post {
  return Post.parse({
    enterpriseId: 'ent-1',
    kind: 'job',
    title: '岗位',
    seats: 1,
    term: '2027-spring',
    city: '珠海',
    updatedAt: T,
    ...p,
  });
}

/**
 * A raw student document (no analyzer): given tokens per field and keyword values. The property
 * tests feed the index these, so the model and the index see the very same tokens.
 */
export function rawStudentDoc(
  id: string,
  text: Partial<Record<StudentTextField, string[]>>,
  keywords: Partial<Record<StudentKeywordField, string[]>> = {},
  vector: Float32Array | null = null,
): StudentDocument {
  const kw = Object.fromEntries(STUDENT_KEYWORD_FIELDS.map((f) => [f, keywords[f] ?? []])) as Record<StudentKeywordField, string[]>;
  return {
    kind: 'student',
    id,
    text: { major: text.major ?? [], skills: text.skills ?? [], certificates: text.certificates ?? [], intro: text.intro ?? [] },
    keywords: kw,
    vector,
    source: student({ id }),
  };
}
