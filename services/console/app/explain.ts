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

/** The reply's `understood` chips (what the query parser recognised), whatever their shape. */
export function understoodChips(u: unknown): string[] {
  if (!u) return [];
  const one = (x: unknown): string[] => {
    if (typeof x === 'string') return [x];
    if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      const label = o.label ?? o.text ?? o.words ?? o.value;
      if (typeof label === 'string') return [label];
      if (Array.isArray(label)) return label.map(String);
    }
    return [];
  };
  if (Array.isArray(u)) return u.flatMap(one);
  if (typeof u === 'object') {
    return Object.values(u as Record<string, unknown>).flatMap((v) => (Array.isArray(v) ? v.flatMap(one) : one(v)));
  }
  return [];
}
