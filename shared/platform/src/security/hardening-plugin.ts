import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import helmet from 'helmet';
import { AppError } from '../errors/define.js';
import { Errors } from '../errors/catalogue.js';

/** Probes and scrapes are never rate limited: a load balancer must always see the truth. */
const UNLIMITED_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * The headers a helmet middleware sets, read once from a stand-in response: with no per-request
 * directive (no CSP nonce) they depend on the configuration only, so each request gets a copy of
 * this object instead of a dozen middleware calls (~1.5 % of an HR search request's event loop).
 */
function headersOf(middleware: (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  let done = false;
  middleware({ headers: {} } as IncomingMessage, res as unknown as ServerResponse, (err) => {
    if (err) throw err as Error;
    done = true;
  });
  if (!done) throw new Error('the security headers middleware did not finish at once: it depends on the request');
  return Object.freeze(headers);
}

/**
 * Rate-limit bucket: the API key when the auth plugin has resolved one (so a school's NAT
 * does not pool every user of the school), else the client address.
 */
function rateLimitKey(request: FastifyRequest): string {
  const principal = (request as { principal?: { keyId: string } | null }).principal;
  return principal ? `key:${principal.keyId}` : `ip:${request.ip}`;
}

/**
 * Security headers (helmet), CORS and rate limiting, configured from `app.config`. Register
 * it at the root before the routes (the rate limiter attaches itself to routes as they are
 * added). The limiter runs as a route hook, after the auth plugin's root hook, so it counts
 * per key; requests refused by auth never reach it and cost only a cached lookup.
 * Request ids, body limits and timeouts are set by `createHttpServer`. `rateLimit: false` for a
 * service without API keys whose callers are the other services (they would share one address).
 */
export const hardeningPlugin = fp<{ rateLimit?: boolean }>(
  async (app, opts) => {
    const config = app.config;
    // helmet's middleware, built once (@fastify/helmet builds it again for every request, parsing
    // the CSP directives each time, ~1 % of the event loop under bench:api's load), and run once:
    // its headers are the same for every request (headersOf).
    const securityHeaders = helmet({
      // Compatible with Swagger UI at /docs: its page loads only same-origin scripts
      // (swagger-initializer.js), but sets inline styles and shows data: images.
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: null,
        },
      },
      // A JSON API is not embedded cross-origin; Swagger UI is same-origin.
      crossOriginEmbedderPolicy: false,
    });
    const headers = headersOf(securityHeaders);
    app.addHook('onRequest', (_request, reply, done) => {
      reply.headers(headers);
      done();
    });
    await app.register(cors, {
      origin: config.CORS_ORIGINS && config.CORS_ORIGINS.length > 0 ? [...config.CORS_ORIGINS] : false,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['authorization', 'x-api-key', 'content-type', 'x-request-id'],
      exposedHeaders: ['x-request-id', 'retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'content-disposition'],
      maxAge: 600,
    });
    if (opts.rateLimit !== false && config.RATE_LIMIT_MAX > 0) {
      await app.register(rateLimit, {
        global: true,
        max: config.RATE_LIMIT_MAX,
        timeWindow: config.RATE_LIMIT_WINDOW_MS,
        keyGenerator: rateLimitKey,
        allowList: (request) => UNLIMITED_ROUTES.has(request.routeOptions.url ?? ''),
        errorResponseBuilder: (_request, context) =>
          new AppError(Errors.RATE_LIMITED, {
            headers: { 'retry-after': String(Math.max(1, Math.ceil(context.ttl / 1000))) },
            details: { limit: context.max, windowMs: config.RATE_LIMIT_WINDOW_MS },
          }),
      });
    }
  },
  { name: 'chanjiao-hardening', dependencies: ['chanjiao-config'], fastify: '5.x' },
);
