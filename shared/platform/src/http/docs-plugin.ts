import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/**
 * OpenAPI 3 generated from the routes' zod schemas, and Swagger UI at /docs. Register it
 * before any route: @fastify/swagger collects routes as they are added.
 */
export const docsPlugin = fp<{ title: string; description?: string }>(
  async (app, opts) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: { title: opts.title, description: opts.description ?? '', version: '0.1.0' },
      },
      transform: jsonSchemaTransform,
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
  },
  { name: 'chanjiao-docs', fastify: '5.x' },
);
