export { AppError, isAppError, defineErrors, clipEcho, type ErrorDefinition, type FieldIssue } from './define.js';
export { ErrorCatalogue, Errors, ERROR_GROUPS } from './catalogue.js';
export { issuesToFields } from './zod-fields.js';
