import fp from 'fastify-plugin';
import { z } from 'zod';

export type ReadinessCheck = () => boolean | Promise<boolean>;

declare module 'fastify' {
  interface FastifyInstance {
    /** Capabilities register what "ready" means for them (model loaded, index built …). */
    readiness: { add(name: string, check: ReadinessCheck): void };
  }
}

const ReadyReply = z.object({ ready: z.boolean(), checks: z.record(z.string(), z.boolean()) });

/**
 * `/healthz`: the process answers (liveness). `/readyz`: every registered check passes
 * (readiness); 503 until then, so a load balancer sends no traffic to a warming process.
 */
export const healthPlugin = fp(
  async (app) => {
    const checks = new Map<string, ReadinessCheck>();
    app.decorate('readiness', { add: (name: string, check: ReadinessCheck) => void checks.set(name, check) });
    app.get('/healthz', { schema: { hide: true, response: { 200: z.object({ status: z.literal('ok') }) } } }, async () => ({
      status: 'ok' as const,
    }));
    app.get('/readyz', { schema: { hide: true, response: { 200: ReadyReply, 503: ReadyReply } } }, async (_req, reply) => {
      const results: Record<string, boolean> = {};
      for (const [name, check] of checks) {
        try {
          results[name] = await check();
        } catch {
          results[name] = false;
        }
      }
      const ready = Object.values(results).every(Boolean);
      return reply.code(ready ? 200 : 503).send({ ready, checks: results });
    });
  },
  { name: 'chanjiao-health', fastify: '5.x' },
);
