import { pinyin } from 'pinyin-pro';

/**
 * Pinyin input (拼音输入法) replaces a word with one that sounds the same: 汽车维修 typed as
 * 汽车维休, 数控车床 as 数空车床, 电子商务 as 电子商物. This index finds, in a text, the spans whose
 * toneless pinyin equals a known term's, so a query parser can read them as that term.
 *
 * Readings come from pinyin-pro (its dictionary ships in the package, so this works offline):
 * a term is read in context (银行 → yin hang), a character of the text by all its readings
 * (行 → xing / hang / heng), so a polyphone in the text matches whichever reading a term needs.
 * What pinyin-pro does not do, and this file does, is the matching: a trie of the terms'
 * syllables walked from each position of the text.
 */
export interface HomophoneSpan {
  /** UTF-16 offsets of the span in the text searched. */
  readonly start: number;
  readonly end: number;
  /** The known terms that sound like the span (the span itself among them when it is one). */
  readonly terms: readonly string[];
}

interface Node {
  readonly next: Map<string, Node>;
  terms: string[] | undefined;
}

/** CJK unified ideographs (basic and extension A) and compatibility ideographs: what the lexicon's terms are written in. */
function isHan(c: string): boolean {
  const x = c.charCodeAt(0);
  return c.length === 1 && ((x >= 0x4e00 && x <= 0x9fff) || (x >= 0x3400 && x <= 0x4dbf) || (x >= 0xf900 && x <= 0xfaff));
}
/** Longer terms are rare in queries and would only grow the trie. */
const MAX_TERM_CHARS = 12;

/**
 * A character's toneless readings, cached: a process meets a few thousand distinct characters,
 * and pinyin-pro takes ~40 µs for one, so each is read once.
 */
const readingsCache = new Map<string, readonly string[]>();
function readings(ch: string): readonly string[] {
  let r = readingsCache.get(ch);
  if (!r) {
    r = Object.freeze([...new Set(pinyin(ch, { toneType: 'none', type: 'array', multiple: true }))]);
    readingsCache.set(ch, r);
  }
  return r;
}

/** The toneless pinyin key of a term, syllables joined by spaces (汽车维修 → `qi che wei xiu`). */
export function pinyinKey(term: string): string {
  return pinyin(term, { toneType: 'none', type: 'array' }).join(' ');
}

export class HomophoneIndex {
  readonly #root: Node = { next: new Map(), terms: undefined };

  /** Terms of two to twelve Chinese characters are indexed; others (PLC编程, 护理) are skipped. */
  constructor(terms: Iterable<string>) {
    const polyphonic: string[] = [];
    for (const term of terms) {
      const chars = [...term];
      if (chars.length < 2 || chars.length > MAX_TERM_CHARS || !chars.every(isHan)) continue;
      // A term without polyphones reads as its characters do (cached); the few with one are read
      // in context, all in one call (pinyin-pro's cost is mostly per call).
      if (chars.every((c) => readings(c).length === 1)) this.#add(term, chars.map((c) => readings(c)[0]!));
      else polyphonic.push(term);
    }
    if (!polyphonic.length) return;
    const syllables = pinyin(polyphonic.join('|'), { toneType: 'none', type: 'array' });
    let at = 0;
    for (const term of polyphonic) {
      const n = [...term].length;
      this.#add(term, syllables.slice(at, at + n));
      at += n + 1;
    }
  }

  #add(term: string, syllables: readonly string[]): void {
    let node = this.#root;
    for (const syllable of syllables) {
      let child = node.next.get(syllable);
      if (!child) node.next.set(syllable, (child = { next: new Map(), terms: undefined }));
      node = child;
    }
    if (!node.terms) node.terms = [];
    if (!node.terms.includes(term)) node.terms.push(term);
  }

  /**
   * Every span of consecutive Chinese characters in `text` that sounds like a known term, for
   * each start position every length that matches. The caller decides which to read as what.
   */
  find(text: string): HomophoneSpan[] {
    const out: HomophoneSpan[] = [];
    // Each character's readings (null: not Chinese) and offset, worked out once.
    const reads: Array<readonly string[] | null> = [];
    const offsets: number[] = [];
    let off = 0;
    for (const c of text) {
      offsets.push(off);
      off += c.length;
      reads.push(isHan(c) ? readings(c) : null);
    }
    offsets.push(off);
    const root = this.#root;
    for (let i = 0; i < reads.length; i++) {
      const first = reads[i];
      if (!first) continue;
      // Most positions start no term: find that out without building a frontier.
      let frontier: Node[] | undefined;
      for (const r of first) {
        const child = root.next.get(r);
        if (child) (frontier ??= []).push(child);
      }
      if (!frontier) continue;
      for (let j = i + 1; j < reads.length; j++) {
        const rs = reads[j];
        if (!rs) break;
        let next: Node[] | undefined;
        for (const node of frontier) {
          for (const r of rs) {
            const child = node.next.get(r);
            if (!child) continue;
            if (!next) next = [child];
            else if (!next.includes(child)) next.push(child);
          }
        }
        if (!next) break;
        frontier = next;
        let terms: string[] | undefined;
        for (const n of next) if (n.terms) terms = terms ? [...terms, ...n.terms] : n.terms;
        if (terms) out.push({ start: offsets[i]!, end: offsets[j + 1]!, terms });
      }
    }
    return out;
  }
}
