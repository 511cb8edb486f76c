import cookie from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors/define.js';
import { Errors } from '../errors/catalogue.js';
import { ApiKeyService, type DocumentStore } from './api-keys.js';
import { installPersonalDataGuard } from './personal-data-guard.js';
import { canAccess, type Principal, type Role, type RouteAccess, type Scope } from './roles.js';
import { SessionService, sessionPrincipal } from './session.js';
import { sessionRoutes } from './session-routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** API keys of this app's store (the key-admin routes, the demo start and the CLI use it). */
    apiKeys: ApiKeyService;
    /** Console sessions (cookie sign-in with an API key); see session.ts. */
    sessions: SessionService;
    /** The access rule of every route added after the auth plugin, as the plugin enforces it. */
    accessRules(): readonly AccessRule[];
  }
  interface FastifyRequest {
    /** The caller, from its API key; null on public routes. */
    principal: Principal | null;
  }
}

export interface AuthPluginOptions {
  /**
   * Routes open without a key although they declare no access, because other plugins own
   * them: an entry matches the route pattern itself or, ending in `/*`, everything under it.
   * Default: the health probes and the API docs.
   */
  publicRoutes?: readonly string[];
  /**
   * Roles whose replies get phone and ID numbers masked wherever they appear, free text
   * included (see installPersonalDataGuard). Default `['hr']`, the enterprise-facing role; `[]` switches it off.
   */
  maskPersonalNumbersFor?: readonly Role[];
}

/** One route and who may call it; `closed`: it declares nothing, so it answers 403 AUTH_ROUTE_NOT_DECLARED. */
export interface AccessRule {
  readonly method: string;
  readonly url: string;
  readonly access: RouteAccess | 'closed';
}

const DEFAULT_PUBLIC_ROUTES = ['/healthz', '/readyz', '/docs', '/docs/*'];

const WWW_AUTHENTICATE = { 'www-authenticate': 'Bearer realm="chanjiao"' };

/**
 * The key a request carries: `Authorization: Bearer <key>`, else `x-api-key`. An Authorization
 * header of another scheme (or a bare key) carries none that counts: `invalid`, never tried as a key.
 */
function presentedKey(request: FastifyRequest): string | 'invalid' | undefined {
  const auth = request.headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(auth);
    return m ? m[1] : 'invalid';
  }
  const header = request.headers['x-api-key'];
  return typeof header === 'string' ? header.trim() : undefined;
}

/**
 * Requests that fail authentication, counted per client address in fixed windows: beyond `max`
 * in one window the address gets 429 RATE_LIMITED instead of 401 until the window ends. Callers
 * with a valid key are never counted nor refused here (the per-key limiter meters them), so one
 * address guessing keys does not lock out its neighbours behind the same NAT who have keys.
 */
class AnonymousLimiter {
  readonly #windows = new Map<string, { n: number; resetAt: number }>();
  constructor(
    readonly max: number,
    readonly windowMs: number,
    readonly maxAddresses = 100_000,
  ) {}

  /** Count one failed attempt; returns the seconds to wait when the address is over its limit, else 0. */
  fail(address: string, now = Date.now()): number {
    let w = this.#windows.get(address);
    if (!w || w.resetAt <= now) {
      this.#windows.delete(address);
      if (this.#windows.size >= this.maxAddresses) this.#windows.delete(this.#windows.keys().next().value!);
      w = { n: 0, resetAt: now + this.windowMs };
      this.#windows.set(address, w);
    }
    w.n++;
    return w.n > this.max ? Math.max(1, Math.ceil((w.resetAt - now) / 1000)) : 0;
  }
}

function isPublicRoute(patterns: readonly string[], url: string | undefined): boolean {
  if (url === undefined) return false;
  return patterns.some((p) => (p.endsWith('/*') ? url === p.slice(0, -2) || url.startsWith(p.slice(0, -1)) : url === p));
}

/**
 * API-key authentication and role checks for every route of the app. Register it at the
 * root, after config and store and BEFORE the service plugins (a child context copies the
 * root's hooks when it is created). On each request it:
 * 1. lets through routes declaring `config: { access: 'public' }` (and `publicRoutes`), the
 *    not-found handler and CORS preflights;
 * 2. closes routes that declare no access: 403 AUTH_ROUTE_NOT_DECLARED (default deny);
 * 3. resolves the key to `request.principal` (401 AUTH_MISSING_KEY / AUTH_INVALID_KEY);
 * 4. checks the role against the route's `roles` (403 AUTH_FORBIDDEN_ROLE).
 * Scope (which school, enterprise or student) is the handler's to check, with
 * {@link assertScope} / {@link assertSelf}, because only the handler knows the record.
 * It all runs in `onRequest`, before the body is read. Replies to HR keys also pass the
 * personal-data guard (phone and ID numbers masked, even in free text).
 */
export const authPlugin = fp<AuthPluginOptions>(
  async (app, opts) => {
    const keys = new ApiKeyService(app.getDecorator<DocumentStore>('store'), { cacheTtlMs: app.config.AUTH_CACHE_TTL_MS });
    const publicRoutes = opts.publicRoutes ?? DEFAULT_PUBLIC_ROUTES;
    app.decorate('apiKeys', keys);
    // Console sessions: the cookie stands in for a bearer key (CSRF-checked), plus /v1/session.
    const sessions = new SessionService(app.getDecorator<DocumentStore>('store'), { ttlMs: app.config.SESSION_TTL_MS });
    app.decorate('sessions', sessions);
    await app.register(cookie);
    app.decorateRequest('principal', null);

    const accessOf = (method: string, url: string | undefined, declared: RouteAccess | undefined): RouteAccess | undefined =>
      declared ?? (isPublicRoute(publicRoutes, url) || (method === 'OPTIONS' && url === '*') ? 'public' : undefined);
    const rules: AccessRule[] = [];
    app.decorate('accessRules', () => rules);
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) {
        rules.push({ method, url: route.url, access: accessOf(method, route.url, route.config?.access) ?? 'closed' });
      }
      // The OpenAPI document says who may call each route and which auth errors it answers.
      const declared = route.config?.access;
      if (declared && declared !== 'public' && !route.schema?.hide) {
        const note = `Access: an API key of role ${declared.roles.join(', ')}. Auth errors: 401 AUTH_MISSING_KEY, 401 AUTH_INVALID_KEY, 403 AUTH_FORBIDDEN_ROLE.`;
        const description = route.schema?.description;
        route.schema = { ...route.schema, description: description ? `${description}\n\n${note}` : note };
      }
    });

    installPersonalDataGuard(app, opts.maskPersonalNumbersFor ?? ['hr']);

    const limits = app.config;
    const anonymous =
      limits.RATE_LIMIT_MAX > 0 && limits.RATE_LIMIT_ANONYMOUS_MAX > 0 ? new AnonymousLimiter(limits.RATE_LIMIT_ANONYMOUS_MAX, limits.RATE_LIMIT_WINDOW_MS) : null;
    /** 401 for a request without a usable key, or 429 once its address has failed too often. */
    const unauthenticated = (request: FastifyRequest, def: typeof Errors.AUTH_MISSING_KEY | typeof Errors.AUTH_INVALID_KEY): AppError => {
      const wait = anonymous?.fail(request.ip) ?? 0;
      if (wait > 0) {
        return new AppError(Errors.RATE_LIMITED, {
          headers: { 'retry-after': String(wait) },
          details: { limit: limits.RATE_LIMIT_ANONYMOUS_MAX, windowMs: limits.RATE_LIMIT_WINDOW_MS, anonymous: true },
        });
      }
      return new AppError(def, { headers: WWW_AUTHENTICATE });
    };

    app.addHook('onRequest', async (request) => {
      if (request.is404) return;
      const { url, config } = request.routeOptions;
      const method = request.method;
      const access = accessOf(method, url, config.access);
      if (access === 'public') return;
      if (access === undefined) throw new AppError(Errors.AUTH_ROUTE_NOT_DECLARED, { details: { method, route: url ?? '' } });
      const key = presentedKey(request);
      if (key === 'invalid') throw unauthenticated(request, Errors.AUTH_INVALID_KEY);
      const session = key ? undefined : await sessionPrincipal(sessions, request);
      if (!key && !session) throw unauthenticated(request, Errors.AUTH_MISSING_KEY);
      const principal = key ? await keys.resolve(key) : session!.principal;
      if (!principal) throw unauthenticated(request, Errors.AUTH_INVALID_KEY);
      request.principal = principal;
      if (!access.roles.includes(principal.role)) {
        throw new AppError(Errors.AUTH_FORBIDDEN_ROLE, { details: { role: principal.role, allowed: [...access.roles] } });
      }
    });
    // Sign-in with a wrong key counts against the address like a wrong bearer key.
    await app.register(sessionRoutes, { sessions, invalidKey: (request) => unauthenticated(request, Errors.AUTH_INVALID_KEY) });
  },
  { name: 'chanjiao-auth', dependencies: ['chanjiao-config', 'chanjiao-store'], fastify: '5.x' },
);

/** The caller of a route that requires a key (401 AUTH_MISSING_KEY where there is none, e.g. a public route). */
export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError(Errors.AUTH_MISSING_KEY, { headers: WWW_AUTHENTICATE });
  return request.principal;
}

/**
 * Inside a handler: the record being read or written belongs to `owner`; 403
 * AUTH_FORBIDDEN_SCOPE unless the caller's key acts for that owner (office and admin keys
 * act for everyone). Returns the principal for convenience.
 * @example assertScope(request, { enterpriseId: post.enterpriseId })
 */
export function assertScope(request: FastifyRequest, owner: Scope): Principal {
  const principal = requirePrincipal(request);
  if (!canAccess(principal, owner)) {
    throw new AppError(Errors.AUTH_FORBIDDEN_SCOPE, { details: { role: principal.role } });
  }
  return principal;
}

/** A student's own data: only that student's key (or an unscoped office/admin key) passes. */
export function assertSelf(request: FastifyRequest, studentId: string): Principal {
  return assertScope(request, { studentId });
}
