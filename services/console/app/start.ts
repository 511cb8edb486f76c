import { createApp } from 'vue';
import 'element-plus/theme-chalk/base.css';
import './style.css';
import App from './App.vue';
import { setUnauthorizedHandler } from './api';
import { checkSession, router } from './router';
import { prefetch, recommendationsPath } from './prefetch';
import { session, setSession } from './session';

setUnauthorizedHandler(() => {
  setSession(null);
  if (router.currentRoute.value.path !== '/login') void router.push({ path: '/login', query: { next: router.currentRoute.value.fullPath } });
});

// The first page's chunk loads while the session check is in flight, not after it.
for (const m of router.resolve(location.pathname).matched) {
  const load = m.components?.default;
  if (typeof load === 'function') void (load as () => Promise<unknown>)().catch(() => undefined);
}
void checkSession().then(() => {
  // A student opening their recommendations: ask for them now, not after the page has mounted.
  const studentId = session.info?.scope.studentId;
  if (session.info?.role === 'student' && studentId && /^\/(student\/recommendations)?$/.test(location.pathname)) prefetch(recommendationsPath(studentId));
});

createApp(App).use(router).mount('#app');
