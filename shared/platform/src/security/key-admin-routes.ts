import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiKeyInfo, CreateApiKeyRequest, CreatedApiKey } from './api-keys.js';
import type { RouteAccess } from './roles.js';

const ADMIN_ONLY: RouteAccess = { roles: ['admin'] };
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
        description: 'Errors: 400 REQUEST_VALIDATION_FAILED.',
        body: CreateApiKeyRequest,
        response: { 201: CreatedApiKey },
      },
    },
    async (request, reply) => reply.code(201).send(await app.apiKeys.create(request.body)),
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
