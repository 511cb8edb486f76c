import { errors as esErrors } from '@elastic/elasticsearch';
import { AppError, Errors, isAppError } from '@chanjiao/platform';

/**
 * The cause kept on the AppError: name, status and the cluster's error type only. The client's
 * own error carries the request (with document bodies) and the response; those stay out of logs.
 */
function summary(err: Error, statusCode?: number, type?: string): Error {
  const parts = [err.name, statusCode === undefined ? undefined : String(statusCode), type, err.message].filter(Boolean);
  return new Error(parts.join(': '));
}

function responseType(err: InstanceType<typeof esErrors.ResponseError>): string | undefined {
  const body = err.body as { error?: { type?: unknown } } | undefined;
  return typeof body?.error?.type === 'string' ? body.error.type : undefined;
}

/**
 * Translate what the client throws into catalogue errors. Connection failures and timeouts (after
 * the transport's bounded retries) and 502/503/504 become 503 ELASTICSEARCH_UNAVAILABLE; 429 becomes
 * 503 ELASTICSEARCH_OVERLOADED with Retry-After; a missing index 503 ELASTICSEARCH_INDEX_MISSING;
 * any other refusal 502 ELASTICSEARCH_REQUEST_FAILED. Anything else is a bug and is rethrown as is.
 */
export function toAppError(err: unknown): unknown {
  if (isAppError(err) || !(err instanceof Error)) return err;
  if (
    err instanceof esErrors.ConnectionError ||
    err instanceof esErrors.TimeoutError ||
    err instanceof esErrors.NoLivingConnectionsError
  ) {
    return new AppError(Errors.ELASTICSEARCH_UNAVAILABLE, { cause: summary(err) });
  }
  if (err instanceof esErrors.ResponseError) {
    const status = err.statusCode ?? 0;
    const type = responseType(err);
    const cause = summary(err, status, type);
    if (status === 429) return new AppError(Errors.ELASTICSEARCH_OVERLOADED, { cause, headers: { 'retry-after': '1' } });
    if (status === 502 || status === 503 || status === 504) return new AppError(Errors.ELASTICSEARCH_UNAVAILABLE, { cause });
    if (type === 'index_not_found_exception') return new AppError(Errors.ELASTICSEARCH_INDEX_MISSING, { cause });
    return new AppError(Errors.ELASTICSEARCH_REQUEST_FAILED, { cause });
  }
  if (err instanceof esErrors.ElasticsearchClientError) {
    return new AppError(Errors.ELASTICSEARCH_REQUEST_FAILED, { cause: summary(err) });
  }
  return err;
}

/** Run one cluster call, turning the client's errors into catalogue errors. */
export async function esCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toAppError(err);
  }
}
