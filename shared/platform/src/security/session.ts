import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../errors/define.js';
import { Errors } from '../errors/catalogue.js';
import { API_KEY_COLLECTION, ApiKeyRecord, type DocumentStore } from './api-keys.js';
import { Role, Scope, type Principal } from './roles.js';

/**
 * Console sessions: a person signs in once with the API key their administrator issued and
 * the browser then holds only an opaque session id in an HttpOnly cookie, so the key never
 * sits in `localStorage` or in reach of page scripts.
 *
 * - The session id is 32 random bytes; the store keeps only its SHA-256 (like API keys: the id
 *   has 256 random bits, so a fast hash is enough), so a copy of the store signs nobody in.
 * - A session acts for its API key: each request re-reads the key's record, so revoking the
 *   key ends its sessions at once (no cache, unlike bearer keys: console traffic is light).
 * - Expiry is absolute, SESSION_TTL_MS after sign-in; sign-out deletes the record.
 * - CSRF: the cookie is SameSite=Strict, and on top of that every state-changing request made
 *   with the cookie must echo the session's CSRF token in `x-csrf-token`. The token is derived
 *   from the session id (SHA-256 over a label and the id), so it needs no storage, a page
 *   reload gets it back from GET /v1/session, and a site that cannot read the cookie cannot
 *   compute it. Requests with a bearer key are unchanged: a browser never adds one by itself.
 */

/** The store collection of sessions; documents are {@link SessionRecord}s keyed by the SHA-256 of the session id. */
export const SESSION_COLLECTION = 'sessions';
export const SESSION_COOKIE = 'cj_session';
export const CSRF_HEADER = 'x-csrf-token';

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Expired records are swept at sign-in, at most this often. */
const SWEEP_EVERY_MS = 3_600_000;

export const SessionRecord = z.object({
  keyId: z.string(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});
export type SessionRecord = z.infer<typeof SessionRecord>;

/** What POST and GET /v1/session answer: who is signed in, and the token state-changing calls must echo. */
export const SessionReply = z.object({
  role: Role,
  scope: Scope,
  label: z.string(),
  keyId: z.string(),
  csrfToken: z.string(),
  expiresAt: z.iso.datetime(),
});
export type SessionReply = z.infer<typeof SessionReply>;

export const SignInRequest = z.object({ key: z.string().min(1).max(200) }).strict();

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export interface SessionServiceOptions {
  /** Lifetime of a session from sign-in (SESSION_TTL_MS). */
  ttlMs: number;
  /** Injected for tests. */
  now?: () => number;
}

/** A resolved session: the caller it acts for, and when it ends. */
export interface ActiveSession {
  readonly principal: Principal;
  readonly expiresAt: string;
}

/** Creates, resolves and ends console sessions kept hashed in the document store. */
export class SessionService {
  readonly #store: DocumentStore & { deleteDocument?(collection: string, id: string): Promise<boolean> };
  readonly #ttl: number;
  readonly #now: () => number;
  #lastSweep = 0;

  constructor(store: DocumentStore, opts: SessionServiceOptions) {
    this.#store = store;
    this.#ttl = opts.ttlMs;
    this.#now = opts.now ?? Date.now;
  }

  /** A new session for a principal resolved from its API key. `sessionId` goes into the cookie and nowhere else. */
  async create(principal: Principal): Promise<{ sessionId: string; csrfToken: string; expiresAt: string; maxAgeSeconds: number }> {
    await this.#sweep();
    const sessionId = randomBytes(32).toString('base64url');
    const now = this.#now();
    const record: SessionRecord = {
      keyId: principal.keyId,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + this.#ttl).toISOString(),
    };
    await this.#store.putDocument(SESSION_COLLECTION, sha256(sessionId), record);
    return { sessionId, csrfToken: csrfTokenOf(sessionId), expiresAt: record.expiresAt, maxAgeSeconds: Math.floor(this.#ttl / 1000) };
  }

  /** The session's caller, or null when the id is malformed, unknown, expired, signed out, or its key revoked. */
  async resolve(sessionId: string): Promise<ActiveSession | null> {
    if (!SESSION_ID.test(sessionId)) return null;
    const id = sha256(sessionId);
    const doc = await this.#store.getDocument<unknown>(SESSION_COLLECTION, id);
    const session = doc ? SessionRecord.safeParse(doc.value) : undefined;
    if (!session?.success) return null;
    if (Date.parse(session.data.expiresAt) <= this.#now()) {
      await this.#delete(id);
      return null;
    }
    const keyDoc = await this.#store.getDocument<unknown>(API_KEY_COLLECTION, session.data.keyId);
    const key = keyDoc ? ApiKeyRecord.safeParse(keyDoc.value) : undefined;
    if (!key?.success || key.data.revokedAt !== null) {
      await this.#delete(id);
      return null;
    }
    const k = key.data;
    return {
      principal: Object.freeze({ keyId: k.keyId, role: k.role, scope: Object.freeze({ ...k.scope }), label: k.label }),
      expiresAt: session.data.expiresAt,
    };
  }

  /** Sign-out: the session stops working at once. True when there was one. */
  async revoke(sessionId: string): Promise<boolean> {
    if (!SESSION_ID.test(sessionId)) return false;
    return this.#delete(sha256(sessionId));
  }

  async #delete(id: string): Promise<boolean> {
    if (this.#store.deleteDocument) return this.#store.deleteDocument(SESSION_COLLECTION, id);
    // A store without deletes: an expiry in the past ends the session just as well.
    await this.#store.putDocument(SESSION_COLLECTION, id, { keyId: '-', createdAt: new Date(0).toISOString(), expiresAt: new Date(0).toISOString() });
    return true;
  }

  async #sweep(): Promise<void> {
    const now = this.#now();
    if (now - this.#lastSweep < SWEEP_EVERY_MS) return;
    this.#lastSweep = now;
    for (const d of await this.#store.listDocuments<unknown>(SESSION_COLLECTION)) {
      const r = SessionRecord.safeParse(d.value);
      if (!r.success || Date.parse(r.data.expiresAt) <= now) await this.#delete(d.id);
    }
  }
}

/** The CSRF token of a session: derived, so nothing is stored and a reload can fetch it again. */
export function csrfTokenOf(sessionId: string): string {
  return createHash('sha256').update(`chanjiao-csrf\0${sessionId}`).digest('base64url');
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The session id the request's cookie carries, if any (cookies parsed by @fastify/cookie). */
export function sessionCookieOf(request: FastifyRequest): string | undefined {
  const value = (request as { cookies?: Record<string, string | undefined> }).cookies?.[SESSION_COOKIE];
  return value ? value : undefined;
}

/**
 * Did the request reach us over TLS? The socket says so directly; `X-Forwarded-Proto` counts
 * only when SESSION_TRUST_FORWARDED_PROTO says a TLS proxy in front sets it.
 */
export function cameOverTls(request: FastifyRequest, trustForwardedProto: boolean): boolean {
  if ((request.raw.socket as TLSSocket | undefined)?.encrypted) return true;
  if (!trustForwardedProto) return false;
  const header = request.headers['x-forwarded-proto'];
  const first = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim().toLowerCase();
  return first === 'https';
}

const cookieOptions = (request: FastifyRequest, trustForwardedProto: boolean) =>
  ({ path: '/', httpOnly: true, sameSite: 'strict', secure: cameOverTls(request, trustForwardedProto) }) as const;

/** Set the session cookie (HttpOnly, SameSite=Strict, Path=/, Max-Age; Secure over TLS). */
export function setSessionCookie(reply: FastifyReply, sessionId: string, maxAgeSeconds: number, trustForwardedProto: boolean): void {
  reply.setCookie(SESSION_COOKIE, sessionId, { ...cookieOptions(reply.request, trustForwardedProto), maxAge: maxAgeSeconds });
}

export function clearSessionCookie(reply: FastifyReply, trustForwardedProto: boolean): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(reply.request, trustForwardedProto));
}

/**
 * The auth plugin's cookie path: the caller of a request that carries a session cookie and no
 * API key. undefined when there is no cookie; 401 AUTH_SESSION_INVALID when the session is not
 * usable; 403 AUTH_CSRF when a state-changing request does not echo the session's CSRF token.
 */
export async function sessionPrincipal(sessions: SessionService, request: FastifyRequest): Promise<ActiveSession | undefined> {
  const sessionId = sessionCookieOf(request);
  if (sessionId === undefined) return undefined;
  const session = await sessions.resolve(sessionId);
  if (!session) throw new AppError(Errors.AUTH_SESSION_INVALID);
  if (STATE_CHANGING.has(request.method)) {
    const sent = request.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !sameToken(sent, csrfTokenOf(sessionId))) {
      throw new AppError(Errors.AUTH_CSRF, { details: { header: CSRF_HEADER } });
    }
  }
  return session;
}
