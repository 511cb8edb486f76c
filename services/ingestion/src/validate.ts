import { z } from 'zod';
import {
  ExternalId,
  INPUT_SCHEMAS,
  majorCatalog,
  MAJOR_SHORT_NAMES,
  type CatalogEntry,
  type RecordType,
  type StudentInput,
} from '@chanjiao/domain';
import type { Errors } from '@chanjiao/platform';
import type { UpsertItem } from '@chanjiao/store';
import { columnOfPath, CSV_COLUMNS, enumWords } from './csv-spec.js';
import { normalizeCode, normalizeCodes, normalizeNames, normalizePlaces } from './normalize.js';
import type { RowError } from './report.js';

/**
 * One row → what the store takes, or the row's errors. Rows are checked with the shared zod input
 * schemas (so a JSON row and a CSV row fail the same way), then against the major catalog.
 */

/** The row codes of the catalogue (codes/ingestion.ts). */
type RowCode = Extract<keyof typeof Errors, `INGEST_ROW_${string}`>;

const TYPE_ZH: Record<string, string> = {
  number: '数字',
  string: '文本',
  boolean: '是/否',
  array: '列表',
  object: '对象',
  int: '整数',
  date: '日期',
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function valueAt(v: unknown, path: readonly PropertyKey[]): unknown {
  let o = v;
  for (const k of path) {
    if (o === null || typeof o !== 'object') return undefined;
    o = (o as Record<PropertyKey, unknown>)[k];
  }
  return o;
}

/** Words for the parts of a path below a column (`skills.2.level`) and for fields no column holds alone. */
const PART_ZH: Record<string, string> = { name: '名称', level: '等级', min: '下限', max: '上限', personal: '个人信息（姓名、手机号等）' };

/** The Chinese name of a field, from the CSV column spec: `skills.2.level` → 「技能（第3项的等级）」. */
export function labelZh(type: RecordType, path: readonly PropertyKey[]): string {
  const c = columnOfPath(type, path);
  if (!c) return path.map((k) => PART_ZH[String(k)] ?? String(k)).join('.') || '整行';
  const rest = path.slice(c.path.length).map(String);
  if (!rest.length) return c.zh[0]!;
  const [first, ...more] = rest;
  const item = /^\d+$/.test(first!) ? `第${Number(first) + 1}项` : (PART_ZH[first!] ?? first!);
  const leaf = more.map((k) => PART_ZH[k] ?? k).join('.');
  return `${c.zh[0]}（${item}${leaf ? `的${leaf}` : ''}）`;
}

/**
 * The Chinese for the English messages the shared record schemas give (they are written once, in
 * English, for the API's `message`); a message not listed here gets a generic Chinese phrase
 * ({@link messageZhOf}), never the English. Keyed by the message without its `field: ` prefix
 * (see {@link bareMessage}), and with it where a schema names another field than the issue's.
 */
const ID_ZH = '只能包含字母、数字和 _ . : -，并以字母或数字开头';
const ID_PII_ZH = '编号不能含手机号或身份证号（编号会展示给企业）';
const MESSAGE_ZH: Record<string, string> = {
  'id: letters, digits and _ . : - only': ID_ZH,
  'letters, digits and _ . : - only': ID_ZH,
  'id: must not hold a phone or resident ID number (ids are shown to enterprises) / 编号不能含手机号或身份证号': ID_PII_ZH,
  'must not hold a phone or resident ID number (ids are shown to enterprises) / 编号不能含手机号或身份证号': ID_PII_ZH,
  'an 18-character resident ID number': '应为 18 位居民身份证号（最后一位可为 X）',
  'a 6-digit major code (optionally ending in K)': '应为 6 位专业代码（国家控制专业末尾带 K），或目录中的专业名称',
  'a 2-, 4- or 6-digit major code': '应为 2 位大类、4 位类或 6 位专业代码，或目录中的大类、类、专业名称',
  'a term like 2027-spring or 2027-autumn': '应为学期代码，如 2027-spring（春季）或 2027-autumn（秋季）',
  'a month like 2027-03': '应为年月，如 2027-03',
  'an 11-digit mobile number starting with 1': '应为以 1 开头的 11 位手机号',
  'max must be ≥ min': '上限不能小于下限',
  'an internship is shadow (跟岗) or on_post (顶岗)': '实习须注明跟岗（shadow）或顶岗（on_post）',
  'only internships have an internshipMode': '只有实习岗位才填写实习方式',
  'endsOn must be after startsOn': '结束日期应晚于开始日期',
  'Invalid ISO datetime': '应为时间，如 2026-09-01T08:00:00+08:00',
  'Invalid ISO date': '应为日期，如 2026-09-01',
};

/** Schema messages with a number in them. */
const MESSAGE_ZH_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [[/^(跟岗|顶岗)实习 lasts at least (\d+) months$/, '$1实习至少 $2 个月']];

/** A schema message in Chinese: mapped, or the message itself when it is Chinese already, or `fallback`. */
function messageZhOf(text: string, fallback: string): string {
  const mapped = MESSAGE_ZH[text];
  if (mapped) return mapped;
  for (const [re, zh] of MESSAGE_ZH_PATTERNS) if (re.test(text)) return text.replace(re, zh);
  return /[A-Za-z]{3}/.test(text) ? fallback : text;
}

/** The values a union of literals allows (`applicationMonth`: 6 or 12), or undefined for another union. */
function unionValues(issue: z.core.$ZodIssueInvalidUnion): string[] | undefined {
  const values: string[] = [];
  for (const branch of issue.errors) {
    for (const i of branch) {
      if (i.code !== 'invalid_value' || i.path.length) return undefined;
      values.push(...i.values.map(String));
    }
  }
  return values.length ? [...new Set(values)] : undefined;
}

/** A too_small / too_big issue in words: empty text, too few list items, a number out of range. */
function boundZh(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === 'too_small';
  const bound = String(small ? issue.minimum : issue.maximum);
  if (issue.origin === 'string') return small && bound === '1' ? '不能为空' : `${small ? '至少' : '最多'} ${bound} 个字`;
  if (issue.origin === 'array' || issue.origin === 'set') return `${small ? '至少' : '最多'} ${bound} 项`;
  return `${small ? '不能小于' : '不能大于'} ${bound}`;
}

/** A schema message without its own `field: ` prefix (the shared schemas name some fields in their messages). */
function bareMessage(issue: z.core.$ZodIssue): string {
  const last = issue.path[issue.path.length - 1];
  const prefix = `${String(last)}: `;
  return last !== undefined && issue.message.startsWith(prefix) ? issue.message.slice(prefix.length) : issue.message;
}

/** One zod issue → one row error with a stable code and an English and a Chinese message. */
function issueToRowError(type: RecordType, row: number, input: unknown, issue: z.core.$ZodIssue): RowError {
  const field = issue.path.map(String).join('.');
  const zh = labelZh(type, issue.path);
  const text = bareMessage(issue);
  let code: RowCode = 'INGEST_ROW_INVALID_VALUE';
  let message = `${field}: ${text}`;
  let messageZh = `「${zh}」取值无效：${messageZhOf(text, '不符合要求，请对照导入模板检查')}`;
  if (issue.code === 'invalid_type') {
    const expected = String(issue.expected);
    if (valueAt(input, issue.path) === undefined) {
      code = 'INGEST_ROW_MISSING_FIELD';
      message = `${field} is required`;
      messageZh = `缺少必填字段「${zh}」`;
    } else {
      code = 'INGEST_ROW_WRONG_TYPE';
      message = `${field || 'row'}: expected ${expected}`;
      messageZh = TYPE_ZH[expected] ? `「${zh}」类型错误，应为${TYPE_ZH[expected]}` : `「${zh}」类型错误`;
    }
  } else if (issue.code === 'invalid_value' && valueAt(input, issue.path) === undefined) {
    // An enum (层次) left empty is missing, as any other required field is, not a wrong value.
    code = 'INGEST_ROW_MISSING_FIELD';
    message = `${field} is required`;
    messageZh = `缺少必填字段「${zh}」`;
  } else if (issue.code === 'invalid_value') {
    // A CSV cell may say a value in Chinese (PLC编程:熟悉): the message lists those words and what each means.
    const words = enumWords(issue.values);
    const values = issue.values.map(String);
    const zhWords = (v: string) => words?.[v]?.filter((w) => w !== v) ?? [];
    message = `${field}: expected one of ${values.join(', ')}`;
    if (words) message += ` (in Chinese: ${values.map((v) => `${zhWords(v).join('/')} → ${v}`).join('; ')})`;
    messageZh = `「${zh}」取值无效，可选：${values.map((v) => (zhWords(v).length ? `${zhWords(v).join('/')}（${v}）` : v)).join('、')}`;
  } else if (issue.code === 'too_small' || issue.code === 'too_big') {
    messageZh = `「${zh}」${boundZh(issue)}`;
  } else if (issue.code === 'invalid_union') {
    const values = unionValues(issue);
    if (values) {
      message = `${field}: expected one of ${values.join(', ')}`;
      messageZh = `「${zh}」取值无效，可选：${values.join('、')}`;
    } else {
      messageZh = `「${zh}」取值无效，请对照导入模板检查`;
    }
  } else if (issue.code === 'invalid_format') {
    messageZh = `「${zh}」格式不正确：${messageZhOf(text, '不符合要求的格式，请对照导入模板检查')}`;
  }
  return { row, field, code, message, messageZh };
}

/**
 * The closest catalog majors; with a student's level, that level's first (a 高职 student's
 * 2015-catalog 机械制造与自动化 is the 高职 机械制造及自动化, not the 职业本科 major alike in name).
 */
function suggestionsFor(code: string, level?: unknown): Array<{ code: string; name: string; level: string }> {
  const found = majorCatalog().suggest(code, level === undefined ? 5 : 10);
  const ranked = level === undefined ? found : [...found.filter((e) => e.level === level), ...found.filter((e) => e.level !== level)];
  return ranked.slice(0, 5).map((e: CatalogEntry) => ({ code: e.code, name: e.name, level: e.level }));
}

/** A code or a name the catalog does not have, with the closest catalog majors (a student's level first). */
function unknownMajor(type: RecordType, row: number, path: Array<string | number>, code: string, level?: unknown): RowError {
  const suggestions = suggestionsFor(code, level);
  const list = suggestions.map((s) => `${s.code} ${s.name}`);
  const isName = !/^\d/.test(code);
  const [what, whatZh] = type === 'post' ? ['a 专业, 类 or 大类 name of', '的专业、类或大类名称'] : ['a 专业 name of', '的专业名称'];
  return {
    row,
    field: path.join('.'),
    code: 'INGEST_ROW_UNKNOWN_MAJOR',
    message: `${path.join('.')}: ${code} is not ${isName ? what : 'in'} the 2021 major catalog${list.length ? `; closest: ${list.join(', ')}` : ''}`,
    messageZh: `「${labelZh(type, path)}」${code} 不${isName ? '是' : '在'} 2021 年职业教育专业目录中${isName ? whatZh : ''}${list.length ? `，相近的专业：${list.join('、')}` : ''}`,
    suggestions,
  };
}

const MAJOR_CODE = /^\d{6}K?$/;
const MAJOR_PREFIX = /^(\d{2}|\d{4}|\d{6}K?)$/;
/** A major cell that is a name, not a code (a code is digits, a name has Chinese in it). */
const MAJOR_NAME = /\p{Script=Han}/u;

/**
 * Where the items of a post's `acceptedMajorCodes` came from, after names were read as codes:
 * `from[j]` is the index, in the row as sent, of item `j` of the list that was checked.
 */
interface MajorNames {
  errors: RowError[];
  from?: number[];
  /** Paths whose schema errors the name errors already say (a student's major name). */
  said: Set<string>;
}

/**
 * Catalog names read as their codes, in place, before the schema check (every format):
 * - a post's `acceptedMajorCodes` item may be a 专业 name (every code of that name: 中职, 高职专科
 *   and 职业本科 share some names), a 类 name or a 大类 name (its code on every level, as those
 *   names are the same on the three levels); spaces and full-width brackets do not matter;
 * - a student's `majorCode` may be a 专业 name when exactly one 专业 of the student's level has it;
 *   otherwise it is left to the schema (which wants a code).
 * A name the catalog does not have is an `INGEST_ROW_UNKNOWN_MAJOR` with the closest majors, on
 * the item as sent, and is dropped from the list so the schema does not report it again.
 */
function resolveMajorNames(type: RecordType, row: number, value: Record<string, unknown>): MajorNames {
  const catalog = majorCatalog();
  const errors: RowError[] = [];
  const said = new Set<string>();
  if (type === 'student') {
    const name = value.majorCode;
    if (typeof name !== 'string' || !MAJOR_NAME.test(name)) return { errors, said };
    const all = catalog.entriesNamed(name);
    // A short name offices write (会计, 数控) stands for the catalog names it is short for.
    const short = all.length ? [] : (MAJOR_SHORT_NAMES[name.trim()] ?? []).flatMap((n) => catalog.entriesNamed(n));
    const atLevel = [...all, ...short].filter((e) => e.item === 'major' && e.level === value.level);
    if (atLevel.length === 1) value.majorCode = atLevel[0]!.code;
    else if (!all.length && !short.length) {
      errors.push(unknownMajor(type, row, ['majorCode'], name, value.level));
      said.add('majorCode');
    }
    return { errors, said };
  }
  if (type !== 'post' || !Array.isArray(value.acceptedMajorCodes)) return { errors, said };
  const list: unknown[] = [];
  const from: number[] = [];
  value.acceptedMajorCodes.forEach((item: unknown, i) => {
    if (typeof item !== 'string' || !MAJOR_NAME.test(item)) {
      list.push(item);
      from.push(i);
      return;
    }
    const codes = catalog.entriesNamed(item).map((e) => e.code);
    if (!codes.length) errors.push(unknownMajor(type, row, ['acceptedMajorCodes', i], item));
    for (const c of codes) {
      if (list.includes(c)) continue;
      list.push(c);
      from.push(i);
    }
  });
  value.acceptedMajorCodes = list;
  return { errors, from, said };
}

/** A path into the checked row as a path into the row as sent (see {@link MajorNames.from}). */
function sentPath(path: readonly PropertyKey[], from: readonly number[] | undefined): PropertyKey[] {
  if (!from || path[0] !== 'acceptedMajorCodes' || typeof path[1] !== 'number') return [...path];
  return ['acceptedMajorCodes', from[path[1]] ?? path[1], ...path.slice(2)];
}

/**
 * Major codes checked against the catalog (students: a 专业; posts: any 大类 / 类 / 专业). Runs on
 * the raw row, beside the schema, so a row with a bad year *and* an unknown major reports both;
 * codes the schema already rejects for their format are left to the schema.
 */
function majorErrors(type: RecordType, row: number, value: Record<string, unknown>, from?: readonly number[]): RowError[] {
  const catalog = majorCatalog();
  if (type === 'student') {
    const code = value.majorCode;
    return typeof code === 'string' && MAJOR_CODE.test(code) && !catalog.isMajor(code) ? [unknownMajor(type, row, ['majorCode'], code, value.level)] : [];
  }
  if (type === 'post' && Array.isArray(value.acceptedMajorCodes)) {
    const out: RowError[] = [];
    value.acceptedMajorCodes.forEach((c: unknown, i) => {
      if (typeof c === 'string' && MAJOR_PREFIX.test(c) && !catalog.has(c)) out.push(unknownMajor(type, row, ['acceptedMajorCodes', from?.[i] ?? i], c));
    });
    return out;
  }
  return [];
}

/** A post listing its own enterprise among its co-enterprises (a joint class of one). */
function selfCoEnterprise(type: RecordType, row: number, record: Record<string, unknown>): RowError[] {
  if (type !== 'post' || !Array.isArray(record.coEnterpriseIds)) return [];
  const out: RowError[] = [];
  record.coEnterpriseIds.forEach((id: unknown, i) => {
    if (id !== record.enterpriseId) return;
    const path = ['coEnterpriseIds', i];
    out.push({
      row,
      field: path.join('.'),
      code: 'INGEST_ROW_INVALID_VALUE',
      message: `coEnterpriseIds.${i}: ${String(id)} is the post's own enterprise (enterpriseId); co-enterprises are the other enterprises of a joint class`,
      messageZh: `「${labelZh(type, path)}」${String(id)} 是本岗位的企业本身（企业代码），联合企业应填其他企业`,
    });
  });
  return out;
}

/**
 * A student id holding the student's own phone or ID number, however it is split (`STU-13912345608`,
 * `STU.139.1234.5609`, `G44040420050312035X` as a 学籍号 is): ids are shown to enterprises as
 * they are (they must stay usable), so this one would hand HR the number. ExternalId refuses a
 * bare number for anyone; only the row knows which digits are this student's.
 */
function ownNumberInId(type: RecordType, row: number, record: Record<string, unknown>): RowError[] {
  if (type !== 'student' || typeof record.id !== 'string' || !isObject(record.personal)) return [];
  const digits = (v: unknown) => (typeof v === 'string' ? v.normalize('NFKC').replace(/[^\dXx]/g, '').toUpperCase() : '');
  const id = digits(record.id);
  const held = [digits(record.personal.phone), digits(record.personal.idNumber)].some((n) => n.length >= 11 && id.includes(n));
  if (!held) return [];
  return [
    {
      row,
      field: 'id',
      code: 'INGEST_ROW_INVALID_VALUE',
      message: "id: holds the student's own phone or ID number (ids are shown to enterprises); use the school's 学号",
      messageZh: `「${labelZh(type, ['id'])}」含有该学生本人的手机号或身份证号（编号会展示给企业），请改用学号`,
    },
  ];
}

/** Errors of a row in the order of the record's fields (the CSV column order). */
function fieldOrder(type: RecordType, field: string): number {
  const c = columnOfPath(type, field.split('.'));
  return c ? CSV_COLUMNS[type].indexOf(c) : Number.MAX_SAFE_INTEGER;
}

export type RowOutcome<T> = { ok: true; value: T } | { ok: false; errors: RowError[] };

/** Wrappers that do not change an object's fields. */
const WRAPPERS = new Set(['default', 'optional', 'nullable', 'prefault', 'catch', 'readonly', 'nonoptional']);

/**
 * The fields of a JSON row its schema does not name, at any depth (`personal2`, `preferences.citys`).
 * zod drops them without a word, so a typo in a field's name lost the value silently, where a CSV
 * with an unknown column is refused: both are row errors now. The schema is walked, not its
 * JSON Schema: only plain objects and arrays are looked into (a record of any keys is left alone).
 */
function unknownFields(schema: unknown, value: unknown, path: string[]): string[] {
  let def = (schema as { _zod?: { def?: { type: string; innerType?: unknown; shape?: Record<string, unknown>; element?: unknown } } })._zod?.def;
  while (def && WRAPPERS.has(def.type)) def = (def.innerType as typeof schema & { _zod?: { def?: typeof def } })._zod?.def;
  if (def?.type === 'object' && def.shape && isObject(value)) {
    const shape = def.shape;
    return Object.keys(value).flatMap((k) => (Object.hasOwn(shape, k) ? unknownFields(shape[k], value[k], [...path, k]) : [[...path, k].join('.')]));
  }
  if (def?.type === 'array' && Array.isArray(value)) return value.flatMap((v, i) => unknownFields(def!.element, v, [...path, String(i)]));
  return [];
}

/**
 * Validate an upsert row. Codes and ids are read as NFKC first (`４６０３０６`); a valid record's
 * place names are put in the gazetteer's words (`珠海` → `珠海市`) and its skill and certificate
 * names read half-width (`ＰＬＣ编程` → `PLC编程`; see normalize.ts).
 * A post naming its own enterprise among its co-enterprises is refused here; whether the
 * records a row names exist is checked when its batch is written (references.ts).
 * A row without `updatedAt` gets `defaultUpdatedAt` (the request's time);
 * every `updatedAt` is normalized to UTC so the store's newest-wins comparison is a plain string one.
 * One later than `latestUpdatedAt` (now plus the allowed clock skew) is rejected: newest-wins would
 * otherwise let it lock every later upload out.
 * Students are split into the searchable profile and the personal data the store keeps apart.
 */
export function validateUpsertRow<T extends RecordType>(
  type: T,
  row: number,
  value: unknown,
  defaultUpdatedAt: string,
  latestUpdatedAt?: string,
): RowOutcome<UpsertItem<T>> {
  if (!isObject(value)) {
    return {
      ok: false,
      errors: [{ row, field: '', code: 'INGEST_ROW_WRONG_TYPE', message: 'a row must be an object', messageZh: '每一行必须是一个对象' }],
    };
  }
  if (value.updatedAt === undefined || value.updatedAt === null || value.updatedAt === '') value.updatedAt = defaultUpdatedAt;
  normalizeCodes(type, value);
  const sent = type === 'post' && Array.isArray(value.acceptedMajorCodes) ? { acceptedMajorCodes: value.acceptedMajorCodes } : {};
  const names = resolveMajorNames(type, row, value);
  const parsed = INPUT_SCHEMAS[type].safeParse(value);
  const majors = [...names.errors, ...majorErrors(type, row, value, names.from)];
  if (!parsed.success) {
    // An empty cell fails both "not empty" and the format after it: one error says it.
    const empty = new Set(parsed.error.issues.filter((i) => i.code === 'too_small' && i.origin === 'string' && String(i.minimum) === '1').map((i) => i.path.map(String).join('.')));
    const errors = parsed.error.issues
      .filter((i) => !(i.code === 'invalid_format' && empty.has(i.path.map(String).join('.'))))
      .filter((i) => !names.said.has(i.path.map(String).join('.')))
      .map((i) => issueToRowError(type, row, { ...value, ...sent }, { ...i, path: sentPath(i.path, names.from) } as z.core.$ZodIssue));
    return { ok: false, errors: [...errors, ...majors].sort((a, b) => fieldOrder(type, a.field) - fieldOrder(type, b.field)) };
  }
  if (majors.length) return { ok: false, errors: majors };
  const selfCo = selfCoEnterprise(type, row, parsed.data as Record<string, unknown>);
  if (selfCo.length) return { ok: false, errors: selfCo };
  const ownNumber = ownNumberInId(type, row, parsed.data as Record<string, unknown>);
  if (ownNumber.length) return { ok: false, errors: ownNumber };
  const unknown = unknownFields(INPUT_SCHEMAS[type], value, []);
  if (unknown.length) {
    return {
      ok: false,
      errors: unknown.map((field) => ({
        row,
        field,
        code: 'INGEST_ROW_INVALID_VALUE' as const,
        message: `${field}: not a field of a ${type} record (the template lists them all); misspelt?`,
        messageZh: `「${field}」不是该类记录的字段（模板中列出了全部字段），是否拼写有误？`,
      })),
    };
  }
  const record = parsed.data as Record<string, unknown> & { updatedAt: string };
  record.updatedAt = new Date(record.updatedAt).toISOString();
  normalizePlaces(type, record);
  normalizeNames(type, record);
  if (latestUpdatedAt !== undefined && record.updatedAt > latestUpdatedAt) {
    return {
      ok: false,
      errors: [
        {
          row,
          field: 'updatedAt',
          code: 'INGEST_ROW_INVALID_VALUE',
          message: `updatedAt: ${record.updatedAt} is in the future (latest accepted now: ${latestUpdatedAt})`,
          messageZh: `「${labelZh(type, ['updatedAt'])}」晚于当前时间（最晚可接受 ${latestUpdatedAt}）`,
        },
      ],
    };
  }
  if (type === 'student') {
    const { personal, ...profile } = record as unknown as StudentInput;
    return { ok: true, value: { record: profile, personal } as UpsertItem<T> };
  }
  return { ok: true, value: { record } as unknown as UpsertItem<T> };
}

const DeleteRow = z.object({ id: ExternalId });

/** A delete row is an id: a bare string (JSON, NDJSON) or an object with `id` (any format). */
export function validateDeleteRow(row: number, value: unknown): RowOutcome<string> {
  const given = isObject(value) ? value.id : value;
  const id = typeof given === 'string' ? normalizeCode(given) : given;
  if (id === undefined) {
    return { ok: false, errors: [{ row, field: 'id', code: 'INGEST_ROW_MISSING_FIELD', message: 'id is required', messageZh: '缺少必填字段「id」' }] };
  }
  const parsed = DeleteRow.safeParse({ id });
  if (parsed.success) return { ok: true, value: parsed.data.id };
  const issue = parsed.error.issues[0]!;
  return {
    ok: false,
    errors: [
      {
        row,
        field: 'id',
        code: issue.code === 'invalid_type' ? 'INGEST_ROW_WRONG_TYPE' : 'INGEST_ROW_INVALID_VALUE',
        message: `id: ${bareMessage(issue)}`,
        messageZh: issue.code === 'invalid_type' ? '「id」类型错误，应为文本' : `「id」无效：${messageZhOf(bareMessage(issue), '格式不正确')}`,
      },
    ],
  };
}
