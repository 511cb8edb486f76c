import { defineErrors } from '../define.js';

/**
 * Authentication and authorisation (API keys, roles, scopes). 401: no usable key, so the
 * client should send one; 403: the key is fine but may not do this.
 */
export const AuthErrors = defineErrors({
  AUTH_MISSING_KEY: {
    statusCode: 401,
    message: 'An API key is required: send `Authorization: Bearer <key>`. / 需要 API 密钥：请在请求头中携带 `Authorization: Bearer <key>`。',
  },
  AUTH_INVALID_KEY: {
    statusCode: 401,
    message: 'The API key is unknown, malformed or revoked. / API 密钥无效、格式错误或已被吊销。',
  },
  AUTH_FORBIDDEN_ROLE: {
    statusCode: 403,
    message: 'Your role may not use this route. / 当前角色无权访问该接口。',
  },
  AUTH_FORBIDDEN_SCOPE: {
    statusCode: 403,
    message: 'This record belongs to another school, enterprise or student. / 该数据属于其他院校、企业或学生，无权访问。',
  },
  AUTH_ROUTE_NOT_DECLARED: {
    statusCode: 403,
    message: 'This route declares no access rule, so it is closed. / 该接口未声明访问规则，默认拒绝访问。',
  },
  AUTH_SESSION_INVALID: {
    statusCode: 401,
    message: 'The session is unknown, expired or signed out, or its API key was revoked: sign in again. / 会话不存在、已过期或已退出，或其 API 密钥已被吊销，请重新登录。',
  },
  AUTH_CSRF: {
    statusCode: 403,
    message: 'A state-changing request made with the session cookie needs its `x-csrf-token` header (from POST or GET /v1/session). / 使用会话 Cookie 的写操作须携带 `x-csrf-token` 请求头（取自 POST 或 GET /v1/session）。',
  },
  AUTH_KEY_NOT_FOUND: {
    statusCode: 404,
    message: 'No API key with this id. / 不存在该 API 密钥。',
  },
});
