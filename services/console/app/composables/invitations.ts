import { ref, shallowRef } from 'vue';
import type { ApiError } from '../api';
import { listInvitations } from '../invitations';
import type { Invitation } from '../types';

/** The signed-in person's invitations (HR: sent; student: received), reloadable. */
export function useInvitations() {
  const rows = ref<Invitation[]>([]);
  const error = shallowRef<ApiError | null>(null);
  async function load() {
    try {
      rows.value = await listInvitations();
    } catch (err) {
      error.value = err as ApiError;
    }
  }
  return { rows, error, load };
}
