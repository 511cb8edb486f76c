import { reactive } from 'vue';

export type Role = 'operator' | 'hr' | 'student' | 'office' | 'admin';

export interface SessionInfo {
  role: Role;
  scope: { schoolId?: string; enterpriseId?: string; studentId?: string };
  label: string;
  keyId?: string;
  csrfToken: string;
  expiresAt: string;
}

/**
 * Who is signed in, in memory only. The key is sent once to POST /v1/session and forgotten;
 * the cookie (HttpOnly) carries the session; the CSRF token lives here, never in storage.
 */
export const session = reactive<{ info: SessionInfo | null; checked: boolean; csrfToken: string }>({
  info: null,
  checked: false,
  csrfToken: '',
});

export function setSession(info: SessionInfo | null): void {
  session.info = info;
  session.csrfToken = info?.csrfToken ?? '';
}
