import type { RecordType } from '@chanjiao/domain';
import type { Store } from '@chanjiao/store';
import type { RowError } from './report.js';

/**
 * The records a row names that must already be stored: a post's enterprise and co-enterprises,
 * an enterprise's partner schools, a student's school. A post of an enterprise that does not exist
 * would be shown to students and run in batch matching with no one behind it, and a student of a
 * school that does not exist would be counted in no school's figures and owned by no operator's
 * key, so the row is refused with INGEST_ROW_UNKNOWN_REFERENCE on the field, the way an unknown
 * major code is. Load schools, then enterprises, then posts and students (each type is its own
 * upload).
 *
 * Not checked: a school's `partnerEnterpriseIds`. Schools are loaded before enterprises, and
 * schools and enterprises name each other as partners both ways; checking both sides would leave
 * no order to load them in.
 */
interface Reference {
  /** Dotted field path (`coEnterpriseIds.1`). */
  readonly field: string;
  readonly type: 'school' | 'enterprise';
  readonly id: string;
}

const TYPE_WORDS = { school: ['school', '学校'], enterprise: ['enterprise', '企业'] } as const;

/** The references of a valid record (an empty list for types that have none checked). */
export function referencesOf(type: RecordType, record: Record<string, unknown>): Reference[] {
  const ids = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  if (type === 'post') {
    return [
      { field: 'enterpriseId', type: 'enterprise', id: record.enterpriseId as string },
      ...ids(record.coEnterpriseIds).map((id, i) => ({ field: `coEnterpriseIds.${i}`, type: 'enterprise' as const, id })),
    ];
  }
  if (type === 'enterprise') return ids(record.partnerSchoolIds).map((id, i) => ({ field: `partnerSchoolIds.${i}`, type: 'school' as const, id }));
  if (type === 'student') return [{ field: 'schoolId', type: 'school', id: record.schoolId as string }];
  return [];
}

/**
 * For each record, its references that are not stored, as row errors (an empty list: all there).
 * One store read per distinct id of the batch.
 */
export async function unknownReferences(
  store: Store,
  type: RecordType,
  records: ReadonlyArray<Record<string, unknown>>,
  rows: readonly number[],
  labelZh: (path: readonly string[]) => string,
): Promise<RowError[][]> {
  const refs = records.map((r) => referencesOf(type, r));
  const wanted = new Map<'school' | 'enterprise', Set<string>>();
  for (const list of refs) for (const r of list) (wanted.get(r.type) ?? wanted.set(r.type, new Set()).get(r.type)!).add(r.id);
  const known = new Map<'school' | 'enterprise', Set<string>>();
  for (const [t, idSet] of wanted) {
    const ids = [...idSet];
    const stored = await store.getMany(t, ids);
    known.set(t, new Set(ids.filter((_, i) => stored[i] !== undefined)));
  }
  return refs.map((list, k) =>
    list
      .filter((r) => !known.get(r.type)?.has(r.id))
      .map((r) => {
        const [en, zh] = TYPE_WORDS[r.type];
        return {
          row: rows[k]!,
          field: r.field,
          code: 'INGEST_ROW_UNKNOWN_REFERENCE',
          message: `${r.field}: no ${en} ${r.id} is stored; load the ${en} first`,
          messageZh: `「${labelZh(r.field.split('.'))}」${r.id}：该${zh}不存在，请先导入${zh}`,
        };
      }),
  );
}
