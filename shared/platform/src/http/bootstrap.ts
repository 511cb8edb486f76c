import type { FastifyPluginAsync, FastifyPluginCallback } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config/index.js';
import { loadConfig } from '../config/index.js';
import { metricsPlugin } from '../observability/metrics-plugin.js';
import { runServer } from '../observability/shutdown.js';
import { authPlugin } from '../security/auth-plugin.js';
import { hardeningPlugin } from '../security/hardening-plugin.js';
import { keyAdminRoutes } from '../security/key-admin-routes.js';
import { configPlugin } from './config-plugin.js';
import { createHttpServer, type AppInstance } from './create-server.js';
import { docsPlugin } from './docs-plugin.js';
import { healthPlugin } from './health-plugin.js';

/** A plugin with its options, as the bootstrap registers it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PluginEntry = FastifyPluginAsync<any> | FastifyPluginCallback<any> | readonly [FastifyPluginAsync<any> | FastifyPluginCallback<any>, object];

export interface ServiceBootstrapOptions {
  config: Config;
  /** The OpenAPI document's title and description (`/docs`). */
  docs: { title: string; description: string };
  /** The record store plugin (`storePlugin` of @chanjiao/store, with its options): the platform cannot import it. */
  store: PluginEntry;
  /**
   * API keys (the auth plugin, with the personal-data guard) — default true. False only for a
   * service that serves the other services on the internal network (the embedding service): it
   * then has no keys, and no per-address rate limit either (its callers are the services).
   */
  auth?: boolean;
  /** The key-admin routes (`/v1/admin/keys`): the process that hands out keys (default false). */
  keyAdmin?: boolean;
  /** prom-client process metrics (default true; tests building many apps pass false). */
  processMetrics?: boolean;
  /** Capabilities (embedder, search) and then the service apps, in order. */
  plugins: readonly PluginEntry[];
}

/**
 * The one bootstrap of every service and of the embedded host: the platform's plugins in the one
 * order that works, then the service's own. Config, hardening (security headers, CORS, rate limit)
 * and metrics first, so their hooks see every route; docs before any route (the OpenAPI collector);
 * health; the store; auth before the services (a child context copies the root's hooks when it is
 * created, and the services' scope checks depend on it); then capabilities and services.
 * Nothing is listed twice by hand, so the services cannot drift apart again.
 */
export const serviceBootstrap = fp<ServiceBootstrapOptions>(
  async (app, opts) => {
    const auth = opts.auth ?? true;
    const register = async (entry: PluginEntry) => {
      if (Array.isArray(entry)) await app.register(entry[0] as FastifyPluginAsync, entry[1]);
      else await app.register(entry as FastifyPluginAsync);
    };
    await app.register(configPlugin, { config: opts.config });
    await app.register(hardeningPlugin, { rateLimit: auth });
    await app.register(metricsPlugin, { processMetrics: opts.processMetrics ?? true });
    await app.register(docsPlugin, opts.docs);
    await app.register(healthPlugin);
    await register(opts.store);
    if (auth) await app.register(authPlugin);
    if (auth && opts.keyAdmin) await app.register(keyAdminRoutes);
    for (const entry of opts.plugins) await register(entry);
  },
  { name: 'chanjiao-bootstrap', fastify: '5.x' },
);

export interface StartServiceOptions {
  /** The logger name and the service's name in its log lines. */
  name: string;
  /** The app to register on the server: usually `serviceBootstrap` with the service's options. */
  build(app: AppInstance, config: Config): PromiseLike<unknown>;
  /** The log line for a start failure that deserves its own words (e.g. a model that is not there). */
  describeFailure?(err: unknown): { fields: object; message: string } | undefined;
}

/**
 * What every `server.ts` does: config from the environment (a bad value stops here, naming it),
 * files created by this process readable by its user only (the data folder holds personal data),
 * the app built, listening with graceful shutdown; a start failure is logged and exits 1.
 */
export async function startService(opts: StartServiceOptions): Promise<{ app: AppInstance; address: string }> {
  const config = loadConfig();
  process.umask(0o077);
  const app = createHttpServer(config, { name: opts.name });
  try {
    await opts.build(app, config);
    const address = await runServer(app, config);
    return { app, address };
  } catch (err) {
    const described = opts.describeFailure?.(err);
    if (described) app.log.fatal(described.fields, described.message);
    else app.log.fatal({ err }, `${opts.name} failed to start`);
    await app.close().catch(() => undefined);
    process.exit(1);
  }
}
