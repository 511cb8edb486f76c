export { embeddedHost, type EmbeddedHostOptions } from './app.js';
