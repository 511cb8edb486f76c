import { gazetteer } from '@chanjiao/domain';
import { cityKey } from '../batch/subsidy-policies.js';

/**
 * What the skill views compare city names by: the gazetteer's official city (珠海, 金湾 → 珠海市),
 * without a trailing 市. A name the gazetteer does not know is stored as the clerk typed it (岳阳
 * on a school, 岳阳市 on a post); the batch reports read names that differ only by that 市 as one
 * city (`cityKey`), and so must these views, or a city's posts and its students fall apart.
 */
export const cityId = (name: string): string => cityKey(gazetteer().cityOf(name.trim()));

/**
 * The name a city's catalogue versions are stored under: the official name when the gazetteer
 * knows the place (what the console's city picker sends, so versions stored before stay found),
 * else the name without 市. Every spelling of a city then reads and extends one series of versions,
 * and finds the same catalogue of the year before.
 */
export function catalogueCityKey(name: string): string {
  return gazetteer().get(name.trim()) ? gazetteer().cityOf(name.trim()) : cityKey(name);
}
