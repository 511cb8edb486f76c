/**
 * The one way the console talks to the API: same-origin fetch with the session cookie (never a
 * key in storage), the CSRF token on every state-changing call, and the API's error reply kept
 * whole so pages show its message as the API gives it.
 */
import { session } from './session';

export interface FieldIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldIssue[] = [],
    readonly details: unknown = undefined,
  ) {
    super(message);
  }
}

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
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin', signal: opts.signal });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试。');
  }
  opts.onHeaders?.(res.headers);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = text;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    // CSV and other text replies stay text.
  }
  if (!res.ok) {
    const e = (data ?? {}) as { code?: string; message?: string; fields?: FieldIssue[]; details?: unknown };
    if (res.status === 401 && !opts.quiet401) onUnauthorized();
    throw new ApiError(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? `${res.status} ${res.statusText}`, e.fields ?? [], e.details);
  }
  return data as T;
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
