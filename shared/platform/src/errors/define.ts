/** One entry of the error catalogue: a stable code, its HTTP status and a message for people. */
export interface ErrorDefinition {
  readonly code: string;
  readonly statusCode: number;
  /** English first, then Chinese: the replies reach HR staff and school offices. */
  readonly message: string;
}

/** Build a typed group of catalogue entries; the key is the code. */
export function defineErrors<const T extends Record<string, { statusCode: number; message: string }>>(
  defs: T,
): { readonly [K in keyof T]: ErrorDefinition & { readonly code: K & string } } {
  const out: Record<string, ErrorDefinition> = {};
  for (const [code, d] of Object.entries(defs)) out[code] = Object.freeze({ code, ...d });
  return Object.freeze(out) as never;
}

/** A failing field: `path` is dotted from the request part (`body.rows.3.majorCode`, `query.limit`). */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * The one error type handlers throw for expected failures. The error handler turns it into
 * `{ statusCode, code, error, message, fields?, details? }`; codes are never matched by message text.
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: string;
  readonly statusCode: number;
  readonly fields: readonly FieldIssue[] | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;
  /** Extra reply headers (e.g. Retry-After on 429). */
  readonly headers: Readonly<Record<string, string>> | undefined;

  constructor(
    def: ErrorDefinition,
    opts: {
      message?: string;
      fields?: readonly FieldIssue[];
      details?: Record<string, unknown>;
      headers?: Record<string, string>;
      cause?: unknown;
    } = {},
  ) {
    super(opts.message ?? def.message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = def.code;
    this.statusCode = def.statusCode;
    this.fields = opts.fields;
    this.details = opts.details;
    this.headers = opts.headers;
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

/**
 * A value from the request, shortened for echoing in a reply: at most `max` characters, then
 * `…(+N chars)`. Replies echo ids, headers and paths the client sent; clipped, a 10 MB id costs a
 * reply 100 bytes, not 10 MB per error that names it.
 */
export function clipEcho(value: string, max = 64): string {
  return value.length <= max ? value : `${value.slice(0, max)}…(+${value.length - max} chars)`;
}
