import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { queryNumber, RecordType } from '@chanjiao/domain';
import type { RouteAccess } from '@chanjiao/platform';
import { templateCsv, templateXlsx } from './templates.js';
import { XLSX_MEDIA_TYPE } from './xlsx.js';

/** The indexer of a host that runs one in this process (embedded mode); structural, so ingestion needs no matching import. */
interface LocalIndexer {
  stats(): { seq: number };
  waitFor(seq?: number, timeoutMs?: number): Promise<void>;
}

const WRITERS: RouteAccess = { roles: ['operator', 'office'] };
const MAX_WAIT_MS = 30_000;
/** How often a process without its own indexer re-reads the indexer's checkpoint while waiting. */
const POLL_MS = 250;

const VisibilityQuery = z
  .object({
    /** The X-Change-Position of an import reply. */
    position: queryNumber({ min: 0, max: Number.MAX_SAFE_INTEGER, int: true }),
    /** Wait up to this long for the index to pass the position (like Elasticsearch's refresh=wait_for); 0: answer at once. */
    waitMs: queryNumber({ min: 0, max: MAX_WAIT_MS, int: true }).default(0),
  })
  .strict();
export const Visibility = z.object({
  position: z.number().int(),
  /** The change-feed position the search index has applied. */
  indexedPosition: z.number().int(),
  /** indexedPosition ≥ position: every row of that import is searchable. */
  searchable: z.boolean(),
});

const TemplateParams = z.object({ type: RecordType });
const TemplateQuery = z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') }).strict();

/**
 * What the console's upload page needs besides the import itself: templates to fill in, and
 * whether an import's rows are searchable yet. Registered under /v1/ingest next to the import.
 */
export const consoleIngestRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  /**
   * The position the index has applied: the in-process indexer's (embedded host, matching
   * service), else the checkpoint the indexer of another process writes to the store every few
   * seconds (an ingestion service run alone), which may lag the index a little, never lead it.
   */
  const indexed = async (): Promise<number> => {
    if (app.hasDecorator('indexer')) return app.getDecorator<LocalIndexer>('indexer').stats().seq;
    let best = 0;
    for (const d of await app.store.listDocuments<{ seq?: unknown }>('indexer', { prefix: 'checkpoint:' })) {
      if (typeof d.value.seq === 'number') best = Math.max(best, d.value.seq);
    }
    return best;
  };

  app.get(
    '/visibility',
    {
      config: { access: WRITERS },
      schema: {
        tags: ['ingestion'],
        summary: 'Has the search index passed an import\'s change-feed position? Optionally wait for it (bounded, like refresh=wait_for)',
        description: `position: the X-Change-Position header of the import reply. waitMs: 0–${MAX_WAIT_MS}; the reply comes as soon as the index passes the position, or when the wait is over (searchable: false).`,
        querystring: VisibilityQuery,
        response: { 200: Visibility },
      },
    },
    async (request) => {
      const { position, waitMs } = request.query;
      const deadline = Date.now() + waitMs;
      if (waitMs > 0 && app.hasDecorator('indexer')) {
        await app.getDecorator<LocalIndexer>('indexer').waitFor(position, waitMs).catch(() => undefined);
      } else {
        while ((await indexed()) < position && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, Math.min(POLL_MS, Math.max(1, deadline - Date.now()))));
        }
      }
      const at = await indexed();
      return { position, indexedPosition: at, searchable: at >= position };
    },
  );

  app.get(
    '/:type/template',
    {
      config: { access: 'public' },
      schema: {
        tags: ['ingestion'],
        summary: 'Import template of a record type: .xlsx (default) or CSV; required columns marked *, allowed values listed, one example row',
        description: 'The example row imports as it is; the CSV lists the allowed values in # lines, which the import skips.',
        params: TemplateParams,
        querystring: TemplateQuery,
        produces: [XLSX_MEDIA_TYPE, 'text/csv'],
      },
    },
    async (request, reply) => {
      const { type } = request.params;
      const name = `${type}-template`;
      if (request.query.format === 'csv') {
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(templateCsv(type));
      }
      return reply.type(XLSX_MEDIA_TYPE).header('content-disposition', `attachment; filename="${name}.xlsx"`).send(await templateXlsx(type));
    },
  );
};
