import { CERTIFICATE_LEVEL_LABELS, LEVEL_LABELS, POST_KIND_LABELS, type RecordType } from '@chanjiao/domain';
import { CSV_COLUMNS, type CsvColumn } from './csv-spec.js';

/**
 * Import templates for school offices and park operators: per record type, the Chinese header
 * row with required columns marked `*` (the import ignores the mark), one example row that the
 * import accepts as it is (a test proves it), and the allowed values of every column that has
 * them. The .xlsx lists them in cell notes, drop-down lists and a 填写说明 sheet; the CSV in `#`
 * lines after the example, which the CSV import skips.
 */

export const TYPE_LABELS: Readonly<Record<RecordType, string>> = { school: '学校', student: '学生', enterprise: '企业', post: '岗位', term: '学期' };

const labels = (m: Readonly<Record<string, string>>) => Object.values(m);
const YES_NO = ['是', '否'];
const LIST = '多个值用 ; 、 或 ， 分隔';

/** Allowed values (closed lists) per column, as the import reads them. */
const CHOICES: Partial<Record<RecordType, Record<string, readonly string[]>>> = {
  school: { kind: ['中职学校', '高职院校', '职业本科学校', '技工院校'], levels: labels(LEVEL_LABELS) },
  student: { level: labels(LEVEL_LABELS), postKinds: labels(POST_KIND_LABELS), stayLocal: YES_NO, consentToBeFound: YES_NO, status: ['求职中', '已落实', '暂停'] },
  enterprise: { keyEnterprise: YES_NO },
  post: { kind: labels(POST_KIND_LABELS), internshipMode: ['跟岗实习', '顶岗实习'], acceptedLevels: labels(LEVEL_LABELS), status: ['草稿', '开放', '关闭'] },
  term: { applicationMonth: ['6月', '12月'] },
};

const CERT_LEVELS = labels(CERTIFICATE_LEVEL_LABELS).join('/');
/** Formats of the open columns, in words. */
const FORMATS: Partial<Record<RecordType, Record<string, string>>> = {
  school: { partnerEnterpriseIds: `企业代码，${LIST}` },
  student: {
    phone: '11 位手机号',
    idNumber: '18 位身份证号',
    majorCode: '2021 年专业目录的 6 位专业代码',
    graduationYear: '如 2027 或 2027届',
    skills: `技能:熟练程度（基础/熟练/精通，可省略），${LIST}`,
    certificates: `证书:等级（${CERT_LEVELS}，可省略），${LIST}`,
    cities: LIST,
    parks: LIST,
    industries: LIST,
    availableFrom: '年-月，如 2027-03',
    availableMonths: '整数（月）',
  },
  enterprise: { employees: '整数', technicalPositions: '整数', partnerSchoolIds: `学校代码，${LIST}` },
  post: {
    coEnterpriseIds: `企业代码，${LIST}`,
    acceptedMajorCodes: `专业目录代码（2 位大类 / 4 位类 / 6 位专业）或名称（如 机电一体化技术、机械设计制造类、装备制造大类），${LIST}`,
    acceptedLevels: '也可写“大专及以上”（该层次及更高层次）或“不限”',
    acceptedGraduationYears: `年份，${LIST}`,
    requiredSkills: LIST,
    preferredSkills: LIST,
    requiredCertificates: `证书:最低等级（${CERT_LEVELS}），${LIST}`,
    preferredCertificates: `证书:最低等级（${CERT_LEVELS}），${LIST}`,
    seats: '整数',
    term: '如 2027-autumn（秋季）或 2027-spring（春季）',
    salaryMin: '元/月',
    salaryMax: '元/月',
    durationMonths: '整数（月）',
  },
  term: { id: '如 2027-autumn 或 2027-spring', startsOn: '年-月-日', endsOn: '年-月-日' },
};
const UPDATED_AT = '可省略：导入时间；或 2026-09-01 08:00（北京时间）';

/** One example row per type, by column name: accepted by the import as it is. */
const EXAMPLES: Readonly<Record<RecordType, Readonly<Record<string, string>>>> = {
  school: { id: 'SCH-ZH-01', name: '珠海示例职业技术学院', kind: '高职院校', levels: '高职专科', city: '珠海市', district: '金湾区', partnerEnterpriseIds: 'ENT-ZH-01' },
  student: {
    id: 'STU-2027-0001',
    schoolId: 'SCH-ZH-01',
    name: '张三',
    phone: '13800000000',
    majorCode: '460301',
    level: '高职专科',
    graduationYear: '2027',
    skills: 'PLC编程:熟练;CAD制图',
    certificates: '低压电工作业证:初级',
    postKinds: '实习岗位',
    cities: '珠海市',
    parks: '珠海航空产业园',
    industries: '航空',
    stayLocal: '是',
    availableFrom: '2027-03',
    availableMonths: '6',
    selfIntroduction: '熟悉 PLC 编程与电气控制，参加过省级技能竞赛。',
    consentToBeFound: '是',
    status: '求职中',
  },
  enterprise: { id: 'ENT-ZH-01', name: '珠海示例航空科技有限公司', city: '珠海市', park: '珠海航空产业园', industry: '航空', keyEnterprise: '否', employees: '500', technicalPositions: '120', partnerSchoolIds: 'SCH-ZH-01' },
  post: {
    id: 'POST-ZH-0001',
    enterpriseId: 'ENT-ZH-01',
    kind: '实习岗位',
    internshipMode: '顶岗实习',
    title: '电气设备维护实习生',
    description: '负责产线 PLC 设备的日常点检与维护。',
    acceptedMajorCodes: '4603',
    acceptedLevels: '高职专科',
    acceptedGraduationYears: '2027',
    requiredSkills: 'PLC编程',
    preferredSkills: 'CAD制图',
    requiredCertificates: '低压电工作业证:初级',
    seats: '10',
    term: '2027-autumn',
    city: '珠海市',
    park: '珠海航空产业园',
    salaryMin: '4000',
    salaryMax: '6000',
    durationMonths: '6',
    status: '开放',
  },
  term: { id: '2027-autumn', name: '2027年秋季学期', startsOn: '2027-09-01', endsOn: '2028-01-21', applicationMonth: '6月' },
};

/** A column whose cell holds several values (its codec reads a list). */
const isList = (c: CsvColumn): boolean => Array.isArray(c.codec.read('a;b'));

export interface TemplateColumn {
  /** The header written: the first Chinese name, `*` when required. */
  readonly header: string;
  readonly column: CsvColumn;
  /** Closed list of values, when the column has one. */
  readonly choices: readonly string[] | undefined;
  /** What goes in the column, in words (choices, format, required). */
  readonly hint: string;
  readonly example: string;
}

export function templateColumns(type: RecordType): TemplateColumn[] {
  return CSV_COLUMNS[type].map((c) => {
    const choices = CHOICES[type]?.[c.name];
    const format = c.name === 'updatedAt' ? UPDATED_AT : FORMATS[type]?.[c.name];
    const listed = choices ? `可选值：${choices.join(' / ')}${isList(c) ? `（${LIST}）` : ''}` : undefined;
    const hint = [c.required ? '必填' : '选填', listed, format].filter(Boolean).join('；');
    return { header: `${c.zh[0]}${c.required ? '*' : ''}`, column: c, choices, hint, example: EXAMPLES[type][c.name] ?? '' };
  });
}

function csvCell(s: string): string {
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The CSV template: UTF-8 with BOM (Excel), header, example row, then `#` lines the import skips. */
export function templateCsv(type: RecordType): string {
  const cols = templateColumns(type);
  const lines = [
    cols.map((c) => csvCell(c.header)).join(','),
    cols.map((c) => csvCell(c.example)).join(','),
    `# ${TYPE_LABELS[type]}导入模板：带 * 的列必填；第 2 行是示例，请替换为实际数据；以 # 开头的行不会被导入。`,
    ...cols.map((c) => `# ${c.header}：${c.hint}`),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

const colLetter = (n: number): string => (n <= 26 ? String.fromCharCode(64 + n) : colLetter(Math.floor((n - 1) / 26)) + String.fromCharCode(65 + ((n - 1) % 26)));

/** The .xlsx template: sheet 1 to fill in (notes and drop-downs), sheet 2 填写说明 (the same, as a table). */
export async function templateXlsx(type: RecordType): Promise<Buffer> {
  const cols = templateColumns(type);
  // Loaded on the first workbook: exceljs and its zip stack take ~0.4 s to load, which every start and test paid.
  const wb = new (await import('exceljs')).default.Workbook();
  wb.creator = 'Chanjiao Match';
  const ws = wb.addWorksheet(`${TYPE_LABELS[type]}导入`, { views: [{ state: 'frozen', ySplit: 1 }] });
  const header = ws.addRow(cols.map((c) => c.header));
  header.font = { bold: true };
  ws.addRow(cols.map((c) => c.example)).font = { italic: true, color: { argb: 'FF555555' } };
  cols.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.note = c.hint;
    if (c.column.required) cell.font = { bold: true, color: { argb: 'FFC00000' } };
    ws.getColumn(i + 1).width = Math.max(12, Math.min(40, c.example.length * 2 + 4));
    // A drop-down for single-value columns with a closed list (Excel checks what is typed).
    if (c.choices && !isList(c.column)) {
      const letter = colLetter(i + 1);
      for (let r = 2; r <= 1000; r++) {
        ws.getCell(`${letter}${r}`).dataValidation = { type: 'list', allowBlank: !c.column.required, formulae: [`"${c.choices.join(',')}"`] };
      }
    }
  });
  const help = wb.addWorksheet('填写说明');
  help.addRow(['列名', '必填', '说明', '示例']).font = { bold: true };
  for (const c of cols) help.addRow([c.column.zh[0], c.column.required ? '是' : '否', c.hint, c.example]);
  help.addRow([]);
  help.addRow(['说明', '', '第一个工作表的第 1 行是表头（带 * 的列必填），第 2 行是示例，请替换为实际数据后上传。可按班级或届别分成多个工作表（每个表都要有表头），都会导入；本说明表不导入。']);
  help.getColumn(1).width = 16;
  help.getColumn(3).width = 70;
  help.getColumn(4).width = 30;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
