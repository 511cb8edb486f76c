import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/index.js';

/**
 * A stop signal this soon after the first is the same stop request, not an impatient second one:
 * a terminal's Ctrl-C reaches the whole process group, and a wrapper in it (pnpm, npm, tsx)
 * relays it to this process once more a moment later; systemd's stop does the same with SIGTERM.
 * The relay takes tens of milliseconds, a few hundred on a busy machine; a person pressing Ctrl-C
 * again because the stop seems stuck does so later.
 */
const SAME_STOP_REQUEST_MS = 2_000;

export interface ShutdownOptions {
  /** Default SIGTERM and SIGINT. */
  signals?: readonly NodeJS.Signals[];
  /** How the process ends; injected by tests. Default `process.exit`. */
  exit?: (code: number) => void;
  /** A signal within this many ms of the first is the same stop request (default {@link SAME_STOP_REQUEST_MS}). */
  sameStopRequestMs?: number;
}

/**
 * Graceful shutdown: on SIGTERM or SIGINT the app closes — fastify stops accepting
 * connections and lets in-flight requests finish, then the capabilities' `onClose` hooks run
 * (queues drain, the index snapshot is written, the store closes) — and the process exits 0.
 * If that takes longer than `SHUTDOWN_GRACE_MS`, or another signal comes later than
 * `sameStopRequestMs` after the first, it exits 1 at once. Returns a function that removes the
 * signal handlers.
 */
export function installShutdown(
  app: FastifyInstance,
  config: Pick<Config, 'SHUTDOWN_GRACE_MS'>,
  opts: ShutdownOptions = {},
): () => void {
  const signals = opts.signals ?? ['SIGTERM', 'SIGINT'];
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const sameRequestMs = opts.sameStopRequestMs ?? SAME_STOP_REQUEST_MS;
  let closingSince: number | null = null;

  const onSignal = (signal: NodeJS.Signals): void => {
    if (closingSince !== null) {
      const afterMs = Math.round(performance.now() - closingSince);
      if (afterMs < sameRequestMs) {
        app.log.info({ signal, afterMs }, 'signal relayed again during shutdown; still shutting down');
        return;
      }
      app.log.error({ signal, afterMs }, 'second signal during shutdown; exiting now');
      exit(1);
      return;
    }
    closingSince = performance.now();
    app.log.info({ signal, graceMs: config.SHUTDOWN_GRACE_MS }, 'shutting down: finishing in-flight requests');
    const timer = setTimeout(() => {
      app.log.error({ graceMs: config.SHUTDOWN_GRACE_MS }, 'shutdown grace period exceeded; exiting');
      exit(1);
    }, config.SHUTDOWN_GRACE_MS);
    // server.close() drops the keep-alive connections that are idle when it is called; one
    // whose request was in flight turns idle only later and would hold the close open until
    // the client hangs up. Reap those as they finish.
    const reaper = setInterval(() => app.server.closeIdleConnections(), 50);
    const done = (code: number) => {
      clearTimeout(timer);
      clearInterval(reaper);
      exit(code);
    };
    app.close().then(
      () => {
        app.log.info('shut down cleanly');
        done(0);
      },
      (err: unknown) => {
        app.log.error({ err }, 'shutdown failed');
        done(1);
      },
    );
  };

  for (const s of signals) process.on(s, onSignal);
  return () => {
    for (const s of signals) process.off(s, onSignal);
  };
}

/**
 * What a service's `server.ts` does after building its app: listen on HOST:PORT and install
 * the graceful shutdown. Resolves to the address listened on.
 */
export async function runServer(
  app: FastifyInstance,
  config: Pick<Config, 'HOST' | 'PORT' | 'SHUTDOWN_GRACE_MS'>,
  opts: ShutdownOptions = {},
): Promise<string> {
  // Installed first: a SIGTERM while the app is still starting (loading a model) also shuts down cleanly.
  installShutdown(app, config, opts);
  return app.listen({ host: config.HOST, port: config.PORT });
}
