export { Role, ROLES, Scope, Grant, canAccess, scopeIssues, checkGrant, type Principal, type RouteAccess, type ScopeField } from './roles.js';
export {
  ApiKeyService,
  ApiKeyRecord,
  ApiKeyInfo,
  CreateApiKeyRequest,
  CreatedApiKey,
  API_KEY_COLLECTION,
  createDemoKeys,
  type ApiKeyServiceOptions,
  type DemoScopes,
  type DocumentStore,
} from './api-keys.js';
export { authPlugin, requirePrincipal, assertScope, assertSelf, type AuthPluginOptions, type AccessRule } from './auth-plugin.js';
export { keyAdminRoutes } from './key-admin-routes.js';
export { hardeningPlugin } from './hardening-plugin.js';
export { findPersonalData, maskPersonalNumbers, redactPersonalList, redactPersonalNumbers, splitChineseName, type PersonalKind, type PersonalSpan } from './personal-data.js';
export {
  SessionService,
  SessionReply,
  SessionRecord,
  SESSION_COLLECTION,
  SESSION_COOKIE,
  CSRF_HEADER,
  type ActiveSession,
  type SessionServiceOptions,
} from './session.js';
