// What the services and the tools use. Benchmark- and test-only entry points (the plain pipeline,
// the micro-batcher, tar and model-file helpers, text budget helpers) are in `./internal`.
export type { EmbedCache, Embedder, EmbedOptions, EmbedResult } from './embedder.js';
export { createLocalEmbedder, type LocalEmbedder } from './local/local-embedder.js';
export { EmbeddingClient } from './client.js';
export { embedderPlugin, type EmbedderPluginOptions } from './plugin.js';
export { embeddingApp, EMBEDDING_API_ROLES } from './app.js';
export { ModelUnavailableError } from './model/verify.js';
export { fetchModel } from './model/fetch.js';
export { studentText, postText, queryText } from './text/profile-text.js';
