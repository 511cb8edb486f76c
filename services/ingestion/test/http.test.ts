import t from 'tap';
import iconv from 'iconv-lite';
import { formatCsv } from '@chanjiao/ingestion';
import { buildApp, ndjson, seedReferences, storedIds, studentRow } from './helpers.js';

/** A streamed request body (chunked: no Content-Length), as the import CLI sends files. */
function streamOf(chunks: Array<string | Uint8Array>): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      const c = chunks[i++];
      if (c === undefined) return controller.close();
      controller.enqueue(typeof c === 'string' ? enc.encode(c) : c);
    },
  });
}

async function send(base: string, path: string, contentType: string, chunks: Array<string | Uint8Array>) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: streamOf(chunks),
    duplex: 'half',
  } as RequestInit);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const EMPTY = { created: 0, updated: 0, unchanged: 0, stale: 0, rejected: 0, errors: [], errorsOmitted: 0 };

t.test('end to end over real HTTP: streamed NDJSON and GBK CSV, twice', async (t) => {
  const { app, store } = await buildApp({ INGEST_BATCH_SIZE: '250' });
  t.teardown(() => app.close());
  await seedReferences(store, { schools: ['sch-01'] });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });

  const rows = Array.from({ length: 3000 }, (_, i) => studentRow(i + 1));
  const text = ndjson(rows);
  // Chunks that cut rows (and multi-byte characters) anywhere.
  const bytes = Buffer.from(text);
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += 9973) chunks.push(bytes.subarray(i, i + 9973));
  t.same(await send(base, '/v1/ingest/student', 'application/x-ndjson', chunks), { status: 200, body: { ...EMPTY, created: 3000 } });
  t.same(await send(base, '/v1/ingest/student', 'application/x-ndjson', chunks), { status: 200, body: { ...EMPTY, unchanged: 3000 } });
  t.equal(await store.count('student'), 3000);

  const gbk = iconv.encode(formatCsv('student', rows.slice(0, 10).map((r) => ({ ...r, graduationYear: 2028 })) as never, { lang: 'zh' }), 'gbk');
  t.same(await send(base, '/v1/ingest/student', 'text/csv', [gbk.subarray(0, 101), gbk.subarray(101)]), {
    status: 200,
    body: { ...EMPTY, updated: 10 },
  });
  t.equal((await store.get('student', 'stu-0010'))?.graduationYear, 2028);
  t.equal((await store.get('student', 'stu-0011'))?.graduationYear, 2027);
});

t.test('over real HTTP, a body past the limit gets its 413 with what was committed', async (t) => {
  const { app, store } = await buildApp({ INGEST_BODY_LIMIT_BYTES: '40000', INGEST_BATCH_SIZE: '10' });
  t.teardown(() => app.close());
  await seedReferences(store, { schools: ['sch-01'] });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const lines = ndjson(Array.from({ length: 400 }, (_, i) => studentRow(i + 1))).split(/(?<=\n)/);
  let bytes = 0;
  let fit = 0;
  for (const l of lines) {
    bytes += Buffer.byteLength(l);
    if (bytes > 40000) break;
    fit++;
  }
  const res = await send(base, '/v1/ingest/student', 'application/x-ndjson', lines);
  t.equal(res.status, 413);
  t.same(res.body.details, { limitBytes: 40000, lastCommittedRow: fit, committed: { ...EMPTY, created: fit } });
  t.same((await storedIds(store)).length, fit);
});
