/**
 * Negation in free text (a student's self-introduction, a query): 图纸还看不太懂, 不会焊接 and
 * 没学过PLC say the student lacks the skill, so the words there are no evidence of it. The spans
 * are found by cue words within a clause, which is enough for how students write (short clauses):
 * - a cue that ends its clause (图纸还看不太懂, PLC不熟) negates the whole clause, its object
 *   coming first;
 * - any other cue (不会焊接, 会PLC没学过CAD, 看不懂图纸) negates from the cue to the clause's end.
 */

/** Clause boundaries: punctuation and line breaks (not spaces: 图纸 还看不懂 is one clause). */
const CLAUSE = /[，,。.；;！!？?、\n\r]+/u;
/** 不/没/未 … that say "can't / haven't"; the idioms that do not (不仅, 不怕, 不断) are left out. */
const CUE = /(?:不(?!仅|但|只|光|断|错|怕|少|久|同|停|管|过|论))|没|未(?!来)|无法|欠缺|缺乏/u;
/** What may follow a clause-final cue: 不太懂, 没学过, 不熟练, 不会了. */
const CUE_TAIL = /^(?:不|没有?|未|无法|欠缺|缺乏)(?:太|大|怎么|很|是很)?(?:会|懂|熟练?|熟悉|了解|行|擅长|精通|学过?|用过|做过|接触过?)?[了的啊呢吧过]*$/u;

/** [start, end) ranges of `text` that are negated (see the module comment). */
export function negatedSpans(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  for (const clause of text.split(CLAUSE)) {
    const at = text.indexOf(clause, start);
    const m = clause ? CUE.exec(clause) : null;
    if (m) {
      const rest = clause.slice(m.index);
      out.push(CUE_TAIL.test(rest) ? [at, at + clause.length] : [at + m.index, at + clause.length]);
    }
    start = at + clause.length;
  }
  return out;
}

/** Does [start, end) of `text` fall in a negated span? */
export function isNegated(text: string, start: number, end: number): boolean {
  return negatedSpans(text).some(([a, b]) => start >= a && end <= b);
}

/** The text with its negated spans blanked by spaces (so nothing in them is read as a skill). */
export function withoutNegated(text: string): string {
  let out = text;
  for (const [a, b] of negatedSpans(text)) out = out.slice(0, a) + ' '.repeat(b - a) + out.slice(b);
  return out;
}
