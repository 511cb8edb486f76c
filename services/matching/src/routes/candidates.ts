import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CandidateSearchReply, CandidateSearchRequest, CandidateView, ExternalId, PageQuery, type Post, type StudentFilters } from '@chanjiao/domain';
import { AppError, Errors, findPersonalData, redactPersonalNumbers } from '@chanjiao/platform';
import type { StudentFilter } from '@chanjiao/search';
import { candidatePageSerializer } from '../views/candidate-page-writer.js';
import { candidateView } from '../views/candidate-view.js';
import { checkPostOwner, isFindable, visiblePost } from './access.js';
import { searchFingerprint, unbindCursor } from './cursor.js';
import { engineCall } from './engine-errors.js';
import { candidatePageReply } from './page-reply.js';
import { embedQuery, noteDegraded } from './query-vector.js';

const HR = { access: { roles: ['hr', 'office', 'admin'] as const } };
const TAGS = ['candidates'];

/** API filters → engine filter. HR never chooses consent or status: the engine pins consent and `seeking`. */
function studentFilter(f: StudentFilters): StudentFilter {
  return {
    schoolIds: f.schoolIds,
    majorCodes: f.majorCodes,
    levels: f.levels,
    graduationYears: f.graduationYears,
    cities: f.cities,
    districts: f.districts,
    parks: f.parks,
    skills: f.skills,
    certificates: f.certificates,
  };
}

/**
 * The post as HR's ranking judges it: on its requirements, whatever its state. The engine's
 * eligibility also asks that a post be open, which is the rule for students applying; HR prepares
 * a draft's shortlist before publishing it and looks again at a closed post before reopening it,
 * and without this every student failed that one rule and HR got an empty page that read as
 * "nobody fits". Inviting still needs the post open (MATCH_INVITATION_POST_NOT_OPEN).
 */
function judgedAsOpen(post: Post): Post {
  return post.status === 'open' ? post : { ...post, status: 'open' };
}

/**
 * Enterprise HR looks for students: free-text search with filters and facets, the ranked
 * candidates for one post, and one candidate's masked profile. Every student returned went
 * through `candidateView`: a pseudonym for the name, no phone, no ID number, consenting and seeking only
 * (`isFindable`; the engine applies the same rule to searches).
 */
export const candidateRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/v1/candidates/search',
    {
      config: HR,
      schema: {
        tags: TAGS,
        summary: 'HR candidate search: free text + filters + facets, with an explanation per hit',
        body: CandidateSearchRequest.extend({ postId: ExternalId.optional() }),
        response: { 200: CandidateSearchReply },
      },
      // HR's most frequent request: its reply written by writers compiled from the schema, each student's view written once.
      serializerCompiler: candidatePageSerializer,
    },
    async (request) => {
      const { filters, facets, limit, cursor, postId } = request.body;
      // A phone or ID number typed as a query is not searched for, not even partly (the index holds
      // none, and the query's embedding would still lean toward texts with the same digits).
      const ignored = [...new Set(findPersonalData(request.body.query).map((s) => s.kind))];
      // Found once here; redacting runs the same search again, so only when there is something to drop.
      const query = ignored.length ? redactPersonalNumbers(request.body.query, { remove: true }) : request.body.query;
      const fingerprint = searchFingerprint('candidates.search', { query, filters, postId: postId ?? null });
      const after = unbindCursor(cursor, fingerprint);
      const post = postId === undefined ? undefined : await visiblePost(app, request, postId);
      if (post) checkPostOwner(request, post);
      // The vector side embeds the query as the parser corrected it (汽车维休 → 汽车维修), like the lexical side.
      const queryVector = await embedQuery(app, request, app.searcher.engine.searchText(query));
      const page = await engineCall(() =>
        app.searcher.engine.searchCandidates({ query, queryVector, filter: studentFilter(filters), facets, limit, cursor: after, ...(post ? { post: judgedAsOpen(post) } : {}) }),
      );
      noteDegraded(app, 'candidates.search', page);
      return candidatePageReply(app, page, fingerprint, ignored);
    },
  );

  app.get(
    '/v1/posts/:postId/candidates',
    {
      config: HR,
      schema: {
        tags: TAGS,
        summary: "Ranked students for a post, order class or apprenticeship (its majors, skills, certificates, term and place)",
        params: z.object({ postId: ExternalId }),
        querystring: PageQuery,
        response: { 200: CandidateSearchReply },
      },
      serializerCompiler: candidatePageSerializer,
    },
    async (request) => {
      const post = await visiblePost(app, request, request.params.postId);
      checkPostOwner(request, post);
      const { limit, cursor } = request.query;
      const fingerprint = searchFingerprint('post.candidates', { postId: post.id });
      const after = unbindCursor(cursor, fingerprint);
      const page = await engineCall(() => app.searcher.engine.searchCandidates({ post: judgedAsOpen(post), limit, ...(after ? { cursor: after } : {}) }));
      return candidatePageReply(app, page, fingerprint);
    },
  );

  app.get(
    '/v1/candidates/:studentId',
    {
      config: HR,
      schema: {
        tags: TAGS,
        summary: "One candidate's masked profile (students who consented and are seeking; anyone else is 404 like an unknown id)",
        params: z.object({ studentId: ExternalId }),
        response: { 200: CandidateView },
      },
    },
    async (request) => {
      const profile = await app.store.get('student', request.params.studentId);
      // A student HR may not find is as invisible here as one who does not exist.
      if (!isFindable(profile)) {
        throw new AppError(Errors.MATCH_STUDENT_NOT_FOUND, { details: { studentId: request.params.studentId } });
      }
      return candidateView(profile, await app.store.personal(profile.id), app.searcher.references.school(profile.schoolId));
    },
  );
};
