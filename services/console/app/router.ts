import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { api, settle } from './api';
import { takeEarly } from './early';
import { t } from './i18n';
import { session, setSession, type Role, type SessionInfo } from './session';

/** Each page is its own chunk: a student's phone loads the student pages only. */
export interface MenuItem {
  path: string;
  title: string;
  roles: Role[];
}

export const MENU: MenuItem[] = [
  { path: '/hr/search', title: '人才搜索', roles: ['hr'] },
  { path: '/hr/posts', title: '我的岗位', roles: ['hr'] },
  { path: '/hr/shortlist', title: '候选名单', roles: ['hr'] },
  { path: '/hr/invitations', title: '邀请记录', roles: ['hr'] },
  { path: '/student/recommendations', title: '为我推荐', roles: ['student'] },
  { path: '/posts', title: '岗位搜索', roles: ['student'] },
  { path: '/student/invitations', title: '我的邀请', roles: ['student'] },
  { path: '/office/batch', title: '批量匹配', roles: ['office'] },
  { path: '/office/dashboard', title: '数据看板', roles: ['office'] },
  { path: '/data/upload', title: '数据导入', roles: ['operator', 'office'] },
  { path: '/school/skill-gaps', title: '技能缺口', roles: ['operator', 'office'] },
  { path: '/admin/keys', title: '密钥管理', roles: ['admin'] },
];

export const HOME: Record<Role, string> = {
  hr: '/hr/search',
  student: '/student/recommendations',
  office: '/office/dashboard',
  operator: '/data/upload',
  admin: '/admin/keys',
};

const routes: RouteRecordRaw[] = [
  { path: '/login', component: () => import('./pages/SignIn.vue'), meta: { public: true, title: '登录' } },
  { path: '/', redirect: () => (session.info ? HOME[session.info.role] : '/login') },
  { path: '/hr/search', component: () => import('./pages/HrSearch.vue'), meta: { roles: ['hr'], title: '人才搜索' } },
  { path: '/hr/candidates/:id', component: () => import('./pages/CandidateProfile.vue'), meta: { roles: ['hr'], title: '候选人档案' } },
  { path: '/hr/posts', component: () => import('./pages/HrPosts.vue'), meta: { roles: ['hr'], title: '我的岗位' } },
  { path: '/hr/shortlist', component: () => import('./pages/HrShortlist.vue'), meta: { roles: ['hr'], title: '候选名单' } },
  { path: '/hr/invitations', component: () => import('./pages/HrInvitations.vue'), meta: { roles: ['hr'], title: '邀请记录' } },
  { path: '/student/recommendations', component: () => import('./pages/StudentRecs.vue'), meta: { roles: ['student'], title: '为我推荐' } },
  { path: '/posts', component: () => import('./pages/PostSearch.vue'), meta: { roles: ['student', 'hr', 'office'], title: '岗位搜索' } },
  { path: '/posts/:id', component: () => import('./pages/PostDetail.vue'), meta: { roles: ['student', 'hr', 'office'], title: '岗位详情' } },
  { path: '/student/invitations', component: () => import('./pages/StudentInvitations.vue'), meta: { roles: ['student'], title: '我的邀请' } },
  { path: '/office/batch', component: () => import('./pages/OfficeBatch.vue'), meta: { roles: ['office'], title: '批量匹配' } },
  { path: '/office/dashboard', component: () => import('./pages/OfficeDashboard.vue'), meta: { roles: ['office'], title: '数据看板' } },
  { path: '/data/upload', component: () => import('./pages/DataUpload.vue'), meta: { roles: ['operator', 'office'], title: '数据导入' } },
  { path: '/school/skill-gaps', component: () => import('./pages/SchoolSkillGaps.vue'), meta: { roles: ['operator', 'office'], title: '技能缺口' } },
  { path: '/admin/keys', component: () => import('./pages/AdminKeys.vue'), meta: { roles: ['admin'], title: '密钥管理' } },
  { path: '/:rest(.*)*', component: () => import('./pages/NotFound.vue'), meta: { public: true, title: '页面不存在' } },
];

export const router = createRouter({ history: createWebHistory(), routes });

/** Asks the server once who the cookie belongs to; the menu is a convenience, the server decides. */
let checking: Promise<void> | null = null;
export function checkSession(): Promise<void> {
  if (session.checked) return Promise.resolve();
  // main.ts and the router's first navigation both ask: the second joins the first, or it would
  // send its own request, and that one's 401 (signed out) would reject with nobody listening.
  if (checking) return checking;
  // The boot script asked already on this load (index.html also preloads it).
  const early = takeEarly('/v1/session');
  const asked = early ? early.then((r) => settle<SessionInfo>(r, { quiet401: true })) : api<SessionInfo>('GET', '/v1/session', undefined, { quiet401: true });
  checking = asked
    .then((info) => setSession(info), () => setSession(null))
    .finally(() => {
      session.checked = true;
      checking = null;
    });
  return checking;
}

router.beforeEach(async (to) => {
  await checkSession();
  if (to.meta.public) return true;
  if (!session.info) return { path: '/login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} };
  const roles = to.meta.roles as Role[] | undefined;
  if (roles && !roles.includes(session.info.role)) return { path: HOME[session.info.role] };
  return true;
});

router.afterEach((to) => {
  document.title = `${t((to.meta.title as string | undefined) ?? '')} · ${t('产教匹配')}`;
});
