import { api, settle } from './api';
import { takeEarly } from './early';

/**
 * A GET the boot script may already have started (the first page's data, fetched in parallel
 * with the code); otherwise an ordinary API call.
 */
export async function getOnce<T>(path: string): Promise<T> {
  const early = takeEarly(path);
  return early ? settle<T>(await early) : api<T>('GET', path);
}
