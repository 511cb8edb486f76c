import type { ScoredHit } from './search-index.js';
import { compareHits } from './top-k.js';

export type FusionMethod = 'rrf' | 'convex';

export interface FusionOptions {
  readonly method: FusionMethod;
  /** Weight of the lexical side; 0 switches it off (its hits do not even enter). */
  readonly lexicalWeight: number;
  /** Weight of the vector side; 0 switches it off. */
  readonly vectorWeight: number;
  /** The k of reciprocal-rank fusion (60 in the original paper). */
  readonly rrfK: number;
}

/** A fused hit, with what each side said about it (null: that side did not return it). */
export interface FusedHit {
  readonly id: string;
  readonly score: number;
  /** Raw BM25 score. */
  readonly lexical: number | null;
  /** BM25 score over the best one of the list, in [0, 1]. */
  readonly lexicalNorm: number | null;
  /** Cosine similarity. */
  readonly semantic: number | null;
  /** 1-based ranks on each side. */
  readonly lexicalRank: number | null;
  readonly vectorRank: number | null;
}

/**
 * Fuse a lexical and a vector ranking.
 * - `rrf`: score = w_lex / (k + rank_lex) + w_vec / (k + rank_vec) (a missing side adds 0);
 * - `convex`: score = w_lex × lex / max(lex) + w_vec × (cos − min) / (max − min), each side
 *   min-max normalised over its own list (a list of one scores 1), missing side 0.
 * A side whose weight is 0 is ignored entirely. Ordered by score, then id.
 */
export function fuse(lexical: readonly ScoredHit[], vector: readonly ScoredHit[], opts: FusionOptions): FusedHit[] {
  return fuseUnordered(lexical, vector, opts).sort(compareHits);
}

/** {@link fuse} in no particular order, for a caller that orders the hits itself (the engine re-ranks). */
export function fuseUnordered(lexical: readonly ScoredHit[], vector: readonly ScoredHit[], opts: FusionOptions): FusedHit[] {
  const lexOn = opts.lexicalWeight > 0;
  const vecOn = opts.vectorWeight > 0;
  // One object a document, filled in place and returned as it is (in first-seen order): no
  // accumulator beside the hit, no copy at the end.
  type Mutable = { -readonly [P in keyof FusedHit]: FusedHit[P] };
  const byId = new Map<string, Mutable>();
  const out: Mutable[] = [];
  const entry = (id: string): Mutable => {
    let e = byId.get(id);
    if (!e) {
      e = { id, score: 0, lexical: null, lexicalNorm: null, semantic: null, lexicalRank: null, vectorRank: null };
      byId.set(id, e);
      out.push(e);
    }
    return e;
  };

  if (lexOn && lexical.length > 0) {
    let max = 0;
    for (const h of lexical) max = Math.max(max, h.score);
    max ||= 1;
    for (let i = 0; i < lexical.length; i++) {
      const h = lexical[i]!;
      const e = entry(h.id);
      e.lexical = h.score;
      e.lexicalNorm = h.score / max;
      e.lexicalRank = i + 1;
      e.score += opts.method === 'rrf' ? opts.lexicalWeight / (opts.rrfK + i + 1) : opts.lexicalWeight * e.lexicalNorm;
    }
  }
  if (vecOn && vector.length > 0) {
    let min = Infinity;
    let max = -Infinity;
    for (const h of vector) {
      min = Math.min(min, h.score);
      max = Math.max(max, h.score);
    }
    const span = max - min;
    for (let i = 0; i < vector.length; i++) {
      const h = vector[i]!;
      const e = entry(h.id);
      e.semantic = h.score;
      e.vectorRank = i + 1;
      const norm = span > 0 ? (h.score - min) / span : 1;
      e.score += opts.method === 'rrf' ? opts.vectorWeight / (opts.rrfK + i + 1) : opts.vectorWeight * norm;
    }
  }
  return out;
}
