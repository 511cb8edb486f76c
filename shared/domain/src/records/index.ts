import { z } from 'zod';
import { Enterprise } from './enterprise.js';
import { Post } from './post.js';
import { School } from './school.js';
import { StudentInput, StudentProfile } from './student.js';
import { Term } from './term.js';

export * from './common.js';
export * from './school.js';
export * from './enterprise.js';
export * from './student.js';
export * from './post.js';
export * from './term.js';

export const RecordType = z.enum(['school', 'student', 'enterprise', 'post', 'term']);
export type RecordType = z.infer<typeof RecordType>;

/** The stored (and indexable) shape of each record type. */
export const RECORD_SCHEMAS = {
  school: School,
  student: StudentProfile,
  enterprise: Enterprise,
  post: Post,
  term: Term,
} as const;

/** What an owner sends for each record type; only students differ (they carry personal data). */
export const INPUT_SCHEMAS = {
  school: School,
  student: StudentInput,
  enterprise: Enterprise,
  post: Post,
  term: Term,
} as const;

export interface RecordOf {
  school: z.infer<typeof School>;
  student: z.infer<typeof StudentProfile>;
  enterprise: z.infer<typeof Enterprise>;
  post: z.infer<typeof Post>;
  term: z.infer<typeof Term>;
}
