import { api } from './api';
import type { Sheet } from './xlsx';

export interface ReportView {
  term: string;
  version: number;
  name: string;
  title: string;
  notes: string[];
  columns: Array<{ key: string; header: string }>;
  totalRows: number;
  rows: Array<Record<string, string | number | null>>;
}
export interface RunSummary {
  term: string;
  version: number;
  jobId: string | null;
  createdAt: string;
  seed: string;
  options: { minClassSize: number; classes: Array<{ postId: string; minSize?: number; schoolQuotas?: Record<string, number> }> };
  counts: Record<string, number>;
}
export interface BatchJob {
  id: string;
  term: string;
  status: string;
  phase: string;
  progress: number;
  done: number;
  total: number;
  version: number | null;
  error: { code: string; message: string } | null;
}

const base = (term: string, version: number | 'latest') => `/v1/batch/terms/${encodeURIComponent(term)}/results/${version}`;

export const getReport = (term: string, version: number | 'latest', name: string) =>
  api<ReportView>('GET', `${base(term, version)}/reports/${name}`);
export const listReports = (term: string, version: number | 'latest') =>
  api<{ term: string; version: number; reports: Array<{ name: string; title: string; rows: number }> }>('GET', `${base(term, version)}/reports`);
export const reportCsvHref = (term: string, version: number | 'latest', name: string) => `${base(term, version)}/reports/${name}?format=csv`;
export const listVersions = (term: string) => api<{ term: string; versions: RunSummary[] }>('GET', `/v1/batch/terms/${encodeURIComponent(term)}/results`);

/** The terms of the loaded posts, newest first, in words (any role may ask). */
export async function knownTerms(): Promise<Array<{ value: string; label: string }>> {
  const r = await api<{ terms: Array<{ term: string; label: string }> }>('GET', '/v1/lookups/terms');
  return r.terms.map((t) => ({ value: t.term, label: t.label }));
}

/** A report as a worksheet: its Chinese column headers, every row. */
export function reportSheet(r: ReportView): Sheet {
  return { name: r.title || r.name, header: r.columns.map((c) => c.header), rows: r.rows.map((row) => r.columns.map((c) => row[c.key] ?? null)) };
}
