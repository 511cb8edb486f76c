import type { z } from 'zod';
import type { FieldIssue } from './define.js';

/**
 * zod issues → failing fields, with the path prefixed by the request part (`body`, `query`, a row).
 * An unknown key is named as its own field (`body.bogus`, not `body` with the key in the message),
 * so a client can point at it; an issue repeated on one path (a union's branches both saying
 * "too big") is given once.
 */
export function issuesToFields(issues: readonly z.core.$ZodIssue[], prefix?: string): FieldIssue[] {
  const at = (path: readonly PropertyKey[]) => {
    const p = path.map(String).join('.');
    return prefix ? (p ? `${prefix}.${p}` : prefix) : p;
  };
  const out: FieldIssue[] = [];
  const seen = new Set<string>();
  const push = (path: string, message: string) => {
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ path, message });
  };
  for (const i of issues) {
    if (i.code === 'unrecognized_keys') for (const k of i.keys) push(at([...i.path, k]), `unknown field "${k}"`);
    else push(at(i.path), i.message);
  }
  return out;
}
