import type { Client } from '@elastic/elasticsearch';
import type { AnyIndexDocument, DocKind } from '../search-index.js';
import {
  createNextVersion,
  currentIndex,
  deleteOldVersions,
  finishBulkLoad,
  putTemplates,
  swapAlias,
} from './admin.js';
import { bulkIndex, type BulkLoadOptions, type BulkStats, type DroppedDocument } from './bulk.js';
import { toBulkDocument } from './elasticsearch-index.js';
import type { TemplateOptions } from './templates.js';

export interface RebuildInput {
  /** The collections to rebuild, in order. */
  readonly kinds: readonly DocKind[];
  /** Every document of a collection, built by the shared document builder (read in pages, not all at once). */
  documents(kind: DocKind): AsyncIterable<AnyIndexDocument>;
  /** The store's change-feed position before the scan began; written into the new index's `_meta`. */
  readonly sourceSeq?: number;
}

export interface RebuildOptions {
  /** Bulk helper knobs; a rebuild never refreshes per request (one refresh at the end). */
  readonly bulk: Omit<BulkLoadOptions, 'refresh' | 'refreshOnCompletion'>;
  /** Old versions kept after the swap, for a roll-back (`POST _aliases` back to one of them). */
  readonly keep: number;
  /** Swap even when some documents were dropped. Default false: the live index stays as it was. */
  readonly allowDrops?: boolean;
  /** Progress per collection: called after each flushed bulk request. */
  readonly onProgress?: (kind: DocKind, stats: Readonly<BulkStats>) => void;
  /** Called when a collection starts, with the new index's name. */
  readonly onStart?: (kind: DocKind, index: string, previous: string | null) => void;
}

export interface RebuildReport {
  readonly kind: DocKind;
  /** The index the alias pointed at before, or null on a first build. */
  readonly previous: string | null;
  /** The new versioned index. */
  readonly index: string;
  readonly stats: BulkStats;
  readonly dropped: readonly DroppedDocument[];
  /** Whether the alias now points at the new index. */
  readonly swapped: boolean;
  /** Old versions deleted after the swap. */
  readonly deleted: readonly string[];
}

/**
 * Zero-downtime rebuild of each collection: create `v(n+1)` from the template (no refreshes, no
 * replicas while loading), bulk-load every document, restore refresh and replicas, refresh once,
 * then move the alias in one atomic request and delete versions beyond `keep`. Searches run on
 * the old index until the swap and on the complete new one after it. A load that dropped
 * documents does not swap (unless `allowDrops`): the new index is left for inspection.
 */
export async function rebuildIndices(
  client: Client,
  templates: TemplateOptions,
  input: RebuildInput,
  opts: RebuildOptions,
): Promise<RebuildReport[]> {
  await putTemplates(client, templates);
  const reports: RebuildReport[] = [];
  for (const kind of input.kinds) {
    const previous = await currentIndex(client, templates.prefix, kind);
    const index = await createNextVersion(client, templates, kind, {
      forBulkLoad: true,
      ...(input.sourceSeq === undefined ? {} : { sourceSeq: input.sourceSeq }),
    });
    opts.onStart?.(kind, index, previous);
    const docs = mapAsync(input.documents(kind), toBulkDocument);
    const { stats, dropped } = await bulkIndex(client, index, docs, {
      ...opts.bulk,
      ...(opts.onProgress ? { onProgress: (s: Readonly<BulkStats>) => opts.onProgress?.(kind, s) } : {}),
    });
    await finishBulkLoad(client, templates, index);
    const swapped = stats.failed === 0 || opts.allowDrops === true;
    let deleted: string[] = [];
    if (swapped) {
      await swapAlias(client, templates.prefix, kind, index, previous);
      deleted = await deleteOldVersions(client, templates.prefix, kind, opts.keep);
    }
    reports.push({ kind, previous, index, stats, dropped, swapped, deleted });
  }
  return reports;
}

async function* mapAsync<T, U>(items: AsyncIterable<T>, fn: (item: T) => U): AsyncGenerator<U> {
  for await (const item of items) yield fn(item);
}
