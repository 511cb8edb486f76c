import t from 'tap';
import { Counter } from 'prom-client';
import { buildSecuredApp } from './helpers/security-app.js';

/** The sample lines of one metric family, without HELP/TYPE. */
function samples(text: string, name: string): string[] {
  return text.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
}

t.test('/metrics: Prometheus text with a latency histogram per route pattern, method and status class', async (t) => {
  const { app } = await buildSecuredApp();
  t.teardown(() => app.close());
  const hr = (await app.apiKeys.create({ role: 'hr', scope: { enterpriseId: 'E1' }, label: 'hr' })).key;
  await app.inject({ method: 'GET', url: '/v1/open' });
  await app.inject({ method: 'GET', url: '/v1/open' });
  await app.inject({ method: 'GET', url: '/v1/enterprises/E1/shortlists', headers: { authorization: `Bearer ${hr}` } });
  await app.inject({ method: 'GET', url: '/v1/enterprises/E2/shortlists', headers: { authorization: `Bearer ${hr}` } });
  await app.inject({ method: 'GET', url: '/no/such/path/42' });
  const res = await app.inject({ method: 'GET', url: '/metrics' });
  t.equal(res.statusCode, 200);
  t.equal(res.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
  t.match(res.body, '# TYPE http_request_duration_seconds histogram');
  t.same(samples(res.body, 'http_request_duration_seconds_count'), [
    'http_request_duration_seconds_count{method="GET",route="/v1/open",status_class="2xx"} 2',
    'http_request_duration_seconds_count{method="GET",route="/v1/enterprises/:enterpriseId/shortlists",status_class="2xx"} 1',
    'http_request_duration_seconds_count{method="GET",route="/v1/enterprises/:enterpriseId/shortlists",status_class="4xx"} 1',
    'http_request_duration_seconds_count{method="GET",route="(unmatched)",status_class="4xx"} 1',
  ]);
  const openBuckets = samples(res.body, 'http_request_duration_seconds_bucket').filter((l) => l.includes('route="/v1/open"'));
  t.equal(openBuckets.length, 15, '14 bounds and +Inf');
  t.equal(openBuckets.at(-1), 'http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/v1/open",status_class="2xx"} 2');
});

t.test('capabilities register typed gauges and counters; asking twice returns the same metric', async (t) => {
  const { app } = await buildSecuredApp();
  t.teardown(() => app.close());
  let depth = 7;
  app.metrics.gauge({
    name: 'chanjiao_embed_queue_depth',
    help: 'Texts waiting for inference.',
    collect() {
      this.set(depth);
    },
  });
  const degraded = app.metrics.counter({
    name: 'chanjiao_search_degraded_total',
    help: 'Searches answered lexical-only.',
    labelNames: ['reason'] as const,
  });
  degraded.inc({ reason: 'embedder-down' });
  degraded.inc({ reason: 'embedder-down' });
  t.equal(app.metrics.counter({ name: 'chanjiao_search_degraded_total', help: 'again', labelNames: ['reason'] as const }), degraded);
  t.type(degraded, Counter);
  t.throws(() => app.metrics.gauge({ name: 'chanjiao_search_degraded_total', help: 'clash' }), /already registered as another kind/);

  let text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  t.same(samples(text, 'chanjiao_embed_queue_depth'), ['chanjiao_embed_queue_depth 7']);
  t.same(samples(text, 'chanjiao_search_degraded_total'), ['chanjiao_search_degraded_total{reason="embedder-down"} 2']);
  depth = 0;
  text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  t.same(samples(text, 'chanjiao_embed_queue_depth'), ['chanjiao_embed_queue_depth 0'], 'read at scrape time');
});

t.test('each app has its own registry', async (t) => {
  const one = await buildSecuredApp();
  const two = await buildSecuredApp();
  t.teardown(() => Promise.all([one.app.close(), two.app.close()]));
  one.app.metrics.counter({ name: 'chanjiao_only_in_one_total', help: 'x' }).inc();
  await one.app.inject({ method: 'GET', url: '/v1/open' });
  const text = (await two.app.inject({ method: 'GET', url: '/metrics' })).body;
  t.same(samples(text, 'chanjiao_only_in_one_total'), []);
  t.same(samples(text, 'http_request_duration_seconds_count'), []);
});

t.test('METRICS_PUBLIC=false: /metrics needs an admin key', async (t) => {
  const { app } = await buildSecuredApp({ METRICS_PUBLIC: 'false' });
  t.teardown(() => app.close());
  const admin = (await app.apiKeys.create({ role: 'admin', label: 'ops' })).key;
  const office = (await app.apiKeys.create({ role: 'office', label: 'office' })).key;
  t.same((await app.inject({ method: 'GET', url: '/metrics' })).json().code, 'AUTH_MISSING_KEY');
  const denied = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${office}` } });
  t.same([denied.statusCode, denied.json().code], [403, 'AUTH_FORBIDDEN_ROLE']);
  const ok = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${admin}` } });
  t.equal(ok.statusCode, 200);
});
