import type { Client, estypes } from '@elastic/elasticsearch';
import { AppError, Errors, type Config } from '@chanjiao/platform';
import type { Analyzer } from '../analyzer.js';
import { compileFilter } from '../documents.js';
import type {
  AnyIndexDocument,
  DocKind,
  FacetCounts,
  FacetFieldOf,
  FilterInput,
  IndexDocument,
  LexicalQuery,
  ScoredHit,
  SearchIndex,
  TopKOptions,
} from '../search-index.js';
import { DOC_KINDS, ensureCollections } from './admin.js';
import { createElasticsearchClient, type ElasticsearchClientConfig, type ElasticsearchClientOverrides } from './client.js';
import { bulkIndex, type BulkDocument, type BulkLoadOptions } from './bulk.js';
import { esCall } from './errors.js';
import {
  cosineFromScore,
  facetsSearchBody,
  filterQuery,
  getManySearchBody,
  knnSearchBody,
  lexicalSearchBody,
  listSearchBody,
  withoutVectorListBody,
  type VectorRead,
} from './queries.js';
import { aliasName, ES_FORMAT_VERSION, type TemplateOptions } from './templates.js';

/** The settings the Elasticsearch index reads; a slice of {@link Config}. */
export type ElasticsearchIndexConfig = Pick<
  Config,
  | 'ELASTICSEARCH_INDEX_PREFIX'
  | 'ELASTICSEARCH_SHARDS'
  | 'ELASTICSEARCH_REPLICAS'
  | 'ELASTICSEARCH_VECTOR_INDEX'
  | 'ELASTICSEARCH_KNN_CANDIDATES'
  | 'ELASTICSEARCH_REFRESH'
  | 'ELASTICSEARCH_BULK_FLUSH_BYTES'
  | 'ELASTICSEARCH_BULK_CONCURRENCY'
  | 'ELASTICSEARCH_BULK_RETRIES'
>;

export interface ElasticsearchIndexOptions {
  /** The client (from `createElasticsearchClient`); injected, never global. */
  client: Client;
  /** The analyzer the documents were built with: filters on skills and certificates fold through it. */
  analyzer: Analyzer;
  config: ElasticsearchIndexConfig;
  /** Close the client in `close()`. Default false: whoever created the client closes it. */
  ownsClient?: boolean;
}

/** Facet values per field when the caller does not say. */
export const DEFAULT_FACET_SIZE = 20;
/** Ids per `ids` search when reading documents back (well under the 10 000 result window). */
const GET_CHUNK = 1000;
/** Ids per delete bulk request. */
const DELETE_CHUNK = 1000;
/** Elasticsearch's `index.max_result_window` (and the most a kNN `k` may be): larger pages are refused. */
export const MAX_PAGE = 10_000;

/** The template options of a config. */
export function templateOptions(config: ElasticsearchIndexConfig): TemplateOptions {
  return {
    prefix: config.ELASTICSEARCH_INDEX_PREFIX,
    shards: config.ELASTICSEARCH_SHARDS,
    replicas: config.ELASTICSEARCH_REPLICAS,
    vectorIndex: config.ELASTICSEARCH_VECTOR_INDEX,
  };
}

/** The bulk options of a config (the helper's knobs). */
export function bulkOptions(config: ElasticsearchIndexConfig): BulkLoadOptions {
  return {
    flushBytes: config.ELASTICSEARCH_BULK_FLUSH_BYTES,
    concurrency: config.ELASTICSEARCH_BULK_CONCURRENCY,
    retries: config.ELASTICSEARCH_BULK_RETRIES,
  };
}

/** What the cluster stores in `_source` for one document. */
interface StoredSource {
  id: string;
  text: Record<string, string[]>;
  kw: Record<string, string[]>;
  vector?: number[];
  source: unknown;
}

/** The `_source` of a document: tokens as arrays (one token per element), keywords, vector, record. */
function toStoredSource(doc: AnyIndexDocument): StoredSource {
  const out: StoredSource = {
    id: doc.id,
    text: Object.fromEntries(Object.entries(doc.text).map(([k, v]) => [k, [...(v as readonly string[])]])),
    kw: Object.fromEntries(Object.entries(doc.keywords).map(([k, v]) => [k, [...(v as readonly string[])]])),
    source: doc.source,
  };
  // 9 significant digits identify a float32 exactly: the cluster parses back the very same
  // vector, and the bulk body is about 40 % smaller than with the 17 digits of a double.
  if (doc.vector) out.vector = Array.from(doc.vector, (x) => Number(x.toPrecision(9)));
  return out;
}

/** A document as the bulk path sends it (the reindex script uses this too). */
export function toBulkDocument(doc: AnyIndexDocument): BulkDocument {
  return { id: doc.id, body: toStoredSource(doc) as unknown as Record<string, unknown> };
}

function fromStoredSource<K extends DocKind>(kind: K, s: StoredSource): IndexDocument<K> {
  return {
    kind,
    id: s.id,
    text: s.text as unknown as IndexDocument<K>['text'],
    keywords: s.kw as unknown as IndexDocument<K>['keywords'],
    vector: Array.isArray(s.vector) ? Float32Array.from(s.vector) : null,
    source: s.source as IndexDocument<K>['source'],
  };
}

/** Ranked hits in the ordering rule: score descending, then id ascending. */
function ranked(hits: ScoredHit[]): ScoredHit[] {
  return hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/**
 * The SearchIndex on Elasticsearch (distributed mode). Same documents as the embedded index
 * (built by the shared `buildIndexDocument`), same filters (the shared `compileFilter`), same
 * BM25 parameters and the same ordering rule, so the two answer alike; fusion and re-ranking stay
 * in the application, which is why this works on the free Basic licence.
 *
 * Reads and writes go through the aliases (`<prefix>-students`, `<prefix>-posts`); a reindex
 * swaps them underneath (see `scripts/reindex.ts`).
 */
export class ElasticsearchIndex implements SearchIndex {
  readonly backend = 'elasticsearch';
  readonly #client: Client;
  readonly #analyzer: Analyzer;
  readonly #config: ElasticsearchIndexConfig;
  readonly #ownsClient: boolean;
  #vectorsInSource: Promise<boolean> | undefined;

  constructor(opts: ElasticsearchIndexOptions) {
    this.#client = opts.client;
    this.#analyzer = opts.analyzer;
    this.#config = opts.config;
    this.#ownsClient = opts.ownsClient ?? false;
  }

  /**
   * Connect: install the templates, create an empty `v1` behind each alias that does not exist
   * yet, and refuse an index of another format (reindex first).
   */
  static async open(opts: ElasticsearchIndexOptions): Promise<ElasticsearchIndex> {
    const live = await ensureCollections(opts.client, templateOptions(opts.config));
    for (const kind of DOC_KINDS) {
      const index = live[kind];
      const mapping = await esCall(() => opts.client.indices.getMapping({ index }));
      const format = (mapping[index]?.mappings._meta as { format?: unknown } | undefined)?.format;
      if (format !== ES_FORMAT_VERSION) {
        throw new Error(`${index} has document format ${String(format)}; this build writes format ${ES_FORMAT_VERSION}: run scripts/reindex.ts`);
      }
    }
    return new ElasticsearchIndex(opts);
  }

  #alias(kind: DocKind): string {
    return aliasName(this.#config.ELASTICSEARCH_INDEX_PREFIX, kind);
  }

  #refresh(): 'wait_for' | boolean {
    const r = this.#config.ELASTICSEARCH_REFRESH;
    return r === 'wait_for' ? 'wait_for' : r === 'true';
  }

  /** 9.2 and later leave vectors out of `_source` unless a search asks for them (and older versions refuse the option). */
  #vectorsOption(): Promise<boolean> {
    this.#vectorsInSource ??= esCall(() => this.#client.info()).then((info) => {
      const [major = 0, minor = 0] = info.version.number.split('.').map(Number);
      return major > 9 || (major === 9 && minor >= 2);
    });
    return this.#vectorsInSource;
  }

  async upsert(docs: readonly AnyIndexDocument[]): Promise<void> {
    for (const kind of DOC_KINDS) {
      const ofKind = docs.filter((d) => d.kind === kind);
      if (ofKind.length === 0) continue;
      const { stats, dropped } = await bulkIndex(this.#client, this.#alias(kind), ofKind.map(toBulkDocument), {
        ...bulkOptions(this.#config),
        refresh: this.#refresh(),
      });
      if (stats.failed > 0) {
        const first = dropped.slice(0, 5).map((d) => `${d.id} ${d.status} ${d.reason}`).join('; ');
        throw new AppError(Errors.ELASTICSEARCH_BULK_REJECTED, {
          details: { failed: stats.failed, total: stats.total },
          cause: new Error(`${stats.failed} of ${stats.total} ${kind} documents dropped: ${first}`),
        });
      }
    }
  }

  /**
   * Deletes go as plain bulk requests, not through the helper: its 429 retry path pairs ndjson lines
   * two by two (action + document), which miscounts a batch of one-line delete actions. A delete of
   * a missing id is not an error (404 `not_found`); a 429 is ELASTICSEARCH_OVERLOADED (retry later).
   */
  async delete(kind: DocKind, ids: readonly string[]): Promise<number> {
    let deleted = 0;
    for (const part of chunks([...new Set(ids)], DELETE_CHUNK)) {
      const res = await esCall(() =>
        this.#client.bulk({
          index: this.#alias(kind),
          refresh: this.#refresh(),
          operations: part.map((id) => ({ delete: { _id: id } })),
        }),
      );
      for (const item of res.items) {
        const r = item.delete;
        if (!r) continue;
        if (r.result === 'deleted') deleted++;
        else if (r.status === 429) throw new AppError(Errors.ELASTICSEARCH_OVERLOADED, { headers: { 'retry-after': '1' } });
        else if (r.status >= 400 && r.status !== 404) {
          throw new AppError(Errors.ELASTICSEARCH_REQUEST_FAILED, {
            cause: new Error(`delete ${r._id}: ${r.status} ${r.error?.type ?? ''}`),
          });
        }
      }
    }
    return deleted;
  }

  async get<K extends DocKind>(kind: K, id: string): Promise<IndexDocument<K> | undefined> {
    return (await this.getMany(kind, [id]))[0];
  }

  async getMany<K extends DocKind>(
    kind: K,
    ids: readonly string[],
    opts: { vectors?: boolean } = {},
  ): Promise<Array<IndexDocument<K> | undefined>> {
    if (ids.length === 0) return [];
    const vectors: VectorRead = opts.vectors === false ? 'exclude' : (await this.#vectorsOption()) ? 'include' : 'default';
    const found = new Map<string, IndexDocument<K>>();
    for (const part of chunks([...new Set(ids)], GET_CHUNK)) {
      const res = await esCall(() =>
        this.#client.search<StoredSource>({ index: this.#alias(kind), ...getManySearchBody(part, vectors) }),
      );
      for (const hit of res.hits.hits) {
        if (hit._source && hit._id !== undefined) found.set(hit._id, fromStoredSource(kind, hit._source));
      }
    }
    return ids.map((id) => found.get(id));
  }

  async count<K extends DocKind>(kind: K, filter?: FilterInput<K>): Promise<number> {
    const query = filterQuery(compileFilter(kind, filter, this.#analyzer));
    const res = await esCall(() => this.#client.count({ index: this.#alias(kind), query }));
    return res.count;
  }

  async list<K extends DocKind>(kind: K, opts: { k: number; filter?: FilterInput<K>; after?: string }): Promise<string[]> {
    if (opts.k <= 0) return [];
    const body = listSearchBody(Math.min(opts.k, MAX_PAGE), compileFilter(kind, opts.filter, this.#analyzer), opts.after);
    const res = await esCall(() => this.#client.search({ index: this.#alias(kind), ...body }));
    return res.hits.hits.flatMap((h) => (h._id === undefined ? [] : [h._id]));
  }

  async listWithoutVector(kind: DocKind, opts: { k: number; after?: string }): Promise<string[]> {
    if (opts.k <= 0) return [];
    const body = withoutVectorListBody(Math.min(opts.k, MAX_PAGE), opts.after);
    const res = await esCall(() => this.#client.search({ index: this.#alias(kind), ...body }));
    return res.hits.hits.flatMap((h) => (h._id === undefined ? [] : [h._id]));
  }

  async searchLexical<K extends DocKind>(kind: K, query: LexicalQuery<K>, opts: TopKOptions<K>): Promise<ScoredHit[]> {
    const body = lexicalSearchBody(kind, query, Math.min(opts.k, MAX_PAGE), compileFilter(kind, opts.filter, this.#analyzer));
    if (!body) return [];
    const res = await esCall(() => this.#client.search({ index: this.#alias(kind), ...body }));
    return res.hits.hits
      .filter((h) => h._id !== undefined && typeof h._score === 'number' && h._score > 0)
      .map((h) => ({ id: h._id as string, score: h._score as number }));
  }

  async searchVector<K extends DocKind>(kind: K, vector: Float32Array, opts: TopKOptions<K>): Promise<ScoredHit[]> {
    if (opts.k <= 0) return [];
    const body = knnSearchBody(vector, Math.min(opts.k, MAX_PAGE), compileFilter(kind, opts.filter, this.#analyzer), {
      candidatesPerHit: this.#config.ELASTICSEARCH_KNN_CANDIDATES,
      vectorIndex: this.#config.ELASTICSEARCH_VECTOR_INDEX,
    });
    const res = await esCall(() => this.#client.search({ index: this.#alias(kind), ...body }));
    return ranked(
      res.hits.hits
        .filter((h) => h._id !== undefined && typeof h._score === 'number')
        .map((h) => ({ id: h._id as string, score: cosineFromScore(h._score as number) })),
    );
  }

  async facets<K extends DocKind>(
    kind: K,
    fields: ReadonlyArray<FacetFieldOf<K>>,
    opts: { filter?: FilterInput<K>; size?: number } = {},
  ): Promise<FacetCounts> {
    if (fields.length === 0) return {};
    const body = facetsSearchBody(fields, opts.size ?? DEFAULT_FACET_SIZE, compileFilter(kind, opts.filter, this.#analyzer));
    const res = await esCall(() => this.#client.search({ index: this.#alias(kind), ...body }));
    const out: FacetCounts = {};
    for (const f of fields) {
      const agg = res.aggregations?.[f] as estypes.AggregationsStringTermsAggregate | undefined;
      const buckets = (agg?.buckets ?? []) as estypes.AggregationsStringTermsBucket[];
      out[f] = buckets.map((b) => ({ value: String(b.key), count: b.doc_count }));
    }
    return out;
  }

  /** Does the cluster answer? For readiness checks (`/readyz`); never throws. */
  async isReachable(): Promise<boolean> {
    try {
      return await this.#client.ping();
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.#ownsClient) await this.#client.close();
  }
}

/**
 * Open the index the config names, with a client of its own (closed by `close()`): what a
 * service in distributed mode calls at start.
 */
export async function openElasticsearchIndex(
  config: ElasticsearchIndexConfig & ElasticsearchClientConfig,
  analyzer: Analyzer,
  overrides: ElasticsearchClientOverrides = {},
): Promise<ElasticsearchIndex> {
  const client = createElasticsearchClient(config, overrides);
  try {
    return await ElasticsearchIndex.open({ client, analyzer, config, ownsClient: true });
  } catch (err) {
    await client.close();
    throw err;
  }
}
