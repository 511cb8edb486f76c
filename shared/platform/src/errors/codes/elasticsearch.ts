import { defineErrors } from '../define.js';

/**
 * Errors of the Elasticsearch search backend (distributed mode). The cluster's own error text
 * never reaches a reply: these are 5xx, and the log keeps the cause.
 */
export const ElasticsearchErrors = defineErrors({
  ELASTICSEARCH_UNAVAILABLE: {
    statusCode: 503,
    message: 'The search cluster cannot be reached; retry later. / 搜索集群暂时无法连接，请稍后重试。',
  },
  ELASTICSEARCH_OVERLOADED: {
    statusCode: 503,
    message: 'The search cluster is overloaded; retry later. / 搜索集群负载过高，请稍后重试。',
  },
  ELASTICSEARCH_INDEX_MISSING: {
    statusCode: 503,
    message: 'The search index has not been created yet; run the reindex script. / 搜索索引尚未建立，请先执行重建索引脚本。',
  },
  ELASTICSEARCH_BULK_REJECTED: {
    statusCode: 503,
    message: 'The search cluster rejected some documents; nothing is lost in the store, reindex to repair. / 搜索集群拒收了部分文档，记录仍在存储中，重建索引即可修复。',
  },
  ELASTICSEARCH_REQUEST_FAILED: {
    statusCode: 502,
    message: 'The search cluster refused a request. / 搜索集群拒绝了请求。',
  },
});
