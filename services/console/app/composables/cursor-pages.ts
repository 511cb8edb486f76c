import { computed, ref, shallowRef } from 'vue';
import type { ApiError } from '../api';

/**
 * Numbered pages over the API's cursor paging: page n is fetched with the cursor page n − 1 gave,
 * so "上一页" goes back exactly and "下一页" is offered only when the API said there is more.
 */
export function useCursorPages<R extends { nextCursor: string | null }>(fetchPage: (cursor: string | undefined) => Promise<R>) {
  const reply = shallowRef<R | null>(null);
  const page = ref(0);
  const loading = ref(false);
  const error = shallowRef<ApiError | null>(null);
  let cursors: Array<string | undefined> = [undefined];
  const hasNext = ref(false);
  /** Each filter click searches at once: only the latest request's reply may land, whatever order they come back in. */
  let latest = 0;

  async function go(toPage = 0): Promise<R | null> {
    const mine = ++latest;
    loading.value = true;
    error.value = null;
    try {
      if (toPage === 0) cursors = [undefined];
      const r = await fetchPage(cursors[toPage]);
      if (mine !== latest) return null;
      reply.value = r;
      page.value = toPage;
      cursors[toPage + 1] = r.nextCursor ?? undefined;
      hasNext.value = !!r.nextCursor;
      return r;
    } catch (err) {
      if (mine === latest) error.value = err as ApiError;
      return null;
    } finally {
      if (mine === latest) loading.value = false;
    }
  }
  return { reply, page, loading, error, hasNext: computed(() => hasNext.value), go };
}
