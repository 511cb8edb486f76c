import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/**
 * How a caller authenticates, as OpenAPI says it (so Swagger UI's Authorize button can send a
 * key): a bearer API key, the same key in `x-api-key`, or the console's session cookie together
 * with its CSRF header (see security/session.ts).
 */
const SECURITY_SCHEMES = {
  bearerKey: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'cjk_<key id>_<secret>',
    description: 'An API key issued by an admin (POST /v1/admin/keys or `pnpm keys`). / 管理员签发的 API 密钥。',
  },
  apiKeyHeader: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'The same API key, in the x-api-key header.' },
  sessionCookie: { type: 'apiKey', in: 'cookie', name: 'cj_session', description: 'The console session (POST /v1/session); state-changing calls also need csrfToken.' },
  csrfToken: { type: 'apiKey', in: 'header', name: 'x-csrf-token', description: 'The csrfToken of POST/GET /v1/session, with the session cookie.' },
} as const;
const KEYED: Array<Record<string, string[]>> = [{ bearerKey: [] }, { apiKeyHeader: [] }, { sessionCookie: [], csrfToken: [] }];

/**
 * OpenAPI 3 generated from the routes' zod schemas, and Swagger UI at /docs. Register it
 * before any route: @fastify/swagger collects routes as they are added. Routes that need a key
 * (they declare `config.access` with roles) carry the security requirement; public ones none.
 */
export const docsPlugin = fp<{ title: string; description?: string }>(
  async (app, opts) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: { title: opts.title, description: opts.description ?? '', version: '0.1.0' },
        components: { securitySchemes: SECURITY_SCHEMES },
      },
      transform: (input) => {
        const out = jsonSchemaTransform(input);
        const access = input.route.config?.access;
        return access && access !== 'public' ? { ...out, schema: { ...out.schema, security: KEYED } } : out;
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
  },
  { name: 'chanjiao-docs', fastify: '5.x' },
);
