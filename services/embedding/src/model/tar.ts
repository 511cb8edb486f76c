import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

/** One regular file of a tar archive, with its whole content. */
export interface TarFile {
  readonly path: string;
  readonly data: Buffer;
}

/** Reads exact byte counts from a stream of chunks (chunks are joined once per read, never one by one). */
class ByteReader {
  readonly #it: AsyncIterator<Buffer>;
  #chunks: Buffer[] = [];
  #length = 0;
  constructor(source: AsyncIterable<Buffer>) {
    this.#it = source[Symbol.asyncIterator]();
  }

  /** Exactly n bytes, or null at the end of the stream (a short tail is an error). */
  async read(n: number): Promise<Buffer | null> {
    while (this.#length < n) {
      const next = await this.#it.next();
      if (next.done) {
        if (this.#length === 0) return null;
        throw new Error(`tar: truncated archive (${this.#length} of ${n} bytes)`);
      }
      this.#chunks.push(next.value);
      this.#length += next.value.length;
    }
    const all = this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks, this.#length);
    const rest = all.subarray(n);
    this.#chunks = rest.length > 0 ? [rest] : [];
    this.#length = rest.length;
    return all.subarray(0, n);
  }

  async skip(n: number): Promise<void> {
    let left = n;
    while (left > 0) {
      const step = Math.min(left, 1 << 20);
      if (!(await this.read(step))) throw new Error('tar: truncated archive');
      left -= step;
    }
  }
}

function field(header: Buffer, offset: number, length: number): string {
  const raw = header.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? length : end).toString('utf8');
}

function octal(header: Buffer, offset: number, length: number): number {
  const text = field(header, offset, length).trim();
  return text === '' ? 0 : parseInt(text, 8);
}

/** `path=…` from a pax extended header (`<len> <key>=<value>\n` records). */
function paxPath(data: Buffer): string | undefined {
  let i = 0;
  while (i < data.length) {
    const space = data.indexOf(0x20, i);
    if (space < 0) break;
    const len = Number(data.subarray(i, space).toString('ascii'));
    if (!Number.isInteger(len) || len <= 0) break;
    const record = data.subarray(space + 1, i + len - 1).toString('utf8');
    if (record.startsWith('path=')) return record.slice(5);
    i += len;
  }
  return undefined;
}

/**
 * The regular files of a gzipped tar (ustar, with pax and GNU long names) for which `want(path)`
 * is true; every other entry is skipped without being kept. Enough for an npm tarball, with no
 * dependency and no `tar` program.
 */
export async function extractTarGz(file: string, want: (path: string) => boolean): Promise<TarFile[]> {
  const reader = new ByteReader(createReadStream(file).pipe(createGunzip()));
  const out: TarFile[] = [];
  let longName: string | undefined;
  for (;;) {
    const header = await reader.read(512);
    if (!header || header.every((b) => b === 0)) break;
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156] ?? 0x30);
    const padded = Math.ceil(size / 512) * 512;
    if (type === 'x' || type === 'L') {
      const data = (await reader.read(padded)) ?? Buffer.alloc(0);
      longName = type === 'x' ? paxPath(data.subarray(0, size)) : field(data, 0, size);
      continue;
    }
    const prefix = field(header, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    longName = undefined;
    if ((type === '0' || type === '\0') && want(name)) {
      const data = (await reader.read(padded)) ?? Buffer.alloc(0);
      out.push({ path: name, data: Buffer.from(data.subarray(0, size)) });
    } else {
      await reader.skip(padded);
    }
  }
  return out;
}
