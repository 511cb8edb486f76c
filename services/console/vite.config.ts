import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import AutoImport from 'unplugin-auto-import/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import Components from 'unplugin-vue-components/vite';
import { defineConfig } from 'vite';

/**
 * The console is built into dist/ and served by the host at `/` (same origin as /v1, so the
 * session cookie is SameSite=Strict and no CORS is needed). Element Plus is imported on demand
 * (components and their styles), pages are lazy routes, ECharts and exceljs load only where used.
 * `pnpm dev` proxies /v1 to a host on CONSOLE_API (default http://127.0.0.1:3000).
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [
    vue(),
    AutoImport({ resolvers: [ElementPlusResolver()], dts: false }),
    Components({ resolvers: [ElementPlusResolver()], dts: false, dirs: [] }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    chunkSizeWarningLimit: 1200,
  },
  server: {
    // eslint-disable-next-line no-restricted-properties -- dev server only, not the product's config
    proxy: { '/v1': process.env.CONSOLE_API ?? 'http://127.0.0.1:3000' },
  },
});
