/**
 * An open-loop load driver: request i is due at start + i / rate and is sent then, whether or not
 * earlier ones have been answered, and its latency runs from when it was due (not from when it
 * went out, nor from when a connection freed up). So a server that falls behind shows it in the
 * latencies, instead of the driver waiting and sending less (coordinated omission). Connections
 * are not a limit: the pool opens as many as requests in flight need.
 */
import { Pool } from 'undici';

export interface OpenLoopOptions {
  url: string;
  /** Requests per second offered. */
  rate: number;
  count: number;
  headers: Record<string, string>;
  body: (i: number) => string;
  /** A request not answered by then counts as an error (default 10 s). */
  timeoutMs?: number;
}

export interface OpenLoopResult {
  sent: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  /** How late the driver itself sent (p99): large values mean the client, not the server, fell behind. */
  sendLagP99Ms: number;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round2 = (x: number) => Math.round(x * 100) / 100;

export async function openLoop(opts: OpenLoopOptions): Promise<OpenLoopResult> {
  const url = new URL(opts.url);
  const pool = new Pool(url.origin, { connections: 512, pipelining: 1, keepAliveTimeout: 30_000 });
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const latencies: number[] = [];
  const lags: number[] = [];
  let errors = 0;
  const inflight: Array<Promise<void>> = [];
  const interval = 1000 / opts.rate;
  const start = performance.now() + 50;
  try {
    for (let i = 0; i < opts.count; i++) {
      const due = start + i * interval;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      lags.push(Math.max(0, performance.now() - due));
      inflight.push(
        pool
          .request({ path: url.pathname, method: 'POST', headers: opts.headers, body: opts.body(i), headersTimeout: timeoutMs, bodyTimeout: timeoutMs })
          .then(async (res) => {
            await res.body.text();
            latencies.push(performance.now() - due);
            if (res.statusCode >= 300) errors++;
          })
          .catch(() => {
            latencies.push(performance.now() - due);
            errors++;
          }),
      );
    }
    await Promise.all(inflight);
  } finally {
    await pool.close();
  }
  latencies.sort((a, b) => a - b);
  lags.sort((a, b) => a - b);
  return {
    sent: opts.count,
    p50Ms: round2(pct(latencies, 50)),
    p99Ms: round2(pct(latencies, 99)),
    maxMs: round2(latencies[latencies.length - 1] ?? 0),
    errors,
    sendLagP99Ms: round2(pct(lags, 99)),
  };
}
