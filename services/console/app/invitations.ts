import { api } from './api';
import type { Invitation } from './types';

export async function listInvitations(): Promise<Invitation[]> {
  const r = await api<Invitation[] | { invitations?: Invitation[]; items?: Invitation[] }>('GET', '/v1/invitations');
  return Array.isArray(r) ? r : (r.invitations ?? r.items ?? []);
}
export const postTitle = (i: Invitation) => i.post?.title ?? i.postId ?? '';
export const postIdOf = (i: Invitation) => i.post?.id ?? i.postId ?? '';
