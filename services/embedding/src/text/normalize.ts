import { BGE_SMALL_ZH } from '../model/manifest.js';

/** Tokens left for text once the tokenizer adds [CLS] and [SEP]. */
export const TEXT_TOKEN_BUDGET = BGE_SMALL_ZH.maxTokens - 2;

const LATIN_RUN = /\p{Script=Latin}+/gu;
const WHITESPACE_RUN = /\s+/gu;
/** Control and format characters that are not whitespace (zero-width spaces, bidi marks): the tokenizer drops them anyway. */
const INVISIBLE = /(?!\s)[\p{Cc}\p{Cf}]/gu;

/**
 * The form every text takes before it reaches the model, and the form its cache key is taken
 * from: NFKC (full-width `ＰＬＣ２` → `PLC2`, compatibility ideographs → unified ones), Latin
 * lowercased (the bge-small-zh vocabulary is lowercase and its tokenizer does not lowercase:
 * `PLC` would become [UNK]), whitespace collapsed, invisible characters removed. Idempotent.
 */
export function normalizeText(text: string): string {
  const lowered = text.normalize('NFKC').replace(LATIN_RUN, (run) => run.toLowerCase());
  return lowered.normalize('NFKC').replace(INVISIBLE, '').replace(WHITESPACE_RUN, ' ').trim();
}

/**
 * An upper bound of the model's token count for a normalized text, without the tokenizer: the
 * BERT tokenizer turns every CJK character and punctuation mark into one token and a Latin word
 * into word pieces of at least one character each, so no text has more tokens than it has
 * non-space characters. Exact for Chinese; generous for English words.
 */
export function tokenBound(text: string): number {
  let n = 0;
  for (const ch of text) if (ch !== ' ') n++;
  return n;
}

/** The longest prefix of a normalized text whose {@link tokenBound} is at most `budget`. */
export function truncateToTokens(text: string, budget: number): string {
  if (budget <= 0) return '';
  let n = 0;
  let end = 0;
  for (const ch of text) {
    if (ch !== ' ') {
      if (n === budget) break;
      n++;
    }
    end += ch.length;
  }
  return text.slice(0, end).trimEnd();
}

/**
 * Joins sections in order of importance, each normalized and cut to the tokens still left, so a
 * long description loses its tail and never the title or the skills. Empty sections are skipped.
 */
export function composeSections(sections: ReadonlyArray<string | undefined>, budget = TEXT_TOKEN_BUDGET): string {
  const parts: string[] = [];
  let left = budget;
  for (const raw of sections) {
    if (left <= 0) break;
    const section = raw === undefined ? '' : normalizeText(raw);
    if (section === '') continue;
    const cut = truncateToTokens(section, left);
    if (cut === '') continue;
    parts.push(cut);
    left -= tokenBound(cut);
  }
  return parts.join(' ');
}
