import { createApp } from 'vue';
import 'element-plus/theme-chalk/base.css';
import './style.css';
import App from './App.vue';
import { setUnauthorizedHandler } from './api';
import { checkSession, router } from './router';
import { setSession } from './session';

setUnauthorizedHandler(() => {
  setSession(null);
  if (router.currentRoute.value.path !== '/login') void router.push({ path: '/login', query: { next: router.currentRoute.value.fullPath } });
});

// The first page's chunk loads while the session check is in flight, not after it.
for (const m of router.resolve(location.pathname).matched) {
  const load = m.components?.default;
  if (typeof load === 'function') void (load as () => Promise<unknown>)().catch(() => undefined);
}
// boot.ts has started the session check (and a student's recommendations); this takes it over.
void checkSession();

createApp(App).use(router).mount('#app');
