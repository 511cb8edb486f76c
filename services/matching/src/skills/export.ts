import type { CatalogueLine, ShortageCatalogueReply } from '@chanjiao/domain';
import { CERTIFICATE_LEVEL_LABELS } from '@chanjiao/domain';
import { toCsv, type ReportTable } from '../batch/csv.js';

const KIND_LABELS: Readonly<Record<CatalogueLine['kind'], string>> = { major: '专业类 major field', skill: '技能 skill', certificate: '证书 certificate' };

const COLUMNS: ReportTable['columns'] = [
  { key: 'rank', header: '排名 rank' },
  { key: 'kind', header: '类别 kind' },
  { key: 'key', header: '代码 key' },
  { key: 'name', header: '名称 name' },
  { key: 'level', header: '等级 level' },
  { key: 'occupation', header: '职业(工种) occupation' },
  { key: 'demandPosts', header: '需求岗位 posts' },
  { key: 'demandSeats', header: '需求名额 demand seats' },
  { key: 'preferredSeats', header: '优先名额 preferred seats' },
  { key: 'supplyStudents', header: '供给学生 supply students' },
  { key: 'gap', header: '缺口 gap' },
  { key: 'ratio', header: '需求/供给 ratio' },
  { key: 'previousDemandSeats', header: '上年需求 previous year demand' },
  { key: 'previousSupplyStudents', header: '上年供给 previous year supply' },
  { key: 'previousRank', header: '上年排名 previous year rank' },
];

function rows(c: ShortageCatalogueReply): ReportTable['rows'] {
  return c.lines.map((l) => ({
    rank: l.rank,
    kind: KIND_LABELS[l.kind],
    key: l.key,
    name: l.name,
    level: l.level ? CERTIFICATE_LEVEL_LABELS[l.level] : '',
    occupation: l.occupation ?? '',
    demandPosts: l.demandPosts,
    demandSeats: l.demandSeats,
    preferredSeats: l.preferredSeats,
    supplyStudents: l.supplyStudents,
    gap: l.gap,
    ratio: l.ratio,
    previousDemandSeats: l.previousYear?.demandSeats ?? null,
    previousSupplyStudents: l.previousYear?.supplyStudents ?? null,
    previousRank: l.previousYear?.rank ?? null,
  }));
}

/** The heading lines above the table: what, which version, the method. */
function heading(c: ShortageCatalogueReply): string[] {
  return [`紧缺目录 Shortage catalogue ${c.city} ${c.year} v${c.version} (${c.computedAt})`, ...c.method];
}

/**
 * CSV as the batch reports write it (UTF-8 with a BOM, CRLF, formula cells defused), with the
 * heading and method as one-cell rows above the table, so the numbers never travel without it.
 */
export function catalogueCsv(c: ShortageCatalogueReply): string {
  const head = toCsv({ columns: [{ key: 'text', header: heading(c)[0]! }], rows: heading(c).slice(1).map((text) => ({ text })) });
  const table = toCsv({ columns: COLUMNS, rows: rows(c) }).replace(/^\uFEFF/, '');
  return `${head}\r\n${table}`;
}

/** The same as an .xlsx workbook: sheet 目录 (heading, method, table) — what an office opens in Excel/WPS. */
export async function catalogueXlsx(c: ShortageCatalogueReply): Promise<Buffer> {
  // Loaded on the first workbook: exceljs and its zip stack take ~0.4 s to load, which every start and test paid.
  const wb = new (await import('exceljs')).default.Workbook();
  wb.creator = 'chanjiao-match';
  wb.created = new Date(c.computedAt);
  const sheet = wb.addWorksheet('目录 catalogue');
  for (const line of heading(c)) sheet.addRow([line]);
  sheet.addRow([]);
  const header = sheet.addRow(COLUMNS.map((col) => col.header));
  header.font = { bold: true };
  for (const r of rows(c)) sheet.addRow(COLUMNS.map((col) => r[col.key] ?? null));
  sheet.columns.forEach((col, i) => (col.width = i === 3 ? 28 : 14));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
