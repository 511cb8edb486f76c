/**
 * Issue 21's two tables for the school office and the joint meeting office: the columns the page
 * shows are the columns the .xlsx and CSV downloads carry (one definition, the API's numbers).
 */
import { CERT_LEVEL_LABELS, pct } from './labels';
import type { CatalogueLine, Column, MajorGaps, ShortageCatalogue, SkillGapLine, SkillGapsReply, SkillItemView } from './types';
import type { Sheet } from './xlsx';

const KIND: Record<string, string> = { skill: '技能', certificate: '证书', major: '专业类' };
export const itemName = (i: Pick<SkillItemView, 'name' | 'level'>) => `${i.name}${i.level ? `（${CERT_LEVEL_LABELS[i.level] ?? i.level}及以上）` : ''}`;
const int = (v: unknown) => (typeof v === 'number' ? v.toLocaleString('zh-CN') : '—');
const share = (v: unknown) => pct(v as number | null);
/** A count: shown with separators, written to a sheet as the number. */
const count = (key: string, label: string): Column => ({ key, label, num: true, format: int, raw: true });

/** A skill-gap line flattened for a table row. */
export const gapRow = (l: SkillGapLine): Record<string, unknown> => ({ ...l, kind: l.item.kind, name: itemName(l.item), occupation: l.item.occupation ?? '' });

export const GAP_COLUMNS: Column[] = [
  { key: 'name', label: '技能 / 证书' },
  { key: 'kind', label: '类别', format: (v) => KIND[String(v)] ?? String(v) },
  count('requiredSeats', '必备名额'),
  count('preferredSeats', '优先名额'),
  { key: 'demandShare', label: '需求占比', num: true, format: share },
  count('holders', '具备的求职学生'),
  { key: 'holderShare', label: '具备占比', num: true, format: share },
  { key: 'gap', label: '缺口（需求占比 − 具备占比）', num: true, format: share },
];

export const NOT_OFFERED_COLUMNS: Column[] = [
  { key: 'fieldName', label: '专业类 / 大类' },
  { key: 'field', label: '代码' },
  count('demandPosts', '岗位数'),
  count('demandSeats', '需求名额'),
];

export const CATALOGUE_COLUMNS: Column[] = [
  { key: 'rank', label: '排名', num: true, raw: true },
  { key: 'kind', label: '类别', format: (v) => KIND[String(v)] ?? String(v) },
  { key: 'name', label: '名称', format: (_v, r) => itemName(r as unknown as CatalogueLine) },
  { key: 'occupation', label: '职业（工种）', format: (v) => (v ? String(v) : '') },
  count('demandSeats', '需求名额'),
  count('supplyStudents', '求职学生'),
  count('gap', '缺口'),
  { key: 'ratio', label: '需求 / 供给', num: true, format: (v) => (typeof v === 'number' ? v.toFixed(2) : '无供给') },
  count('demandPosts', '岗位数'),
  count('preferredSeats', '优先名额（不计入需求）'),
  { key: 'previousYear', label: '上一年（需求 / 供给）', format: (v) => (v ? `${(v as CatalogueLine['previousYear'])!.demandSeats} / ${(v as CatalogueLine['previousYear'])!.supplyStudents}` : '—') },
];

/** A table as a worksheet: the same columns, the cells as shown. */
export function sheetOf(name: string, columns: Column[], rows: Array<Record<string, unknown>>): Sheet {
  // Counts stay numbers in Excel; shares and words as the page writes them.
  const cell = (c: Column, r: Record<string, unknown>) => (c.raw && typeof r[c.key] === 'number' ? (r[c.key] as number) : c.format ? c.format(r[c.key], r) : String(r[c.key] ?? ''));
  return { name, header: columns.map((c) => c.label), rows: rows.map((r) => columns.map((c) => cell(c, r))) };
}

const methodSheet = (method: string[]): Sheet => ({ name: '方法说明', header: ['方法'], rows: method.map((m) => [m]) });

/** The school's gaps: one sheet per major, the majors it does not offer, the method. */
export function gapSheets(r: SkillGapsReply): Sheet[] {
  return [
    ...r.majors.map((m: MajorGaps) => sheetOf(`${m.majorCode} ${m.majorName}`, GAP_COLUMNS, m.lines.map(gapRow))),
    sheetOf('未开设的需求专业', NOT_OFFERED_COLUMNS, r.majorsNotOffered),
    methodSheet(r.method),
  ];
}

/** The school's gaps as one CSV table: a major column in front of every line. */
export function gapCsvTable(r: SkillGapsReply): { header: string[]; rows: Array<Array<string | number>> } {
  const rows = r.majors.flatMap((m) => sheetOf('', GAP_COLUMNS, m.lines.map(gapRow)).rows.map((row) => [`${m.majorCode} ${m.majorName}`, ...row] as Array<string | number>));
  return { header: ['专业', ...GAP_COLUMNS.map((c) => c.label)], rows };
}

export function catalogueSheets(c: ShortageCatalogue): Sheet[] {
  return [sheetOf(`${c.city}${c.year}年紧缺目录`, CATALOGUE_COLUMNS, c.lines as unknown as Array<Record<string, unknown>>), methodSheet(c.method)];
}
