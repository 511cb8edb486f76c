/**
 * The one way the console talks to the API: same-origin fetch with the session cookie (never a
 * key in storage), the CSRF token on every state-changing call, and the API's error reply kept
 * whole so pages show its message as the API gives it.
 */
import { ApiError, errorOf, ok, send, type RawReply } from './http';
import { session } from './session';

export { ApiError, type FieldIssue } from './http';

/** Called on a 401 from any call but the session check: the session ended (expired, revoked). */
let onUnauthorized: () => void = () => undefined;
export function setUnauthorizedHandler(fn: () => void): void {
  onUnauthorized = fn;
}

type Body = unknown;

export interface CallOptions {
  /** Send these bytes as they are (uploads), with this content type. */
  raw?: { data: Blob | ArrayBuffer | string; type: string };
  /** Do not treat a 401 as "session over" (the session check itself). */
  quiet401?: boolean;
  signal?: AbortSignal;
  /** Sees the reply's headers (e.g. the ingest reply's X-Change-Position). */
  onHeaders?: (headers: Headers) => void;
}

export async function api<T>(method: string, path: string, body?: Body, opts: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && method !== 'HEAD' && session.csrfToken) headers['x-csrf-token'] = session.csrfToken;
  let payload: BodyInit | undefined;
  if (opts.raw) {
    headers['content-type'] = opts.raw.type;
    payload = opts.raw.data as BodyInit;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const r = await send(path, { method, headers, body: payload, signal: opts.signal });
  opts.onHeaders?.(r.headers);
  return settle<T>(r, opts);
}

/** A reply as the API call's result: its data, or its error as an ApiError (a 401 ends the session). */
export function settle<T>(r: RawReply, opts: Pick<CallOptions, 'quiet401'> = {}): T {
  if (ok(r)) return r.data as T;
  if (r.status === 401 && !opts.quiet401) onUnauthorized();
  throw errorOf(r);
}

/** A file download from a GET route (the cookie authenticates it); saved under the server's name or `fallback`. */
export async function download(path: string, fallback: string): Promise<void> {
  const res = await fetch(path, { credentials: 'same-origin' });
  if (!res.ok) {
    const e = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
    throw new ApiError(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? res.statusText);
  }
  const cd = res.headers.get('content-disposition') ?? '';
  const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(cd);
  saveBlob(await res.blob(), m ? decodeURIComponent(m[1]!) : fallback);
}

export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** CSV for Excel: UTF-8 with BOM, quoted where needed, formula-looking cells defused. */
export function toCsv(header: string[], rows: Array<Array<string | number | null | undefined>>): string {
  const cell = (v: string | number | null | undefined) => {
    const s = v === null || v === undefined ? '' : String(v);
    const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
    return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  return `\uFEFF${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
