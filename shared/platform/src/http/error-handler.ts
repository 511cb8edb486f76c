import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, clipEcho, type FieldIssue } from '../errors/define.js';
import { Errors } from '../errors/catalogue.js';
import type { z } from 'zod';
import { issuesToFields } from '../errors/zod-fields.js';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  409: 'Conflict', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity',
  429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable',
};

/** The reply body of every error, everywhere. */
export interface ErrorReply {
  statusCode: number;
  code: string;
  error: string;
  message: string;
  fields?: FieldIssue[];
  details?: Record<string, unknown>;
}

/** Most failing fields listed in one reply; `details.fieldsOmitted` counts the rest. */
export const MAX_REPLY_FIELDS = 100;
/** Longest field path, field message or top-level string detail in a reply (they may echo the request). */
const MAX_ECHO = 300;

function send(reply: FastifyReply, err: AppError): FastifyReply {
  const body: ErrorReply = {
    statusCode: err.statusCode,
    code: err.code,
    error: STATUS_TEXT[err.statusCode] ?? 'Error',
    message: clipEcho(err.message, 2 * MAX_ECHO),
  };
  const fields = err.fields ?? [];
  if (fields.length) body.fields = fields.slice(0, MAX_REPLY_FIELDS).map((f) => ({ path: clipEcho(f.path, MAX_ECHO), message: clipEcho(f.message, MAX_ECHO) }));
  if (err.details || fields.length > MAX_REPLY_FIELDS) {
    const details: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(err.details ?? {})) details[k] = typeof v === 'string' ? clipEcho(v, MAX_ECHO) : v;
    if (fields.length > MAX_REPLY_FIELDS) details.fieldsOmitted = fields.length - MAX_REPLY_FIELDS;
    body.details = details;
  }
  if (err.headers) reply.headers(err.headers);
  return reply.code(err.statusCode).send(body);
}

/** Fastify's own errors (content-type parser, body limit, JSON syntax) → catalogue codes. */
function fromFastifyError(err: FastifyError): AppError | null {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError(Errors.REQUEST_BODY_TOO_LARGE);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError(Errors.REQUEST_UNSUPPORTED_MEDIA_TYPE);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError(Errors.REQUEST_MALFORMED_JSON, { fields: [{ path: 'body', message: err.message }] });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_INVALID_TYPE':
      return new AppError(Errors.REQUEST_INVALID, { fields: [{ path: 'body', message: err.message }] });
    default:
      break;
  }
  if (err instanceof SyntaxError && err.statusCode === 400) {
    return new AppError(Errors.REQUEST_MALFORMED_JSON, { fields: [{ path: 'body', message: err.message }] });
  }
  if (err.statusCode === 429) return new AppError(Errors.RATE_LIMITED);
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return new AppError(Errors.REQUEST_INVALID, { message: err.message });
  }
  return null;
}

/**
 * The single error handler (STYLE.md §5): 4xx replies carry code, message and the failing
 * fields; 5xx replies say only that the server failed, and the log has the rest. What a reply
 * echoes is capped: at most {@link MAX_REPLY_FIELDS} fields (`details.fieldsOmitted` counts the
 * rest), each path and message clipped.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof AppError) {
      if (err.statusCode >= 500) request.log.error({ err }, 'request failed');
      return send(reply, err);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const part = err.validationContext ?? 'request';
      const fields = issuesToFields(
        // The provider's entries are zod's issues with path, code and message moved out of `params`.
        err.validation.map((v) => ({ ...v.params, code: v.keyword, message: v.message, path: String(v.instancePath ?? '').split('/').filter(Boolean) }) as unknown as z.core.$ZodIssue),
        part,
      );
      return send(reply, new AppError(Errors.REQUEST_VALIDATION_FAILED, { fields }));
    }
    const mapped = fromFastifyError(err);
    if (mapped) return send(reply, mapped);
    request.log.error({ err }, 'unhandled error');
    return send(reply, new AppError(Errors.INTERNAL));
  });
  // The methods each route answers, so that a known path asked with another method is a 405
  // naming the ones it takes, not a 404 that says the path does not exist. find-my-way is
  // fastify's own router: it matches a path against the patterns as fastify does. Catch-all
  // routes (the console's `/*`) are left out: there every path "has" a GET, and a POST to an
  // unknown API path is a 404. The console hands its API paths back to this handler, so a GET of
  // a POST-only /v1 path is a 405 here too.
  const routes = FindMyWay({ ignoreTrailingSlash: true });
  app.addHook('onRoute', (route) => {
    if (route.url.includes('*')) return;
    for (const method of [route.method].flat()) if (!routes.hasRoute(method as HTTPMethod, route.url)) routes.on(method as HTTPMethod, route.url, () => undefined);
  });
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '';
    const allowed = ROUTE_METHODS.filter((m) => m !== request.method && routes.find(m, url) !== null);
    if (allowed.length > 0) {
      return send(reply, new AppError(Errors.METHOD_NOT_ALLOWED, { headers: { allow: allowed.join(', ') }, details: { method: request.method, url, allowed } }));
    }
    return send(reply, new AppError(Errors.ROUTE_NOT_FOUND, { details: { method: request.method, url } }));
  });
}

/** The methods a route may be declared with here. */
const ROUTE_METHODS: readonly HTTPMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
