import type { Report } from './context.js';

/** The Chinese part of a title, as Excel allows a sheet name: at most 31 characters, none of : \ / ? * [ ]. */
const sheetName = (title: string) =>
  title
    .replace(/\s*[A-Za-z].*$/, '')
    .replace(/[:\\/?*[\]]/g, ' ')
    .slice(0, 31);

/** Display width of a cell's text: CJK characters take two columns. */
function textWidth(value: unknown): number {
  const text = value === null || value === undefined ? '' : String(value);
  let w = 0;
  for (const ch of text) w += /[\u2e80-\uffff]/.test(ch) ? 2 : 1;
  return w;
}

/**
 * A run's reports as one workbook: one sheet per report (named by its Chinese title), the header
 * row frozen and bold, columns as wide as their content (within 8–60), numbers as numbers, and the
 * report's notes on the rows below the table.
 */
export async function reportsWorkbook(reports: readonly Report[], meta: { term: string; version: number; city?: string | undefined }): Promise<Buffer> {
  // Loaded on the first workbook: exceljs and its zip stack take ~0.4 s to load, which every start and test paid.
  const workbook = new (await import('exceljs')).default.Workbook();
  workbook.creator = 'chanjiao-match';
  workbook.title = `${meta.term} v${meta.version}${meta.city ? ` ${meta.city}` : ''}`;
  for (const report of reports) {
    const sheet = workbook.addWorksheet(sheetName(report.title) || report.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = report.columns.map((c) => {
      let width = textWidth(c.header);
      for (let i = 0; i < Math.min(report.rows.length, 2000); i++) width = Math.max(width, textWidth(report.rows[i]![c.key]));
      return { header: c.header, key: c.key, width: Math.min(60, Math.max(8, width + 2)) };
    });
    sheet.getRow(1).font = { bold: true };
    for (const row of report.rows) sheet.addRow(Object.fromEntries(report.columns.map((c) => [c.key, row[c.key] ?? null])));
    if (report.notes.length > 0) {
      sheet.addRow([]);
      for (const note of report.notes) sheet.addRow([note]);
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
