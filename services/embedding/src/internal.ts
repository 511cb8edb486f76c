// Entry points for benchmarks and the package's own tests (`@chanjiao/embedding/internal`): not
// part of what the services rely on, and free to change with them.
export { silentLogger, type EmbedderLogger } from './embedder.js';
export { contentHash, type LocalEmbedderConfig, type LocalEmbedderOptions, type LocalEmbedderStats } from './local/local-embedder.js';
export { MicroBatcher, QueueFullError, INTERACTIVE_RESERVE_MS, type EmbedPriority, type MicroBatcherOptions } from './local/batcher.js';
export { spawnInferenceWorker, type SpawnWorker } from './local/worker-pool.js';
export type { InferenceWorkerData } from './local/protocol.js';
export type { EmbeddingClientOptions } from './client.js';
export { checkEmbeddingInput, type EmbeddingLimits } from './app.js';
export { EmbeddingRequest, EmbeddingResponse, EmbeddingItem, vectorToBase64, vectorFromBase64 } from './schemas.js';
export { BGE_SMALL_ZH, type ModelFile } from './model/manifest.js';
export { verifyModelDir, assertModelDir, checkModelFile, sha256File, hashFile, type ModelFileProblem } from './model/verify.js';
export { normalizeText, tokenBound, truncateToTokens, composeSections, TEXT_TOKEN_BUDGET } from './text/normalize.js';
export { type FetchModelOptions, type ModelSource } from './model/fetch.js';
export { extractTarGz, type TarFile } from './model/tar.js';
export { plainPipeline, type PlainEmbed } from './model/plain-pipeline.js';
