import type { Readable } from 'node:stream';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RecordType } from '@chanjiao/domain';
import { AppError, Errors, canAccess, type RouteAccess } from '@chanjiao/platform';
import { csvLines } from './csv-spec.js';
import type { IngestFormat } from './formats.js';
import { ingest, type IngestOp, type ReportOf } from './pipeline.js';
import { DeleteReport, UpsertReport } from './report.js';
import { XLSX_MEDIA_TYPE, ingestXlsx } from './xlsx.js';

/** Media types per body format. Anything else is 415 REQUEST_UNSUPPORTED_MEDIA_TYPE. */
export const MEDIA_TYPES: Readonly<Record<string, IngestFormat>> = Object.freeze({
  'application/json': 'json',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
  'application/x-jsonlines': 'ndjson',
  'text/csv': 'csv',
  'application/csv': 'csv',
});

function contentTypeOf(header: string | undefined): { format: IngestFormat | undefined; charset: string | undefined } {
  const [media = '', ...params] = (header ?? '').split(';');
  let charset: string | undefined;
  for (const p of params) {
    const m = /^\s*charset\s*=\s*"?([^";]*)"?\s*$/i.exec(p);
    if (m) charset = m[1];
  }
  return { format: MEDIA_TYPES[media.trim().toLowerCase()], charset: charset || undefined };
}

/**
 * Who may load data: operators (a school's or an enterprise's data office, each row checked
 * against the key's scope) and the joint office (everything, terms included).
 */
const WRITERS: RouteAccess = { roles: ['operator', 'office'] };

const TypeParams = z.object({ type: RecordType });
const TemplateQuery = z.object({ lang: z.enum(['en', 'zh']).default('zh') });

const BODY_DOC =
  'Body: a JSON array, NDJSON (application/x-ndjson), CSV (text/csv; UTF-8 with or without BOM, or GBK/GB18030: ' +
  'declared with charset=, or detected) or an Excel workbook (' + XLSX_MEDIA_TYPE + '; every sheet with a header, read as CSV, row numbers as in Excel). ' +
  'The reply header X-Change-Position is the store\'s change-feed position after the import (see GET /v1/ingest/visibility). ' +
  'Streamed (except .xlsx, held to BODY_LIMIT_BYTES): the body is never held whole. Rows that fail validation are ' +
  'rejected one by one (errors[]) and the others land; a body that cannot be read at all is a 4xx error reply.';

/** The unknown-type check runs before the body is touched, so a wrong URL costs no parsing. */
async function knownType(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const { type } = request.params as { type?: string };
  if (!RecordType.safeParse(type).success) {
    reply.header('connection', 'close');
    throw new AppError(Errors.INGEST_UNKNOWN_RECORD_TYPE, { details: { type: type ?? '' } });
  }
}

/**
 * The routes, in their own encapsulated context: the raw-stream content-type parsers registered
 * here (application/json included) replace fastify's for these routes only, so a host that puts
 * ingestion next to other services keeps its own JSON parser everywhere else.
 */
export const ingestRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.removeAllContentTypeParsers();
  // Hand the raw (possibly preParsing-wrapped) request stream to the pipeline.
  app.addContentTypeParser([...Object.keys(MEDIA_TYPES), XLSX_MEDIA_TYPE], (_request, payload, done) => done(null, payload));

  const config = app.config;
  const handle = <O extends IngestOp>(op: O) => async (request: FastifyRequest, reply: FastifyReply): Promise<ReportOf<O>> => {
    const { format, charset } = contentTypeOf(request.headers['content-type']);
    const xlsx = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() === XLSX_MEDIA_TYPE;
    const body = request.body as Readable | undefined;
    if ((!format && !xlsx) || !body || typeof body.pipe !== 'function') throw new AppError(Errors.REQUEST_UNSUPPORTED_MEDIA_TYPE);
    const declared = Number(request.headers['content-length']);
    // Set by the auth plugin when the host registers it; a host without auth writes unscoped.
    const principal = request.principal ?? null;
    try {
      if (declared > config.INGEST_BODY_LIMIT_BYTES) {
        throw new AppError(Errors.REQUEST_BODY_TOO_LARGE, { details: { limitBytes: config.INGEST_BODY_LIMIT_BYTES } });
      }
      const run = (source: Readable | string[], asFormat: IngestFormat, asCharset: string | undefined) => ingest<O>(source, {
        type: (request.params as { type: RecordType }).type,
        op,
        format: asFormat,
        charset: asCharset,
        store: app.store,
        batchSize: config.INGEST_BATCH_SIZE,
        maxErrors: config.INGEST_MAX_ERRORS,
        maxClockSkewMs: config.INGEST_MAX_CLOCK_SKEW_MS,
        byteLimit: config.INGEST_BODY_LIMIT_BYTES,
        mayWrite: principal ? (owner) => canAccess(principal, owner) : undefined,
      });
      // An .xlsx is read whole (a zip), so it is held to the general body limit, then imported as CSV.
      const report = xlsx
        ? await ingestXlsx(body, { type: (request.params as { type: RecordType }).type, limit: Math.min(config.BODY_LIMIT_BYTES, config.INGEST_BODY_LIMIT_BYTES) }, (csv) =>
            run([csv], 'csv', 'utf-8'),
          )
        : await run(body, format!, charset);
      // The change-feed position this import reached: GET /v1/ingest/visibility says when the index has passed it.
      reply.header('x-change-position', String(await app.store.lastSeq()));
      return report;
    } catch (err) {
      // The rest of the body is not read: close the connection after the reply rather than
      // draining an arbitrary amount of data (fastify does the same for its own parser errors).
      if (!body.readableEnded) reply.header('connection', 'close');
      throw err;
    }
  };

  app.post(
    '/:type',
    {
      config: { access: WRITERS },
      onRequest: knownType,
      schema: {
        tags: ['ingestion'],
        summary: 'Bulk upsert records of one type',
        description: `${BODY_DOC} The same file twice changes nothing (unchanged). Rows without updatedAt get the request time.`,
        params: TypeParams,
        response: { 200: UpsertReport },
      },
    },
    handle('upsert'),
  );

  app.post(
    '/:type/delete',
    {
      config: { access: WRITERS },
      onRequest: knownType,
      schema: {
        tags: ['ingestion'],
        summary: 'Bulk delete records of one type by id',
        description: `${BODY_DOC} Rows are ids: bare strings or objects with id (JSON, NDJSON), or a CSV with an id column (other columns are ignored, so the upsert file itself can be sent).`,
        params: TypeParams,
        response: { 200: DeleteReport },
      },
    },
    handle('delete'),
  );

  app.get(
    '/:type/csv-template',
    {
      config: { access: 'public' },
      onRequest: knownType,
      schema: {
        tags: ['ingestion'],
        summary: 'An empty CSV with the header row of a record type (UTF-8 with BOM, opens in Excel)',
        params: TypeParams,
        querystring: TemplateQuery,
      },
    },
    async (request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${request.params.type}.csv"`)
        .send([...csvLines(request.params.type, [], { lang: request.query.lang, bom: true })].join('')),
  );
};
