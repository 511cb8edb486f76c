import type { z } from 'zod';
import type { FieldIssue } from './define.js';

/** zod's type names in the words a clerk or HR reads. */
const TYPE_ZH: Readonly<Record<string, string>> = { string: '文本', number: '数字', int: '整数', boolean: '是/否（true/false）', array: '列表', object: '对象', date: '日期' };
/** How zod's own English messages begin; a schema's own message (`a post is listed twice`) is left as written. */
const ZOD_DEFAULT = /^(?:Too small|Too big|Invalid|Expected|Number must)/;

/**
 * What an issue says, in Chinese, from its code and bounds (zod's own zh-CN locale reads
 * "期望 string >=1 字符"; these are the words the rest of the replies use). Only zod's own messages
 * get one: a schema's own says what is wrong in its words (some in both languages already), and a
 * generic 取值无效 after it would say less than it does.
 */
function chinese(i: z.core.$ZodIssue): string | undefined {
  if (!ZOD_DEFAULT.test(i.message)) return undefined;
  const n = (v: unknown) => String(v);
  switch (i.code) {
    case 'too_small':
      if (i.origin === 'string') return Number(i.minimum) <= 1 ? '不能为空' : `至少 ${n(i.minimum)} 个字符`;
      if (i.origin === 'array' || i.origin === 'set') return `至少 ${n(i.minimum)} 项`;
      return `不能小于 ${n(i.minimum)}`;
    case 'too_big':
      if (i.origin === 'string') return `最多 ${n(i.maximum)} 个字符`;
      if (i.origin === 'array' || i.origin === 'set') return `最多 ${n(i.maximum)} 项`;
      return `不能大于 ${n(i.maximum)}`;
    // Issues the fastify provider re-assembles may lack a part: said without it rather than failing.
    case 'invalid_type':
      return i.expected ? `类型错误，应为${TYPE_ZH[i.expected] ?? i.expected}` : '类型错误';
    case 'invalid_value':
      return Array.isArray(i.values) && i.values.length ? `取值无效，可选：${i.values.map((v) => String(v)).join('、')}` : '取值无效';
    case 'invalid_format':
      return '格式不正确';
    case 'not_multiple_of':
      return `应为 ${n(i.divisor)} 的倍数`;
    default:
      return '取值无效';
  }
}

/**
 * zod issues → failing fields, with the path prefixed by the request part (`body`, `query`, a row).
 * An unknown key is named as its own field (`body.bogus`, not `body` with the key in the message),
 * so a client can point at it; an issue repeated on one path (a union's branches both saying
 * "too big") is given once. Each message says it in English and in Chinese (`… / 不能为空`), as the
 * reply's own message does.
 */
export function issuesToFields(issues: readonly z.core.$ZodIssue[], prefix?: string): FieldIssue[] {
  const at = (path: readonly PropertyKey[]) => {
    const p = path.map(String).join('.');
    return prefix ? (p ? `${prefix}.${p}` : prefix) : p;
  };
  const out: FieldIssue[] = [];
  const seen = new Set<string>();
  const push = (path: string, message: string) => {
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ path, message });
  };
  for (const i of issues) {
    if (i.code === 'unrecognized_keys') for (const k of i.keys) push(at([...i.path, k]), `unknown field "${k}" / 未知字段「${k}」`);
    else {
      const zh = chinese(i);
      push(at(i.path), zh ? `${i.message} / ${zh}` : i.message);
    }
  }
  return out;
}
