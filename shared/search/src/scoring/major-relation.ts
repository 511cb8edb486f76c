import { LEVEL_LABELS, majorCatalog } from '@chanjiao/domain';
import { fieldChain } from '../documents.js';
import type { BestRelation } from './rules.js';

/**
 * Tiers of a student's 专业 against what a post lists: the listed 专业 itself (专业对口), its
 * counterpart on another level beside it (中职 汽车运用与维修 ↔ 高职 汽车检测与维修技术: same 类,
 * names alike; see `MajorCatalog.counterparts`), then the same 类 (相近专业), then the same 大类 (同大类). The gaps are wide on purpose: with
 * the major weight they outweigh one skill, so a listed major ranks above a neighbour with the
 * same skills.
 */
const RELATION_VALUE = { same_major: 1, same_field_major: 0.95, same_class: 0.6, same_category: 0.3, unrelated: 0 } as const;
export type Relation = keyof typeof RELATION_VALUE;

export function majorLabel(code: string): string {
  const e = majorCatalog().get(code);
  return e ? e.name : code;
}

function majorLabelWithLevel(code: string): string {
  const e = majorCatalog().get(code);
  return e ? `${e.name}（${LEVEL_LABELS[e.level]}）` : code;
}

/**
 * The closeness of a student's 专业 to one accepted code or prefix, as a catalog relation. A 类
 * prefix the major falls in (on any level) is "same class"; a 大类 prefix "same category".
 */
function relationToPrefix(studentCode: string, prefix: string): Relation {
  const catalog = majorCatalog();
  if (/^\d{6}K?$/.test(prefix)) {
    // Another level's counterpart (named alike, same 类) is beside the listed major: the catalog reads it from the names.
    return catalog.relation(studentCode, prefix);
  }
  const s = fieldChain(studentCode);
  const p = fieldChain(prefix)[0];
  if (!p || s.length === 0) return 'unrelated';
  if (prefix.length === 4) {
    if (s[1] === p) return 'same_class';
    return s[2] === p.slice(0, 2) ? 'same_category' : 'unrelated';
  }
  return s[2] === p ? 'same_category' : 'unrelated';
}

/** The relation in words, naming the tier: "相近专业：电气自动化技术 ↔ 机电一体化技术（同属自动化类）". */
function relationWords(relation: Relation, studentCode: string, prefix: string): string {
  const catalog = majorCatalog();
  const s = majorLabel(studentCode);
  const other = catalog.get(prefix)?.name ?? prefix;
  switch (relation) {
    case 'same_major':
      return `专业对口：${s}`;
    case 'same_field_major':
      return `专业对口（不同层次的对应专业）：${majorLabelWithLevel(studentCode)} ↔ ${majorLabelWithLevel(prefix)}`;
    case 'same_class': {
      const cls = catalog.lineage(studentCode).class?.name;
      if (prefix.length === 4) return `相近专业：${s} 属于 ${cls ?? other}`;
      return `相近专业：${s} ↔ ${other}（同属${cls ?? ''}）`;
    }
    case 'same_category': {
      const cat = catalog.lineage(studentCode).category?.name;
      return prefix.length === 6 || /K$/.test(prefix) ? `同大类：${s} ↔ ${other}（${cat ?? ''}）` : `同大类：${s} 属于 ${cat ?? other}`;
    }
    case 'unrelated':
      return `专业不相关：${s} ↔ ${other}`;
  }
}

export function bestRelation(studentCode: string, acceptedCodes: readonly string[]): BestRelation {
  if (acceptedCodes.length === 0) return { value: 0.5, relation: 'any' };
  let best: { rel: Relation; prefix: string } | undefined;
  for (const prefix of acceptedCodes) {
    const rel = relationToPrefix(studentCode, prefix);
    if (!best || RELATION_VALUE[rel] > RELATION_VALUE[best.rel]) best = { rel, prefix };
  }
  return { value: RELATION_VALUE[best!.rel], relation: best!.rel, prefix: best!.prefix };
}

export function bestRelationWords(studentCode: string, best: BestRelation): string {
  return best.relation === 'any' || best.prefix === undefined
    ? `岗位不限专业（学生专业：${majorLabel(studentCode)}）`
    : relationWords(best.relation, studentCode, best.prefix);
}

/** The best relation of the student's major to the post's accepted majors, and its words. */
export function majorRelation(studentCode: string, acceptedCodes: readonly string[]): { value: number; words: string; relation: Relation | 'any' } {
  const best = bestRelation(studentCode, acceptedCodes);
  return { value: best.value, words: bestRelationWords(studentCode, best), relation: best.relation };
}

