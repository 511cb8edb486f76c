import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CERTIFICATE_LEVEL_LABELS, ExportQuery, ExternalId, LEVEL_LABELS, ShortlistPut, ShortlistReply, type CandidateView } from '@chanjiao/domain';
import { AppError, Errors, csvDocument } from '@chanjiao/platform';
import { candidateView } from '../views/candidate-view.js';
import { checkPostOwner, isFindable, visiblePost } from './access.js';

/** Shortlists are documents in the store, one per post and enterprise, so joint classes keep theirs apart. */
const COLLECTION = 'shortlists';

interface StoredShortlist {
  readonly entries: Array<{ studentId: string; note?: string }>;
}

const HR = { access: { roles: ['hr', 'office', 'admin'] as const } };
const TAGS = ['shortlists'];
const Params = z.object({ postId: ExternalId });

/** The CSV HR opens in Excel (the platform's one CSV writer): Chinese headers, one candidate a row. */
export function shortlistCsv(rows: Array<{ entry: { studentId: string; note?: string }; student: CandidateView | null }>): string {
  const header = ['序号', '学生编号', '姓名', '学校', '专业代码', '专业', '层次', '毕业年份', '技能', '证书', '备注'];
  const lines = rows.map(({ entry, student: s }, i) => [
      i + 1,
      entry.studentId,
      s?.displayName ?? '',
      s?.school?.name ?? '',
      s?.major.code ?? '',
      s?.major.name ?? '',
      s ? LEVEL_LABELS[s.major.level] : '',
      s?.graduationYear ?? '',
      s?.skills.map((k) => k.name).join('；') ?? '',
      s?.certificates.map((c) => (c.level ? `${c.name}(${CERTIFICATE_LEVEL_LABELS[c.level]})` : c.name)).join('；') ?? '',
      entry.note ?? '',
  ]);
  return csvDocument([header, ...lines]);
}

/** HR keeps a shortlist per post and exports it (CSV for Excel, or JSON). */
export const shortlistRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  /** The shortlist key: the post, and the caller's enterprise (office and admin see the owner's). */
  const keyFor = (postId: string, enterpriseId: string) => `${postId}::${enterpriseId}`;
  const enterpriseOf = (request: { principal: { scope: { enterpriseId?: string } } | null }, fallback: string) =>
    request.principal?.scope.enterpriseId ?? fallback;

  const load = async (postId: string, enterpriseId: string) => {
    const doc = await app.store.getDocument<StoredShortlist>(COLLECTION, keyFor(postId, enterpriseId));
    const entries = doc?.value.entries ?? [];
    const students = await app.store.getMany('student', entries.map((e) => e.studentId));
    const personal = await app.store.personalMany(students.filter(isFindable).map((s) => s.id));
    const rows = entries.map((entry, i) => {
      const p = students[i];
      // A student who withdrew consent (or stopped seeking) after being shortlisted drops out of every view.
      const student = isFindable(p) ? candidateView(p, personal.get(p.id), app.searcher.references.school(p.schoolId)) : null;
      return { entry, student };
    });
    return { updatedAt: doc?.updatedAt ?? new Date(0).toISOString(), rows };
  };

  app.put(
    '/v1/posts/:postId/shortlist',
    { config: HR, schema: { tags: TAGS, summary: "Replace the caller's shortlist for a post", params: Params, body: ShortlistPut, response: { 200: ShortlistReply } } },
    async (request) => {
      const post = await visiblePost(app, request, request.params.postId);
      checkPostOwner(request, post);
      const entries = request.body.entries;
      const found = await app.store.getMany('student', entries.map((e) => e.studentId));
      const bad = entries
        .map((e, i) => ({ e, i, s: found[i] }))
        .filter(({ s }) => !isFindable(s))
        .map(({ e, i }) => ({ path: `body.entries.${i}.studentId`, message: `no findable student ${e.studentId}` }));
      if (bad.length) throw new AppError(Errors.MATCH_SHORTLIST_UNKNOWN_STUDENT, { fields: bad });
      const enterpriseId = enterpriseOf(request, post.enterpriseId);
      await app.store.putDocument(COLLECTION, keyFor(post.id, enterpriseId), { entries } satisfies StoredShortlist);
      const { updatedAt, rows } = await load(post.id, enterpriseId);
      return { postId: post.id, updatedAt, entries: rows.map(({ entry, student }) => ({ ...entry, student })) };
    },
  );

  app.get(
    '/v1/posts/:postId/shortlist',
    { config: HR, schema: { tags: TAGS, summary: "The caller's shortlist for a post", params: Params, response: { 200: ShortlistReply } } },
    async (request) => {
      const post = await visiblePost(app, request, request.params.postId);
      checkPostOwner(request, post);
      const { updatedAt, rows } = await load(post.id, enterpriseOf(request, post.enterpriseId));
      return { postId: post.id, updatedAt, entries: rows.map(({ entry, student }) => ({ ...entry, student })) };
    },
  );

  app.get(
    '/v1/posts/:postId/shortlist/export',
    {
      config: HR,
      schema: {
        tags: TAGS,
        summary: 'Export the shortlist: CSV (UTF-8 with BOM, opens in Excel) or JSON',
        params: Params,
        querystring: ExportQuery,
        produces: ['text/csv', 'application/json'],
      },
    },
    async (request, reply) => {
      const post = await visiblePost(app, request, request.params.postId);
      checkPostOwner(request, post);
      const { updatedAt, rows } = await load(post.id, enterpriseOf(request, post.enterpriseId));
      const name = `shortlist-${post.id}`;
      if (request.query.format === 'json') {
        return reply
          .header('content-disposition', `attachment; filename="${name}.json"`)
          .send({ postId: post.id, updatedAt, entries: rows.map(({ entry, student }) => ({ ...entry, student })) });
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}.csv"`)
        .send(shortlistCsv(rows));
    },
  );
};
