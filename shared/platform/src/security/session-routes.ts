import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../errors/define.js';
import { Errors } from '../errors/catalogue.js';
import {
  SessionReply,
  SignInRequest,
  clearSessionCookie,
  csrfTokenOf,
  sessionCookieOf,
  sessionPrincipal,
  setSessionCookie,
  type SessionService,
} from './session.js';
import type { Principal } from './roles.js';

const reply = (principal: Principal, sessionId: string, expiresAt: string): SessionReply => ({
  role: principal.role,
  scope: { ...principal.scope },
  label: principal.label,
  keyId: principal.keyId,
  csrfToken: csrfTokenOf(sessionId),
  expiresAt,
});

/**
 * Sign-in, who-am-I and sign-out of the console under /v1/session. The routes are public to the
 * auth plugin (sign-in has no session yet) and read the cookie themselves. Registered by the
 * auth plugin, which owns `sessions`.
 */
export const sessionRoutes: FastifyPluginAsync<{
  sessions: SessionService;
  /** The 401 for a key that signs nobody in, or 429 once the address has failed too often (the auth plugin's per-address limit). */
  invalidKey: (request: FastifyRequest) => AppError;
}> = async (fastify, opts) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { sessions } = opts;
  const trust = app.config.SESSION_TRUST_FORWARDED_PROTO;
  const tags = ['session'];

  app.post(
    '/v1/session',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Sign in: exchange an API key for a session cookie (cj_session, HttpOnly, SameSite=Strict)',
        description:
          'The reply carries `csrfToken`: send it as `x-csrf-token` on every POST/PUT/PATCH/DELETE made with the cookie. ' +
          'A session cookie already present is ended first. Errors: 400 REQUEST_VALIDATION_FAILED, 401 AUTH_INVALID_KEY.',
        body: SignInRequest,
        response: { 200: SessionReply },
      },
    },
    async (request, res) => {
      const principal = await app.apiKeys.resolve(request.body.key);
      if (!principal) throw opts.invalidKey(request);
      const previous = sessionCookieOf(request);
      if (previous) await sessions.revoke(previous);
      const created = await sessions.create(principal);
      setSessionCookie(res, created.sessionId, created.maxAgeSeconds, trust);
      res.header('cache-control', 'no-store');
      return reply(principal, created.sessionId, created.expiresAt);
    },
  );

  app.get(
    '/v1/session',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'The signed-in session (after a page reload): role, scope, label, CSRF token, expiry',
        description: 'Errors: 401 AUTH_SESSION_INVALID (no cookie, or the session is expired, signed out or its key revoked).',
        response: { 200: SessionReply },
      },
    },
    async (request, res) => {
      const sessionId = sessionCookieOf(request);
      const session = sessionId ? await sessions.resolve(sessionId) : null;
      if (!sessionId || !session) {
        if (sessionId) clearSessionCookie(res, trust);
        throw new AppError(Errors.AUTH_SESSION_INVALID);
      }
      res.header('cache-control', 'no-store');
      return reply(session.principal, sessionId, session.expiresAt);
    },
  );

  app.delete(
    '/v1/session',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Sign out: the session ends server-side and the cookie is cleared',
        description: 'Needs `x-csrf-token` while the session is valid. Idempotent: without a usable session it only clears the cookie. Errors: 403 AUTH_CSRF.',
      },
    },
    async (request, res) => {
      const sessionId = sessionCookieOf(request);
      if (sessionId) {
        // A usable session must prove the request came from the console page (CSRF); a dead one is just cleared.
        const alive = await sessions.resolve(sessionId);
        if (alive) await sessionPrincipal(sessions, request);
        await sessions.revoke(sessionId);
      }
      clearSessionCookie(res, trust);
      return res.code(204).send();
    },
  );
};
