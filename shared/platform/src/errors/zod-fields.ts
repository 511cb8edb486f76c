import type { z } from 'zod';
import type { FieldIssue } from './define.js';

/** zod issues → failing fields, with the path prefixed by the request part (`body`, `query`, a row). */
export function issuesToFields(issues: readonly z.core.$ZodIssue[], prefix?: string): FieldIssue[] {
  return issues.map((i) => {
    const path = i.path.map(String).join('.');
    return { path: prefix ? (path ? `${prefix}.${path}` : prefix) : path, message: i.message };
  });
}
