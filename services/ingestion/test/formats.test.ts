import t from 'tap';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { decodeText } from '../src/decode.js';
import { jsonArrayReader, ndjsonReader, type RawRow, type RowReader } from '../src/formats.js';

/** Cut a string or buffer at the given (sorted, deduplicated) offsets. */
function cut<T extends string | Uint8Array>(whole: T, at: number[]): T[] {
  const points = [...new Set(at.map((p) => Math.min(p, whole.length)))].sort((a, b) => a - b);
  const out: T[] = [];
  let from = 0;
  for (const p of [...points, whole.length]) {
    out.push(whole.slice(from, p) as T);
    from = p;
  }
  return out;
}

async function readAll(reader: RowReader, chunks: string[]): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  const emit = (r: RawRow) => void rows.push(r);
  for (const c of chunks) await reader.push(c, emit);
  await reader.end(emit);
  return rows;
}

async function* from<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

// The obvious model: JSON.parse of the whole text. The streaming reader must agree with it
// however the text is cut into chunks and however it is indented.
t.test('the streaming JSON array reader agrees with JSON.parse, for any chunking', async (t) => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 8 }),
      fc.constantFrom(undefined, 0, 2, '\t'),
      fc.array(fc.nat({ max: 2000 }), { maxLength: 12 }),
      async (values, indent, at) => {
        const text = JSON.stringify(values, null, indent);
        const rows = await readAll(jsonArrayReader(), cut(text, at));
        t.strictSame(
          rows.map((r) => r.value),
          JSON.parse(text),
        );
        t.strictSame(
          rows.map((r) => r.row),
          values.map((_, i) => i + 1),
        );
      },
    ),
    { numRuns: 200 },
  );
});

t.test('the JSON array reader rejects what JSON.parse rejects', async (t) => {
  for (const text of ['', '[', '[1,]', '[,1]', '[1 2]', '[1]]', '[{"a":1}', '[1],', '["a\\"]', '[tru]', '[{"a":}]']) {
    let failed = false;
    try {
      await readAll(jsonArrayReader(), [text]);
    } catch (err) {
      failed = (err as { code?: string }).code === 'INGEST_MALFORMED_JSON';
    }
    t.ok(failed, `${JSON.stringify(text)} is INGEST_MALFORMED_JSON`);
  }
  t.strictSame((await readAll(jsonArrayReader(), ['\uFEFF [ ] \n'])).length, 0);
});

t.test('the NDJSON reader numbers rows by line and agrees with JSON.parse per line', async (t) => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(null)), { maxLength: 8 }),
      fc.array(fc.boolean(), { maxLength: 8 }),
      fc.boolean(),
      fc.array(fc.nat({ max: 500 }), { maxLength: 8 }),
      async (values, blanks, crlf, at) => {
        const eol = crlf ? '\r\n' : '\n';
        const lines: string[] = [];
        const expected: Array<{ row: number; value: unknown }> = [];
        values.forEach((v, i) => {
          if (blanks[i]) lines.push('  ');
          lines.push(JSON.stringify(v));
          expected.push({ row: lines.length, value: JSON.parse(JSON.stringify(v)) });
        });
        const text = lines.join(eol);
        t.strictSame(await readAll(ndjsonReader(), cut(text, at)), expected);
      },
    ),
    { numRuns: 200 },
  );
});

async function decodeAll(chunks: Uint8Array[], charset?: string, sniff = true): Promise<string> {
  let out = '';
  for await (const s of decodeText(from(chunks), { charset, sniff })) out += s;
  return out;
}

t.test('decoding UTF-8 and GB18030 is independent of where the bytes are cut', async (t) => {
  await fc.assert(
    fc.asyncProperty(
      fc.string({ unit: 'grapheme', maxLength: 60 }),
      fc.array(fc.nat({ max: 400 }), { maxLength: 10 }),
      async (text, at) => {
        const utf8 = Buffer.from(text, 'utf8');
        t.equal(await decodeAll(cut(new Uint8Array(utf8), at), 'utf-8'), text);
        const gb = iconv.encode(text, 'gb18030');
        t.equal(await decodeAll(cut(new Uint8Array(gb), at), 'gb18030'), text);
      },
    ),
    { numRuns: 200 },
  );
});

t.test('without a declared charset, a BOM or the sniff decides', async (t) => {
  const csv = '学号,姓名,专业代码\r\nA1,欧阳娜娜,460301\r\n';
  t.equal(await decodeAll([iconv.encode(csv, 'gbk')]), csv, 'GBK sniffed');
  t.equal(await decodeAll([Buffer.from(`\uFEFF${csv}`)]), csv, 'UTF-8 BOM');
  t.equal(await decodeAll([iconv.encode(csv, 'utf-16le', { addBOM: true })]), csv, 'UTF-16LE BOM');
  t.equal(await decodeAll([Buffer.from(csv)]), csv, 'UTF-8 sniffed');
  // A long ASCII head followed by GBK: read as UTF-8, so the GBK byte is a 400 naming charset=gbk.
  const head = `${'id,name\r\n'.repeat(8000)}`;
  await t.rejects(decodeAll([Buffer.from(head), iconv.encode('A2,张三\r\n', 'gbk')]), { code: 'INGEST_BAD_ENCODING' });
  t.equal(await decodeAll([Buffer.from(head), iconv.encode('A2,张三\r\n', 'gbk')], 'gbk'), `${head}A2,张三\r\n`);
  // JSON is UTF-8 (RFC 8259): no sniff, so GBK bytes are a 400 at once.
  await t.rejects(decodeAll([iconv.encode('["张三"]', 'gbk')], undefined, false), { code: 'INGEST_BAD_ENCODING' });
});
