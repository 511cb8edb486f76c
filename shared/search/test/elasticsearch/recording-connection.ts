import { BaseConnection, type ConnectionRequestParams } from '@elastic/elasticsearch';

/** One request the client sent, with its body parsed (ndjson bodies as an array of lines). */
export interface RecordedRequest {
  method: string;
  path: string;
  querystring: string;
  body: unknown;
  /** The connection's authorization header (how the configured credentials reach the cluster). */
  authorization: string | undefined;
}

export interface Reply {
  statusCode?: number;
  body?: unknown;
}

export type Responder = (req: RecordedRequest) => Reply;

function parseBody(raw: ConnectionRequestParams['body'], contentType: unknown): unknown {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const text = typeof raw === 'string' ? raw : Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw);
  if (String(contentType ?? '').includes('ndjson')) {
    return text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as unknown);
  }
  return JSON.parse(text) as unknown;
}

/**
 * A Connection class for the client that never touches the network: it records each request
 * and answers with what `respond` returns (200 `{}` by default), as Elasticsearch would (JSON,
 * with the product header the client checks). Each call makes a fresh class with its own log.
 */
export function recordingConnection(respond: Responder = () => ({})): {
  Connection: typeof BaseConnection;
  requests: RecordedRequest[];
} {
  const requests: RecordedRequest[] = [];
  class RecordingConnection extends BaseConnection {
    override async request(params: ConnectionRequestParams): Promise<never> {
      const headers = params.headers ?? {};
      const req: RecordedRequest = {
        method: params.method,
        path: params.path,
        querystring: params.querystring ?? '',
        body: parseBody(params.body, headers['content-type']),
        authorization: this.headers.authorization as string | undefined,
      };
      requests.push(req);
      const reply = respond(req);
      const isHead = params.method === 'HEAD';
      return {
        statusCode: reply.statusCode ?? 200,
        body: isHead || reply.body === undefined ? (isHead ? '' : '{}') : JSON.stringify(reply.body),
        headers: { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' },
      } as never;
    }
  }
  return { Connection: RecordingConnection as unknown as typeof BaseConnection, requests };
}
