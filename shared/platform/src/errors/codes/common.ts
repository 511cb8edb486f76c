import { defineErrors } from '../define.js';

/** Errors any route can answer. */
export const CommonErrors = defineErrors({
  REQUEST_VALIDATION_FAILED: { statusCode: 400, message: 'The request is invalid; see fields. / 请求参数不合法，详见 fields。' },
  REQUEST_MALFORMED_JSON: { statusCode: 400, message: 'The body is not valid JSON. / 请求体不是合法的 JSON。' },
  REQUEST_BODY_TOO_LARGE: { statusCode: 413, message: 'The request body is larger than the limit. / 请求体超过大小限制。' },
  REQUEST_UNSUPPORTED_MEDIA_TYPE: { statusCode: 415, message: 'This content type is not accepted here. / 不支持该内容类型。' },
  REQUEST_INVALID: { statusCode: 400, message: 'The request could not be read. / 无法解析该请求。' },
  REQUEST_HEADERS_TOO_LARGE: { statusCode: 431, message: 'The request line and headers are larger than the limit (16 KB); send long input in a POST body. / 请求行与请求头超过大小限制（16 KB），较长的内容请放在 POST 请求体中。' },
  ROUTE_NOT_FOUND: { statusCode: 404, message: 'No such route. / 接口不存在。' },
  METHOD_NOT_ALLOWED: { statusCode: 405, message: 'Method not allowed. / 不支持该请求方法。' },
  RATE_LIMITED: { statusCode: 429, message: 'Too many requests; retry later. / 请求过于频繁，请稍后再试。' },
  SERVICE_NOT_READY: { statusCode: 503, message: 'The service is starting. / 服务尚未就绪。' },
  STORE_UNAVAILABLE: { statusCode: 503, message: 'The record store cannot be written now; nothing was saved. / 数据存储暂不可写，本次未保存任何数据。' },
  INTERNAL: { statusCode: 500, message: 'Internal server error. / 服务器内部错误。' },
});
