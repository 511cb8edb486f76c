export { Gazetteer, gazetteer, type Place, type PlaceKind } from './gazetteer.js';
