import { ref, shallowRef } from 'vue';
import type { ApiError } from '../api';
import { addToShortlist, getShortlist } from '../posts';

/** Which students are on one post's shortlist, and adding one (HR search and a post's candidates). */
export function useShortlist() {
  const shortlisted = shallowRef(new Set<string>());
  const error = shallowRef<ApiError | null>(null);
  const count = ref(0);
  const set = (entries: Array<{ studentId: string }>) => {
    shortlisted.value = new Set(entries.map((e) => e.studentId));
    count.value = entries.length;
  };
  async function load(postId: string) {
    set([]);
    if (!postId) return;
    try {
      set((await getShortlist(postId)).entries);
    } catch (err) {
      error.value = err as ApiError;
    }
  }
  async function add(postId: string, studentId: string): Promise<boolean> {
    try {
      set((await addToShortlist(postId, studentId)).entries);
      return true;
    } catch (err) {
      error.value = err as ApiError;
      return false;
    }
  }
  return { shortlisted, count, error, load, add };
}
