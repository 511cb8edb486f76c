import type { estypes } from '@elastic/elasticsearch';
import {
  FIELD_BOOSTS,
  type CompiledFilter,
  type DocKind,
  type LexicalQuery,
  type TextFieldOf,
} from '../search-index.js';
import { ES_FIELDS, type VectorIndexType } from './templates.js';

/**
 * The request bodies of the Elasticsearch backend, as pure functions of their inputs, so unit
 * tests can pin them exactly. Filters come pre-compiled by the shared `compileFilter` (the same
 * keyword clauses the embedded index evaluates) and are always non-scoring `filter` clauses.
 */

/** A compiled filter as query clauses: `ids`, then one `terms` per keyword clause. */
export function filterClauses(filter: CompiledFilter | undefined): estypes.QueryDslQueryContainer[] {
  if (!filter) return [];
  const out: estypes.QueryDslQueryContainer[] = [];
  if (filter.ids !== undefined) out.push({ ids: { values: [...filter.ids] } });
  for (const c of filter.clauses) out.push({ terms: { [ES_FIELDS.keyword(c.field)]: [...c.anyOf] } });
  return out;
}

/** The filter as one query: `match_all`, or a `bool` of non-scoring filter clauses. */
export function filterQuery(filter: CompiledFilter | undefined): estypes.QueryDslQueryContainer {
  const clauses = filterClauses(filter);
  return clauses.length === 0 ? { match_all: {} } : { bool: { filter: clauses } };
}

/** Score descending, then id ascending: the ordering rule of every ranked answer. */
const RANKED_SORT: estypes.Sort = [{ _score: { order: 'desc' } }, { [ES_FIELDS.id]: { order: 'asc' } }];

/**
 * The lexical side: Σ_term weight × Σ_field boost × BM25 as a `bool.should` of one `term` query
 * per (term, field) with boost = weight × field boost — what `multi_match` `most_fields` sums, but
 * with a weight per term. At least one term must match (`minimum_should_match: 1`; with filter
 * clauses present, Elasticsearch would otherwise return every filtered document with score 0).
 * Returns null when there is nothing to match (no terms, or every boost is 0).
 */
export function lexicalSearchBody<K extends DocKind>(
  kind: K,
  query: LexicalQuery<K>,
  k: number,
  filter: CompiledFilter | undefined,
): estypes.SearchRequest | null {
  const boosts: Record<string, number> = { ...FIELD_BOOSTS[kind], ...(query.fieldBoosts ?? {}) };
  const should: estypes.QueryDslQueryContainer[] = [];
  for (const term of query.terms) {
    if (!(term.weight > 0)) continue;
    for (const [field, boost] of Object.entries(boosts) as Array<[TextFieldOf<K>, number]>) {
      if (!(boost > 0)) continue;
      should.push({ term: { [ES_FIELDS.text(field)]: { value: term.token, boost: term.weight * boost } } });
    }
  }
  if (should.length === 0 || k <= 0) return null;
  const bool: estypes.QueryDslBoolQuery = { should, minimum_should_match: 1 };
  const filters = filterClauses(filter);
  if (filters.length > 0) bool.filter = filters;
  return { size: k, query: { bool }, sort: RANKED_SORT, track_total_hits: false, _source: false };
}

export interface KnnOptions {
  /** num_candidates per shard = clamp(k × this, 100, 10 000). */
  candidatesPerHit: number;
  /** The index's vector type: quantized ones rescore their top hits with the float vectors. */
  vectorIndex: VectorIndexType;
}

/** Rescoring oversample of quantized vectors: the top k × 2 are re-ranked with the raw floats. */
export const RESCORE_OVERSAMPLE = 2;

/**
 * The vector side: a top-level `knn` with the filter INSIDE the knn clause, so it pre-filters
 * (the k nearest among the documents that match), unlike a filter beside it, which would
 * post-filter and return fewer than k. Quantized index types rescore with the raw vectors so the
 * scores are the exact cosine (mapped by Elasticsearch to (1 + cos) / 2, see {@link cosineFromScore}).
 */
export function knnSearchBody(
  vector: Float32Array,
  k: number,
  filter: CompiledFilter | undefined,
  opts: KnnOptions,
): estypes.SearchRequest {
  const numCandidates = Math.min(10_000, Math.max(100, k * opts.candidatesPerHit, k));
  const knn: estypes.KnnSearch = {
    field: ES_FIELDS.vector,
    query_vector: Array.from(vector),
    k,
    num_candidates: numCandidates,
  };
  const filters = filterClauses(filter);
  if (filters.length > 0) knn.filter = { bool: { filter: filters } };
  if (opts.vectorIndex !== 'hnsw') knn.rescore_vector = { oversample: RESCORE_OVERSAMPLE };
  return { size: k, knn, track_total_hits: false, _source: false };
}

/**
 * Ids of the filtered documents in ascending id order, `k` at a time: a keyset page over the
 * `id` keyword (`search_after`), so deep pages cost the same as the first.
 */
export function listSearchBody(k: number, filter: CompiledFilter | undefined, after: string | undefined): estypes.SearchRequest {
  const body: estypes.SearchRequest = {
    size: k,
    query: filterQuery(filter),
    sort: [{ [ES_FIELDS.id]: { order: 'asc' } }],
    track_total_hits: false,
    _source: false,
  };
  if (after !== undefined) body.search_after = [after];
  return body;
}

/**
 * Ids of the documents without a vector (`must_not exists` on the vector field: a document stored
 * with a null vector has none) in ascending id order, `k` at a time after `after` (`search_after`
 * on the `id` keyword, as {@link listSearchBody}): what the indexer re-queues for embedding at start.
 */
export function withoutVectorListBody(k: number, after: string | undefined): estypes.SearchRequest {
  const body: estypes.SearchRequest = {
    size: k,
    query: { bool: { must_not: [{ exists: { field: ES_FIELDS.vector } }] } },
    sort: [{ [ES_FIELDS.id]: { order: 'asc' } }],
    track_total_hits: false,
    _source: false,
  };
  if (after !== undefined) body.search_after = [after];
  return body;
}

/** Elasticsearch scores cosine similarity as (1 + cos) / 2 so it is never negative; undo that. */
export function cosineFromScore(score: number): number {
  return 2 * score - 1;
}

/**
 * Facets: one `terms` aggregation per field over the filtered documents, count descending then
 * value ascending (the embedded index's order), no hits.
 */
export function facetsSearchBody(
  fields: readonly string[],
  size: number,
  filter: CompiledFilter | undefined,
): estypes.SearchRequest {
  const aggs: Record<string, estypes.AggregationsAggregationContainer> = {};
  for (const f of fields) {
    aggs[f] = { terms: { field: ES_FIELDS.keyword(f), size, order: [{ _count: 'desc' }, { _key: 'asc' }] } };
  }
  return { size: 0, query: filterQuery(filter), aggs, track_total_hits: false };
}

/**
 * How a read asks for vectors: leave them out of `_source` (`exclude`, what re-ranking wants: a
 * vector is 6 KB of JSON), ask 9.2+ to put them back (`include`: it leaves them out by default), or
 * nothing to say (`default`: before 9.2 `_source` holds them as indexed).
 */
export type VectorRead = 'exclude' | 'include' | 'default';

/** Documents by id, with their source. */
export function getManySearchBody(ids: readonly string[], vectors: VectorRead): estypes.SearchRequest {
  const body: estypes.SearchRequest = { size: ids.length, query: { ids: { values: [...ids] } }, track_total_hits: false };
  if (vectors === 'exclude') body._source = { excludes: [ES_FIELDS.vector] };
  if (vectors === 'include') body._source = { exclude_vectors: false } as unknown as estypes.SearchSourceConfig;
  return body;
}
