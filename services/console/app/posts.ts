import { api } from './api';
import { session } from './session';
import type { PostView, SearchReply, PostHit, ShortlistReply } from './types';

/** The signed-in HR's own posts (their enterprise's), newest search order. */
export async function myPosts(): Promise<PostView[]> {
  const enterpriseId = session.info?.scope.enterpriseId;
  const out: PostView[] = [];
  let cursor: string | undefined;
  do {
    const r: SearchReply<PostHit> = await api('POST', '/v1/posts/search', {
      filters: enterpriseId ? { enterpriseIds: [enterpriseId] } : {},
      limit: 100,
      ...(cursor ? { cursor } : {}),
    });
    out.push(...r.hits.map((h) => h.post));
    cursor = r.nextCursor ?? undefined;
  } while (cursor && out.length < 500);
  return out;
}

export const getShortlist = (postId: string) => api<ShortlistReply>('GET', `/v1/posts/${encodeURIComponent(postId)}/shortlist`);

export const putShortlist = (postId: string, entries: Array<{ studentId: string; note?: string }>) =>
  api<ShortlistReply>('PUT', `/v1/posts/${encodeURIComponent(postId)}/shortlist`, { entries });

const entryPath = (postId: string, studentId: string) => `/v1/posts/${encodeURIComponent(postId)}/shortlist/${encodeURIComponent(studentId)}`;

/** Adds a student to a post's shortlist (kept where it is if already there, its note kept). */
export const addToShortlist = (postId: string, studentId: string) => api<ShortlistReply>('PUT', entryPath(postId, studentId), {});
/** Sets (or clears, with '') the note of one entry. */
export const setNote = (postId: string, studentId: string, note: string) =>
  api<ShortlistReply>('PUT', entryPath(postId, studentId), { note });
export const removeFromShortlist = (postId: string, studentId: string) => api<ShortlistReply>('DELETE', entryPath(postId, studentId));
