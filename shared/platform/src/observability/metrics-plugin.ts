import fp from 'fastify-plugin';
import {
  Counter,
  Gauge,
  Histogram,
  Registry,
  collectDefaultMetrics,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
} from 'prom-client';
import type { RouteAccess } from '../security/roles.js';

type Config<C> = Omit<C, 'registers'>;

/**
 * The app's Prometheus registry and a typed way for capabilities to add their own metrics:
 * queue depths and index sizes as gauges read at scrape time (`collect`), throughput and the
 * degraded-mode count as counters. Names are the capability's (`chanjiao_<area>_<what>`, with
 * `_total` for counters and the unit last, e.g. `chanjiao_embed_queue_depth`).
 * Asking twice for one name returns the metric already registered (two services in one
 * process may share a metric); asking with another kind of metric throws.
 */
export interface Metrics {
  readonly registry: Registry;
  counter<L extends string = never>(config: Config<CounterConfiguration<L>>): Counter<L>;
  gauge<L extends string = never>(config: Config<GaugeConfiguration<L>>): Gauge<L>;
  histogram<L extends string = never>(config: Config<HistogramConfiguration<L>>): Histogram<L>;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics;
  }
}

export interface MetricsPluginOptions {
  /**
   * Also export the process metrics of prom-client (CPU, memory, event-loop lag, GC). Default
   * true; tests that build many apps in one process pass false (each call installs a GC observer
   * that lives as long as the process).
   */
  processMetrics?: boolean;
}

/** Seconds; requests of this service take from about a millisecond (a cached lookup) to seconds (a bulk import). */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

function createMetrics(registry: Registry): Metrics {
  function getOrCreate<M>(kind: new (config: never) => M, config: { name: string }): M {
    const existing = registry.getSingleMetric(config.name);
    if (existing) {
      if (existing instanceof kind) return existing;
      throw new Error(`metric ${config.name} is already registered as another kind of metric`);
    }
    return new kind({ ...config, registers: [registry] } as never);
  }
  return {
    registry,
    counter: (config) => getOrCreate(Counter, config),
    gauge: (config) => getOrCreate(Gauge, config),
    histogram: (config) => getOrCreate(Histogram, config),
  };
}

/**
 * Prometheus metrics for one app instance: its own registry (never prom-client's global
 * one, so many apps can live in one test process), `app.metrics` for capabilities, a request
 * latency histogram per route pattern, method and status class, and `GET /metrics` in the
 * Prometheus text format (public, or admin-only when METRICS_PUBLIC=false). Register it at the
 * root before the service plugins, so its response hook covers their routes.
 */
export const metricsPlugin = fp<MetricsPluginOptions>(
  async (app, opts) => {
    const registry = new Registry();
    if (opts.processMetrics ?? true) collectDefaultMetrics({ register: registry });
    const metrics = createMetrics(registry);
    app.decorate('metrics', metrics);

    const latency = metrics.histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from request received to response sent, by route pattern, method and status class.',
      labelNames: ['method', 'route', 'status_class'] as const,
      buckets: LATENCY_BUCKETS,
    });
    app.addHook('onResponse', async (request, reply) => {
      latency.observe(
        {
          method: request.method,
          // The pattern, never the raw URL: ids and probes of unknown paths must not create label values.
          route: request.is404 ? '(unmatched)' : (request.routeOptions.url ?? '(unmatched)'),
          status_class: `${Math.floor(reply.statusCode / 100)}xx`,
        },
        reply.elapsedTime / 1000,
      );
    });

    const access: RouteAccess = app.config.METRICS_PUBLIC ? 'public' : { roles: ['admin'] };
    app.get('/metrics', { config: { access }, schema: { hide: true } }, async (_request, reply) => {
      const body = await registry.metrics();
      return reply.type(registry.contentType).send(body);
    });
  },
  { name: 'chanjiao-metrics', dependencies: ['chanjiao-config'], fastify: '5.x' },
);
