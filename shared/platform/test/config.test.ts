import t from 'tap';
import { ConfigError, loadConfig } from '@chanjiao/platform';

t.test('defaults are complete and frozen', async (t) => {
  const c = loadConfig({});
  t.equal(c.PORT, 3000);
  t.equal(c.MODE, 'embedded');
  t.equal(c.SEARCH_FUSION, 'rrf');
  t.ok(Object.isFrozen(c));
});

t.test('values are coerced from strings; empty counts as unset', async (t) => {
  const c = loadConfig({ PORT: '8080', EMBED_WORKERS: '3', LOG_PRETTY: 'false', DATA_DIR: '' });
  t.equal(c.PORT, 8080);
  t.equal(c.EMBED_WORKERS, 3);
  t.equal(c.LOG_PRETTY, false);
  t.equal(c.DATA_DIR, '.data');
});

t.test('a bad value stops the start, naming every failing variable', async (t) => {
  const err = t.throws(() => loadConfig({ PORT: 'eighty', SEARCH_FUSION: 'magic' })) as ConfigError;
  t.type(err, ConfigError);
  t.same(err.issues.map((i) => i.variable).sort(), ['PORT', 'SEARCH_FUSION']);
  t.match(err.message, /PORT: /);
});

t.test('distributed mode needs an Elasticsearch URL', async (t) => {
  const err = t.throws(() => loadConfig({ MODE: 'distributed' })) as ConfigError;
  t.same(err.issues, [{ variable: 'ELASTICSEARCH_URL', message: 'required when MODE=distributed' }]);
  t.equal(loadConfig({ MODE: 'distributed', ELASTICSEARCH_URL: 'http://127.0.0.1:9200' }).MODE, 'distributed');
});
