import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ExternalId, POST_KIND_LABELS, PostKind, PostStatus, type Post, type StudentProfile } from '@chanjiao/domain';
import { AppError, Errors, assertScope, requirePrincipal } from '@chanjiao/platform';
import { checkPostOwner, isFindable, visiblePost } from './access.js';
import { shortlistedStudentIds } from './shortlists.js';

/**
 * Invitations close the loop from a shortlist to a conversation. HR invites a shortlisted
 * student to an interview or an order class with a message; the student accepts or declines;
 * only on acceptance does HR see the contact details the student chose to share, with the time
 * of that consent. Invitations expire.
 *
 * Scope rules, as everywhere: HR acts for its enterprise (and only for posts of it, joint order
 * classes included); a student sees and answers only their own invitations; the office reads
 * counts. Inviting a student who is unknown, does not consent to be found or is not seeking is the
 * same 404 to HR, and one who withdraws consent later drops out of HR's invitation lists.
 *
 * Storage: one document per invitation in the store's `invitations` collection. Lists read the
 * collection and filter: invitations are few (a shortlist's worth per post) next to students.
 */
const COLLECTION = 'invitations';

export const InvitationKind = z.enum(['interview', 'order_class']);
/** What a student may share with the inviting enterprise: the name and phone on record. ID numbers never. */
export const ShareableField = z.enum(['name', 'phone']);
export const InvitationStatus = z.enum(['pending', 'accepted', 'declined', 'expired']);

const InvitationId = z.string().regex(/^inv-[0-9a-f]{16}$/, 'an invitation id (inv- and 16 hex digits)');
const MAX_DAYS = 90;
/**
 * After a student declines, the same post's enterprise may not invite them again to it for this
 * long: a decline is an answer, and an invitation sent again at once asks the student to say no twice.
 */
const DECLINE_COOL_OFF_DAYS = 30;

export const CreateInvitation = z
  .object({
    postId: ExternalId,
    studentId: ExternalId,
    kind: InvitationKind,
    message: z.string().trim().min(1).max(1000),
    /** Default: INVITATION_TTL_DAYS from now. Must be in the future and at most 90 days away. */
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

export const AnswerInvitation = z
  .object({
    /** Fields of the student's record to share with the enterprise. */
    share: z.array(ShareableField).max(2).default([]),
    /** An e-mail address to share besides (not kept on the student record). */
    email: z.email().max(200).optional(),
  })
  .strict()
  .refine((a) => a.share.length > 0 || a.email !== undefined, { message: 'share at least one contact (share or email)', path: ['share'] });

const Contact = z.object({ name: z.string().optional(), phone: z.string().optional(), email: z.string().optional() });

/** Where the invitation's post stands now: its status, or `deleted` once it is no longer stored. */
const InvitationPostStatus = z.enum([...PostStatus.options, 'deleted']);
type InvitationPostStatus = z.infer<typeof InvitationPostStatus>;

/**
 * 409 MATCH_INVITATION_POST_NOT_OPEN in words that fit the post's state and who asks. The
 * catalogue's message ("publish the post first") is right for HR and a draft; HR inviting for a
 * closed post is told to reopen it, and a student answering an invitation whose post has since
 * been closed, taken back to draft or deleted is told that it can only be declined.
 */
function postNotOpen(postId: string, status: Exclude<InvitationPostStatus, 'open'>, who: 'hr' | 'student'): AppError {
  const details = { postId, status };
  if (who === 'hr') {
    if (status === 'draft') return new AppError(Errors.MATCH_INVITATION_POST_NOT_OPEN, { details });
    return new AppError(Errors.MATCH_INVITATION_POST_NOT_OPEN, {
      message: 'Invitations are sent for open posts only; this post is closed: reopen it to invite. / 只能为开放中的岗位发出邀请，该岗位已关闭，重新开放后才能邀请。',
      details,
    });
  }
  const state = { draft: ['was withdrawn to a draft', '已撤回为草稿'], closed: ['was closed', '已关闭'], deleted: ['was removed', '已删除'] }[status];
  return new AppError(Errors.MATCH_INVITATION_POST_NOT_OPEN, {
    message: `The post of this invitation ${state[0]}, so it can no longer be accepted (it can still be declined). / 该邀请的岗位${state[1]}，无法再接受（仍可拒绝）。`,
    details,
  });
}

/** An invitation as its parties see it; `contact` is null until accepted, then exactly what was shared. */
export const InvitationView = z.object({
  id: z.string(),
  /** The post as it is now (`status`), or as it was when the invitation was sent once it is deleted. */
  post: z.object({ id: z.string(), title: z.string(), kind: PostKind, status: InvitationPostStatus }),
  enterprise: z.object({ id: z.string(), name: z.string() }),
  studentId: z.string(),
  kind: InvitationKind,
  message: z.string(),
  status: InvitationStatus,
  createdAt: z.string(),
  expiresAt: z.string(),
  respondedAt: z.string().nullable(),
  /** The student's consent: which fields, and when it was given. */
  consent: z.object({ fields: z.array(z.enum(['name', 'phone', 'email'])), at: z.string() }).nullable(),
  contact: Contact.nullable(),
});
export type InvitationView = z.infer<typeof InvitationView>;

const Counts = { invited: z.number().int(), pending: z.number().int(), accepted: z.number().int(), declined: z.number().int(), expired: z.number().int() };
export const InvitationReport = z.object({
  totals: z.object(Counts),
  byEnterprise: z.array(z.object({ enterpriseId: z.string(), enterpriseName: z.string(), ...Counts })),
  byPost: z.array(z.object({ postId: z.string(), postTitle: z.string(), enterpriseId: z.string(), ...Counts })),
});

interface StoredInvitation {
  id: string;
  postId: string;
  /**
   * The post's title and kind when the invitation was sent, shown once the post is deleted
   * (the student still has the invitation to read). Absent on invitations stored before.
   */
  postTitle?: string;
  postKind?: Post['kind'];
  /** The inviting enterprise (a co-enterprise of a joint class invites as itself). */
  enterpriseId: string;
  studentId: string;
  kind: z.infer<typeof InvitationKind>;
  message: string;
  createdAt: string;
  expiresAt: string;
  createdBy: string;
  status: 'pending' | 'accepted' | 'declined';
  respondedAt: string | null;
  consent: { fields: Array<'name' | 'phone' | 'email'>; at: string } | null;
  contact: z.infer<typeof Contact> | null;
}

const statusOf = (inv: StoredInvitation, now: number) => (inv.status === 'pending' && Date.parse(inv.expiresAt) <= now ? 'expired' : inv.status);
/**
 * An invitation already sent stays readable to HR while the student consents, placed or not (a
 * placement is often the invitation's outcome); a withdrawn consent hides it. A new one needs the
 * student findable (isFindable).
 */
const consents = (s: StudentProfile | undefined): s is StudentProfile => s !== undefined && s.consentToBeFound;

export const invitationRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const TAGS = ['invitations'];
  const ttlMs = app.config.INVITATION_TTL_DAYS * 86_400_000;

  const all = async (): Promise<StoredInvitation[]> => (await app.store.listDocuments<StoredInvitation>(COLLECTION)).map((d) => d.value);
  const load = async (id: string): Promise<StoredInvitation> => {
    const doc = await app.store.getDocument<StoredInvitation>(COLLECTION, id);
    if (!doc) throw new AppError(Errors.MATCH_INVITATION_NOT_FOUND, { details: { invitationId: id } });
    return doc.value;
  };

  const views = async (invs: readonly StoredInvitation[]): Promise<InvitationView[]> => {
    const posts = await app.store.getMany('post', [...new Set(invs.map((i) => i.postId))]);
    const postById = new Map(posts.filter((p): p is Post => p !== undefined).map((p) => [p.id, p]));
    const now = Date.now();
    return invs.map((inv) => {
      const post = postById.get(inv.postId);
      const e = app.searcher.references.enterprise(inv.enterpriseId);
      const status = statusOf(inv, now);
      return {
        id: inv.id,
        // A deleted post is named as it was sent (older invitations kept no copy: an order-class
        // invitation was for an order class, and any other still reads as a job, as it did).
        post: post
          ? { id: inv.postId, title: post.title, kind: post.kind, status: post.status }
          : { id: inv.postId, title: inv.postTitle ?? '', kind: inv.postKind ?? (inv.kind === 'order_class' ? 'order_class' : 'job'), status: 'deleted' as const },
        enterprise: { id: inv.enterpriseId, name: e?.name ?? inv.enterpriseId },
        studentId: inv.studentId,
        kind: inv.kind,
        message: inv.message,
        status,
        createdAt: inv.createdAt,
        expiresAt: inv.expiresAt,
        respondedAt: inv.respondedAt,
        consent: inv.consent,
        contact: status === 'accepted' ? inv.contact : null,
      };
    });
  };

  /** HR: only invitations of its enterprise, to students who still consent. */
  const forHr = async (invs: StoredInvitation[], enterpriseId: string): Promise<StoredInvitation[]> => {
    const own = invs.filter((i) => i.enterpriseId === enterpriseId);
    const students = await app.store.getMany('student', own.map((i) => i.studentId));
    return own.filter((_, k) => consents(students[k]));
  };

  /** May the caller read this invitation? HR of its enterprise (the student still consenting) or the student. */
  const readable = async (request: FastifyRequest, inv: StoredInvitation): Promise<void> => {
    const p = requirePrincipal(request);
    if (p.role === 'student') {
      assertScope(request, { studentId: inv.studentId });
      return;
    }
    assertScope(request, { enterpriseId: inv.enterpriseId });
    if (!consents(await app.store.get('student', inv.studentId))) {
      throw new AppError(Errors.MATCH_INVITATION_NOT_FOUND, { details: { invitationId: inv.id } });
    }
  };

  app.post(
    '/v1/invitations',
    {
      config: { access: { roles: ['hr'] } },
      schema: {
        tags: TAGS,
        summary: "Invite a shortlisted student to an interview or an order class (HR of the post's enterprise)",
        description:
          'The student must be on the caller\'s shortlist of the post. An unknown student and one who does not consent to be found or is not seeking are the same 404. ' +
          'Errors: 400 REQUEST_VALIDATION_FAILED, 403 AUTH_FORBIDDEN_SCOPE, 404 MATCH_POST_NOT_FOUND, 404 MATCH_STUDENT_NOT_FOUND, ' +
          '409 MATCH_INVITATION_NOT_SHORTLISTED, 409 MATCH_INVITATION_DUPLICATE, 409 MATCH_INVITATION_POST_NOT_OPEN, 409 MATCH_INVITATION_DECLINED.',
        body: CreateInvitation,
        response: { 201: InvitationView },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const body = request.body;
      const now = Date.now();
      let expiresAt = new Date(now + ttlMs).toISOString();
      if (body.expiresAt !== undefined) {
        const at = Date.parse(body.expiresAt);
        if (at <= now || at > now + MAX_DAYS * 86_400_000) {
          throw new AppError(Errors.REQUEST_VALIDATION_FAILED, { fields: [{ path: 'body.expiresAt', message: `must be in the future and at most ${MAX_DAYS} days away` }] });
        }
        expiresAt = new Date(at).toISOString();
      }
      const post = await visiblePost(app, request, body.postId);
      checkPostOwner(request, post);
      // A student cannot open a draft (its page is a 404 to them), so an invitation to one names a
      // post the student cannot see; a closed post has no seat to invite to.
      if (post.status !== 'open') throw postNotOpen(post.id, post.status, 'hr');
      if (body.kind === 'order_class' && post.kind !== 'order_class') {
        throw new AppError(Errors.REQUEST_VALIDATION_FAILED, {
          fields: [{ path: 'body.kind', message: `an order-class invitation (订单班) is for an order-class post; this post is ${POST_KIND_LABELS[post.kind]}: invite to an interview` }],
        });
      }
      const enterpriseId = principal.scope.enterpriseId ?? post.enterpriseId;
      // A new invitation takes a student id from HR: the one rule of who HR may find (consenting and
      // seeking), or a placed student would be invited and an unknown id told apart from a placed one.
      if (!isFindable(await app.store.get('student', body.studentId))) {
        throw new AppError(Errors.MATCH_STUDENT_NOT_FOUND, { details: { studentId: body.studentId } });
      }
      if (!(await shortlistedStudentIds(app, post.id, enterpriseId)).has(body.studentId)) {
        throw new AppError(Errors.MATCH_INVITATION_NOT_SHORTLISTED, { details: { postId: post.id, studentId: body.studentId } });
      }
      // This enterprise's earlier invitations of this student to this post, read once.
      const earlier = (await all()).filter((i) => i.postId === post.id && i.enterpriseId === enterpriseId && i.studentId === body.studentId);
      const open = earlier.find((i) => statusOf(i, now) === 'pending');
      if (open) throw new AppError(Errors.MATCH_INVITATION_DUPLICATE, { details: { invitationId: open.id } });
      const lastDecline = earlier
        .filter((i) => i.status === 'declined' && i.respondedAt !== null)
        .map((i) => Date.parse(i.respondedAt!))
        .reduce((a, b) => Math.max(a, b), -Infinity);
      const retryAfter = lastDecline + DECLINE_COOL_OFF_DAYS * 86_400_000;
      if (retryAfter > now) throw new AppError(Errors.MATCH_INVITATION_DECLINED, { details: { postId: post.id, studentId: body.studentId, retryAfter: new Date(retryAfter).toISOString() } });
      const inv: StoredInvitation = {
        id: `inv-${randomBytes(8).toString('hex')}`,
        postId: post.id,
        postTitle: post.title,
        postKind: post.kind,
        enterpriseId,
        studentId: body.studentId,
        kind: body.kind,
        message: body.message,
        createdAt: new Date(now).toISOString(),
        expiresAt,
        createdBy: principal.keyId,
        status: 'pending',
        respondedAt: null,
        consent: null,
        contact: null,
      };
      await app.store.putDocument(COLLECTION, inv.id, inv);
      return reply.code(201).send((await views([inv]))[0]!);
    },
  );

  const ListQuery = z
    .object({ postId: ExternalId.optional(), status: InvitationStatus.optional() })
    .strict();
  app.get(
    '/v1/invitations',
    {
      config: { access: { roles: ['hr', 'student'] }, consentedPersonalData: true },
      schema: {
        tags: TAGS,
        summary: "The caller's invitations, newest first: HR its enterprise's, a student their own",
        description: 'HR sees `contact` only on accepted invitations, and only the fields the student shared.',
        querystring: ListQuery,
        response: { 200: z.object({ invitations: z.array(InvitationView) }) },
      },
    },
    async (request) => {
      const p = requirePrincipal(request);
      let invs = await all();
      invs = p.role === 'student' ? invs.filter((i) => i.studentId === p.scope.studentId) : await forHr(invs, p.scope.enterpriseId ?? '');
      const now = Date.now();
      const { postId, status } = request.query;
      invs = invs.filter((i) => (!postId || i.postId === postId) && (!status || statusOf(i, now) === status));
      invs.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
      return { invitations: await views(invs) };
    },
  );

  const IdParams = z.object({ invitationId: InvitationId });
  app.get(
    '/v1/invitations/:invitationId',
    {
      config: { access: { roles: ['hr', 'student'] }, consentedPersonalData: true },
      schema: {
        tags: TAGS,
        summary: 'One invitation (HR of its enterprise, or its student)',
        description: 'Errors: 403 AUTH_FORBIDDEN_SCOPE, 404 MATCH_INVITATION_NOT_FOUND.',
        params: IdParams,
        response: { 200: InvitationView },
      },
    },
    async (request) => {
      const inv = await load(request.params.invitationId);
      await readable(request, inv);
      return (await views([inv]))[0]!;
    },
  );

  /** The student answers: only their own, only while pending and not expired. */
  const answer = async (request: FastifyRequest, id: string, accept: z.infer<typeof AnswerInvitation> | null): Promise<InvitationView> => {
    const inv = await load(id);
    assertScope(request, { studentId: inv.studentId });
    const now = Date.now();
    const status = statusOf(inv, now);
    if (status === 'expired') throw new AppError(Errors.MATCH_INVITATION_EXPIRED, { details: { expiresAt: inv.expiresAt } });
    if (status !== 'pending') throw new AppError(Errors.MATCH_INVITATION_ANSWERED, { details: { status } });
    const at = new Date(now).toISOString();
    if (accept) {
      // Accepting hands the student's contact to the enterprise for this post: not once the post
      // was closed, taken back to draft or deleted after the invitation was sent. Declining is
      // always possible (it shares nothing).
      const postStatus = (await app.store.get('post', inv.postId))?.status ?? 'deleted';
      if (postStatus !== 'open') throw postNotOpen(inv.postId, postStatus, 'student');
      const personal = await app.store.personal(inv.studentId);
      const contact: z.infer<typeof Contact> = {};
      const missing: Array<{ path: string; message: string }> = [];
      accept.share.forEach((field, k) => {
        const value = personal?.[field];
        if (value) contact[field] = value;
        else missing.push({ path: `body.share.${k}`, message: `no ${field} on record to share` });
      });
      if (missing.length) throw new AppError(Errors.REQUEST_VALIDATION_FAILED, { fields: missing });
      if (accept.email !== undefined) contact.email = accept.email;
      inv.status = 'accepted';
      inv.contact = contact;
      inv.consent = { fields: [...new Set(accept.share), ...(accept.email !== undefined ? (['email'] as const) : [])], at };
    } else {
      inv.status = 'declined';
    }
    inv.respondedAt = at;
    await app.store.putDocument(COLLECTION, inv.id, inv);
    return (await views([inv]))[0]!;
  };

  app.post(
    '/v1/invitations/:invitationId/accept',
    {
      config: { access: { roles: ['student'] } },
      schema: {
        tags: TAGS,
        summary: 'Accept an invitation, choosing the contact details the enterprise may see (recorded with the time)',
        description:
          '`share`: fields of your record (name, phone); `email`: an address to share besides. At least one. ' +
          'Errors: 400 REQUEST_VALIDATION_FAILED, 403 AUTH_FORBIDDEN_SCOPE, 404 MATCH_INVITATION_NOT_FOUND, 409 MATCH_INVITATION_EXPIRED, 409 MATCH_INVITATION_ANSWERED, ' +
          '409 MATCH_INVITATION_POST_NOT_OPEN (the post was closed, withdrawn to a draft or deleted since; the invitation can still be declined).',
        params: IdParams,
        body: AnswerInvitation,
        response: { 200: InvitationView },
      },
    },
    async (request) => answer(request, request.params.invitationId, request.body),
  );

  app.post(
    '/v1/invitations/:invitationId/decline',
    {
      config: { access: { roles: ['student'] } },
      schema: {
        tags: TAGS,
        summary: 'Decline an invitation (nothing is shared)',
        description: 'Errors: 403 AUTH_FORBIDDEN_SCOPE, 404 MATCH_INVITATION_NOT_FOUND, 409 MATCH_INVITATION_EXPIRED, 409 MATCH_INVITATION_ANSWERED.',
        params: IdParams,
      },
    },
    async (request) => answer(request, request.params.invitationId, null),
  );

  app.get(
    '/v1/reports/invitations',
    {
      config: { access: { roles: ['office', 'admin'] } },
      schema: {
        tags: TAGS,
        summary: 'Invitation and acceptance counts per enterprise and per post (the joint office)',
        response: { 200: InvitationReport },
      },
    },
    async () => invitationReport(app, await all()),
  );
};

type CountsOf = Record<'invited' | 'pending' | 'accepted' | 'declined' | 'expired', number>;
const zero = (): CountsOf => ({ invited: 0, pending: 0, accepted: 0, declined: 0, expired: 0 });

async function invitationReport(app: FastifyInstance, invs: readonly StoredInvitation[]): Promise<z.infer<typeof InvitationReport>> {
  const now = Date.now();
  const totals = zero();
  const byEnterprise = new Map<string, CountsOf>();
  const byPost = new Map<string, CountsOf & { postId: string; enterpriseId: string }>();
  for (const inv of invs) {
    const s = statusOf(inv, now);
    const e = byEnterprise.get(inv.enterpriseId) ?? zero();
    byEnterprise.set(inv.enterpriseId, e);
    const key = `${inv.postId}::${inv.enterpriseId}`;
    const p = byPost.get(key) ?? { ...zero(), postId: inv.postId, enterpriseId: inv.enterpriseId };
    byPost.set(key, p);
    for (const c of [totals, e, p]) {
      c.invited++;
      c[s]++;
    }
  }
  const posts = await app.store.getMany('post', [...new Set(invs.map((i) => i.postId))]);
  // A deleted post keeps the title it had when invited (the copy on its invitations).
  const title = new Map(invs.flatMap((i) => (i.postTitle !== undefined ? [[i.postId, i.postTitle] as const] : [])));
  for (const p of posts) if (p) title.set(p.id, p.title);
  return {
    totals,
    byEnterprise: [...byEnterprise.entries()]
      .map(([enterpriseId, c]) => ({ enterpriseId, enterpriseName: app.searcher.references.enterprise(enterpriseId)?.name ?? enterpriseId, ...c }))
      .sort((a, b) => b.invited - a.invited || a.enterpriseId.localeCompare(b.enterpriseId)),
    byPost: [...byPost.values()]
      .map((c) => ({ postTitle: title.get(c.postId) ?? '', ...c }))
      .sort((a, b) => b.invited - a.invited || a.postId.localeCompare(b.postId) || a.enterpriseId.localeCompare(b.enterpriseId)),
  };
}
