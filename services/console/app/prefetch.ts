import { api } from './api';

/**
 * Replies asked for before the page that needs them has loaded (the first page's data, fetched
 * in parallel with its code). A page takes one at most once; later loads go to the API.
 */
const pending = new Map<string, Promise<unknown>>();

export function prefetch(path: string): void {
  if (pending.has(path)) return;
  const p = api('GET', path);
  p.catch(() => undefined);
  pending.set(path, p);
}

export function getOnce<T>(path: string): Promise<T> {
  const p = pending.get(path);
  if (p) {
    pending.delete(path);
    return p as Promise<T>;
  }
  return api<T>('GET', path);
}

export const recommendationsPath = (studentId: string, kinds: string[] = []) =>
  `/v1/students/${encodeURIComponent(studentId)}/recommendations?limit=50${kinds.length ? `&kinds=${kinds.join(',')}` : ''}`;
