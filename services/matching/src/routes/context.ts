import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CandidateView, Post, PostView, School } from '@chanjiao/domain';
import { queryText } from '@chanjiao/embedding';
import { AppError, Errors, assertScope, type Scope } from '@chanjiao/platform';
import { hasSearchableText, SearchInputError, type RankedPage } from '@chanjiao/search';
import { candidateView } from '../views/candidate-view.js';

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
 * The query's vector, or null when it has nothing to search for or the embedder fails: the engine then
 * answers from the lexical side and says `degraded: "lexical-only"` (and the counter counts it).
 */
export async function embedQuery(app: FastifyInstance, request: FastifyRequest, text: string): Promise<Float32Array | null> {
  if (!hasSearchableText(text) || !app.hasDecorator('embedder')) return null;
  try {
    const [v] = await app.embedder.embed([queryText(text)], { cache: 'memory' });
    return v ?? null;
  } catch (err) {
    request.log.warn({ err }, 'query embedding failed; answering lexical-only');
    return null;
  }
}

/** Count degraded replies, so an embedder outage shows on the dashboard, not only in the logs. */
export function noteDegraded(app: FastifyInstance, route: string, page: { degraded?: string }): void {
  if (!page.degraded || !app.hasDecorator('metrics')) return;
  app.metrics
    .counter<'route'>({ name: 'chanjiao_search_degraded_total', help: 'Searches answered lexical-only because no query vector was available', labelNames: ['route'] })
    .inc({ route });
}

/** Engine input errors → catalogue codes. */
export async function engineCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof SearchInputError) {
      if (err.reason === 'bad_cursor') throw new AppError(Errors.MATCH_BAD_CURSOR, { fields: [{ path: 'cursor', message: err.message }] });
      if (err.reason === 'post_not_found') throw new AppError(Errors.MATCH_POST_NOT_FOUND);
      throw new AppError(Errors.MATCH_STUDENT_NOT_FOUND);
    }
    throw err;
  }
}

/** Masked candidate views for a page of student hits (personal data read only to mask the name). */
export async function candidateViews(app: FastifyInstance, page: RankedPage<'student'>): Promise<CandidateView[]> {
  const schools = new Map<string, School | undefined>();
  const personal = await app.store.personalMany(page.hits.map((h) => h.source.id));
  const out: CandidateView[] = [];
  for (const hit of page.hits) {
    const profile = hit.source;
    if (!schools.has(profile.schoolId)) schools.set(profile.schoolId, app.searcher.references.school(profile.schoolId));
    out.push(candidateView(profile, personal.get(profile.id), schools.get(profile.schoolId)));
  }
  return out;
}

export function postView(app: FastifyInstance, post: Post): PostView {
  const e = app.searcher.references.enterprise(post.enterpriseId);
  return { post, enterprise: e ? { id: e.id, name: e.name, park: e.park ?? null, industry: e.industry } : null };
}
