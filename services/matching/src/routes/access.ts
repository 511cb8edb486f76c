import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Post, StudentProfile } from '@chanjiao/domain';
import { AppError, Errors, assertScope, type Scope } from '@chanjiao/platform';

/** Scope checks apply when the auth plugin is registered (it sets `request.principal`); the servers always register it. */
export function checkScope(request: FastifyRequest, owner: Scope): void {
  if (request.principal) assertScope(request, owner);
}

/** The enterprises a post belongs to: its own and, for a joint order class, the co-enterprises. */
export function postOwners(post: Post): string[] {
  return [post.enterpriseId, ...post.coEnterpriseIds];
}

/** May this caller act for the post's enterprise (HR of one of its enterprises, office, admin)? */
export function checkPostOwner(request: FastifyRequest, post: Post): void {
  const p = request.principal;
  if (!p) return;
  const owners = postOwners(post);
  const enterpriseId = p.scope.enterpriseId;
  checkScope(request, { enterpriseId: enterpriseId && owners.includes(enterpriseId) ? enterpriseId : post.enterpriseId });
}

/**
 * A post the caller may see: open and closed posts are public; a draft only to its own
 * enterprise (and office/admin). Anything else is a 404, so a draft's existence does not leak.
 */
export async function visiblePost(app: FastifyInstance, request: FastifyRequest, postId: string): Promise<Post> {
  const post = await app.store.get('post', postId);
  if (!post) throw new AppError(Errors.MATCH_POST_NOT_FOUND, { details: { postId } });
  if (post.status === 'draft' && request.principal) {
    const p = request.principal;
    const own = p.role === 'office' || p.role === 'admin' || (p.scope.enterpriseId !== undefined && postOwners(post).includes(p.scope.enterpriseId));
    if (!own) throw new AppError(Errors.MATCH_POST_NOT_FOUND, { details: { postId } });
  }
  return post;
}

/**
 * The one rule of who an enterprise may find: a student who consented to be found and is seeking
 * (the rule the search engine applies). Every route that takes a student id from HR applies it, and
 * answers for anyone else exactly as for an id that does not exist, so a reply never tells HR that a
 * placed, inactive or non-consenting student is there.
 */
export function isFindable(student: StudentProfile | undefined): student is StudentProfile {
  return student !== undefined && student.consentToBeFound && student.status === 'seeking';
}
