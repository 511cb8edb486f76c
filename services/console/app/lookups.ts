import { api } from './api';
import { LEVEL_LABELS } from './labels';

export interface TreeOption {
  value: string;
  label: string;
  disabled?: boolean;
  children?: TreeOption[];
}

const CHILD_KEYS = ['children', 'categories', 'classes', 'majors', 'items'] as const;

/** The catalog tree from /v1/lookups/catalog as picker options, whatever the nesting keys are called. */
export function catalogOptions(reply: unknown): TreeOption[] {
  const conv = (n: Record<string, unknown>, levelLabel?: string): TreeOption | null => {
    const code = (n.code ?? n.value ?? n.id) as string | undefined;
    const name = (n.name ?? n.label ?? n.title) as string | undefined;
    let kids: unknown[] | undefined;
    for (const k of CHILD_KEYS) if (Array.isArray(n[k])) kids = n[k] as unknown[];
    const levelOfNode = typeof n.level === 'string' ? (LEVEL_LABELS[n.level] ?? n.level) : undefined;
    const children = kids?.map((c) => conv(c as Record<string, unknown>, levelLabel)).filter((x): x is TreeOption => !!x);
    if (!code) {
      // A grouping node (a level): keep it only as a container with a non-selectable value.
      const label = name ?? levelOfNode ?? '';
      return children?.length ? { value: `group:${label}`, label, disabled: true, children } : null;
    }
    const suffix = !kids && levelOfNode ? `（${levelOfNode}）` : '';
    return { value: code, label: `${code} ${name ?? ''}${suffix}`, ...(children?.length ? { children } : {}) };
  };
  const root = reply as Record<string, unknown> | unknown[];
  let top: unknown[] = [];
  if (Array.isArray(root)) top = root;
  else if (root && typeof root === 'object') {
    for (const k of ['tree', 'levels', ...CHILD_KEYS]) if (Array.isArray(root[k])) top = root[k] as unknown[];
  }
  return top.map((n) => conv(n as Record<string, unknown>)).filter((x): x is TreeOption => !!x);
}

let catalogCache: Promise<TreeOption[]> | null = null;
export function loadCatalog(): Promise<TreeOption[]> {
  catalogCache ??= api<unknown>('GET', '/v1/lookups/catalog').then(catalogOptions).catch((err) => {
    catalogCache = null;
    throw err;
  });
  return catalogCache;
}

export interface CityPlaces {
  city: string;
  districts: string[];
  parks: string[];
  parkDistricts: Record<string, string>;
}
export interface Places {
  cities: string[];
  tree: CityPlaces[];
}

let placesCache: Promise<Places> | null = null;
/** The loaded data's places (GET /v1/lookups/places): city names, and each city's districts and parks. */
export function loadPlaces(): Promise<Places> {
  placesCache ??= api<{ cities: CityPlaces[] }>('GET', '/v1/lookups/places')
    .then((r) => ({ cities: r.cities.map((c) => c.city), tree: r.cities }))
    .catch((err) => {
      placesCache = null;
      throw err;
    });
  return placesCache;
}

/** A cascader value names its level: `c:` city, `d:` district, `p:` park. */
export type PlaceLevel = 'city' | 'district' | 'park';
const PREFIX: Record<PlaceLevel, string> = { city: 'c:', district: 'd:', park: 'p:' };
export const placeValue = (level: PlaceLevel, name: string) => `${PREFIX[level]}${name}`;

/**
 * 城市 → 区县 → 园区 as cascader options: each park under its district, a park whose district is
 * not known directly under its city.
 */
export function placeOptions(tree: CityPlaces[]): TreeOption[] {
  return tree.map((c) => {
    const park = (p: string): TreeOption => ({ value: placeValue('park', p), label: p });
    const districts = c.districts.map((d) => {
      const parks = c.parks.filter((p) => c.parkDistricts[p] === d).map(park);
      return { value: placeValue('district', d), label: d, ...(parks.length ? { children: parks } : {}) };
    });
    const loose = c.parks.filter((p) => !c.parkDistricts[p]).map(park);
    const children = [...districts, ...loose];
    return { value: placeValue('city', c.city), label: c.city, ...(children.length ? { children } : {}) };
  });
}

/** Picked cascader values as the search filters they stand for. */
export function placeFilters(values: readonly string[]): { cities: string[]; districts: string[]; parks: string[] } {
  const pick = (level: PlaceLevel) => values.filter((v) => v.startsWith(PREFIX[level])).map((v) => v.slice(PREFIX[level].length));
  return { cities: pick('city'), districts: pick('district'), parks: pick('park') };
}
