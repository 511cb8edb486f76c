import iconv from 'iconv-lite';
import { AppError, Errors } from '@chanjiao/platform';

/**
 * Bytes → text, chunk by chunk, with the body limit enforced while reading.
 *
 * Which character set a body is in, in order:
 * 1. the `charset` parameter of the Content-Type (`utf-8`, `gbk`, `gb2312`, `gb18030`, or anything
 *    else iconv-lite knows);
 * 2. a byte-order mark (UTF-8 `EF BB BF`, UTF-16 LE/BE, GB18030 `84 31 95 33`);
 * 3. JSON and NDJSON: UTF-8 (RFC 8259), with no sniffing delay.
 * 4. CSV: a sniff of the first {@link SNIFF_BYTES}: valid UTF-8 → UTF-8, else GB18030.
 *    GB18030 is a superset of GBK and GB2312, which is what Excel writes for 「CSV（逗号分隔）」 on a
 *    Chinese Windows. A GBK file almost never passes as UTF-8 (its two-byte pairs are not UTF-8
 *    sequences), so one Chinese character in the sniffed head settles it. A file that is plain ASCII
 *    for its first 64 KiB and GBK after that is read as UTF-8 and fails with INGEST_BAD_ENCODING
 *    at the first GBK byte; the message tells the sender to declare `charset=gbk`.
 *
 * UTF-8 is decoded strictly (`fatal`): a broken byte is a 400, never a silent U+FFFD in a name.
 */
export const SNIFF_BYTES = 64 * 1024;

const UTF8_ALIASES = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8']);
const GB_ALIASES = new Set(['gbk', 'gb2312', 'gb18030', 'gb_2312-80', 'cp936', 'x-gbk', 'euc-cn', 'windows-936']);

/** A text decoder for one body: `write` returns the text decoded so far, `end` the rest. */
interface Decoder {
  readonly charset: string;
  write(bytes: Uint8Array): string;
  end(): string;
}

function utf8Decoder(): Decoder {
  const d = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  const guard = (fn: () => string) => {
    try {
      return fn();
    } catch (err) {
      throw new AppError(Errors.INGEST_BAD_ENCODING, {
        message:
          'The body is not valid UTF-8. If it is GBK / GB18030 (Excel on Chinese Windows), send Content-Type: text/csv; charset=gbk. / 请求体不是合法的 UTF-8；若为 GBK/GB18030（中文 Windows 下 Excel 导出），请声明 charset=gbk。',
        cause: err,
      });
    }
  };
  return {
    charset: 'utf-8',
    write: (bytes) => guard(() => d.decode(bytes, { stream: true })),
    end: () => guard(() => d.decode()),
  };
}

/**
 * iconv-lite decoders substitute unmappable bytes instead of throwing. GB18030 maps every
 * well-formed byte sequence, so a substitution character means the bytes were not GB18030 at all —
 * unless the bytes encoded U+FFFD itself (GB18030 `84 31 A4 37`, valid text). So when one appears,
 * the text is encoded back: valid input gives the same bytes again, invalid input does not.
 */
function iconvDecoder(charset: string): Decoder {
  const d = iconv.getDecoder(charset, { stripBOM: true });
  const fail = () =>
    new AppError(Errors.INGEST_BAD_ENCODING, {
      message: `The body is not valid ${charset}. / 请求体不是合法的 ${charset} 编码。`,
    });
  const check = (s: string, bytes?: Uint8Array) => {
    if (!s.includes('\uFFFD')) return s;
    if (bytes === undefined) throw fail();
    const again = iconv.encode(s, charset);
    const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // The first chunk may have lost a byte-order mark to stripBOM.
    if (!again.equals(input) && !Buffer.concat([iconv.encode('\uFEFF', charset), again]).equals(input)) throw fail();
    return s;
  };
  // Only for gb18030 does each write hold whole sequences (see below), so only there can a
  // chunk be encoded back and compared; other charsets keep the strict rule.
  const write = (bytes: Uint8Array) => check(d.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)), charset === 'gb18030' ? bytes : undefined);
  if (charset !== 'gb18030') return { charset, write, end: () => check(d.end() ?? '') };
  // iconv-lite 0.7 drops a GB18030 four-byte character cut after its third byte at a chunk end
  // (found by the property test). Bytes below 0x30 (line breaks, commas, quotes) are never part of
  // a multi-byte GB18030 sequence, so feeding iconv only up to the last such byte keeps every
  // sequence whole; the tail waits for the next chunk.
  let tail: Uint8Array = new Uint8Array(0);
  return {
    charset,
    write(bytes) {
      const all = tail.byteLength ? Buffer.concat([tail, bytes]) : bytes;
      let cutAt = all.byteLength;
      while (cutAt > 0 && all[cutAt - 1]! >= 0x30) cutAt--;
      if (cutAt === 0 && all.byteLength < MAX_GB_TAIL) {
        tail = all;
        return '';
      }
      if (cutAt === 0) cutAt = all.byteLength; // a megabyte without a comma or line break: pass it on
      tail = all.slice(cutAt);
      return write(all.subarray(0, cutAt));
    },
    end() {
      const last = tail.byteLength ? write(tail) : '';
      tail = new Uint8Array(0);
      return last + check(d.end() ?? '');
    },
  };
}

const MAX_GB_TAIL = 1024 * 1024;

/** The decoder a declared charset asks for; unknown charsets are a 415. */
function declaredDecoder(charset: string): Decoder {
  const c = charset.trim().toLowerCase();
  if (UTF8_ALIASES.has(c)) return utf8Decoder();
  if (GB_ALIASES.has(c)) return iconvDecoder('gb18030');
  if (iconv.encodingExists(c)) return iconvDecoder(c);
  throw new AppError(Errors.INGEST_UNSUPPORTED_CHARSET, { details: { charset } });
}

function startsWith(head: Uint8Array, bytes: readonly number[]): boolean {
  return head.length >= bytes.length && bytes.every((b, i) => head[i] === b);
}

/** No declared charset: a BOM decides, else the sniff (see the module comment). */
function sniffedDecoder(head: Uint8Array): Decoder {
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return utf8Decoder();
  if (startsWith(head, [0xff, 0xfe])) return iconvDecoder('utf-16le');
  if (startsWith(head, [0xfe, 0xff])) return iconvDecoder('utf-16be');
  if (startsWith(head, [0x84, 0x31, 0x95, 0x33])) return iconvDecoder('gb18030');
  try {
    // stream: true lets a character cut at the end of the sniffed head pass.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return utf8Decoder();
  } catch {
    return iconvDecoder('gb18030');
  }
}

export interface DecodeOptions {
  /** From the Content-Type; undefined: detect. */
  charset?: string | undefined;
  /** Without a declared charset or BOM: sniff UTF-8 vs GB18030 (CSV), or take UTF-8 (JSON). */
  sniff?: boolean;
  /** Largest body in bytes; beyond it REQUEST_BODY_TOO_LARGE. */
  byteLimit?: number | undefined;
  /** Called with the byte count after each chunk (progress bars). */
  onBytes?: ((bytesRead: number) => void) | undefined;
}

/**
 * Decode a byte stream into text chunks. At the limit the text up to the limit is handed out and
 * then REQUEST_BODY_TOO_LARGE is thrown: the rows that end within the limit are read (and the
 * caller commits them), the row the limit cuts is not.
 * The sniff holds back at most {@link SNIFF_BYTES} before the first text comes out.
 */
export async function* decodeText(source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>, opts: DecodeOptions = {}): AsyncGenerator<string> {
  const limit = opts.byteLimit ?? Number.POSITIVE_INFINITY;
  let decoder = opts.charset ? declaredDecoder(opts.charset) : opts.sniff ? undefined : utf8Decoder();
  let held: Uint8Array[] = [];
  let heldBytes = 0;
  let total = 0;
  /** Text of the next bytes; '' while the sniff is still collecting the head. */
  const feed = (bytes: Uint8Array, final: boolean): string => {
    if (!decoder) {
      held.push(bytes);
      heldBytes += bytes.byteLength;
      if (heldBytes < SNIFF_BYTES && !final) return '';
      const head = Buffer.concat(held);
      held = [];
      decoder = sniffedDecoder(head);
      return decoder.write(head);
    }
    return decoder.write(bytes);
  };
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    total += bytes.byteLength;
    if (total > limit) {
      // Rows that end within the limit still count; the row the limit cuts never completes.
      const keep = bytes.byteLength - (total - limit);
      const text = feed(bytes.subarray(0, keep), true);
      if (text) yield text;
      throw new AppError(Errors.REQUEST_BODY_TOO_LARGE, { details: { limitBytes: limit } });
    }
    opts.onBytes?.(total);
    const text = feed(bytes, false);
    if (text) yield text;
  }
  const text = feed(new Uint8Array(0), true);
  if (text) yield text;
  const rest = decoder!.end();
  if (rest) yield rest;
}
