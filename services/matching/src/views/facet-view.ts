import { LEVEL_LABELS, majorCatalog, POST_KIND_LABELS, type Level, type PostKind } from '@chanjiao/domain';
import type { FacetCounts, References } from '@chanjiao/search';

type Bucket = { value: string; count: number; label?: string };

const TERM_SEASONS: Readonly<Record<string, string>> = { spring: '春季学期', autumn: '秋季学期' };

/** The words for one facet value, or undefined when the value is already words (a city, a skill). */
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
