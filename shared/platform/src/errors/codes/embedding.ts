import { defineErrors } from '../define.js';

/** Errors of the embedding service (services/embedding) and of its HTTP client. */
export const EmbeddingErrors = defineErrors({
  EMBED_INPUT_EMPTY: {
    statusCode: 400,
    message: 'The input is empty: send at least one non-blank text. / 输入为空：请至少提供一段非空文本。',
  },
  EMBED_TOO_MANY_INPUTS: {
    statusCode: 400,
    message: 'Too many texts in one request; split it (see details.max). / 单次请求的文本过多，请拆分（上限见 details.max）。',
  },
  EMBED_TEXT_TOO_LONG: {
    statusCode: 400,
    message: 'A text is longer than the limit (see fields and details.maxChars). / 文本超过长度上限（见 fields 与 details.maxChars）。',
  },
  EMBED_MODEL_UNKNOWN: {
    statusCode: 400,
    message: 'This service embeds with another model (see details.model). / 本服务不提供所请求的模型（见 details.model）。',
  },
  EMBED_QUEUE_FULL: {
    statusCode: 429,
    message: 'The embedding queue is full; retry after the time in Retry-After. / 向量化队列已满，请按 Retry-After 稍后重试。',
  },
  EMBED_QUOTA_EXCEEDED: {
    statusCode: 429,
    message: 'This API key already has as many embedding requests running as it may; wait for one to finish. / 该 API 密钥正在进行的向量化请求已达上限，请等待完成后再试。',
  },
  EMBED_MODEL_UNAVAILABLE: {
    statusCode: 503,
    message: 'The embedding model could not be loaded. / 向量模型无法加载。',
  },
  EMBED_WORKER_FAILED: {
    statusCode: 503,
    message: 'The embedding worker failed; retry later. / 向量化进程异常，请稍后重试。',
  },
  EMBED_SERVICE_UNAVAILABLE: {
    statusCode: 503,
    message: 'The embedding service cannot be reached. / 无法连接向量化服务。',
  },
  EMBED_UPSTREAM_INVALID: {
    statusCode: 502,
    message: 'The embedding service answered with an invalid reply. / 向量化服务返回了无效的响应。',
  },
});
