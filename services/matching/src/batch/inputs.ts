import type { Enterprise, Post, School, StudentProfile } from '@chanjiao/domain';
import { AppError, Errors } from '@chanjiao/platform';
import type { Store } from '@chanjiao/store';
import { yieldToLoop } from './candidates.js';
import type { BatchResults } from './results-store.js';
import type { TermInputs } from './term-index.js';

/**
 * Read one term's inputs from the store: the seeking students, the term's open posts with seats,
 * all schools and enterprises (small), and the applications and interview results filed for the
 * term. Records are read page by page; only what the run needs is kept.
 */
export async function loadTermInputs(
  store: Store,
  results: BatchResults,
  term: string,
  hooks: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<TermInputs> {
  if (!(await store.get('term', term))) throw new AppError(Errors.BATCH_TERM_NOT_FOUND, { details: { term } });
  const total = (await store.count('student')) + (await store.count('post'));
  hooks.signal?.throwIfAborted();
  let done = 0;
  const tick = async () => {
    if (++done % 5000 === 0) {
      hooks.onProgress?.(done, total);
      await yieldToLoop();
      hooks.signal?.throwIfAborted();
    }
  };
  const students: StudentProfile[] = [];
  for await (const s of store.scan('student')) {
    if (s.status === 'seeking') students.push(s);
    await tick();
  }
  const posts: Post[] = [];
  for await (const p of store.scan('post')) {
    if (p.term === term && p.status === 'open' && p.seats > 0) posts.push(p);
    await tick();
  }
  const schools = new Map<string, School>();
  for await (const s of store.scan('school')) schools.set(s.id, s);
  const enterprises = new Map<string, Enterprise>();
  for await (const e of store.scan('enterprise')) enterprises.set(e.id, e);
  hooks.onProgress?.(total, total);
  return {
    term,
    students,
    posts,
    schools,
    enterprises,
    applications: await results.applications(term),
    interviews: await results.interviews(term),
  };
}
