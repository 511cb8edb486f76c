export * from './matching.js';
export * from './skills.js';
