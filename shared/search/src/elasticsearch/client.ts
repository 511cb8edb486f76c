import { readFileSync } from 'node:fs';
import { Client, Transport, type BaseConnection, type ClientOptions } from '@elastic/elasticsearch';
import type { Config } from '@chanjiao/platform';

/** The settings the client needs; a slice of {@link Config} so tests can pass just these. */
export type ElasticsearchClientConfig = Pick<
  Config,
  | 'ELASTICSEARCH_URL'
  | 'ELASTICSEARCH_API_KEY'
  | 'ELASTICSEARCH_USERNAME'
  | 'ELASTICSEARCH_PASSWORD'
  | 'ELASTICSEARCH_CA_FILE'
  | 'ELASTICSEARCH_REQUEST_TIMEOUT_MS'
  | 'ELASTICSEARCH_MAX_RETRIES'
>;

export interface ElasticsearchClientOverrides {
  /**
   * The HTTP connection class. Default: the client's own (undici). Unit tests inject a recording
   * connection here, which is how they remove the network (the elasticsearch-js way).
   */
  Connection?: typeof BaseConnection;
  /**
   * Seconds to wait before retry `attempt`. Default: the transport's exponential backoff with
   * jitter (1–2 s, then 2–4 s, capped at 4 s). Tests shorten it.
   */
  retryBackoff?: (min: number, max: number, attempt: number) => number;
}

/**
 * The client options for a config: one node, API key or basic auth, a private CA,
 * bounded retries (`ELASTICSEARCH_MAX_RETRIES`) and a per-attempt timeout.
 * Throws when no URL is set: the caller asked for Elasticsearch without a cluster.
 */
export function elasticsearchClientOptions(
  config: ElasticsearchClientConfig,
  overrides: ElasticsearchClientOverrides = {},
): ClientOptions {
  if (!config.ELASTICSEARCH_URL) throw new Error('ELASTICSEARCH_URL is not set');
  const options: ClientOptions = {
    node: config.ELASTICSEARCH_URL,
    maxRetries: config.ELASTICSEARCH_MAX_RETRIES,
    requestTimeout: config.ELASTICSEARCH_REQUEST_TIMEOUT_MS,
    name: 'chanjiao-match',
    // Never put the credentials or request bodies (student profiles) into error objects that get logged.
    redaction: { type: 'replace' },
  };
  if (config.ELASTICSEARCH_API_KEY) {
    options.auth = { apiKey: config.ELASTICSEARCH_API_KEY };
  } else if (config.ELASTICSEARCH_USERNAME) {
    options.auth = { username: config.ELASTICSEARCH_USERNAME, password: config.ELASTICSEARCH_PASSWORD ?? '' };
  }
  if (config.ELASTICSEARCH_CA_FILE) {
    options.tls = { ca: readFileSync(config.ELASTICSEARCH_CA_FILE, 'utf8'), rejectUnauthorized: true };
  }
  if (overrides.Connection) options.Connection = overrides.Connection;
  const backoff = overrides.retryBackoff;
  if (backoff) {
    // The client does not forward `retryBackoff` to its transport, so hand it a transport that sets it.
    options.Transport = class extends Transport {
      constructor(opts: ConstructorParameters<typeof Transport>[0]) {
        super({ ...opts, retryBackoff: backoff });
      }
    };
  }
  return options;
}

/**
 * A new client for the config. The caller owns it (inject it where it is needed, close it on
 * shutdown); there is no module-level client.
 */
export function createElasticsearchClient(
  config: ElasticsearchClientConfig,
  overrides: ElasticsearchClientOverrides = {},
): Client {
  return new Client(elasticsearchClientOptions(config, overrides));
}
