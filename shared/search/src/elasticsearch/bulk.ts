import type { Client } from '@elastic/elasticsearch';
import { esCall } from './errors.js';

/** The bulk helper's totals: total, successful, failed, retry, noop, time (ms), bytes, aborted. */
export type BulkStats = Awaited<ReturnType<Client['helpers']['bulk']>>;

/** One document for the bulk path: its id and the source body to index. */
export interface BulkDocument {
  readonly id: string;
  readonly body: Record<string, unknown>;
}

/** The bulk helper's knobs (defaults from config: ELASTICSEARCH_BULK_*). */
export interface BulkLoadOptions {
  /** Send a bulk request once this many bytes are buffered (helper default 5 MB). */
  flushBytes: number;
  /** Bulk requests in flight at once. */
  concurrency: number;
  /** Retries of documents the cluster rejected with 429 (too many requests). */
  retries: number;
  /** Milliseconds before such a retry (helper default 5000). */
  wait?: number;
  /** `refresh` of each bulk request: `wait_for` makes the documents visible before it resolves. */
  refresh?: 'wait_for' | boolean;
  /** Refresh the index once at the end (what a reindex does instead of per-request refreshes). */
  refreshOnCompletion?: boolean;
  /** Called after every flushed bulk request with the running totals (progress bars). */
  onProgress?: (stats: Readonly<BulkStats>) => void;
}

/** A document the cluster would not take, after the retries. */
export interface DroppedDocument {
  readonly id: string;
  readonly status: number;
  /** The cluster's error type and reason (e.g. `mapper_parsing_exception: …`), or `rejected` for 429. */
  readonly reason: string;
}

export interface BulkLoadResult {
  /** The helper's own totals: total, successful, failed, retry, noop, time (ms), bytes, aborted. */
  readonly stats: BulkStats;
  /** The first {@link MAX_DROPPED_REPORTED} dropped documents, in the order they were dropped. */
  readonly dropped: readonly DroppedDocument[];
}

/** A reindex of millions may drop many on a broken mapping: keep the first few for the report. */
export const MAX_DROPPED_REPORTED = 100;

/**
 * Index documents into `index` through the client's bulk helper (batched by bytes, `concurrency`
 * requests in flight, 429s retried, every other rejection reported through `onDrop`). The helper's
 * stats are returned; a transport failure (cluster unreachable after the retries) rejects with
 * an AppError. Dropped documents are not an exception here: the caller decides what they mean.
 */
export async function bulkIndex(
  client: Client,
  index: string,
  documents: Iterable<BulkDocument> | AsyncIterable<BulkDocument>,
  options: BulkLoadOptions,
): Promise<BulkLoadResult> {
  const dropped: DroppedDocument[] = [];
  const source = toAsyncIterator(documents);
  const stats = await esCall(() =>
    client.helpers.bulk<BulkDocument>({
      datasource: source,
      onDocument: (doc) => [{ index: { _index: index, _id: doc.id } }, doc.body],
      flushBytes: options.flushBytes,
      concurrency: options.concurrency,
      retries: options.retries,
      ...(options.wait === undefined ? {} : { wait: options.wait }),
      ...(options.refresh === undefined ? {} : { refresh: options.refresh }),
      refreshOnCompletion: options.refreshOnCompletion ? index : false,
      onDrop: (d) => {
        if (dropped.length >= MAX_DROPPED_REPORTED) return;
        const op = d.operation as { index?: { _id?: string } };
        const reason = d.error ? `${d.error.type}: ${d.error.reason ?? ''}`.trim() : 'rejected';
        dropped.push({ id: String(op.index?._id ?? ''), status: d.status, reason });
      },
      ...(options.onProgress ? { onFlush: (s: BulkStats) => options.onProgress?.({ ...s }) } : {}),
    }),
  );
  return { stats, dropped };
}

/** The helper takes arrays, streams and async iterators; an async generator covers both kinds of iterable. */
async function* toAsyncIterator<T>(items: Iterable<T> | AsyncIterable<T>): AsyncGenerator<T> {
  yield* items;
}
