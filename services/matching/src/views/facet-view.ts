import {
  CERTIFICATE_LEVEL_LABELS,
  CertificateLevel,
  LEVEL_LABELS,
  majorCatalog,
  POST_KIND_LABELS,
  skillLexicon,
  type Level,
  type PostKind,
} from '@chanjiao/domain';
import type { FacetCounts, References } from '@chanjiao/search';

type Bucket = { value: string; count: number; label?: string };

const TERM_SEASONS: Readonly<Record<string, string>> = { spring: '春季学期', autumn: '秋季学期' };

/** Certificate level ranks (1 = 初级 …) back to levels: index keys carry `<name>#<rank>`. */
const LEVEL_BY_RANK = CertificateLevel.options;

/**
 * A certificate bucket in people's words: `电工职业技能等级证书#2` is everyone holding it at 中级
 * or above, `电工职业技能等级证书（中级及以上）`; a bare key is the certificate at any level.
 */
function certificateLabel(value: string): string {
  const [key = value, rank] = value.split('#');
  const name = skillLexicon().canonicalCertificate(key) ?? key;
  const level = rank === undefined ? undefined : LEVEL_BY_RANK[Number(rank) - 1];
  return level ? `${name}（${CERTIFICATE_LEVEL_LABELS[level]}及以上）` : name;
}

/** The words for one facet value, or undefined when the value is already words (a city). */
function labelOf(field: string, value: string, references: References): string | undefined {
  switch (field) {
    case 'schoolId':
      return references.school(value)?.name;
    case 'enterpriseId':
      return references.enterprise(value)?.name;
    case 'majorClass': {
      // The three levels reuse their 类 names (中职 7102 and 高职 5102 are both 计算机类), so a
      // bucket names its level too, or a facet list shows the same words twice.
      const entry = majorCatalog().get(value);
      return entry && `${entry.name}（${LEVEL_LABELS[entry.level]}）`;
    }
    case 'level':
      return LEVEL_LABELS[value as Level];
    case 'kind':
      return POST_KIND_LABELS[value as PostKind];
    case 'graduationYear':
      return `${value}届`;
    case 'certificates':
      return certificateLabel(value);
    case 'skills':
      // Index keys are folded (plc编程); people read the lexicon's spelling (PLC编程).
      return skillLexicon().canonicalSkill(value) ?? value;
    case 'term': {
      const [year, season] = value.split('-');
      return season && TERM_SEASONS[season] ? `${year}年${TERM_SEASONS[season]}` : undefined;
    }
    default:
      return undefined;
  }
}

/** The engine's facet counts with a `label` on every bucket whose value is an id or a code. */
export function facetView(facets: FacetCounts, references: References): Record<string, Bucket[]> {
  const out: Record<string, Bucket[]> = {};
  for (const [field, buckets] of Object.entries(facets)) {
    out[field] = buckets.map((b) => {
      const label = labelOf(field, b.value, references);
      return label === undefined ? { value: b.value, count: b.count } : { value: b.value, count: b.count, label };
    });
  }
  return out;
}
