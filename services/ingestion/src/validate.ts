import { z } from 'zod';
import {
  ExternalId,
  INPUT_SCHEMAS,
  majorCatalog,
  type CatalogEntry,
  type RecordType,
  type StudentInput,
} from '@chanjiao/domain';
import type { Errors } from '@chanjiao/platform';
import type { UpsertItem } from '@chanjiao/store';
import { columnOfPath, CSV_COLUMNS, enumWords } from './csv-spec.js';
import { normalizeCode, normalizeCodes, normalizePlaces } from './normalize.js';
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
 * English, for the API's `message`); a message not listed here is shown as it is.
 */
const MESSAGE_ZH: Record<string, string> = {
  'id: letters, digits and _ . : - only': '只能包含字母、数字和 _ . : -，并以字母或数字开头',
  'an 11-digit mobile number starting with 1': '应为以 1 开头的 11 位手机号',
  'max must be ≥ min': '上限不能小于下限',
  'an internship is shadow (跟岗) or on_post (顶岗)': '实习须注明跟岗（shadow）或顶岗（on_post）',
  'only internships have an internshipMode': '只有实习岗位才填写实习方式',
  'endsOn must be after startsOn': '结束日期应晚于开始日期',
  'Invalid ISO datetime': '应为时间，如 2026-09-01T08:00:00+08:00',
  'Invalid ISO date': '应为日期，如 2026-09-01',
};

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
  let messageZh = `「${zh}」取值无效：${MESSAGE_ZH[text] ?? text}`;
  if (issue.code === 'invalid_type') {
    const expected = String(issue.expected);
    if (valueAt(input, issue.path) === undefined) {
      code = 'INGEST_ROW_MISSING_FIELD';
      message = `${field} is required`;
      messageZh = `缺少必填字段「${zh}」`;
    } else {
      code = 'INGEST_ROW_WRONG_TYPE';
      message = `${field || 'row'}: expected ${expected}`;
      messageZh = `「${zh}」类型错误，应为${TYPE_ZH[expected] ?? expected}`;
    }
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
  } else if (issue.code === 'invalid_format') {
    messageZh = `「${zh}」格式不正确：${MESSAGE_ZH[text] ?? text}`;
  }
  return { row, field, code, message, messageZh };
}

function suggestionsFor(code: string): Array<{ code: string; name: string; level: string }> {
  return majorCatalog()
    .suggest(code, 5)
    .map((e: CatalogEntry) => ({ code: e.code, name: e.name, level: e.level }));
}

function unknownMajor(type: RecordType, row: number, path: Array<string | number>, code: string): RowError {
  const suggestions = suggestionsFor(code);
  const list = suggestions.map((s) => `${s.code} ${s.name}`);
  return {
    row,
    field: path.join('.'),
    code: 'INGEST_ROW_UNKNOWN_MAJOR',
    message: `${path.join('.')}: ${code} is not in the 2021 major catalog${list.length ? `; closest: ${list.join(', ')}` : ''}`,
    messageZh: `「${labelZh(type, path)}」${code} 不在 2021 年职业教育专业目录中${list.length ? `，相近的专业：${list.join('、')}` : ''}`,
    suggestions,
  };
}

const MAJOR_CODE = /^\d{6}K?$/;
const MAJOR_PREFIX = /^(\d{2}|\d{4}|\d{6}K?)$/;

/**
 * Major codes checked against the catalog (students: a 专业; posts: any 大类 / 类 / 专业). Runs on
 * the raw row, beside the schema, so a row with a bad year *and* an unknown major reports both;
 * codes the schema already rejects for their format are left to the schema.
 */
function majorErrors(type: RecordType, row: number, value: Record<string, unknown>): RowError[] {
  const catalog = majorCatalog();
  if (type === 'student') {
    const code = value.majorCode;
    return typeof code === 'string' && MAJOR_CODE.test(code) && !catalog.isMajor(code) ? [unknownMajor(type, row, ['majorCode'], code)] : [];
  }
  if (type === 'post' && Array.isArray(value.acceptedMajorCodes)) {
    const out: RowError[] = [];
    value.acceptedMajorCodes.forEach((c: unknown, i) => {
      if (typeof c === 'string' && MAJOR_PREFIX.test(c) && !catalog.has(c)) out.push(unknownMajor(type, row, ['acceptedMajorCodes', i], c));
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
 * Validate an upsert row. Codes and ids are read as NFKC first (`４６０３０６`), and a valid
 * record's place names are put in the gazetteer's words (`珠海` → `珠海市`; see normalize.ts).
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
  const parsed = INPUT_SCHEMAS[type].safeParse(value);
  const majors = majorErrors(type, row, value);
  if (!parsed.success) {
    // An empty cell fails both "not empty" and the format after it: one error says it.
    const empty = new Set(parsed.error.issues.filter((i) => i.code === 'too_small' && i.origin === 'string' && String(i.minimum) === '1').map((i) => i.path.map(String).join('.')));
    const errors = parsed.error.issues
      .filter((i) => !(i.code === 'invalid_format' && empty.has(i.path.map(String).join('.'))))
      .map((i) => issueToRowError(type, row, value, i));
    return { ok: false, errors: [...errors, ...majors].sort((a, b) => fieldOrder(type, a.field) - fieldOrder(type, b.field)) };
  }
  if (majors.length) return { ok: false, errors: majors };
  const selfCo = selfCoEnterprise(type, row, parsed.data as Record<string, unknown>);
  if (selfCo.length) return { ok: false, errors: selfCo };
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
        messageZh: `「id」无效：${bareMessage(issue)}`,
      },
    ],
  };
}
