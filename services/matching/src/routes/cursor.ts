import { createHash } from 'node:crypto';
import { AppError, Errors } from '@chanjiao/platform';

/**
 * Cursors are tied to the search that wrote them. The engine's cursor says where a page ends (a
 * score and an id); the routes prefix it with a fingerprint of what the ranking depends on — the
 * route, the query, the filters, the post or student searched for — and a cursor presented with
 * anything else is refused with 400 MATCH_BAD_CURSOR instead of paging some other ranking from a
 * point that means nothing in it. The fingerprint is no secret: it only has to differ between searches.
 */
export function searchFingerprint(route: string, parts: unknown): string {
  return createHash('sha256').update(route).update('\u0000').update(JSON.stringify(parts ?? null)).digest('base64url').slice(0, 16);
}

/** The cursor the client gets: fingerprint, a dot, the engine's cursor (base64url has no dots). */
export function bindCursor(engineCursor: string | null, fingerprint: string): string | null {
  return engineCursor === null ? null : `${fingerprint}.${engineCursor}`;
}

/** The engine's cursor inside a client's one, or 400 MATCH_BAD_CURSOR when it was written by another search. */
export function unbindCursor(cursor: string | undefined, fingerprint: string): string | undefined {
  if (cursor === undefined) return undefined;
  const dot = cursor.indexOf('.');
  if (dot < 0 || cursor.slice(0, dot) !== fingerprint) {
    throw new AppError(Errors.MATCH_BAD_CURSOR, { fields: [{ path: 'cursor', message: 'the cursor belongs to another search (query, filters or subject differ)' }] });
  }
  return cursor.slice(dot + 1);
}
