import fp from 'fastify-plugin';
import type { Config } from '../config/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The frozen configuration parsed once at start. */
    config: Config;
  }
}

/** Decorates `app.config`. Every other capability plugin depends on it by name. */
export const configPlugin = fp<{ config: Config }>(
  async (app, opts) => {
    app.decorate('config', opts.config);
  },
  { name: 'chanjiao-config', fastify: '5.x' },
);
