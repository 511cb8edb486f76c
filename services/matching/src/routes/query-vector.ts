import type { FastifyInstance, FastifyRequest } from 'fastify';
import { queryText } from '@chanjiao/embedding';
import { hasSearchableText } from '@chanjiao/search';

/**
 * The query's vector, or null when it has nothing to search for, the embedder fails, or the vector
 * is late (SEARCH_QUERY_VECTOR_TIMEOUT_MS): a search never waits on a busy model. The engine, given
 * null for a query with words, answers from the lexical side and says `degraded: "lexical-only"`.
 * A late vector is still computed and cached, so the same query next time has it.
 */
export async function embedQuery(app: FastifyInstance, request: FastifyRequest, text: string): Promise<Float32Array | null> {
  if (!hasSearchableText(text) || !app.hasDecorator('embedder')) return null;
  const timeoutMs = app.config.SEARCH_QUERY_VECTOR_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), timeoutMs);
  });
  const vector = app.embedder.embed([queryText(text)], { cache: 'memory' }).then(
    ([v]) => v ?? null,
    (err: unknown) => {
      request.log.warn({ err }, 'query embedding failed; answering lexical-only');
      return null;
    },
  );
  try {
    const first = await Promise.race([vector, late]);
    if (first === 'late') {
      request.log.warn({ timeoutMs }, 'query vector late; answering lexical-only');
      return null;
    }
    return first;
  } finally {
    clearTimeout(timer);
  }
}

/** Count degraded replies, so an embedder outage or overload shows on the dashboard, not only in the logs. */
export function noteDegraded(app: FastifyInstance, route: string, page: { degraded?: string }): void {
  if (!page.degraded || !app.hasDecorator('metrics')) return;
  app.metrics
    .counter<'route'>({ name: 'chanjiao_search_degraded_total', help: 'Searches answered lexical-only because no query vector was available in time', labelNames: ['route'] })
    .inc({ route });
}
