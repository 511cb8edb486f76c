import type { estypes } from '@elastic/elasticsearch';
import {
  BM25_B,
  BM25_K1,
  POST_KEYWORD_FIELDS,
  POST_TEXT_FIELDS,
  STUDENT_KEYWORD_FIELDS,
  STUDENT_TEXT_FIELDS,
  type DocKind,
} from '../search-index.js';

/**
 * Bumped when the document layout in Elasticsearch changes (field names, analyzers, vector
 * options). It is written into the template and each index's mapping `_meta`; an index of another
 * format is never written to — reindex into a new version instead.
 */
export const ES_FORMAT_VERSION = 4; // 4: a 专业's counterparts on a level where it or they has a namesake are that namesake alone

/** The embedding size of bge-small-zh-v1.5. */
export const VECTOR_DIMS = 512;

export type VectorIndexType = 'int8_hnsw' | 'bbq_hnsw' | 'int4_hnsw' | 'hnsw';

export interface TemplateOptions {
  /** Index and alias prefix (`ELASTICSEARCH_INDEX_PREFIX`). */
  prefix: string;
  shards: number;
  replicas: number;
  vectorIndex: VectorIndexType;
}

/** The document layout in the cluster: where each part of an {@link IndexDocument} lives. */
export const ES_FIELDS = {
  /** keyword copy of the id: the tie-break of the ordering rule (score desc, then id asc). */
  id: 'id',
  /** One whitespace-analyzed text field per analyzed field: `text.<field>`. */
  text: (field: string) => `text.${field}`,
  /** One keyword field per filter / facet field: `kw.<field>`. */
  keyword: (field: string) => `kw.${field}`,
  vector: 'vector',
  /** The record itself: kept in `_source`, not indexed. */
  source: 'source',
} as const;

const TEXT_FIELDS: Readonly<Record<DocKind, readonly string[]>> = { student: STUDENT_TEXT_FIELDS, post: POST_TEXT_FIELDS };
const KEYWORD_FIELDS: Readonly<Record<DocKind, readonly string[]>> = {
  student: STUDENT_KEYWORD_FIELDS,
  post: POST_KEYWORD_FIELDS,
};

/** `chanjiao-students`: the alias every read and write goes through. */
export function aliasName(prefix: string, kind: DocKind): string {
  return `${prefix}-${kind}s`;
}

/** `chanjiao-students-v3`: one physical index behind the alias. */
export function versionedIndexName(prefix: string, kind: DocKind, version: number): string {
  return `${aliasName(prefix, kind)}-v${version}`;
}

/** The version number of a versioned index name of this alias, or null for any other name. */
export function indexVersion(prefix: string, kind: DocKind, index: string): number | null {
  const head = `${aliasName(prefix, kind)}-v`;
  if (!index.startsWith(head)) return null;
  const rest = index.slice(head.length);
  return /^[1-9]\d*$/.test(rest) ? Number(rest) : null;
}

export function templateName(prefix: string, kind: DocKind): string {
  return aliasName(prefix, kind);
}

/**
 * The mappings of one collection. Analysis happens in the application: every text field holds
 * the analyzer's tokens (an array, one token per element) and is indexed with the `whitespace`
 * analyzer, which keeps each token whole and changes nothing, so Elasticsearch's BM25 sees exactly
 * the terms the embedded index sees. Only term frequencies and norms are indexed (no positions:
 * there are no phrase queries). Keyword fields carry the filter and facet values; the vector is
 * a 512-d `dense_vector` with explicit index options.
 */
export function collectionMappings(kind: DocKind, vectorIndex: VectorIndexType): estypes.MappingTypeMapping {
  const text: Record<string, estypes.MappingProperty> = {};
  for (const f of TEXT_FIELDS[kind]) {
    text[f] = { type: 'text', analyzer: 'whitespace', index_options: 'freqs', norms: true };
  }
  const kw: Record<string, estypes.MappingProperty> = {};
  for (const f of KEYWORD_FIELDS[kind]) kw[f] = { type: 'keyword' };
  return {
    dynamic: 'strict',
    _meta: { format: ES_FORMAT_VERSION, kind },
    properties: {
      [ES_FIELDS.id]: { type: 'keyword' },
      text: { properties: text },
      kw: { properties: kw },
      [ES_FIELDS.vector]: {
        type: 'dense_vector',
        dims: VECTOR_DIMS,
        index: true,
        // Cosine, not dot_product: identical ranking for the unit-length vectors we send, and a
        // vector that is off unit length by rounding is not refused at index time.
        similarity: 'cosine',
        // Explicit: since 9.1 an unset index_options picks bbq_hnsw for ≥ 384 dims (README "Sizing").
        index_options: { type: vectorIndex, m: 16, ef_construction: 100 },
      },
      [ES_FIELDS.source]: { type: 'object', enabled: false },
    },
  };
}

/** Index settings: shard and replica counts and the BM25 parameters both backends use. */
export function collectionSettings(opts: Pick<TemplateOptions, 'shards' | 'replicas'>): estypes.IndicesIndexSettings {
  return {
    number_of_shards: opts.shards,
    number_of_replicas: opts.replicas,
    similarity: { default: { type: 'BM25', k1: BM25_K1, b: BM25_B } },
  };
}

/**
 * The composable index template of a collection: it applies to every versioned index of the
 * alias (`chanjiao-students-v*`). The alias itself is not in the template: it is moved
 * explicitly, atomically, once a new version is fully loaded.
 */
export function indexTemplate(kind: DocKind, opts: TemplateOptions): estypes.IndicesPutIndexTemplateRequest {
  return {
    name: templateName(opts.prefix, kind),
    index_patterns: [`${aliasName(opts.prefix, kind)}-v*`],
    priority: 500,
    _meta: { format: ES_FORMAT_VERSION, managed_by: 'chanjiao-match' },
    template: {
      settings: collectionSettings(opts),
      mappings: collectionMappings(kind, opts.vectorIndex),
    },
  };
}
