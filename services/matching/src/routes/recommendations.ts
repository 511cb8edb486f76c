import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ExternalId, PostSearchReply, PostSearchRequest, PostView, RecommendationQuery, StudentInput } from '@chanjiao/domain';
import { AppError, Errors } from '@chanjiao/platform';
import { checkScope, visiblePost } from './access.js';
import { searchFingerprint, unbindCursor } from './cursor.js';
import { engineCall } from './engine-errors.js';
import { postPageReply, postView } from './page-reply.js';
import { embedQuery, noteDegraded } from './query-vector.js';

const TAGS = ['recommendations'];

/**
 * What students see: posts recommended for their own profile, free-text post search, one post,
 * and their own profile (with their own personal data: it is theirs).
 */
export const recommendationRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/v1/students/:studentId/recommendations',
    {
      config: { access: { roles: ['student', 'office', 'admin'] } },
      schema: {
        tags: TAGS,
        summary: "Posts recommended for a student's own profile (kinds and places they prefer first), with the reasons",
        params: z.object({ studentId: ExternalId }),
        querystring: RecommendationQuery,
        response: { 200: PostSearchReply },
      },
    },
    async (request) => {
      const { studentId } = request.params;
      checkScope(request, { studentId });
      const student = await app.store.get('student', studentId);
      if (!student) throw new AppError(Errors.MATCH_STUDENT_NOT_FOUND, { details: { studentId } });
      const { limit, cursor, kinds, city } = request.query;
      const preferred = kinds ?? (student.preferences.postKinds.length ? student.preferences.postKinds : undefined);
      const fingerprint = searchFingerprint('student.recommendations', { studentId, kinds: preferred ?? null, city: city ?? null });
      const after = unbindCursor(cursor, fingerprint);
      const page = await engineCall(() =>
        app.searcher.engine.recommendPosts({
          student,
          limit,
          ...(after ? { cursor: after } : {}),
          ...(preferred ? { kinds: preferred } : {}),
          ...(city ? { cities: [city] } : {}),
        }),
      );
      return postPageReply(app, page, fingerprint);
    },
  );

  app.post(
    '/v1/posts/search',
    {
      config: { access: { roles: ['student', 'hr', 'office', 'admin'] } },
      schema: {
        tags: TAGS,
        summary: "Free-text post search with filters and facets (open posts); with a student's key, each hit explained for that student",
        body: PostSearchRequest,
        response: { 200: PostSearchReply },
      },
    },
    async (request) => {
      const { query, filters, facets, limit, cursor } = request.body;
      // A student's own key (or session): each post is scored and explained for them, as recommendations are.
      const studentId = request.principal?.role === 'student' ? request.principal.scope.studentId : undefined;
      const student = studentId ? await app.store.get('student', studentId) : undefined;
      const fingerprint = searchFingerprint('posts.search', { query, filters, ...(student ? { studentId: student.id } : {}) });
      const after = unbindCursor(cursor, fingerprint);
      const queryVector = await embedQuery(app, request, app.searcher.engine.searchText(query));
      const page = await engineCall(() =>
        app.searcher.engine.searchPosts({ query, queryVector, filter: filters, facets, limit, ...(student ? { student } : {}), ...(after ? { cursor: after } : {}) }),
      );
      noteDegraded(app, 'posts.search', page);
      return postPageReply(app, page, fingerprint);
    },
  );

  app.get(
    '/v1/posts/:postId',
    {
      config: { access: { roles: ['student', 'hr', 'operator', 'office', 'admin'] } },
      schema: { tags: TAGS, summary: 'One post (drafts only to their own enterprise)', params: z.object({ postId: ExternalId }), response: { 200: PostView } },
    },
    async (request) => postView(app, await visiblePost(app, request, request.params.postId)),
  );

  app.get(
    '/v1/students/:studentId/profile',
    {
      config: { access: { roles: ['student', 'office', 'admin'] } },
      schema: {
        tags: TAGS,
        summary: "A student's own profile with their personal data (self only)",
        params: z.object({ studentId: ExternalId }),
        response: { 200: StudentInput },
      },
    },
    async (request) => {
      const { studentId } = request.params;
      checkScope(request, { studentId });
      const profile = await app.store.get('student', studentId);
      const personal = await app.store.personal(studentId);
      if (!profile || !personal) throw new AppError(Errors.MATCH_STUDENT_NOT_FOUND, { details: { studentId } });
      return { ...profile, personal };
    },
  );
};
