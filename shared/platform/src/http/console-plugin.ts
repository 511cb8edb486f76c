import { existsSync, statSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors/define.js';
import { Errors } from '../errors/catalogue.js';

export interface ConsolePluginOptions {
  /** The built console; default CONSOLE_DIR. */
  dir?: string;
}

/** Paths that belong to the API and its docs: never answered with the console's page. */
const API_PATH = /^\/(v1|docs)(\/|$)/;

const MISSING_PAGE = (dir: string) => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>控制台尚未构建 · Console not built</title>
<style>body{font:16px/1.6 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1f2328}code{background:#f3f4f6;padding:0 .3em}</style></head>
<body><main>
<h1>控制台尚未构建</h1>
<p>服务已在运行，API 可用（<a href="/docs">/docs</a>），但找不到网页控制台的构建结果：<code>${dir.replaceAll('<', '&lt;')}</code>。</p>
<p>请在项目根目录运行 <code>pnpm install</code>（安装时会自动构建控制台）或 <code>pnpm --filter @chanjiao/console build</code>，然后刷新本页。</p>
<h2 lang="en">The web console is not built</h2>
<p lang="en">The API is up (<a href="/docs">/docs</a>), but the console's build output is missing. Run <code>pnpm install</code> (it builds the console) or <code>pnpm --filter @chanjiao/console build</code> in the project folder, then reload.</p>
</main></body></html>
`;

/**
 * The web console at `/`, on the API's port: the files Vite built (hashed assets cached for a
 * year, everything else revalidated), and for any other GET that is not under /v1 or /docs the
 * app's index.html, so the browser's router handles deep links (/hr/search after a reload).
 * Without a build, those paths answer 503 with a page that says how to build it; /v1 and /docs
 * are unaffected either way (an unknown /v1 path stays the JSON 404 ROUTE_NOT_FOUND, and a GET
 * of a /v1 path that takes only other methods the JSON 405 METHOD_NOT_ALLOWED).
 * Register it after the auth plugin (its route is public).
 */
export const consolePlugin = fp<ConsolePluginOptions>(
  async (app, opts) => {
    const dir = resolve(opts.dir ?? app.config.CONSOLE_DIR);
    const built = () => existsSync(resolve(dir, 'index.html'));
    await app.register(fastifyStatic, { root: dir, serve: false, decorateReply: true });

    const notFound = (url: string) => new AppError(Errors.ROUTE_NOT_FOUND, { details: { method: 'GET', url } });
    const sendIndex = (reply: FastifyReply) => reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });

    app.get(
      '/*',
      { config: { access: 'public' }, schema: { hide: true } },
      async (request, reply) => {
        const path = request.url.split('?')[0] ?? '/';
        // An API path is answered as if this route were not here: the not-found handler's 405
        // (with Allow) for a path that takes other methods (GET on a POST-only /v1 route), else its 404.
        if (API_PATH.test(path)) return reply.callNotFound();
        if (!built()) return reply.code(503).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(MISSING_PAGE(dir));
        let rel: string;
        try {
          rel = decodeURIComponent(path).replace(/^\/+/, '');
        } catch {
          throw notFound(path);
        }
        const file = resolve(dir, rel);
        if (rel !== '' && file.startsWith(dir + sep) && existsSync(file) && statSync(file).isFile()) {
          // Vite's hashed assets never change under their name.
          const immutable = rel.startsWith(`assets/`);
          return reply
            .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
            .sendFile(rel, { cacheControl: false });
        }
        // A missing file (it has an extension) is a 404, not the app: a broken asset link should fail loudly.
        if (extname(rel) !== '') throw notFound(path);
        return sendIndex(reply);
      },
    );
  },
  { name: 'chanjiao-console', dependencies: ['chanjiao-config'], fastify: '5.x' },
);
