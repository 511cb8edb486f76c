import type { Duplex } from 'node:stream';
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

/**
 * Which part of the request Node's parser refused, from llhttp's error code, with its reason:
 * a header with a bare line feed must not be answered with advice about the URL.
 */
function parseFailure(err: Error & { code?: string }): { path: string; message: string } {
  const reason = err.message.replace(/^Parse Error: /, '');
  const code = err.code ?? '';
  if (code === 'HPE_INVALID_URL') {
    return { path: 'url', message: `the request line could not be parsed (${reason}); non-ASCII characters (Chinese in a query) must be percent-encoded (curl -G --data-urlencode, encodeURIComponent)` };
  }
  if (code === 'HPE_INVALID_METHOD') return { path: 'method', message: `the request line could not be parsed (${reason})` };
  if (/HEADER|CONTENT_LENGTH|TRANSFER_ENCODING|CR_EXPECTED|LF_EXPECTED/.test(code)) {
    return { path: 'headers', message: `a header could not be parsed (${reason}); header values must be on one line` };
  }
  return { path: 'request', message: `the request could not be parsed (${reason})` };
}

/** The written error reply for a refusal that never reached fastify: one catalogue code, the part that failed. */
function catalogueReply(def: { statusCode: number; code: string; message: string }, error: string, field: { path: string; message: string }): string {
  const reply: ErrorReply = { statusCode: def.statusCode, code: def.code, error, message: def.message, fields: [field] };
  return JSON.stringify(reply);
}

/**
 * fastify's `clientErrorHandler` option: a request Node's HTTP parser refuses never reaches
 * fastify (no route, no request id), and fastify's default answer has no catalogue code. The
 * usual cause here is a hand-typed URL with Chinese in it (`curl "…?city=珠海市"`): the request
 * line must be percent-encoded. That gets `REQUEST_INVALID` with the part that failed (the URL, the
 * method or a header, see `parseFailure`); over-large headers get `REQUEST_HEADERS_TOO_LARGE` (431);
 * a timeout (408) keeps fastify's answer (the client has stopped sending; nobody reads it).
 */
export function clientErrorHandler(this: { log: { trace(obj: object, msg: string): void } }, err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  let status = '400 Bad Request';
  let body: string;
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    status = '408 Request Timeout';
    body = JSON.stringify({ error: 'Request Timeout', message: 'Client Timeout', statusCode: 408 });
  } else if (err.code === 'HPE_HEADER_OVERFLOW') {
    // A 20 KB URL (ids typed into a GET) or a bloated cookie: the catalogue's shape, with the part
    // that was too large, like every other refusal.
    status = '431 Request Header Fields Too Large';
    body = catalogueReply(Errors.REQUEST_HEADERS_TOO_LARGE, 'Request Header Fields Too Large', { path: 'headers', message: 'the request line and headers together exceed 16 KB' });
  } else {
    body = catalogueReply(Errors.REQUEST_INVALID, 'Bad Request', parseFailure(err));
  }
  this.log.trace({ err }, 'client error');
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(err);
}
