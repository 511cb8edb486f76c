import { randomUUID } from 'node:crypto';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyServerOptions,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config/index.js';
import { loggerOptions } from '../logger.js';
import { installErrorHandling } from './error-handler.js';
import { AppError, clipEcho } from '../errors/define.js';
import { Errors } from '../errors/catalogue.js';
import { clientErrorHandler, frameworkErrors } from '../security/framework-errors.js';

/** What a client may send as its request id: up to 128 letters, digits and `._:-`. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The fastify instance type every service plugin receives: zod-typed routes. */
export type AppInstance = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/**
 * A fastify instance with the house conventions: zod type provider, request ids, the one
 * error handler, the body limit from config. Services register their app plugin on it;
 * tests build it with `logger: false` and drive it with `inject`.
 */
export function createHttpServer(
  config: Config,
  opts: { name: string; logger?: FastifyServerOptions['logger'] | false } = { name: 'chanjiao' },
): AppInstance {
  const app = Fastify({
    logger: opts.logger === undefined ? loggerOptions(config, opts.name) : opts.logger,
    bodyLimit: config.BODY_LIMIT_BYTES,
    // An idle timeout, not a whole-request one: Node's requestTimeout would cut off a large import
    // (INGEST_BODY_LIMIT_BYTES allows 1 GiB) that is still streaming on a slow link, losing the
    // report of what was committed. A stalled peer is still dropped, and headers still have to
    // arrive within Node's headersTimeout (60 s).
    connectionTimeout: config.IDLE_TIMEOUT_MS,
    requestTimeout: 0,
    // Start-up loads the search index snapshot inside a plugin: about 8 s for 110k documents and
    // more for larger ones, past fastify's default 10 s. Readiness, not registration, is what
    // keeps traffic away meanwhile; a plugin that truly hangs still fails the start, later.
    pluginTimeout: 300_000,
    // A client's x-request-id is kept only when it looks like an id (it is echoed and logged);
    // anything else (3,000 characters, control characters) is replaced by a fresh one.
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Stops `__proto__` / `constructor.prototype` in JSON bodies at the parser.
    onProtoPoisoning: 'remove',
    onConstructorPoisoning: 'remove',
    routerOptions: { ignoreTrailingSlash: true },
    // Broken percent-encoding and over-long path parameters: a catalogue error reply like any other.
    frameworkErrors,
    // Requests Node's parser refuses (a URL with raw Chinese in it): a catalogue error reply too.
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  // JSON bodies are read as UTF-8 (RFC 8259); one declared in another charset would be misread,
  // so it is refused (415) rather than parsed as if it were UTF-8. Services with their own parsers
  // (ingestion reads GBK CSV) register them in their own context.
  const parseJson = app.getDefaultJsonParser('remove', 'remove');
  const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
  app.removeContentTypeParser('application/json');
  // Fastify reads text/plain bodies as a string by default, which a JSON route then refused as
  // "expected object, received string" (400) while every other non-JSON type got a 415. No route
  // takes plain text: it is a 415 like the rest.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      done(new AppError(Errors.REQUEST_UNSUPPORTED_MEDIA_TYPE, { fields: [{ path: 'headers.content-type', message: `charset ${clipEcho(charset)}: JSON bodies are read as UTF-8 only` }] }), undefined);
      return;
    }
    // Bytes that are not UTF-8 are refused, not turned into U+FFFD: a query or a record would
    // otherwise be stored and searched as something its sender never wrote.
    let text: string;
    try {
      text = strictUtf8.decode(body as Buffer);
    } catch {
      done(new AppError(Errors.REQUEST_INVALID, { fields: [{ path: 'body', message: 'the body is not valid UTF-8 / 请求体不是有效的 UTF-8 编码' }] }), undefined);
      return;
    }
    parseJson(request, text, done);
  });
  // The router checks the path's percent-encoding (frameworkErrors); the query string's decoder is
  // lenient and turns `?city=%E7%81` (a character cut in half) or `%ZZ` into text nobody sent, so a
  // filter silently matched nothing. Checked here, only when there is a `%` to check.
  // A callback hook, not an async one: it runs on every request, and an async hook costs a promise each.
  app.addHook('onRequest', (request, _reply, done) => {
    const url = request.raw.url ?? '';
    const q = url.indexOf('?');
    if (q < 0 || !url.includes('%', q)) return done();
    try {
      decodeURIComponent(url.slice(q + 1).replace(/\+/g, ' '));
    } catch {
      return done(new AppError(Errors.REQUEST_INVALID, { fields: [{ path: 'url', message: 'the query string has invalid percent-encoding (each % must start a UTF-8 byte as two hex digits)' }] }));
    }
    done();
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  installErrorHandling(app);
  return app;
}
