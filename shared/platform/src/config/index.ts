export { ConfigEnv } from './schema.js';
export { loadConfig, ConfigError, type Config } from './load.js';
