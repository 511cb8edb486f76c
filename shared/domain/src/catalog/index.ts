export * from './major-catalog.js';
