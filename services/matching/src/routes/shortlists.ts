import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CERTIFICATE_LEVEL_LABELS, ExternalId, LEVEL_LABELS, ShortlistEntry, ShortlistPut, ShortlistReply, type CandidateView } from '@chanjiao/domain';
import { AppError, Errors, csvDocument, maskPersonalNumbers } from '@chanjiao/platform';
import { candidateView } from '../views/candidate-view.js';
import { checkPostOwner, isFindable, visiblePost } from './access.js';

/** Shortlists are documents in the store, one per post and enterprise, so joint classes keep theirs apart. */
const COLLECTION = 'shortlists';

interface StoredShortlist {
  readonly entries: Array<{ studentId: string; note?: string }>;
}

/** The shortlist document's id: the post, and the enterprise whose HR keeps it. */
export const shortlistKey = (postId: string, enterpriseId: string): string => `${postId}::${enterpriseId}`;

/** The students on an enterprise's shortlist for a post (invitations may go only to them). */
export async function shortlistedStudentIds(app: FastifyInstance, postId: string, enterpriseId: string): Promise<Set<string>> {
  const doc = await app.store.getDocument<StoredShortlist>(COLLECTION, shortlistKey(postId, enterpriseId));
  return new Set((doc?.value.entries ?? []).map((e) => e.studentId));
}

const HR = { access: { roles: ['hr', 'office', 'admin'] as const } };
const TAGS = ['shortlists'];
const Params = z.object({ postId: ExternalId });
const EntryParams = z.object({ postId: ExternalId, studentId: ExternalId });
const EntryBody = ShortlistEntry.pick({ note: true }).strict();
/** xlsx: an Excel workbook; csv: UTF-8 with BOM for Excel; json: the reply of GET. */
const ExportQuery = z.object({ format: z.enum(['csv', 'xlsx', 'json']).default('csv') }).strict();
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type ShortlistRow = { entry: { studentId: string; note?: string }; student: CandidateView | null };

const EXPORT_HEADER = ['序号', '学生编号', '称呼', '学校', '专业代码', '专业', '层次', '毕业年份', '技能', '证书', '备注'];

/** One exported row per entry, in the columns of {@link EXPORT_HEADER} (the CSV and the .xlsx say the same). */
function exportRows(rows: readonly ShortlistRow[]): Array<Array<string | number>> {
  return rows.map(({ entry, student: s }, i) => [
    i + 1,
    entry.studentId,
    // A student who withdrew consent (or stopped seeking) since: the row stays, with HR's note, and says why it is blank.
    s?.displayName ?? '（已撤回授权或不再求职）',
    s?.school?.name ?? '',
    s?.major.code ?? '',
    s?.major.name ?? '',
    s ? LEVEL_LABELS[s.major.level] : '',
    s?.graduationYear ?? '',
    s?.skills.map((k) => k.name).join('；') ?? '',
    s?.certificates.map((c) => (c.level ? `${c.name}(${CERTIFICATE_LEVEL_LABELS[c.level]})` : c.name)).join('；') ?? '',
    entry.note ?? '',
  ]);
}

/** The CSV HR opens in Excel (the platform's one CSV writer: BOM, formula defusing), Chinese headers, one candidate a row. */
export function shortlistCsv(rows: readonly ShortlistRow[]): string {
  return csvDocument([EXPORT_HEADER, ...exportRows(rows)]);
}

/**
 * The same table as an Excel workbook (one sheet, 候选名单). Cells are typed values, never
 * formulas, so a note starting with `=` stays text; numbers (序号, 毕业年份) are numbers.
 */
export async function shortlistXlsx(rows: readonly ShortlistRow[], title: string): Promise<Buffer> {
  // Loaded on the first workbook: exceljs and its zip stack take ~0.4 s to load, which every start and test paid.
  const wb = new (await import('exceljs')).default.Workbook();
  wb.creator = 'Chanjiao Match';
  const ws = wb.addWorksheet('候选名单', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(EXPORT_HEADER).font = { bold: true };
  // A workbook is a zip, which the reply guard cannot read (it masks JSON and text replies to HR,
  // the CSV included): its text cells are masked here the way the guard masks the CSV. HR's own
  // notes are where a number turns up (学生电话 138…). The id column is an ExternalId, which
  // cannot be a phone or ID number, and is left whole so HR can act on it.
  const masked = (cell: string | number, column: number) => (typeof cell === 'string' && column !== 1 ? maskPersonalNumbers(cell).text : cell);
  for (const r of exportRows(rows)) ws.addRow(r.map(masked));
  ws.columns.forEach((c, i) => (c.width = [6, 14, 10, 24, 10, 18, 10, 10, 30, 30, 30][i] ?? 12));
  wb.title = title;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** HR keeps a shortlist per post: replace it whole, add / annotate / remove one entry, export it (.xlsx, CSV, JSON). */
export const shortlistRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  /** The shortlist key: the post, and the caller's enterprise (office and admin see the owner's). */
  const keyFor = shortlistKey;
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
    return { updatedAt: doc?.updatedAt ?? null, rows };
  };

  app.put(
    '/v1/posts/:postId/shortlist',
    {
      config: HR,
      schema: {
        tags: TAGS,
        summary: "Replace the caller's shortlist for a post",
        description: 'Each student once. Errors: 400 REQUEST_VALIDATION_FAILED (a student listed twice), 400 MATCH_SHORTLIST_UNKNOWN_STUDENT, 403 AUTH_FORBIDDEN_SCOPE, 404 MATCH_POST_NOT_FOUND.',
        params: Params,
        body: ShortlistPut,
        response: { 200: ShortlistReply },
      },
    },
    async (request) => {
      const post = await visiblePost(app, request, request.params.postId);
      checkPostOwner(request, post);
      const entries = request.body.entries;
      // A student is on a shortlist once: a repeated entry was exported as two candidates, and
      // changing or removing "the" entry later reached only the first or all of them.
      const first = new Map<string, number>();
      const repeated = entries.flatMap((e, i) => {
        const at = first.get(e.studentId);
        if (at === undefined) first.set(e.studentId, i);
        return at === undefined ? [] : [{ path: `body.entries.${i}.studentId`, message: `${e.studentId} is already listed at entries.${at}; list each student once` }];
      });
      if (repeated.length) throw new AppError(Errors.REQUEST_VALIDATION_FAILED, { fields: repeated });
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

  const reply = async (postId: string, enterpriseId: string): Promise<ShortlistReply> => {
    const { updatedAt, rows } = await load(postId, enterpriseId);
    return { postId, updatedAt, entries: rows.map(({ entry, student }) => ({ ...entry, student })) };
  };

  app.put(
    '/v1/posts/:postId/shortlist/:studentId',
    {
      config: HR,
      schema: {
        tags: TAGS,
        summary: "Add a student to the caller's shortlist for a post, or change its note (the order is kept; a new entry goes last)",
        description: 'Body `{note?}`: no note keeps the one there. Errors: 400 MATCH_SHORTLIST_UNKNOWN_STUDENT, 403 AUTH_FORBIDDEN_SCOPE, 404 MATCH_POST_NOT_FOUND.',
        params: EntryParams,
        body: EntryBody,
        response: { 200: ShortlistReply },
      },
    },
    async (request) => {
      const post = await visiblePost(app, request, request.params.postId);
      checkPostOwner(request, post);
      const { studentId } = request.params;
      // The one rule of who HR may find (consenting *and* seeking): a placed or inactive student
      // answered otherwise than an unknown id would tell HR the student is there.
      if (!isFindable(await app.store.get('student', studentId))) {
        throw new AppError(Errors.MATCH_SHORTLIST_UNKNOWN_STUDENT, { fields: [{ path: 'params.studentId', message: `no findable student ${studentId}` }] });
      }
      const enterpriseId = enterpriseOf(request, post.enterpriseId);
      const doc = await app.store.getDocument<StoredShortlist>(COLLECTION, keyFor(post.id, enterpriseId));
      const entries = [...(doc?.value.entries ?? [])];
      const i = entries.findIndex((e) => e.studentId === studentId);
      const note = request.body.note ?? entries[i]?.note;
      const entry = note === undefined ? { studentId } : { studentId, note };
      if (i >= 0) entries[i] = entry;
      else if (entries.length >= 1000) {
        throw new AppError(Errors.REQUEST_VALIDATION_FAILED, { fields: [{ path: 'params.studentId', message: 'a shortlist holds at most 1000 students' }] });
      } else entries.push(entry);
      await app.store.putDocument(COLLECTION, keyFor(post.id, enterpriseId), { entries } satisfies StoredShortlist);
      return reply(post.id, enterpriseId);
    },
  );

  app.delete(
    '/v1/posts/:postId/shortlist/:studentId',
    {
      config: HR,
      schema: {
        tags: TAGS,
        summary: "Remove a student from the caller's shortlist for a post (idempotent)",
        description: 'Errors: 403 AUTH_FORBIDDEN_SCOPE, 404 MATCH_POST_NOT_FOUND.',
        params: EntryParams,
        response: { 200: ShortlistReply },
      },
    },
    async (request) => {
      const post = await visiblePost(app, request, request.params.postId);
      checkPostOwner(request, post);
      const enterpriseId = enterpriseOf(request, post.enterpriseId);
      const doc = await app.store.getDocument<StoredShortlist>(COLLECTION, keyFor(post.id, enterpriseId));
      const entries = doc?.value.entries ?? [];
      const kept = entries.filter((e) => e.studentId !== request.params.studentId);
      if (kept.length !== entries.length) await app.store.putDocument(COLLECTION, keyFor(post.id, enterpriseId), { entries: kept } satisfies StoredShortlist);
      return reply(post.id, enterpriseId);
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
        summary: 'Export the shortlist: .xlsx (Excel), CSV (UTF-8 with BOM, opens in Excel) or JSON',
        params: Params,
        querystring: ExportQuery,
        produces: [XLSX_TYPE, 'text/csv', 'application/json'],
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
      if (request.query.format === 'xlsx') {
        return reply
          .type(XLSX_TYPE)
          .header('content-disposition', `attachment; filename="${name}.xlsx"`)
          .send(await shortlistXlsx(rows, `${post.title} 候选名单`));
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}.csv"`)
        .send(shortlistCsv(rows));
    },
  );
};
