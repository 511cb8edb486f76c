/**
 * The evaluation's measures and its four configurations, shared by the generated and the
 * hand-written set (scripts/eval-search.ts).
 */
import type { FusionOptions } from '@chanjiao/search/internal';

export const K_NDCG = 10;
export const K_RECALL = 50;

/** nDCG@k with gains 2^g − 1; the ideal ranking is over every judged document. */
export function ndcg(ranked: readonly string[], grades: ReadonlyMap<string, number>, k: number): number {
  const dcg = (gs: number[]) => gs.slice(0, k).reduce((s, g, i) => s + (2 ** g - 1) / Math.log2(i + 2), 0);
  const ideal = dcg([...grades.values()].sort((a, b) => b - a));
  return dcg(ranked.map((id) => grades.get(id) ?? 0)) / ideal;
}

/** Relevant (grade ≥ 2) found in the top k, over min(k, relevant): every system could reach 1. */
export function recall(ranked: readonly string[], grades: ReadonlyMap<string, number>, k: number): number {
  const relevant = [...grades].filter(([, g]) => g >= 2).map(([id]) => id);
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((id) => top.has(id)).length / Math.min(k, relevant.length);
}

/** A query counts only when the corpus holds something relevant (grade ≥ 2) for it, as in TREC. */
export function judged(grades: ReadonlyMap<string, number>): boolean {
  return [...grades.values()].some((g) => g >= 2);
}

export const SYSTEMS: ReadonlyArray<{ name: string; fusion: FusionOptions; rerank: boolean }> = [
  { name: 'bm25', fusion: { method: 'rrf', lexicalWeight: 1, vectorWeight: 0, rrfK: 60 }, rerank: false },
  { name: 'vector', fusion: { method: 'rrf', lexicalWeight: 0, vectorWeight: 1, rrfK: 60 }, rerank: false },
  { name: 'hybrid', fusion: { method: 'rrf', lexicalWeight: 0.5, vectorWeight: 0.5, rrfK: 60 }, rerank: false },
  { name: 'hybrid+rerank', fusion: { method: 'rrf', lexicalWeight: 0.5, vectorWeight: 0.5, rrfK: 60 }, rerank: true },
];

export type QueryKind = 'hr' | 'post' | 'student';
export const KIND_LABELS: Readonly<Record<QueryKind | 'all', string>> = {
  hr: 'HR free text',
  post: 'post → candidates',
  student: 'student → posts',
  all: 'all',
};

/** One query's scores, one per system in {@link SYSTEMS} order, and its top 10 per system (for the failure analysis). */
export interface Row {
  readonly kind: QueryKind;
  readonly id: string;
  readonly relevant: number;
  readonly ndcg: number[];
  readonly recall: number[];
  readonly top: string[][];
}

export function scoreQuery(kind: QueryKind, id: string, grades: ReadonlyMap<string, number>, rankings: string[][]): Row {
  if (!judged(grades)) throw new Error(`labelled query ${id} has nothing relevant in the corpus`);
  return {
    kind,
    id,
    relevant: [...grades.values()].filter((g) => g >= 2).length,
    ndcg: rankings.map((r) => ndcg(r, grades, K_NDCG)),
    recall: rankings.map((r) => recall(r, grades, K_RECALL)),
    top: rankings.map((r) => r.slice(0, K_NDCG)),
  };
}

export type Summary = Record<string, Record<string, { ndcg10: number; recall50: number; queries: number }>>;

/** Means per query kind and over all, per system; printed as a markdown table on stdout. */
export function summarize(title: string, rows: readonly Row[]): Summary {
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const groups: Array<[QueryKind | 'all', Row[]]> = [
    ['hr', rows.filter((r) => r.kind === 'hr')],
    ['post', rows.filter((r) => r.kind === 'post')],
    ['student', rows.filter((r) => r.kind === 'student')],
    ['all', [...rows]],
  ];
  const summary: Summary = {};
  console.log(`\n${title}: ${rows.length} queries`);
  console.log(`| queries | ${SYSTEMS.map((s) => s.name).join(' | ')} |`);
  console.log(`| --- |${SYSTEMS.map(() => ' --- |').join('')}`);
  for (const [kind, rs] of groups) {
    summary[kind] = {};
    const cells: string[] = [];
    SYSTEMS.forEach((s, i) => {
      const n = mean(rs.map((r) => r.ndcg[i]!));
      const r = mean(rs.map((r) => r.recall[i]!));
      summary[kind]![s.name] = { ndcg10: Number(n.toFixed(4)), recall50: Number(r.toFixed(4)), queries: rs.length };
      cells.push(`${n.toFixed(3)} / ${r.toFixed(3)}`);
    });
    console.log(`| ${KIND_LABELS[kind]} (${rs.length}) | ${cells.join(' | ')} |`);
  }
  console.log(`(each cell: nDCG@${K_NDCG} / recall@${K_RECALL})`);
  return summary;
}

/** The best configuration other than hybrid + re-rank on nDCG@10 over all queries, and re-rank's lead over it. */
export function rerankLead(summary: Summary): { lead: number; nextBest: string } {
  const all = summary.all!;
  const others = SYSTEMS.filter((s) => s.name !== 'hybrid+rerank').map((s) => [s.name, all[s.name]!.ndcg10] as const);
  const [nextBest, next] = others.reduce((a, b) => (b[1] > a[1] ? b : a));
  return { lead: Number((all['hybrid+rerank']!.ndcg10 - next).toFixed(4)), nextBest };
}
