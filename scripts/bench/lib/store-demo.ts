/**
 * Generated records straight into a store, in batches (benchmarks that measure something after
 * ingestion, not ingestion itself): personal data apart from the profile, as the pipeline stores it.
 */
import type { generateDemoData } from '@chanjiao/demo-data';
import type { RecordType } from '@chanjiao/domain';
import type { Store } from '@chanjiao/store';

export async function storeDemoData(store: Store, data: ReturnType<typeof generateDemoData>, batchSize = 2000): Promise<void> {
  const now = new Date().toISOString();
  const put = async (type: RecordType, rows: Iterable<object>) => {
    let batch: Array<{ record: never; personal?: never }> = [];
    for (const r of rows) {
      const { personal, ...record } = { updatedAt: now, ...r } as { personal?: never };
      batch.push({ record: record as never, ...(personal ? { personal } : {}) });
      if (batch.length === batchSize) {
        await store.upsert(type, batch);
        batch = [];
      }
    }
    if (batch.length) await store.upsert(type, batch);
  };
  await put('school', data.schools);
  await put('enterprise', data.enterprises);
  await put('term', data.terms);
  await put('post', data.posts);
  await put('student', data.students());
}
