import { normalizeTerm } from '../lexicon/lexicon.js';

/**
 * The places of the five localities the seed documents come from (珠海/金湾, 郴州, 广州, 嘉峪关,
 * 金华/婺城): each city, its districts and county-level cities, and its industrial parks, with the
 * short names people type (金湾 → 珠海市金湾区, 珠海 → 珠海市). Data, not code: a new locality is
 * a new entry. Records name cities officially (`珠海市`); the gazetteer is how a query or a filter
 * written `珠海` or `金湾` reaches them.
 */
export type PlaceKind = 'city' | 'district' | 'park';

export interface Place {
  readonly kind: PlaceKind;
  /** The official name: `珠海市`, `金湾区`, `金湾联港工业区`. */
  readonly name: string;
  /** The city it is in (itself for a city). */
  readonly city: string;
  /** The district a park is in, when known. */
  readonly district?: string;
  /** Other names: the short name, older names. */
  readonly aliases: readonly string[];
}

interface CityData {
  readonly city: string;
  readonly aliases: readonly string[];
  /** District: its aliases. */
  readonly districts: Readonly<Record<string, readonly string[]>>;
  /** Park: [district or '', ...aliases]. */
  readonly parks: Readonly<Record<string, readonly string[]>>;
}

/**
 * One line a city: `[city, its short names, its districts, its parks]`, written compactly.
 * Districts (and county-level cities and counties) are separated by spaces; a district's short
 * name is its name less the ending 区/县/市 (金湾区 → 金湾) unless it lists its own after `:`
 * (`横琴粤澳深度合作区:横琴,横琴新区`; `长城区:` has none, 长城 being no place to a reader). Parks
 * are separated by `;`, each `name@district:aliases` (the district empty when unknown).
 */
type CitySpec = readonly [city: string, aliases: string, districts: string, parks: string];

const DATA: readonly CitySpec[] = [
  [
    '珠海市',
    '珠海',
    '香洲区 金湾区 斗门区 横琴粤澳深度合作区:横琴,横琴新区',
    '金湾联港工业区@金湾区:联港工业区,联港; 珠海航空产业园@金湾区:航空产业园,航空城; 高栏港经济区@金湾区:高栏港,珠海经济技术开发区; 珠海高新区@香洲区:唐家湾,珠海高新技术产业开发区; 富山工业园@斗门区:富山',
  ],
  [
    '郴州市',
    '郴州',
    '北湖区 苏仙区 资兴市 桂阳县 宜章县 永兴县 嘉禾县 临武县 汝城县 安仁县',
    '郴州高新区@苏仙区:郴州高新技术产业开发区,郴州高新; 郴州经开区@北湖区:郴州经济开发区,郴州经开; 郴州有色金属产业园@:有色金属产业园,有色产业园',
  ],
  [
    '广州市',
    '广州,羊城',
    '黄埔区 天河区 越秀区 海珠区 荔湾区 白云区 番禺区 花都区 南沙区 增城区 从化区',
    '广州开发区@黄埔区:广州经济技术开发区,黄埔开发区; 广州科学城@黄埔区:科学城; 中新广州知识城@黄埔区:知识城; 黄埔临港经济区@黄埔区:临港经济区; 南沙自贸区@南沙区:南沙自贸片区',
  ],
  ['嘉峪关市', '嘉峪关', '雄关区 镜铁区 长城区:', '嘉峪关工业园区@:嘉峪关工业园; 嘉东工业园@:嘉东; 嘉北工业园@:嘉北'],
  [
    '金华市',
    '金华',
    '婺城区 金东区 兰溪市 义乌市 东阳市 永康市 武义县 浦江县 磐安县',
    '金华经开区@婺城区:金华经济技术开发区,金华开发区; 婺城新城区@婺城区:婺城新城; 金西经济开发区@婺城区:金西开发区,金西',
  ],
];

const list = (s: string): string[] => s.split(',').filter((x) => x !== '');

/** A {@link CitySpec} read into its parts. */
function cityData([city, aliases, districts, parks]: CitySpec): CityData {
  const d: Record<string, readonly string[]> = {};
  for (const item of districts.split(' ')) {
    const [name = '', own] = item.split(':');
    d[name] = own === undefined ? [name.replace(/[区县市]$/u, '')] : list(own);
  }
  const p: Record<string, readonly string[]> = {};
  for (const item of parks.split(';')) {
    const [head = '', own = ''] = item.trim().split(':');
    const [name = '', district = ''] = head.split('@');
    p[name] = [district, ...list(own)];
  }
  return { city, aliases: list(aliases), districts: d, parks: p };
}

/** Looks places up by any of their names, and finds them in a text. */
export class Gazetteer {
  readonly places: readonly Place[];
  readonly #byName = new Map<string, Place>();
  /** Every name, longest first, for scanning a text. */
  readonly #names: ReadonlyArray<readonly [string, Place]>;

  constructor(data: readonly CityData[] = DATA.map(cityData)) {
    const places: Place[] = [];
    for (const c of data) {
      places.push({ kind: 'city', name: c.city, city: c.city, aliases: c.aliases });
      for (const [name, aliases] of Object.entries(c.districts)) places.push({ kind: 'district', name, city: c.city, aliases });
      for (const [name, [district = '', ...aliases]] of Object.entries(c.parks)) {
        places.push({ kind: 'park', name, city: c.city, ...(district ? { district } : {}), aliases });
      }
    }
    this.places = Object.freeze(places.map((p) => Object.freeze(p)));
    for (const p of this.places) {
      for (const n of [p.name, ...p.aliases]) {
        const key = normalizeTerm(n);
        if (this.#byName.has(key) && this.#byName.get(key) !== p) throw new Error(`gazetteer: "${n}" names two places`);
        this.#byName.set(key, p);
      }
    }
    this.#names = [...this.#byName].sort((a, b) => b[0].length - a[0].length);
  }

  /** A place by any of its names (`珠海`, `珠海市`, `金湾`, `联港工业区`), or undefined. */
  get(name: string): Place | undefined {
    return this.#byName.get(normalizeTerm(name));
  }

  /** The official city a name is in: `金湾` → `珠海市`; an unknown name unchanged. */
  cityOf(name: string): string {
    return this.get(name)?.city ?? name;
  }

  /**
   * What two city names are compared by: {@link cityOf} without a trailing 市 (`珠海`, `金湾` →
   * `珠海`). A city this gazetteer does not know is stored as the clerk typed it (岳阳 on a school,
   * 岳阳市 on a post); compared by this key the two are one city.
   */
  cityKey(name: string): string {
    return this.cityOf(name.trim()).replace(/市$/u, '');
  }

  /** The places a text names, longest names first, each once, with the span each was read from. */
  find(text: string): Array<{ place: Place; text: string }> {
    let rest = normalizeTerm(text);
    const out: Array<{ place: Place; text: string }> = [];
    for (const [name, place] of this.#names) {
      const at = rest.indexOf(name);
      if (at < 0) continue;
      rest = `${rest.slice(0, at)}\u0000${rest.slice(at + name.length)}`;
      if (!out.some((o) => o.place === place)) out.push({ place, text: name });
    }
    return out;
  }

  /** `珠海市金湾区`, `珠海市金湾联港工业区`: a place with the city in front, as a label. */
  static label(place: Place): string {
    return place.kind === 'city' ? place.name : `${place.city}${place.name}`;
  }
}

let cached: Gazetteer | undefined;

/** The seeds' gazetteer, built once (immutable reference data like the catalog). */
export function gazetteer(): Gazetteer {
  cached ??= new Gazetteer();
  return cached;
}
