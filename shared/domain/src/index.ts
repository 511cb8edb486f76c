export * from './records/index.js';
export * from './catalog/index.js';
export * from './api/index.js';
export * from './lexicon/index.js';
export * from './places/index.js';
