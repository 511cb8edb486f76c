import { createHash } from 'node:crypto';

/**
 * What an enterprise calls a student before the student shares a contact: 同学 and four
 * characters derived from the student id (`同学 3F7A`). Nothing of the name: an earlier form
 * kept the surname (`欧阳**`), and a rare surname alone narrows a city's students to one. The
 * code is only a handle for a list or a phone call between colleagues; the id beside it is
 * what identifies the record.
 */
export function pseudonym(studentId: string): string {
  return `同学 ${createHash('sha256').update(studentId).digest('hex').slice(0, 4).toUpperCase()}`;
}
