import t from 'tap';
import { toCsv } from '../../services/matching/src/batch/csv.js';
import { shortlistCsv } from '../../services/matching/src/routes/shortlists.js';

/**
 * Issue 15 item 6: every CSV export defuses cells a spreadsheet would run as a formula — OWASP's
 * list (=, +, -, @, tab, carriage return), after leading spaces too, and the full-width forms.
 */
const HOSTILE = ['=1+1', '+1', '-1+2', '@SUM(A1)', '\t=1', '\r=1', ' =1', '  @x', '\u3000=1', '＝1+1', '＋1', '－1', '＠SUM(A1)'];

/** The cells of one CSV line, unquoted (enough for these values). */
function cells(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/"((?:[^"]|"")*)"|([^,]*)/g)) {
    if (m.index > 0 && line[m.index - 1] !== ',') continue;
    out.push(m[1] !== undefined ? m[1].replaceAll('""', '"') : (m[2] ?? ''));
  }
  return out;
}

t.test('batch and skill reports: every hostile text cell starts with an apostrophe, numbers stay numbers', async (t) => {
  const csv = toCsv({ columns: [{ key: 'v', header: 'v' }, { key: 'n', header: 'n' }], rows: HOSTILE.map((v) => ({ v, n: -5 })) });
  const rows = csv.replace(/^\uFEFF/, '').split('\r\n').slice(1, -1);
  t.equal(rows.length, HOSTILE.length);
  rows.forEach((line, i) => {
    t.same(cells(line), [`'${HOSTILE[i]}`, '-5'], JSON.stringify(HOSTILE[i]));
  });
  t.same(cells(toCsv({ columns: [{ key: 'v', header: 'v' }], rows: [{ v: 'PLC-1200' }] }).split('\r\n')[1]!), ['PLC-1200'], 'ordinary text untouched');
});

t.test('shortlist export: notes and names are defused the same way', async (t) => {
  const csv = shortlistCsv(HOSTILE.map((note, i) => ({ entry: { studentId: `S${i}`, note }, student: null })));
  const rows = csv.replace(/^\uFEFF/, '').split('\r\n').slice(1, -1);
  rows.forEach((line, i) => t.equal(cells(line)[10], `'${HOSTILE[i]}`, JSON.stringify(HOSTILE[i])));
});
