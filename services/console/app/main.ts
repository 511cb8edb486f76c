import { createApp } from 'vue';
import 'element-plus/theme-chalk/base.css';
import 'element-plus/theme-chalk/el-message.css';
import 'element-plus/theme-chalk/el-message-box.css';
import './style.css';
import App from './App.vue';
import { setUnauthorizedHandler } from './api';
import { router } from './router';
import { setSession } from './session';

setUnauthorizedHandler(() => {
  setSession(null);
  if (router.currentRoute.value.path !== '/login') void router.push({ path: '/login', query: { next: router.currentRoute.value.fullPath } });
});

createApp(App).use(router).mount('#app');
