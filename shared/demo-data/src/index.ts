export { demoDataSizes, generateDemoData, type DemoData, type DemoDataOptions } from './generate.js';
export { ANCHOR_ENTERPRISES, ANCHOR_MARKET_POSTS, ANCHOR_POSTS, ANCHOR_SCHOOLS, ANCHOR_STUDENTS, ANCHOR_UPDATED_AT } from './anchors.js';
export { PLACES, type Place, type Park, type PlaceKey } from './places.js';
export { INDUSTRIES, type Industry, type IndustryKey, type Role } from './industries.js';
export { Random, Weighted, deriveSeed } from './random.js';
export { idCheckChar } from './people.js';
