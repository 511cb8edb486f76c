export * from './matching.js';
export * from './match-weights.js';
export * from './skills.js';
