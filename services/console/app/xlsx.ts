/** .xlsx writing with exceljs, loaded only when someone downloads a workbook. */
import { saveBlob } from './api';

export interface Sheet {
  name: string;
  header: string[];
  rows: Array<Array<string | number | null | undefined>>;
}

export async function saveWorkbook(fileName: string, sheets: Sheet[]): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = '产教匹配';
  const used = new Set<string>();
  for (const s of sheets) {
    // Excel: at most 31 characters, none of []:*?/\ , unique.
    let name = s.name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Sheet';
    for (let i = 2; used.has(name); i++) name = `${name.slice(0, 28)}-${i}`;
    used.add(name);
    const ws = wb.addWorksheet(name);
    ws.addRow(s.header).font = { bold: true };
    for (const r of s.rows) ws.addRow(r.map((v) => (v === null || v === undefined ? '' : v)));
    ws.columns.forEach((c) => (c.width = 16));
  }
  const buf = await wb.xlsx.writeBuffer();
  saveBlob(new Blob([buf], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), fileName);
}
