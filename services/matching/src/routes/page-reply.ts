import type { FastifyInstance } from 'fastify';
import type { CandidateView, Post, PostView, School } from '@chanjiao/domain';
import type { PersonalKind } from '@chanjiao/platform';
import type { DocKind, RankedPage } from '@chanjiao/search';
import { candidateView } from '../views/candidate-view.js';
import { facetView } from '../views/facet-view.js';
import { bindCursor } from './cursor.js';

/**
 * The reply of every ranked page (candidates, posts): the hits as the route shows them, the total
 * (`totalIsEstimate` when the search depth cut the candidates), the labelled facets, the next cursor
 * bound to this search, `degraded` when the vector side was missing, and what the engine
 * `understood` in free text.
 */
export function pageReply<K extends DocKind, H>(app: FastifyInstance, page: RankedPage<K>, fingerprint: string, hits: H[]) {
  return {
    hits,
    total: page.total,
    ...(page.totalIsEstimate ? { totalIsEstimate: page.totalIsEstimate } : {}),
    facets: facetView(page.facets, app.searcher.references),
    nextCursor: bindCursor(page.nextCursor, fingerprint),
    ...(page.degraded ? { degraded: page.degraded } : {}),
    ...(page.understood ? { understood: page.understood } : {}),
  };
}

/** Masked candidate views for a page of student hits (personal data read in one go, only to mask). */
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

/** The page of candidates HR sees; `ignoredPersonalData`: the kinds of personal data left out of the typed query. */
export async function candidatePageReply(app: FastifyInstance, page: RankedPage<'student'>, fingerprint: string, ignoredPersonalData: readonly PersonalKind[] = []) {
  const views = await candidateViews(app, page);
  const reply = pageReply(app, page, fingerprint, page.hits.map((h, i) => ({ rank: h.rank, score: h.score, student: views[i]!, explanation: h.explanation })));
  return ignoredPersonalData.length ? { ...reply, ignoredPersonalData: [...ignoredPersonalData] } : reply;
}

export function postView(app: FastifyInstance, post: Post): PostView {
  const e = app.searcher.references.enterprise(post.enterpriseId);
  return { post, enterprise: e ? { id: e.id, name: e.name, park: e.park ?? null, industry: e.industry } : null };
}

/** The page of posts a student sees. */
export function postPageReply(app: FastifyInstance, page: RankedPage<'post'>, fingerprint: string) {
  return pageReply(app, page, fingerprint, page.hits.map((h) => ({ rank: h.rank, score: h.score, post: postView(app, h.source), explanation: h.explanation })));
}
