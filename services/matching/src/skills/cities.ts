import { gazetteer } from '@chanjiao/domain';
import { cityKey } from '../batch/subsidy-policies.js';

/**
 * What the skill views compare city names by: the gazetteer's `cityKey` (珠海, 金湾 → 珠海; 岳阳
 * and 岳阳市 one city), as the batch reports and the search's place feature do, or a city's posts
 * and its students fall apart.
 */
export const cityId = (name: string): string => gazetteer().cityKey(name);

/**
 * The name a city's catalogue versions are stored under: the official name when the gazetteer
 * knows the place (what the console's city picker sends, so versions stored before stay found),
 * else the name without 市. Every spelling of a city then reads and extends one series of versions,
 * and finds the same catalogue of the year before.
 */
export function catalogueCityKey(name: string): string {
  return gazetteer().get(name.trim()) ? gazetteer().cityOf(name.trim()) : cityKey(name);
}
