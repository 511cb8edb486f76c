import { CERT_LEVEL_LABELS, INTERNSHIP_MODE_LABELS, LEVEL_LABELS, POST_KIND_LABELS } from './labels';

/**
 * A match explanation in words a person reads at a glance: the major's fit, skills and
 * certificates as chips, place and time fit — never the raw scores.
 */
export interface Explanation {
  matchedSkills: string[];
  missingRequiredSkills: string[];
  matchedCertificates: string[];
  missingRequiredCertificates: string[];
  majorRelation: string;
  contributions: Record<string, number>;
  notes: string[];
}

export interface MajorFit {
  tag: string | null;
  kind: 'ok' | 'info' | 'miss';
  words: string;
}

/** 专业对口 / 相近 / 不对口, from the relation words the engine writes. */
export function majorFit(relation: string): MajorFit {
  if (!relation) return { tag: null, kind: 'info', words: '' };
  if (/^同专业|^同名专业/.test(relation)) return { tag: '专业对口', kind: 'ok', words: relation };
  if (/^同类专业|^同大类专业/.test(relation)) return { tag: '专业相近', kind: 'info', words: relation };
  if (/^专业不相关/.test(relation)) return { tag: '专业不对口', kind: 'miss', words: relation };
  if (/^岗位不限专业/.test(relation)) return { tag: '不限专业', kind: 'info', words: relation };
  return { tag: null, kind: 'info', words: relation };
}

export const placeFit = (e: Explanation) => (e.contributions.place ?? 0) > 0;
export const timeFit = (e: Explanation) => (e.contributions.time ?? 0) > 0;

/** Reasons for a student, in plain words, strongest first. */
export function studentReasons(e: Explanation, where: string): string[] {
  const out: string[] = [];
  const fit = majorFit(e.majorRelation);
  if (fit.tag === '专业对口') out.push(`你的专业与岗位要求一致（${fit.words.replace(/^[^：]*：/, '')}）`);
  else if (fit.tag === '专业相近') out.push(`你的专业与岗位要求相近（${fit.words.replace(/^[^：]*：/, '')}）`);
  else if (fit.tag === '不限专业') out.push('岗位不限专业');
  if (e.matchedSkills.length) out.push(`你会岗位需要的技能：${e.matchedSkills.join('、')}`);
  if (e.missingRequiredSkills.length) out.push(`还需要学习：${e.missingRequiredSkills.join('、')}`);
  if (e.matchedCertificates.length) out.push(`你已有证书：${e.matchedCertificates.join('、')}`);
  if (e.missingRequiredCertificates.length) out.push(`岗位要求的证书你还没有：${e.missingRequiredCertificates.join('、')}`);
  // Place, time, local retention and partner schools: the engine's notes say them in words.
  if (!e.notes.length && placeFit(e)) out.push(`工作地点符合你的意向${where ? `（${where}）` : ''}`);
  for (const n of e.notes) out.push(n);
  return out;
}

/** The reply's `understood` (the query parser's reading, `Understood` in the search package). */
interface Understood {
  graduationYears?: number[];
  places?: Array<{ label: string }>;
  levels?: Array<{ level: string }>;
  kinds?: Array<{ kind: string; internshipMode?: string }>;
  certificates?: Array<{ name: string; level?: string }>;
  majors?: Array<{ name: string; text: string }>;
  corrections?: Array<{ from: string; to: string }>;
  intents?: Array<{ text: string; skills: string[]; majors: string[] }>;
  salary?: { min?: number; max?: number; text: string };
  excluded?: { graduationYears: number[]; places: Array<{ label: string }> };
  notApplied?: Array<{ kind: 'gender' | 'age'; text: string }>;
}

const NOT_APPLIED_LABELS: Record<string, string> = { gender: '性别', age: '年龄' };

function salaryChip(s: { min?: number; max?: number }): string {
  if (s.min !== undefined && s.max !== undefined) return `月薪 ${s.min}–${s.max} 元`;
  return s.min !== undefined ? `月薪 ≥ ${s.min} 元` : `月薪 ≤ ${s.max} 元`;
}

/**
 * "已识别" chips: what the parser read, in the words of the catalogue (a major's full name, a
 * place's label), each once. One typed word can stand for several majors (电气: 电气自动化技术 at
 * 高职, 电气设备运行与控制 at 中职): each is a chip, the typed word is not repeated.
 */
export function understoodChips(u: unknown): string[] {
  if (!u || typeof u !== 'object') return [];
  const r = u as Understood;
  const chips = [
    ...(r.graduationYears ?? []).map((y) => `${y}届`),
    ...(r.places ?? []).map((p) => p.label),
    ...(r.levels ?? []).map((l) => LEVEL_LABELS[l.level] ?? l.level),
    ...(r.kinds ?? []).map((k) => (k.internshipMode ? INTERNSHIP_MODE_LABELS[k.internshipMode] : undefined) ?? POST_KIND_LABELS[k.kind] ?? k.kind),
    // With its level, as the constraint reads it (中级 or above).
    ...(r.certificates ?? []).map((c) => `证书：${c.name}${c.level ? `（${CERT_LEVEL_LABELS[c.level] ?? c.level}及以上）` : ''}`),
    ...(r.majors ?? []).map((m) => `专业：${m.name}`),
    ...(r.corrections ?? []).map((c) => `已按“${c.to}”搜索（原文“${c.from}”）`),
    ...(r.intents ?? []).map((i) => `${i.text} → ${[...i.skills, ...i.majors].join('、')}`),
    ...(r.salary ? [salaryChip(r.salary)] : []),
    // What the query rules out: ranked lower, said as such.
    ...(r.excluded?.graduationYears ?? []).map((y) => `排除：${y}届`),
    ...(r.excluded?.places ?? []).map((p) => `排除：${p.label}`),
    // Sex and age are not matched on: said, so HR does not think they were applied.
    ...(r.notApplied ?? []).map((c) => `未采用（${NOT_APPLIED_LABELS[c.kind] ?? c.kind}条件）：${c.text}`),
  ];
  return [...new Set(chips)];
}
