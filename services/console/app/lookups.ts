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

export interface Places {
  cities: string[];
  districts: string[];
  parks: string[];
}
/** Cities, districts and parks (from /v1/lookups/places), flattened to name lists. */
export async function loadPlaces(): Promise<Places> {
  const r = await api<Record<string, unknown>>('GET', '/v1/lookups/places');
  const names = (v: unknown): string[] =>
    Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : String((x as { name?: string; city?: string }).name ?? (x as { city?: string }).city ?? ''))).filter(Boolean) : [];
  const cities = names(r.cities);
  const districts = names(r.districts);
  const parks = names(r.parks);
  // A nested shape: cities[{name, districts[], parks[]}]
  if (Array.isArray(r.cities)) {
    for (const c of r.cities as Array<Record<string, unknown>>) {
      if (c && typeof c === 'object') {
        districts.push(...names(c.districts));
        parks.push(...names(c.parks));
      }
    }
  }
  return { cities: [...new Set(cities)], districts: [...new Set(districts)], parks: [...new Set(parks)] };
}
