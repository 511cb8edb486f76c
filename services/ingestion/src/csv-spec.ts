import {
  CERTIFICATE_LEVEL_LABELS,
  LEVEL_LABELS,
  POST_KIND_LABELS,
  skillLexicon,
  type INPUT_SCHEMAS,
  type RecordType,
} from '@chanjiao/domain';
import type { z } from 'zod';

/**
 * The CSV column spec of every record type: which header names (English or Chinese) a column
 * answers to, where its cell lands in the record, and how a cell is read and written. One table
 * serves both directions, so what `formatCsv` writes the import reads back unchanged.
 *
 * Cells are text; a codec turns a cell into the value the zod schema expects. A codec never
 * rejects: a cell it cannot read goes through as the raw string, so the zod schema reports it
 * (wrong type, invalid value) with its field, exactly as it would for a JSON row.
 */

/** What an owner sends for a record type (students carry `personal`). */
export type InputOf<T extends RecordType> = z.input<(typeof INPUT_SCHEMAS)[T]>;

export type CsvLang = 'en' | 'zh';

interface Codec {
  /** Empty cells are never passed: an empty cell leaves the field out (its default applies). */
  read(cell: string): unknown;
  write(value: unknown, lang: CsvLang): string;
}

export interface CsvColumn {
  /** The English header `formatCsv` writes, and the field's name in the docs. */
  readonly name: string;
  /** Chinese headers: the first is what `formatCsv` writes with `lang: 'zh'`. */
  readonly zh: readonly string[];
  /** Where the cell lands in the input record. */
  readonly path: readonly string[];
  readonly required: boolean;
  readonly codec: Codec;
}

const text: Codec = { read: (c) => c, write: (v) => (v === undefined || v === null ? '' : String(v)) };

/**
 * Full-width forms as a Chinese input method types them (`２０２７`, `４，５００`) read as their
 * ASCII twins (NFKC), for cells that are numbers, dates or yes/no; codes and ids (`４６０３０６`),
 * and the Latin letters and digits of skill and certificate names (`ＰＬＣ编程`), are normalized
 * for every format in validate.ts. Free text (names, descriptions) is kept as written: NFKC would
 * rewrite its `（）` and `，`.
 */
const nfkc = (c: string): string => c.normalize('NFKC').trim();

/** `2027`, `2027届`, `2027年`, `２０２７`; anything else goes to zod as text (a wrong type). */
const int: Codec = {
  read: (c) => {
    const m = /^([+-]?\d+)(?:届|年|个月|月|人)?$/.exec(nfkc(c));
    return m ? Number(m[1]) : c;
  },
  write: text.write,
};

/** `8000`, `8,000`, `8000.5`, `４５００`. */
const num: Codec = {
  read: (c) => {
    const n = nfkc(c);
    const s = /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(n) ? n.replaceAll(',', '') : n;
    return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s) ? Number(s) : c;
  },
  write: text.write,
};

// Ticks and crosses as a Chinese or a Latin keyboard types them (√ ×, ✓ ✔ ☑, ✗ ✘ ☒).
const TRUE = new Set(['true', '1', 'yes', 'y', '是', '同意', '有', '√', '✓', '✔', '☑', 't']);
const FALSE = new Set(['false', '0', 'no', 'n', '否', '不同意', '无', '×', '✗', '✘', '☒', 'f']);
const bool: Codec = {
  read: (c) => {
    const k = nfkc(c).toLowerCase();
    return TRUE.has(k) ? true : FALSE.has(k) ? false : c;
  },
  write: (v, lang) => (v === undefined ? '' : lang === 'zh' ? (v ? '是' : '否') : String(v)),
};

/** Each enum's Chinese words by its values (sorted, joined by `|`): what a validation error offers. */
const ENUM_WORDS = new Map<string, Readonly<Record<string, readonly string[]>>>();

/**
 * The Chinese words a cell may use for each of an enum's values (`basic` → 基础/了解/入门/一般),
 * found by the values a schema error lists; undefined for an enum no column reads.
 */
export function enumWords(values: readonly unknown[]): Readonly<Record<string, readonly string[]>> | undefined {
  return ENUM_WORDS.get(values.map(String).sort().join('|'));
}

/** An enum cell: the English value, or one of its Chinese labels (the first label is written). */
function enumOf(labels: Readonly<Record<string, readonly string[]>>): Codec {
  const key = Object.keys(labels).sort().join('|');
  if (!ENUM_WORDS.has(key)) ENUM_WORDS.set(key, labels);
  const byLabel = new Map<string, string>();
  for (const [value, zh] of Object.entries(labels)) {
    byLabel.set(value.toLowerCase(), value);
    for (const l of zh) byLabel.set(l, value);
  }
  return {
    read: (c) => byLabel.get(c) ?? byLabel.get(c.toLowerCase()) ?? c,
    write: (v, lang) => (v === undefined ? '' : lang === 'zh' ? (labels[String(v)]?.[0] ?? String(v)) : String(v)),
  };
}

/**
 * List cells: items split on `,`, `，`, `;`, `；`, `、` or `|` (an ASCII comma needs the cell quoted
 * in a CSV, which Excel does by itself; the full-width `，` is what a Chinese keyboard types).
 */
const LIST_SEPARATOR = /[,，;；、|]/;
function listOf(item: Codec): Codec {
  return {
    read: (c) =>
      c
        .split(LIST_SEPARATOR)
        .map((s) => s.trim())
        .filter((s) => s !== '')
        .map((s) => item.read(s)),
    write: (v, lang) => (Array.isArray(v) ? v.map((x) => item.write(x, lang)).join(';') : ''),
  };
}

/**
 * Skill and certificate lists: as {@link listOf}, and an item that is no name the lexicon knows is
 * split again on spaces and slashes when every part is one (`数控车床 数控编程 CAD`,
 * `PLC/变频器调试`, `低压电工证 焊工证`): people separate names that way, but spaces and slashes
 * are also inside names (`PLC 编程`, `1+X Web前端开发 中级`, `TCP/IP`), which stay whole. A part's
 * `:level` is not part of its name.
 */
const SOFT_SEPARATOR = /[\s/／]+/u;
function namedList(kind: 'skill' | 'certificate', item: Codec): Codec {
  const known = (s: string) => {
    const name = s.replace(/[:：][^:：]*$/u, '').trim();
    // The lexicon is built on first use, not when this module loads.
    const lexicon = skillLexicon();
    return name !== '' && (kind === 'skill' ? lexicon.resolveSkill(name) : lexicon.resolveCertificate(name)) !== undefined;
  };
  const split = (s: string): string[] => {
    if (known(s)) return [s];
    const parts = s.split(SOFT_SEPARATOR).filter((p) => p !== '');
    return parts.length > 1 && parts.every(known) ? parts : [s];
  };
  const list = listOf(text);
  return {
    read: (c) => (list.read(c) as string[]).flatMap(split).map((s) => item.read(s)),
    write: listOf(item).write,
  };
}

/**
 * `name:level` items (skills, certificates, certificate requirements): `PLC:advanced`,
 * `PLC编程:熟悉`, `低压电工作业证:初级`, or a bare name. The level is after the last `:` or `：`
 * when that part reads as a level word (letters or Chinese, no digits); otherwise the colon is
 * part of the name (`ISO 9001:2015内审员`, `C:/编程`) and nothing is split off.
 */
function namedLevel(levelKey: string, level: Codec): Codec {
  return {
    read: (c) => {
      const i = Math.max(c.lastIndexOf(':'), c.lastIndexOf('：'));
      if (i <= 0) return { name: c };
      const lv = c.slice(i + 1).trim();
      if (lv === '') return { name: c.slice(0, i).trim() };
      if (!/^[\p{Script=Han}A-Za-z_]{1,16}$/u.test(lv)) return { name: c };
      return { name: c.slice(0, i).trim(), [levelKey]: level.read(lv) };
    },
    write: (v, lang) => {
      const o = v as Record<string, unknown>;
      const lv = o[levelKey];
      return lv === undefined ? String(o.name) : `${String(o.name)}:${level.write(lv, lang)}`;
    },
  };
}

const pad2 = (s: string) => s.padStart(2, '0');

/**
 * ISO instants pass through; what Excel writes (`2026/9/1 8:00`, `2026-09-01 08:00:00`,
 * `2026-09-01`) is read as China time (+08:00), the owners' clock.
 */
const timestamp: Codec = {
  read: (c) => {
    const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(nfkc(c));
    if (!m) return c;
    const [, y, mo, d, h = '0', mi = '00', s = '00'] = m;
    return `${y}-${pad2(mo!)}-${pad2(d!)}T${pad2(h)}:${mi}:${s}+08:00`;
  },
  write: text.write,
};

/** `2027-03-01`, `2027/3/1`, `2027.3.1`. */
const date: Codec = {
  read: (c) => {
    const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(nfkc(c));
    return m ? `${m[1]}-${pad2(m[2]!)}-${pad2(m[3]!)}` : c;
  },
  write: text.write,
};

/**
 * Excel's day numbers of the years a student's month can be in (2000-01-01 … 2099-12-31): what a
 * date cell becomes when it is saved as CSV with the General format, or typed as text.
 */
const EXCEL_SERIALS = { min: 36526, max: 73050 } as const;
/** Excel's day 0 (1899-12-30, counting its 1900-02-29), in UTC milliseconds. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/**
 * `2027-03`, `2027/3`, `2027年3月`; a whole date in a month column is its month (`2027/3/1`,
 * `2027年3月1日`: a clerk types the day the student can start), and so is an Excel day number
 * (`46447`).
 */
const month: Codec = {
  read: (c) => {
    const n = nfkc(c);
    const m = /^(\d{4})(?:[-/.]|年)(\d{1,2})(?:月|(?:[-/.]|月)\d{1,2}日?)?$/.exec(n);
    if (m) return `${m[1]}-${pad2(m[2]!)}`;
    const serial = /^\d{5}$/.test(n) ? Number(n) : NaN;
    if (!(serial >= EXCEL_SERIALS.min && serial <= EXCEL_SERIALS.max)) return c;
    const d = new Date(EXCEL_EPOCH_MS + serial * 86_400_000);
    return `${d.getUTCFullYear()}-${pad2(String(d.getUTCMonth() + 1))}`;
  },
  write: text.write,
};

/**
 * A graduation year as an office writes it: as {@link int} (`2027`, `2027届`), or the month or
 * day of graduation (`2027年6月`, `2027-06`, `2027.6.30`), which says the year.
 */
const year: Codec = {
  read: (c) => {
    const m = /^(\d{4})(?:年|[-/.])\d{1,2}(?:月|[-/.]\d{1,2}日?|月\d{1,2}日)?$/.exec(nfkc(c));
    return m ? Number(m[1]) : int.read(c);
  },
  write: text.write,
};

const zhLabels = (labels: Readonly<Record<string, string>>, extra: Readonly<Record<string, readonly string[]>> = {}) =>
  Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, [v, ...(extra[k] ?? [])]]));

const level = enumOf(zhLabels(LEVEL_LABELS, { secondary: ['中专', '中等职业教育'], higher: ['高职', '专科', '大专'], bachelor: ['本科', '职业本科教育'] }));
/**
 * A post's accepted levels: the list of {@link level} words, where an item may also say a floor
 * (`大专及以上`, `中职以上`, `本科或以上学历`: that level and every higher one, 中职 < 高职专科 <
 * 职业本科), and `不限` (or 不限学历, 均可, 无要求) alone means no restriction, as an empty list does.
 * An item that is none of these goes to zod as written.
 */
const LEVEL_ORDER = ['secondary', 'higher', 'bachelor'] as const;
const ANY_LEVEL = new Set(['不限', '不限学历', '学历不限', '不限层次', '均可', '无要求', '无']);
const acceptedLevels: Codec = {
  read: (c) => {
    const items = listOf(text).read(c) as string[];
    if (items.length === 1 && ANY_LEVEL.has(nfkc(items[0]!))) return [];
    const out: unknown[] = [];
    for (const item of items) {
      const floor = /^(.+?)(?:及以上|或以上|以上)(?:学历|层次)?$/.exec(nfkc(item));
      const v = level.read(floor ? floor[1]! : item);
      const i = LEVEL_ORDER.indexOf(v as (typeof LEVEL_ORDER)[number]);
      const values = !floor ? [v] : i >= 0 ? LEVEL_ORDER.slice(i) : [item];
      for (const x of values) if (!out.includes(x)) out.push(x);
    }
    return out;
  },
  write: listOf(level).write,
};
/**
 * A post's accepted majors: codes or names, or `不限` (专业不限, 不限专业, 均可, 无要求) alone for any
 * major, as an empty list says; as the levels take it (ANY_LEVEL), which clerks write in the same row.
 */
const ANY_MAJOR = new Set([...ANY_LEVEL, '专业不限', '不限专业']);
const acceptedMajors: Codec = {
  read: (c) => {
    const items = listOf(text).read(c) as string[];
    return items.length === 1 && ANY_MAJOR.has(nfkc(items[0]!)) ? [] : items;
  },
  write: listOf(text).write,
};
const postKind = enumOf(
  zhLabels(POST_KIND_LABELS, {
    job: ['就业', '工作', '招聘', '全职', '正式工作'],
    // 顶岗/跟岗/岗位实习 are how schools and the 2021 internship rules name an internship.
    internship: ['实习', '顶岗实习', '跟岗实习', '岗位实习', '实习生'],
    order_class: ['订单培养', '定向培养', '冠名班'],
    // 学徒 alone is how a student writes it (and what the query parser already reads as this kind).
    apprenticeship: ['学徒制', '企业新型学徒制', '学徒'],
  }),
);
const certLevel = enumOf(zhLabels(CERTIFICATE_LEVEL_LABELS, { junior: ['初级工'], intermediate: ['中级工'], senior: ['高级工'] }));
/**
 * Skill levels as résumés write them: 了解 → basic; 熟悉, 掌握, 熟练 → intermediate; 精通 → advanced
 * (with 基础/入门/一般, 良好/中等, 高级/擅长 beside them). The first word of each is what Chinese exports write.
 */
export const SKILL_LEVEL_WORDS = {
  basic: ['基础', '了解', '入门', '一般'],
  intermediate: ['熟练', '熟悉', '掌握', '良好', '中等'],
  advanced: ['精通', '高级', '擅长'],
} as const;
const skillLevel = enumOf(SKILL_LEVEL_WORDS);
const studentStatus = enumOf({ seeking: ['求职中', '待就业'], placed: ['已落实', '已就业'], inactive: ['暂停', '不求职'] });
const schoolKind = enumOf({
  secondary_vocational: ['中职学校', '中职', '中等职业学校'],
  higher_vocational: ['高职院校', '高职', '高等职业学校'],
  vocational_bachelor: ['职业本科学校', '职业本科'],
  technician_college: ['技工院校', '技工学校', '技师学院'],
});
const internshipMode = enumOf({ shadow: ['跟岗实习', '跟岗'], on_post: ['顶岗实习', '顶岗'] });
const postStatus = enumOf({ draft: ['草稿', '未发布'], open: ['开放', '招聘中', '进行中', '已发布'], closed: ['关闭', '已关闭', '已结束', '停招', '已招满'] });
const applicationMonth = enumOf({ 6: ['6月', '六月'], 12: ['12月', '十二月'] });
// The application month is a number in the schema; the enum codec yields its string key.
const monthNumber: Codec = { read: (c) => int.read(String(applicationMonth.read(c))), write: text.write };

/**
 * A mobile number as clerks type it: `138 1234 5678`, `138-1234-5678`, `+86 139…`, full-width
 * digits. Read to the 11 digits when that is what remains; anything else goes to zod unchanged.
 */
const phone: Codec = {
  read: (c) => {
    const s = c.normalize('NFKC').replace(/[\s\-–—.()]/g, '').replace(/^(?:\+86|0086|86)(?=1\d{10}$)/, '');
    return /^1\d{10}$/.test(s) ? s : c;
  },
  write: text.write,
};
/** A resident ID with spaces or full-width characters; its check character X as GB 11643 writes it (upper case). */
const idNumber: Codec = {
  read: (c) => {
    const s = c.normalize('NFKC').replace(/\s/g, '');
    return /^\d{17}[\dXx]$/.test(s) ? s.toUpperCase() : c;
  },
  write: text.write,
};

function col(name: string, zh: string | readonly string[], path: string, codec: Codec, required = false): CsvColumn {
  return Object.freeze({ name, zh: typeof zh === 'string' ? [zh] : zh, path: path.split('.'), required, codec });
}

const updatedAt = col('updatedAt', ['更新时间', '修改时间'], 'updatedAt', timestamp);

/** The column spec per record type; the README's CSV table is this, in words. */
export const CSV_COLUMNS: Readonly<Record<RecordType, readonly CsvColumn[]>> = Object.freeze({
  school: [
    col('id', ['学校代码', '院校代码', '学校编号'], 'id', text, true),
    col('name', ['学校名称', '院校名称', '学校'], 'name', text, true),
    col('kind', ['学校类型', '办学类型', '院校类型'], 'kind', schoolKind, true),
    col('levels', ['办学层次', '层次'], 'levels', listOf(level), true),
    col('city', ['城市', '所在城市'], 'city', text, true),
    col('district', ['区县', '所在区县'], 'district', text),
    col('partnerEnterpriseIds', ['合作企业', '合作企业代码'], 'partnerEnterpriseIds', listOf(text)),
    updatedAt,
  ],
  student: [
    col('id', ['学号', '学生编号'], 'id', text, true),
    col('schoolId', ['学校代码', '院校代码'], 'schoolId', text, true),
    col('name', ['姓名', '学生姓名'], 'personal.name', text, true),
    col('phone', ['手机号', '手机', '联系电话', '手机号码'], 'personal.phone', phone),
    col('idNumber', ['身份证号', '身份证号码', '身份证'], 'personal.idNumber', idNumber),
    col('majorCode', ['专业代码'], 'majorCode', text, true),
    col('level', ['层次', '培养层次', '学历层次'], 'level', level, true),
    col('graduationYear', ['毕业年份', '届别', '毕业届别'], 'graduationYear', year, true),
    col('skills', ['技能', '专业技能'], 'skills', namedList('skill', namedLevel('level', skillLevel))),
    col('certificates', ['证书', '职业资格证书', '技能证书'], 'certificates', namedList('certificate', namedLevel('level', certLevel))),
    col('postKinds', ['意向岗位类型', '求职意向'], 'preferences.postKinds', listOf(postKind)),
    col('cities', ['意向城市'], 'preferences.cities', listOf(text)),
    col('parks', ['意向园区'], 'preferences.parks', listOf(text)),
    col('industries', ['意向行业'], 'preferences.industries', listOf(text)),
    col('stayLocal', ['愿意留在本地', '本地就业'], 'preferences.stayLocal', bool),
    col('availableFrom', ['可到岗时间', '可到岗月份'], 'availability.from', month),
    col('availableMonths', ['可工作月数', '实习时长（月）'], 'availability.months', int),
    col('selfIntroduction', ['自我介绍', '个人简介'], 'selfIntroduction', text),
    col('consentToBeFound', ['同意被企业查找', '同意推荐', '授权推荐'], 'consentToBeFound', bool, true),
    col('status', ['状态', '求职状态'], 'status', studentStatus),
    updatedAt,
  ],
  enterprise: [
    col('id', ['企业代码', '企业编号', '统一社会信用代码'], 'id', text, true),
    col('name', ['企业名称', '单位名称'], 'name', text, true),
    col('city', ['城市', '所在城市'], 'city', text, true),
    col('park', ['园区', '所在园区'], 'park', text),
    col('industry', ['行业', '所属行业'], 'industry', text, true),
    col('keyEnterprise', ['重点企业', '是否重点企业'], 'keyEnterprise', bool),
    col('employees', ['职工人数', '员工人数'], 'employees', int),
    col('technicalPositions', ['技术岗位数'], 'technicalPositions', int),
    col('partnerSchoolIds', ['合作院校', '合作学校'], 'partnerSchoolIds', listOf(text)),
    updatedAt,
  ],
  post: [
    col('id', ['岗位编号', '岗位代码'], 'id', text, true),
    col('enterpriseId', ['企业代码', '企业编号'], 'enterpriseId', text, true),
    col('coEnterpriseIds', ['联合企业', '联合企业代码'], 'coEnterpriseIds', listOf(text)),
    col('kind', ['岗位类型', '类型'], 'kind', postKind, true),
    col('internshipMode', ['实习方式', '实习类型'], 'internshipMode', internshipMode),
    col('title', ['岗位名称', '名称'], 'title', text, true),
    col('description', ['岗位描述', '岗位职责', '描述'], 'description', text),
    col('acceptedMajorCodes', ['专业要求', '接受专业', '专业代码'], 'acceptedMajorCodes', acceptedMajors),
    col('acceptedLevels', ['学历层次', '接受层次'], 'acceptedLevels', acceptedLevels),
    col('acceptedGraduationYears', ['接受届别', '毕业年份'], 'acceptedGraduationYears', listOf(int)),
    col('requiredSkills', ['必备技能', '技能要求'], 'requiredSkills', namedList('skill', text)),
    col('preferredSkills', ['优先技能', '加分技能'], 'preferredSkills', namedList('skill', text)),
    col('requiredCertificates', ['必备证书', '证书要求'], 'requiredCertificates', namedList('certificate', namedLevel('minLevel', certLevel))),
    col('preferredCertificates', ['优先证书', '加分证书'], 'preferredCertificates', namedList('certificate', namedLevel('minLevel', certLevel))),
    col('seats', ['招聘人数', '名额', '人数', '招生人数'], 'seats', int, true),
    col('term', ['学期'], 'term', text, true),
    col('city', ['城市', '工作城市'], 'city', text, true),
    col('park', ['园区', '所在园区'], 'park', text),
    col('salaryMin', ['最低月薪', '薪资下限'], 'salary.min', num),
    col('salaryMax', ['最高月薪', '薪资上限'], 'salary.max', num),
    col('durationMonths', ['期限（月）', '时长（月）', '实习月数'], 'durationMonths', int),
    col('trainingMode', ['培养模式', '培养方式'], 'trainingMode', text),
    col('status', ['状态', '岗位状态'], 'status', postStatus),
    updatedAt,
  ],
  term: [
    col('id', ['学期', '学期代码'], 'id', text, true),
    col('name', ['名称', '学期名称'], 'name', text),
    col('startsOn', ['开始日期'], 'startsOn', date, true),
    col('endsOn', ['结束日期'], 'endsOn', date, true),
    col('applicationMonth', ['申报月份'], 'applicationMonth', monthNumber, true),
    updatedAt,
  ],
});

/**
 * How header cells are compared: case, spaces, `_`, `-`, `*` (required-field markers in
 * templates) and the width of brackets do not matter. `Major Code`, `major_code` and
 * `majorCode` are one column; so are `期限(月)` and `期限（月）`.
 */
export function normalizeHeader(h: string): string {
  return h
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[\s_*-]/g, '')
    .replaceAll('（', '(')
    .replaceAll('）', ')');
}

const HEADER_INDEX = new Map<RecordType, Map<string, CsvColumn>>();
/** Normalized header → column, for one record type. */
export function headerIndex(type: RecordType): Map<string, CsvColumn> {
  let index = HEADER_INDEX.get(type);
  if (!index) {
    index = new Map();
    for (const c of CSV_COLUMNS[type]) for (const h of [c.name, ...c.zh]) index.set(normalizeHeader(h), c);
    HEADER_INDEX.set(type, index);
  }
  return index;
}

/**
 * Notes people put in brackets after a header (normalized: half-width brackets, no spaces): how
 * to fill it in, or its unit (`可工作月数（月）`). Only these: a bracket that says whose or which
 * (`联系电话（家长）`) names another field, and must stay an unknown column rather than fill this one.
 */
const HEADER_NOTE = /\((?:必填|选填|可选|可不填|非必填|可省略|必须|是\/否|是或否|填是或否|y\/n|yes\/no|月|个月|年|元|元\/月|人|天)\)$/u;

/**
 * The column a header cell names: as written (normalized), else without what people add to a
 * header in their own sheets: a trailing note in brackets (`手机号（必填）`, `同意被企业查找(是/否)`)
 * and a leading 是否 on a yes/no column (`是否同意被企业查找`, `是否愿意留在本地`). The written form
 * is tried first, so a header whose own name has brackets (`实习时长（月）`) stays itself.
 */
export function columnOf(type: RecordType, header: string): CsvColumn | undefined {
  const index = headerIndex(type);
  const h = normalizeHeader(header);
  const exact = index.get(h);
  if (exact) return exact;
  const noNote = h.replace(HEADER_NOTE, '');
  for (const form of [noNote, h.replace(/^是否/, ''), noNote.replace(/^是否/, '')]) {
    const c = form !== h && form !== '' ? index.get(form) : undefined;
    if (c) return c;
  }
  return undefined;
}

/** The column a field path belongs to (`skills.2.level` → the skills column). */
export function columnOfPath(type: RecordType, path: readonly PropertyKey[]): CsvColumn | undefined {
  return CSV_COLUMNS[type].find((c) => c.path.every((p, i) => String(path[i]) === p));
}

/** Set a cell's value into the row object at the column's path, creating nested objects. */
export function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let o = target;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i]!;
    o = (o[k] ??= {}) as Record<string, unknown>;
  }
  o[path[path.length - 1]!] = value;
}

function getPath(source: unknown, path: readonly string[]): unknown {
  let o = source;
  for (const k of path) {
    if (o === null || typeof o !== 'object') return undefined;
    o = (o as Record<string, unknown>)[k];
  }
  return o;
}

/** RFC 4180 quoting: only cells with a comma, quote, line break or edge space are quoted. */
function csvCell(s: string): string {
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export interface FormatCsvOptions {
  /** Header names and enum / yes-no labels: English (default) or Chinese. Both read back the same. */
  lang?: CsvLang;
  /** Start with a UTF-8 BOM, which Excel needs to open a UTF-8 CSV as UTF-8. Default false. */
  bom?: boolean;
}

/** The CSV lines (header first, each ending in CRLF) of records of one type; lazy, for big files. */
export function* csvLines<T extends RecordType>(
  type: T,
  records: Iterable<InputOf<T>>,
  opts: FormatCsvOptions = {},
): Generator<string> {
  const lang = opts.lang ?? 'en';
  const columns = CSV_COLUMNS[type];
  const header = columns.map((c) => csvCell(lang === 'zh' ? c.zh[0]! : c.name)).join(',');
  yield `${opts.bom ? '\uFEFF' : ''}${header}\r\n`;
  for (const r of records) {
    yield `${columns
      .map((c) => {
        const v = getPath(r, c.path);
        return v === undefined || v === null ? '' : csvCell(c.codec.write(v, lang));
      })
      .join(',')}\r\n`;
  }
}

/**
 * Records of one type as a CSV document in the import's column spec (see the README), e.g. for
 * the demo-data generator. For large sets iterate {@link csvLines} instead of building one string.
 */
export function formatCsv<T extends RecordType>(type: T, records: Iterable<InputOf<T>>, opts: FormatCsvOptions = {}): string {
  let out = '';
  for (const line of csvLines(type, records, opts)) out += line;
  return out;
}
