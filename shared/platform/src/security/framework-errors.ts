import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Errors } from '../errors/catalogue.js';
import type { ErrorReply } from '../http/error-handler.js';

const URL_PROBLEMS: Readonly<Record<string, string>> = {
  FST_ERR_BAD_URL: 'the path has invalid percent-encoding',
  FST_ERR_MAX_PARAM_LENGTH: 'a path parameter is too long',
};

/**
 * fastify's `frameworkErrors` option: hostile URLs (broken percent-encoding, over-long path
 * parameters) are refused by the router before any route, hook or error handler exists for the
 * request, and fastify would answer them in its own shape. This answers them as every other
 * error: a catalogue code, the failing part under `fields`, the request id.
 */
export function frameworkErrors(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const problem = URL_PROBLEMS[err.code];
  const def = problem ? Errors.REQUEST_INVALID : Errors.INTERNAL;
  if (!problem) request.log.error({ err }, 'framework error');
  const body: ErrorReply = {
    statusCode: def.statusCode,
    code: def.code,
    error: problem ? 'Bad Request' : 'Internal Server Error',
    message: def.message,
    ...(problem ? { fields: [{ path: 'url', message: problem }] } : {}),
  };
  void reply.code(def.statusCode).header('x-request-id', request.id).send(body);
}
