import { gazetteer } from '@chanjiao/domain';
import { cityKey } from '../batch/subsidy-policies.js';

/**
 * The name a city's catalogue versions are stored under: the official name when the gazetteer
 * knows the place (what the console's city picker sends, so versions stored before stay found),
 * else the name without 市. Every spelling of a city then reads and extends one series of versions,
 * and finds the same catalogue of the year before.
 */
export function catalogueCityKey(name: string): string {
  return gazetteer().get(name.trim()) ? gazetteer().cityOf(name.trim()) : cityKey(name);
}
