import t from 'tap';
import { Client } from '@elastic/elasticsearch';
import { AppError } from '@chanjiao/platform';
import {
  bulkIndex,
  createNextVersion,
  ElasticsearchIndex,
  deleteOldVersions,
  ensureCollections,
  ES_FORMAT_VERSION,
  finishBulkLoad,
  indexTemplate,
  rebuildIndices,
  swapAlias,
  templateOptions,
} from '../../src/elasticsearch/index.js';
import { axis, bulkReply, config, postDoc, recorded, studentDoc, summary, testAnalyzer } from './fixtures.js';
import { recordingConnection } from './recording-connection.js';

const opts = templateOptions(config);

t.test('the student template: whitespace-analyzed token fields, keyword filters, int8_hnsw 512-d vector, BM25 1.2/0.75', async (t) => {
  const text = { type: 'text', analyzer: 'whitespace', index_options: 'freqs', norms: true };
  t.strictSame(indexTemplate('student', opts), {
    name: 'chanjiao-students',
    index_patterns: ['chanjiao-students-v*'],
    priority: 500,
    _meta: { format: ES_FORMAT_VERSION, managed_by: 'chanjiao-match' },
    template: {
      settings: {
        number_of_shards: 1,
        number_of_replicas: 1,
        similarity: { default: { type: 'BM25', k1: 1.2, b: 0.75 } },
      },
      mappings: {
        dynamic: 'strict',
        _meta: { format: ES_FORMAT_VERSION, kind: 'student' },
        properties: {
          id: { type: 'keyword' },
          text: { properties: { major: text, skills: text, certificates: text, intro: text } },
          kw: {
            properties: Object.fromEntries(
              ['schoolId', 'majorCode', 'majorClass', 'majorKeys', 'level', 'graduationYear', 'city', 'district', 'park', 'skills', 'certificates', 'consent', 'status'].map(
                (f) => [f, { type: 'keyword' }],
              ),
            ),
          },
          vector: {
            type: 'dense_vector',
            dims: 512,
            index: true,
            similarity: 'cosine',
            index_options: { type: 'int8_hnsw', m: 16, ef_construction: 100 },
          },
          source: { type: 'object', enabled: false },
        },
      },
    },
  });
});

t.test('the post template has the post fields and follows ELASTICSEARCH_VECTOR_INDEX', async (t) => {
  const tpl = indexTemplate('post', { ...opts, vectorIndex: 'bbq_hnsw', shards: 3, replicas: 2 });
  const props = tpl.template?.mappings?.properties as Record<string, { properties?: object; index_options?: unknown }>;
  t.strictSame(Object.keys(props.text?.properties ?? {}), ['title', 'majors', 'skills', 'certificates', 'description', 'enterprise']);
  t.strictSame(Object.keys(props.kw?.properties ?? {}), [
    'kind', 'internshipMode', 'term', 'enterpriseId', 'city', 'park', 'majorKeys', 'level', 'graduationYear', 'skills', 'certificates', 'status',
  ]);
  t.strictSame(props.vector?.index_options, { type: 'bbq_hnsw', m: 16, ef_construction: 100 });
  t.strictSame(tpl.template?.settings, {
    number_of_shards: 3,
    number_of_replicas: 2,
    similarity: { default: { type: 'BM25', k1: 1.2, b: 0.75 } },
  });
});

t.test('first start: templates, then an empty v1 behind each alias', async (t) => {
  const { client, requests } = recorded((req) =>
    req.method === 'GET' && req.path.startsWith('/_alias/') ? { statusCode: 404, body: { error: 'alias missing', status: 404 } } : {},
  );
  const live = await ensureCollections(client, opts);
  t.strictSame(live, { student: 'chanjiao-students-v1', post: 'chanjiao-posts-v1' });
  const { name: _s, ...studentTemplate } = indexTemplate('student', opts);
  const { name: _p, ...postTemplate } = indexTemplate('post', opts);
  const perKind = (kind: 'student' | 'post', plural: string) => [
    { method: 'GET', path: `/_alias/chanjiao-${plural}`, querystring: '', body: undefined },
    { method: 'GET', path: `/chanjiao-${plural}-v*`, querystring: 'allow_no_indices=true&expand_wildcards=all', body: undefined },
    {
      method: 'PUT',
      path: `/chanjiao-${plural}-v1`,
      querystring: 'wait_for_active_shards=1',
      body: { mappings: { _meta: { format: ES_FORMAT_VERSION, kind, sourceSeq: null } } },
    },
    {
      method: 'POST',
      path: '/_aliases',
      querystring: '',
      body: { actions: [{ add: { index: `chanjiao-${plural}-v1`, alias: `chanjiao-${plural}`, is_write_index: true } }] },
    },
  ];
  t.strictSame(requests.map(summary), [
    { method: 'PUT', path: '/_index_template/chanjiao-students', querystring: '', body: studentTemplate },
    { method: 'PUT', path: '/_index_template/chanjiao-posts', querystring: '', body: postTemplate },
    ...perKind('student', 'students'),
    ...perKind('post', 'posts'),
  ]);
});

t.test('an existing alias is left alone', async (t) => {
  const { client, requests } = recorded((req) =>
    req.method === 'GET' && req.path.startsWith('/_alias/')
      ? { body: { [`${req.path.slice('/_alias/'.length)}-v4`]: { aliases: {} } } }
      : {},
  );
  t.strictSame(await ensureCollections(client, opts), { student: 'chanjiao-students-v4', post: 'chanjiao-posts-v4' });
  t.strictSame(
    requests.map((r) => `${r.method} ${r.path}`),
    ['PUT /_index_template/chanjiao-students', 'PUT /_index_template/chanjiao-posts', 'GET /_alias/chanjiao-students', 'GET /_alias/chanjiao-posts'],
  );
});

t.test('open: refuses an index of another document format, accepts its own', async (t) => {
  for (const format of [ES_FORMAT_VERSION, ES_FORMAT_VERSION - 1]) {
    const { client, requests } = recorded((req) => {
      if (req.method === 'GET' && req.path.startsWith('/_alias/')) return { body: { [`${req.path.slice('/_alias/'.length)}-v2`]: {} } };
      if (req.method === 'GET' && req.path.endsWith('/_mapping')) {
        const index = req.path.slice(1, -'/_mapping'.length);
        return { body: { [index]: { mappings: { _meta: { format } } } } };
      }
      return {};
    });
    const opened = await ElasticsearchIndex.open({ client, analyzer: testAnalyzer(), config }).then(
      (i) => i.backend,
      (e: Error) => e.message,
    );
    t.equal(
      opened,
      format === ES_FORMAT_VERSION
        ? 'elasticsearch'
        : `chanjiao-students-v2 has document format ${ES_FORMAT_VERSION - 1}; this build writes format ${ES_FORMAT_VERSION}: run scripts/reindex.ts`,
    );
    t.strictSame(requests.slice(-2).map((r) => `${r.method} ${r.path}`), format === ES_FORMAT_VERSION
      ? ['GET /chanjiao-students-v2/_mapping', 'GET /chanjiao-posts-v2/_mapping']
      : ['GET /_alias/chanjiao-posts', 'GET /chanjiao-students-v2/_mapping']);
  }
});

t.test('first start racing another service: the index it created and aliased is used', async (t) => {
  let aliasReads = 0;
  const { client } = recorded((req) => {
    if (req.method === 'GET' && req.path === '/_alias/chanjiao-students') {
      return ++aliasReads === 1 ? { statusCode: 404, body: { status: 404 } } : { body: { 'chanjiao-students-v1': {} } };
    }
    if (req.method === 'GET' && req.path === '/_alias/chanjiao-posts') return { body: { 'chanjiao-posts-v1': {} } };
    if (req.method === 'PUT' && req.path === '/chanjiao-students-v1') {
      return { statusCode: 400, body: { error: { type: 'resource_already_exists_exception' }, status: 400 } };
    }
    return {};
  });
  t.strictSame(await ensureCollections(client, opts), { student: 'chanjiao-students-v1', post: 'chanjiao-posts-v1' });
});

t.test('the next version is created for a bulk load, then finished and swapped in atomically', async (t) => {
  const { client, requests } = recorded((req) =>
    req.method === 'GET' && req.path === '/chanjiao-students-v*'
      ? { body: { 'chanjiao-students-v2': {}, 'chanjiao-students-v10': {}, 'chanjiao-students-vx': {} } }
      : {},
  );
  const index = await createNextVersion(client, opts, 'student', { forBulkLoad: true, sourceSeq: 42 });
  t.equal(index, 'chanjiao-students-v11');
  await finishBulkLoad(client, opts, index);
  await swapAlias(client, 'chanjiao', 'student', index, 'chanjiao-students-v10');
  t.strictSame(requests.map(summary).slice(1), [
    {
      method: 'PUT',
      path: '/chanjiao-students-v11',
      querystring: 'wait_for_active_shards=1',
      body: {
        settings: { refresh_interval: '-1', number_of_replicas: 0 },
        mappings: { _meta: { format: ES_FORMAT_VERSION, kind: 'student', sourceSeq: 42 } },
      },
    },
    {
      method: 'PUT',
      path: '/chanjiao-students-v11/_settings',
      querystring: '',
      body: { refresh_interval: null, number_of_replicas: 1 },
    },
    { method: 'GET', path: '/chanjiao-students-v11/_refresh', querystring: '', body: undefined },
    {
      method: 'GET',
      path: '/_cluster/health/chanjiao-students-v11',
      querystring: 'wait_for_status=yellow&timeout=60s',
      body: undefined,
    },
    {
      method: 'POST',
      path: '/_aliases',
      querystring: '',
      body: {
        actions: [
          { remove: { index: 'chanjiao-students-v10', alias: 'chanjiao-students' } },
          { add: { index: 'chanjiao-students-v11', alias: 'chanjiao-students', is_write_index: true } },
        ],
      },
    },
  ]);
});

t.test('old versions beyond `keep` are deleted, never the live one', async (t) => {
  const { client, requests } = recorded((req) => {
    if (req.method === 'GET' && req.path === '/_alias/chanjiao-posts') return { body: { 'chanjiao-posts-v3': {} } };
    if (req.method === 'GET' && req.path === '/chanjiao-posts-v*') {
      return { body: { 'chanjiao-posts-v1': {}, 'chanjiao-posts-v2': {}, 'chanjiao-posts-v3': {}, 'chanjiao-posts-v4': {} } };
    }
    return {};
  });
  t.strictSame(await deleteOldVersions(client, 'chanjiao', 'post', 1), ['chanjiao-posts-v1', 'chanjiao-posts-v2']);
  t.strictSame(summary(requests[2]!), { method: 'DELETE', path: '/chanjiao-posts-v1%2Cchanjiao-posts-v2', querystring: '', body: undefined });
});

t.test('upsert: one bulk request per collection through the alias, documents as stored, refresh=wait_for', async (t) => {
  const { index, requests } = recorded((req) => (req.path === '/_bulk' ? { body: bulkReply(req.body as unknown[]) } : {}));
  const s = studentDoc();
  const p = postDoc({}, null);
  await index.upsert([p, s]);
  t.strictSame(requests.map(summary), [
    {
      method: 'POST',
      path: '/_bulk',
      querystring: 'refresh=wait_for',
      body: [
        { index: { _index: 'chanjiao-students', _id: 's1' } },
        { id: 's1', text: s.text, kw: s.keywords, source: s.source, vector: Array.from(s.vector!) },
      ],
    },
    {
      method: 'POST',
      path: '/_bulk',
      querystring: 'refresh=wait_for',
      body: [
        { index: { _index: 'chanjiao-posts', _id: 'p1' } },
        // No vector yet: the field is left out, so the post is not a kNN candidate until it has one.
        { id: 'p1', text: p.text, kw: p.keywords, source: p.source },
      ],
    },
  ]);
});

t.test('upsert: a document the cluster refuses is a 503 ELASTICSEARCH_BULK_REJECTED, not silence', async (t) => {
  const { index } = recorded((req) =>
    req.path === '/_bulk' ? { body: bulkReply(req.body as unknown[], (_op, id) => (id === 's2' ? 400 : 201)) } : {},
  );
  const err = await index.upsert([studentDoc(), studentDoc({ id: 's2' })]).catch((e: unknown) => e);
  t.type(err, AppError);
  t.strictSame(
    { code: (err as AppError).code, statusCode: (err as AppError).statusCode, details: (err as AppError).details },
    { code: 'ELASTICSEARCH_BULK_REJECTED', statusCode: 503, details: { failed: 1, total: 2 } },
  );
});

t.test('bulk helper: flushBytes splits requests, 429s are retried, other rejections reported through onDrop', async (t) => {
  let round = 0;
  const { client, requests } = recorded((req) => {
    if (req.path !== '/_bulk') return {};
    round++;
    // The first request rejects d1 with 429 (retried) and d2 for good; everything after succeeds.
    return {
      body: bulkReply(req.body as unknown[], (_op, id) => (round === 1 && id === 'd1' ? 429 : id === 'd2' ? 400 : 201)),
    };
  });
  const docs = ['d1', 'd2', 'd3', 'd4'].map((id) => ({ id, body: { id } }));
  const progress: number[] = [];
  const { stats, dropped } = await bulkIndex(client, 'chanjiao-students-v2', docs, {
    flushBytes: 120,
    concurrency: 1,
    retries: 2,
    wait: 5,
    onProgress: (s) => progress.push(s.successful),
  });
  t.strictSame(
    { total: stats.total, successful: stats.successful, failed: stats.failed, retry: stats.retry, aborted: stats.aborted },
    // The helper counts retried ndjson lines (action + document), so one retried document is 2.
    { total: 4, successful: 3, failed: 1, retry: 2, aborted: false },
  );
  t.strictSame(dropped, [{ id: 'd2', status: 400, reason: 'document_parsing_exception: no' }]);
  // 120 bytes hold two documents: [d1 d2], the retry of d1, then [d3 d4].
  t.strictSame(
    requests.map((r) => (r.body as Array<{ index?: { _id: string } }>).filter((l) => l.index).map((l) => l.index!._id)),
    [['d1', 'd2'], ['d1'], ['d3', 'd4']],
  );
  t.strictSame(progress, [0, 1, 3]);
});

t.test('delete: one bulk of deletes on the alias; counts what was there', async (t) => {
  const { index, requests } = recorded((req) =>
    req.path.endsWith('/_bulk') ? { body: bulkReply(req.body as unknown[], (_op, id) => (id === 'gone' ? 404 : 200)) } : {},
  );
  t.equal(await index.delete('student', ['s1', 'gone', 's1']), 1);
  t.strictSame(requests.map(summary), [
    {
      method: 'POST',
      path: '/chanjiao-students/_bulk',
      querystring: 'refresh=wait_for',
      body: [{ delete: { _id: 's1' } }, { delete: { _id: 'gone' } }],
    },
  ]);
});

t.test('lexical: one boosted term query per (term, field), filters as filter clauses, at least one term must match', async (t) => {
  const { index, requests } = recorded(() => ({
    body: { hits: { hits: [{ _id: 's2', _score: 7.5 }, { _id: 's1', _score: 3.25 }] } },
  }));
  const hits = await index.searchLexical(
    'student',
    { terms: [{ token: 'plc', weight: 1 }, { token: '电气', weight: 2 }], fieldBoosts: { intro: 0, certificates: 0.5 } },
    { k: 5, filter: { consent: true, levels: ['higher', 'secondary'], skills: ['可编程控制器'], majorCodes: ['4603'] } },
  );
  t.strictSame(hits, [{ id: 's2', score: 7.5 }, { id: 's1', score: 3.25 }]);
  const term = (field: string, value: string, boost: number) => ({ term: { [`text.${field}`]: { value, boost } } });
  t.strictSame(summary(requests[0]!), {
    method: 'POST',
    path: '/chanjiao-students/_search',
    querystring: '',
    body: {
      size: 5,
      query: {
        bool: {
          should: [
            term('major', 'plc', 3),
            term('skills', 'plc', 2.5),
            term('certificates', 'plc', 0.5),
            term('major', '电气', 6),
            term('skills', '电气', 5),
            term('certificates', '电气', 1),
          ],
          minimum_should_match: 1,
          filter: [
            { terms: { 'kw.majorKeys': ['f:06-03'] } },
            { terms: { 'kw.level': ['higher', 'secondary'] } },
            { terms: { 'kw.skills': [testAnalyzer().canonical('PLC')] } },
            { terms: { 'kw.consent': ['true'] } },
          ],
        },
      },
      sort: [{ _score: { order: 'desc' } }, { id: { order: 'asc' } }],
      track_total_hits: false,
      _source: false,
    },
  });
});

t.test('pages larger than the result window are capped at 10 000, not refused by the cluster', async (t) => {
  const { index, requests } = recorded(() => ({ body: { hits: { hits: [] } } }));
  await index.searchLexical('student', { terms: [{ token: 'plc', weight: 1 }] }, { k: 50_000 });
  await index.searchVector('student', axis(0), { k: 50_000 });
  await index.list('student', { k: 50_000 });
  const bodies = requests.map((r) => r.body as { size: number; knn?: { k: number; num_candidates: number } });
  t.strictSame(
    bodies.map((b) => [b.size, b.knn?.k, b.knn?.num_candidates]),
    [[10_000, undefined, undefined], [10_000, 10_000, 10_000], [10_000, undefined, undefined]],
  );
});

t.test('lexical with no term to match sends nothing', async (t) => {
  const { index, requests } = recorded();
  t.strictSame(await index.searchLexical('post', { terms: [] }, { k: 10 }), []);
  t.strictSame(await index.searchLexical('post', { terms: [{ token: 'plc', weight: 0 }] }, { k: 10 }), []);
  t.equal(requests.length, 0);
});

t.test('kNN: the filter sits inside the knn clause (pre-filter), quantized vectors are rescored, scores back to cosine', async (t) => {
  const { index, requests } = recorded(() => ({
    body: { hits: { hits: [{ _id: 'p2', _score: 0.9 }, { _id: 'p1', _score: 0.9 }, { _id: 'p3', _score: 0.25 }] } },
  }));
  const q = axis(3);
  const hits = await index.searchVector('post', q, {
    k: 20,
    filter: { kinds: ['internship'], terms: ['2027-spring'], acceptsMajor: '460306', statuses: ['open'] },
  });
  // Equal scores come back in id order (the ordering rule), whatever order the cluster used.
  t.strictSame(hits, [{ id: 'p1', score: 0.8 }, { id: 'p2', score: 0.8 }, { id: 'p3', score: -0.5 }]);
  t.strictSame(summary(requests[0]!), {
    method: 'POST',
    path: '/chanjiao-posts/_search',
    querystring: '',
    body: {
      size: 20,
      knn: {
        field: 'vector',
        query_vector: Array.from(q),
        k: 20,
        num_candidates: 200,
        filter: {
          bool: {
            filter: [
              { terms: { 'kw.kind': ['internship'] } },
              { terms: { 'kw.term': ['2027-spring'] } },
              { terms: { 'kw.majorKeys': ['x:460306', 'x:06-03', 'x:06', '*'] } },
              { terms: { 'kw.status': ['open'] } },
            ],
          },
        },
        rescore_vector: { oversample: 2 },
      },
      track_total_hits: false,
      _source: false,
    },
  });
});

t.test('kNN without a filter on float hnsw: no filter, no rescoring, at least 100 candidates', async (t) => {
  const rec = recordingConnection(() => ({ body: { hits: { hits: [] } } }));
  const client = new Client({ node: 'http://es.test:9200', Connection: rec.Connection });
  const index = new ElasticsearchIndex({ client, analyzer: testAnalyzer(), config: { ...config, ELASTICSEARCH_VECTOR_INDEX: 'hnsw' } });
  await index.searchVector('student', axis(0), { k: 3 });
  const body = rec.requests[0]!.body as { knn: Record<string, unknown> };
  t.strictSame(Object.keys(body.knn), ['field', 'query_vector', 'k', 'num_candidates']);
  t.equal(body.knn.num_candidates, 100);
});

t.test('list: filtered ids by the id keyword, a keyset page after the given id', async (t) => {
  const { index, requests } = recorded(() => ({ body: { hits: { hits: [{ _id: 'p3' }, { _id: 'p4' }] } } }));
  t.strictSame(await index.list('post', { k: 2, after: 'p2', filter: [{ kinds: ['job'] }, { statuses: ['open'] }] }), ['p3', 'p4']);
  t.strictSame(await index.list('post', { k: 0 }), []);
  t.strictSame(requests.map(summary), [
    {
      method: 'POST',
      path: '/chanjiao-posts/_search',
      querystring: '',
      body: {
        size: 2,
        query: { bool: { filter: [{ terms: { 'kw.kind': ['job'] } }, { terms: { 'kw.status': ['open'] } }] } },
        sort: [{ id: { order: 'asc' } }],
        track_total_hits: false,
        _source: false,
        search_after: ['p2'],
      },
    },
  ]);
});

t.test('listWithoutVector: ids of documents with no vector field (must_not exists), a keyset page by the id keyword, capped at the result window', async (t) => {
  const { index, requests } = recorded(() => ({ body: { hits: { hits: [{ _id: 's3' }, { _id: 's7' }] } } }));
  t.strictSame(await index.listWithoutVector('student', { k: 2 }), ['s3', 's7']);
  t.strictSame(await index.listWithoutVector('student', { k: 50_000, after: 's7' }), ['s3', 's7']);
  t.strictSame(await index.listWithoutVector('post', { k: 0 }), []);
  const body = (size: number, after?: string) => ({
    size,
    query: { bool: { must_not: [{ exists: { field: 'vector' } }] } },
    sort: [{ id: { order: 'asc' } }],
    track_total_hits: false,
    _source: false,
    ...(after ? { search_after: [after] } : {}),
  });
  t.strictSame(requests.map(summary), [
    { method: 'POST', path: '/chanjiao-students/_search', querystring: '', body: body(2) },
    { method: 'POST', path: '/chanjiao-students/_search', querystring: '', body: body(10_000, 's7') },
  ]);
});

t.test('facets: a terms aggregation per field over the filtered set, count desc then value asc', async (t) => {
  const { index, requests } = recorded(() => ({
    body: {
      hits: { hits: [] },
      aggregations: {
        level: { buckets: [{ key: 'higher', doc_count: 5 }, { key: 'secondary', doc_count: 2 }] },
        graduationYear: { buckets: [{ key: '2027', doc_count: 7 }] },
      },
    },
  }));
  const facets = await index.facets('student', ['level', 'graduationYear'], { filter: { consent: true }, size: 4 });
  t.strictSame(facets, {
    level: [{ value: 'higher', count: 5 }, { value: 'secondary', count: 2 }],
    graduationYear: [{ value: '2027', count: 7 }],
  });
  const agg = (field: string) => ({ terms: { field: `kw.${field}`, size: 4, order: [{ _count: 'desc' }, { _key: 'asc' }] } });
  t.strictSame(summary(requests[0]!), {
    method: 'POST',
    path: '/chanjiao-students/_search',
    querystring: '',
    body: {
      size: 0,
      query: { bool: { filter: [{ terms: { 'kw.consent': ['true'] } }] } },
      aggs: { level: agg('level'), graduationYear: agg('graduationYear') },
      track_total_hits: false,
    },
  });
});

t.test('a district filter: a terms clause on kw.district, as written and by official name', async (t) => {
  const { index, requests } = recorded(() => ({ body: { count: 3 } }));
  t.equal(await index.count('student', { cities: ['珠海'], districts: ['金湾', '香洲区'] }), 3);
  t.strictSame(summary(requests[0]!).body, {
    query: { bool: { filter: [{ terms: { 'kw.city': ['珠海', '珠海市'] } }, { terms: { 'kw.district': ['金湾', '金湾区', '香洲区'] } }] } },
  });
});

t.test('count: the compiled filter, or match_all', async (t) => {
  const { index, requests } = recorded(() => ({ body: { count: 12 } }));
  t.equal(await index.count('post', { ids: ['p1', 'p2'], cities: ['珠海'] }), 12);
  t.equal(await index.count('post'), 12);
  t.strictSame(requests.map(summary), [
    {
      method: 'POST',
      path: '/chanjiao-posts/_count',
      querystring: '',
      // The city as written and as the gazetteer names it (records carry 珠海市).
      body: { query: { bool: { filter: [{ ids: { values: ['p1', 'p2'] } }, { terms: { 'kw.city': ['珠海', '珠海市'] } }] } } },
    },
    { method: 'POST', path: '/chanjiao-posts/_count', querystring: '', body: { query: { match_all: {} } } },
  ]);
});

t.test('get/getMany: documents come back whole, in the order asked; 9.2+ is asked for the vectors', async (t) => {
  for (const [version, sourceOption] of [['9.1.3', undefined], ['9.2.0', { exclude_vectors: false }]] as const) {
    const s = studentDoc();
    const s2 = studentDoc({ id: 's2', skills: [] }, null);
    const stored = (d: typeof s) => ({
      id: d.id,
      text: d.text,
      kw: d.keywords,
      source: d.source,
      ...(d.vector ? { vector: Array.from(d.vector) } : {}),
    });
    const { index, requests } = recorded((req) =>
      req.path === '/'
        ? { body: { version: { number: version } } }
        : { body: { hits: { hits: [{ _id: 's2', _source: stored(s2) }, { _id: 's1', _source: stored(s) }] } } },
    );
    t.strictSame(await index.getMany('student', ['s1', 'nope', 's2']), [s, undefined, s2], version);
    t.strictSame(
      summary(requests[1]!),
      {
        method: 'POST',
        path: '/chanjiao-students/_search',
        querystring: '',
        body: {
          size: 3,
          query: { ids: { values: ['s1', 'nope', 's2'] } },
          track_total_hits: false,
          ...(sourceOption ? { _source: sourceOption } : {}),
        },
      },
      version,
    );
    t.strictSame(await index.get('student', 's1'), s);
    // The version is asked once per index instance.
    t.equal(requests.filter((r) => r.path === '/').length, 1);
  }
});

t.test('getMany without vectors: they are left out of _source, and the version is never asked', async (t) => {
  const s = studentDoc();
  const { index, requests } = recorded(() => ({
    body: { hits: { hits: [{ _id: 's1', _source: { id: 's1', text: s.text, kw: s.keywords, source: s.source } }] } },
  }));
  t.strictSame(await index.getMany('student', ['s1'], { vectors: false }), [{ ...s, vector: null }]);
  t.strictSame(requests.map(summary), [
    {
      method: 'POST',
      path: '/chanjiao-students/_search',
      querystring: '',
      body: { size: 1, query: { ids: { values: ['s1'] } }, track_total_hits: false, _source: { excludes: ['vector'] } },
    },
  ]);
});

t.test('cluster answers become catalogue errors: 429 overloaded, missing index, refusal', async (t) => {
  const cases: Array<[number, unknown, string, number]> = [
    [429, { error: { type: 'es_rejected_execution_exception' }, status: 429 }, 'ELASTICSEARCH_OVERLOADED', 503],
    [404, { error: { type: 'index_not_found_exception' }, status: 404 }, 'ELASTICSEARCH_INDEX_MISSING', 503],
    [400, { error: { type: 'search_phase_execution_exception' }, status: 400 }, 'ELASTICSEARCH_REQUEST_FAILED', 502],
    [401, { error: { type: 'security_exception' }, status: 401 }, 'ELASTICSEARCH_REQUEST_FAILED', 502],
    [503, { error: { type: 'unavailable_shards_exception' }, status: 503 }, 'ELASTICSEARCH_UNAVAILABLE', 503],
  ];
  for (const [statusCode, body, code, status] of cases) {
    const { index } = recorded(() => ({ statusCode, body }));
    const err = (await index.count('student').catch((e: unknown) => e)) as AppError;
    t.type(err, AppError);
    t.strictSame([err.code, err.statusCode], [code, status], `${statusCode}`);
    // The cluster's reply stays in the cause (for the log), never in the message.
    t.notMatch(err.message, /exception/);
  }
  const { index } = recorded(() => ({ statusCode: 429, body: {} }));
  t.strictSame(((await index.count('post').catch((e: unknown) => e)) as AppError).headers, { 'retry-after': '1' });
});

t.test('rebuild: new version, bulk load without refresh, finish, swap, prune; a load with drops does not swap', async (t) => {
  for (const dropS2 of [false, true]) {
    const { client, requests } = recorded((req) => {
      if (req.method === 'GET' && req.path === '/_alias/chanjiao-students') return { body: { 'chanjiao-students-v1': {} } };
      if (req.method === 'GET' && req.path === '/chanjiao-students-v*') return { body: { 'chanjiao-students-v1': {} } };
      if (req.path === '/_bulk') {
        return { body: bulkReply(req.body as unknown[], (_op, id) => (dropS2 && id === 's2' ? 400 : 201)) };
      }
      return {};
    });
    const docs = [studentDoc(), studentDoc({ id: 's2' })];
    const reports = await rebuildIndices(
      client,
      opts,
      {
        kinds: ['student'],
        sourceSeq: 7,
        documents: async function* () {
          yield* docs;
        },
      },
      { bulk: { flushBytes: 1 << 20, concurrency: 1, retries: 0 }, keep: 1 },
    );
    t.strictSame(
      reports.map((r) => ({ ...r, stats: { successful: r.stats.successful, failed: r.stats.failed } })),
      [
        {
          kind: 'student',
          previous: 'chanjiao-students-v1',
          index: 'chanjiao-students-v2',
          stats: { successful: dropS2 ? 1 : 2, failed: dropS2 ? 1 : 0 },
          dropped: dropS2 ? [{ id: 's2', status: 400, reason: 'document_parsing_exception: no' }] : [],
          swapped: !dropS2,
          deleted: [],
        },
      ],
    );
    const lines = requests.map((r) => `${r.method} ${r.path}${r.querystring ? `?${r.querystring}` : ''}`);
    t.strictSame(lines, [
      'PUT /_index_template/chanjiao-students',
      'PUT /_index_template/chanjiao-posts',
      'GET /_alias/chanjiao-students',
      'GET /chanjiao-students-v*?allow_no_indices=true&expand_wildcards=all',
      'PUT /chanjiao-students-v2?wait_for_active_shards=1',
      'POST /_bulk',
      'PUT /chanjiao-students-v2/_settings',
      'GET /chanjiao-students-v2/_refresh',
      'GET /_cluster/health/chanjiao-students-v2?wait_for_status=yellow&timeout=60s',
      ...(dropS2
        ? []
        : ['POST /_aliases', 'GET /_alias/chanjiao-students', 'GET /chanjiao-students-v*?allow_no_indices=true&expand_wildcards=all']),
    ]);
  }
});
