/**
 * The console's HTTP layer without Vue, so the boot script can use it before the app's code has
 * loaded: same-origin fetch with the session cookie, and the API's error reply kept whole.
 */
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

/** A reply as it came: its status and headers, the body parsed when it is JSON (text otherwise). */
export interface RawReply {
  status: number;
  statusText: string;
  headers: Headers;
  data: unknown;
}

export async function send(path: string, init: RequestInit): Promise<RawReply> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: 'same-origin', ...init });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试。');
  }
  if (res.status === 204) return { status: 204, statusText: res.statusText, headers: res.headers, data: undefined };
  const text = await res.text();
  let data: unknown = text;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    // CSV and other text replies stay text.
  }
  return { status: res.status, statusText: res.statusText, headers: res.headers, data };
}

/** The API's error reply as an {@link ApiError}: its code, its message as written, its failing fields. */
export function errorOf(r: RawReply): ApiError {
  const e = (r.data ?? {}) as { code?: string; message?: string; fields?: FieldIssue[]; details?: unknown };
  return new ApiError(r.status, e.code ?? `HTTP_${r.status}`, e.message ?? `${r.status} ${r.statusText}`, e.fields ?? [], e.details);
}

export const ok = (r: RawReply) => r.status >= 200 && r.status < 300;
