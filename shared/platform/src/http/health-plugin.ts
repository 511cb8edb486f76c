import fp from 'fastify-plugin';
import { z } from 'zod';

export type ReadinessCheck = () => boolean | Promise<boolean>;
/** Numbers a check reports beside its verdict (e.g. the index's embedding backlog). */
export type ReadinessDetail = () => Record<string, number> | Promise<Record<string, number>>;

declare module 'fastify' {
  interface FastifyInstance {
    /** Capabilities register what "ready" means for them (model loaded, index built …). */
    readiness: { add(name: string, check: ReadinessCheck, detail?: ReadinessDetail): void };
  }
}

const ReadyReply = z.object({
  ready: z.boolean(),
  checks: z.record(z.string(), z.boolean()),
  /** Per check that reports them: its numbers now, ready or not (a backlog that does not block readiness). */
  details: z.record(z.string(), z.record(z.string(), z.number())).optional(),
});

/**
 * `/healthz`: the process answers (liveness). `/readyz`: every registered check passes
 * (readiness); 503 until then, so a load balancer sends no traffic to a warming process.
 */
export const healthPlugin = fp(
  async (app) => {
    const checks = new Map<string, ReadinessCheck>();
    const details = new Map<string, ReadinessDetail>();
    app.decorate('readiness', {
      add: (name: string, check: ReadinessCheck, detail?: ReadinessDetail) => {
        checks.set(name, check);
        if (detail) details.set(name, detail);
      },
    });
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
      const numbers: Record<string, Record<string, number>> = {};
      for (const [name, detail] of details) {
        try {
          numbers[name] = await detail();
        } catch {
          // a failing detail leaves its numbers out; the verdict above stands
        }
      }
      return reply.code(ready ? 200 : 503).send({ ready, checks: results, ...(details.size ? { details: numbers } : {}) });
    });
  },
  { name: 'chanjiao-health', fastify: '5.x' },
);
