import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiKeyInfo, CreateApiKeyRequest, CreatedApiKey } from './api-keys.js';
import { AppError } from '../errors/define.js';
import { Errors } from '../errors/catalogue.js';
import type { RouteAccess } from './roles.js';

const ADMIN_ONLY: RouteAccess = { roles: ['admin'] };

/** Which record each scope field names. */
const SCOPE_RECORDS = { schoolId: 'school', enterpriseId: 'enterprise', studentId: 'student' } as const;

/**
 * A key's scope must name records the store holds: a mistyped enterprise id gave an HR key that
 * searched every consenting student for an enterprise nobody loaded. The store is reached through
 * the `app.store` decorator (the platform cannot import @chanjiao/store); a store without record
 * reads (the platform's own tests) is not asked. `pnpm keys create` works on the store file
 * directly and may run before any data is loaded (the first admin key), so it only warns.
 */
async function checkScopeRecords(app: { hasDecorator(name: string): boolean }, scope: Partial<Record<keyof typeof SCOPE_RECORDS, string>> | undefined): Promise<void> {
  const store = app.hasDecorator('store') ? (app as unknown as { store: { get?: (type: string, id: string) => Promise<unknown> } }).store : undefined;
  if (!scope || typeof store?.get !== 'function') return;
  const fields: Array<{ path: string; message: string }> = [];
  for (const [field, type] of Object.entries(SCOPE_RECORDS) as Array<[keyof typeof SCOPE_RECORDS, string]>) {
    const id = scope[field];
    if (id !== undefined && (await store.get(type, id)) === undefined) {
      fields.push({ path: `body.scope.${field}`, message: `no ${type} ${id} is loaded: load it first (POST /v1/ingest/${type}), or check the id / 未找到该记录，请先导入或核对编号` });
    }
  }
  if (fields.length) throw new AppError(Errors.REQUEST_VALIDATION_FAILED, { fields });
}
const KeyIdParams = z.object({ keyId: z.string().regex(/^[0-9a-f]{16}$/, 'a 16-character hex key id') }).strict();

/**
 * Key management under /v1/admin/keys, admin keys only: create (the reply shows the key
 * once), list (never a secret), revoke. Needs {@link authPlugin} (it uses `app.apiKeys`).
 */
export const keyAdminRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['admin'];

  app.post(
    '/v1/admin/keys',
    {
      config: { access: ADMIN_ONLY },
      schema: {
        tags,
        summary: 'Create an API key (the reply is the only place the key is ever shown)',
        description: 'Errors: 400 REQUEST_VALIDATION_FAILED (also a scope naming a school, enterprise or student that is not loaded).',
        body: CreateApiKeyRequest,
        response: { 201: CreatedApiKey },
      },
    },
    async (request, reply) => {
      await checkScopeRecords(app, request.body.scope);
      return reply.code(201).send(await app.apiKeys.create(request.body));
    },
  );

  app.get(
    '/v1/admin/keys',
    {
      config: { access: ADMIN_ONLY },
      schema: {
        tags,
        summary: 'List API keys, revoked ones included; never a secret',
        response: { 200: z.object({ keys: z.array(ApiKeyInfo) }) },
      },
    },
    async () => ({ keys: await app.apiKeys.list() }),
  );

  app.delete(
    '/v1/admin/keys/:keyId',
    {
      config: { access: ADMIN_ONLY },
      schema: {
        tags,
        summary: 'Revoke an API key (idempotent)',
        description: 'Errors: 400 REQUEST_VALIDATION_FAILED, 404 AUTH_KEY_NOT_FOUND.',
        params: KeyIdParams,
        response: { 200: ApiKeyInfo },
      },
    },
    async (request) => app.apiKeys.revoke(request.params.keyId),
  );
};
