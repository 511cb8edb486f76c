import { readFileSync } from 'node:fs';
import type { Level } from '../records/common.js';

export type CatalogItem = 'category' | 'class' | 'major';

export interface CatalogEntry {
  readonly level: Level;
  readonly item: CatalogItem;
  /** 2-digit 大类, 4-digit 类, 6-digit 专业 (optionally ending in K). */
  readonly code: string;
  readonly name: string;
  readonly parent: string | null;
}

/**
 * How close two majors are, from the catalog hierarchy (docs/domain.md): same 专业 > same 类 > same 大类.
 * The three levels share their 大类 and 类 numbering at an offset of 20 (中职 66 = 高职 46 = 本科 26,
 * all 装备制造大类), so "the same 类 on another level" is the same *field* 类 code. The 专业 digits
 * are not aligned (660104 金属热加工 is not 460104 机械制造及自动化), so a major's counterpart on
 * another level (`same_field_major`) is read from the names: see {@link MajorCatalog.counterparts}.
 */
export type MajorRelation = 'same_major' | 'same_field_major' | 'same_class' | 'same_category' | 'unrelated';

/** 大类 codes start at 21 (本科), 41 (高职) and 61 (中职). */
const LEVEL_BASE: Readonly<Record<Level, number>> = { bachelor: 21, higher: 41, secondary: 61 };

function levelOfCode(code: string): Level | null {
  const head = Number(code.slice(0, 2));
  if (head >= 21 && head <= 39) return 'bachelor';
  if (head >= 41 && head <= 59) return 'higher';
  if (head >= 61 && head <= 79) return 'secondary';
  return null;
}

/**
 * A level-free code for a catalog code: the 大类 number counted from 1, then the rest.
 * `660301`, `460301` and `260301` all map to `06-0301`. Returns null for a code outside the catalog ranges.
 */
export function fieldCode(code: string): string | null {
  const level = levelOfCode(code);
  if (!level) return null;
  const category = Number(code.slice(0, 2)) - LEVEL_BASE[level] + 1;
  return `${String(category).padStart(2, '0')}-${code.slice(2).replace(/K$/, '')}`;
}

/** A catalog name as typed: NFKC (full-width brackets and letters), without spaces. */
export function normalizeMajorName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '');
}

/** Generic words every level's names carry; they say nothing about which trade a major is. */
const GENERIC_NAME_PARTS = /技术应用|技术|应用|[与及和、]/g;

function nameBigrams(name: string): Set<string> {
  const chars = [...name.replace(GENERIC_NAME_PARTS, '')];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  if (chars.length === 1) out.add(chars[0]!);
  return out;
}

/** Dice similarity of two major names over character pairs, generic words left out. */
export function majorNameSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const x = nameBigrams(a);
  const y = nameBigrams(b);
  if (x.size + y.size === 0) return 0;
  let shared = 0;
  for (const g of x) if (y.has(g)) shared++;
  return (2 * shared) / (x.size + y.size);
}

/**
 * Names at least this similar (within the same 类) are counterparts: 汽车运用与维修 ↔ 汽车检测与维修技术
 * (0.4), 数控技术应用 ↔ 数控技术 (1); 金属热加工 ↔ 特种加工技术 (0.29) is not.
 */
const COUNTERPART_MIN_SIMILARITY = 0.4;

/** The official 2021 catalog, all three levels, with the lookups matching needs. Immutable. */
export class MajorCatalog {
  readonly entries: readonly CatalogEntry[];
  readonly #byCode = new Map<string, CatalogEntry>();
  readonly #majorsByName = new Map<string, CatalogEntry[]>();
  readonly #entriesByName = new Map<string, CatalogEntry[]>();
  readonly #counterparts = new Map<string, readonly string[]>();

  constructor(entries: readonly CatalogEntry[]) {
    this.entries = Object.freeze([...entries]);
    for (const e of this.entries) {
      this.#byCode.set(e.code, e);
      const named = this.#entriesByName.get(e.name) ?? [];
      named.push(e);
      this.#entriesByName.set(e.name, named);
      if (e.item === 'major') {
        const list = this.#majorsByName.get(e.name) ?? [];
        list.push(e);
        this.#majorsByName.set(e.name, list);
      }
    }
  }

  get(code: string): CatalogEntry | undefined {
    return this.#byCode.get(code);
  }

  has(code: string): boolean {
    return this.#byCode.has(code);
  }

  /** Is this a 6-digit 专业 code of the catalog? */
  isMajor(code: string): boolean {
    return this.#byCode.get(code)?.item === 'major';
  }

  majors(level?: Level): CatalogEntry[] {
    return this.entries.filter((e) => e.item === 'major' && (!level || e.level === level));
  }

  majorsNamed(name: string): readonly CatalogEntry[] {
    return this.#majorsByName.get(name) ?? [];
  }

  /**
   * The entries a name written by hand stands for, on every level: a 专业 name (`机电一体化技术`;
   * 中职, 高职专科 and 职业本科 share some names, so possibly several), a 类 name (`机械设计制造类`:
   * 6601, 4601, 2601) or a 大类 name (`装备制造大类`: 66, 46, 26). The name is read as NFKC
   * without spaces (`机电一体化 技术`, full-width brackets), and a trailing `专业` is allowed
   * (`机电一体化技术专业`). Empty for a name the catalog does not have.
   */
  entriesNamed(name: string): readonly CatalogEntry[] {
    const key = normalizeMajorName(name);
    return this.#entriesByName.get(key) ?? (key.endsWith('专业') ? this.#entriesByName.get(key.slice(0, -2)) : undefined) ?? [];
  }

  /**
   * The majors of other levels that continue this one (中职 ↔ 高职 ↔ 职业本科): in the same 类 (by
   * field code) and with a name at least {@link COUNTERPART_MIN_SIMILARITY} similar, or the same
   * name; on a level where either major has a namesake, only the namesake. Symmetric. Empty for a
   * code that is not a 专业 or has no counterpart (金属热加工).
   */
  counterparts(code: string): readonly string[] {
    const cached = this.#counterparts.get(code);
    if (cached) return cached;
    const e = this.#byCode.get(code);
    const f = fieldCode(code);
    const out: string[] = [];
    if (e?.item === 'major' && f) {
      const cls = f.slice(0, 5);
      for (const o of this.entries) {
        if (o.item !== 'major' || o.level === e.level) continue;
        if (fieldCode(o.code)?.slice(0, 5) !== cls) continue;
        if (majorNameSimilarity(e.name, o.name) < COUNTERPART_MIN_SIMILARITY - 1e-9) continue;
        // A level where either has its very name has that one as the counterpart, not its
        // neighbours named alike: 职业本科 大数据与会计 continues 高职 大数据与会计, not 大数据与审计
        // (a post taking 大数据与会计 on both levels let 高职 审计 and 财务管理 students in as 专业对口).
        if (o.name !== e.name && (this.#hasNamesake(e, o.level) || this.#hasNamesake(o, e.level))) continue;
        out.push(o.code);
      }
    }
    const frozen = Object.freeze(out);
    this.#counterparts.set(code, frozen);
    return frozen;
  }

  /** Does another major of `level` have this one's very name? */
  #hasNamesake(e: CatalogEntry, level: CatalogEntry['level']): boolean {
    return this.majorsNamed(e.name).some((m) => m.level === level && m.code !== e.code);
  }

  /** Are two majors counterparts on different levels (see {@link counterparts})? */
  areCounterparts(a: string, b: string): boolean {
    return this.counterparts(a).includes(b);
  }

  /** 专业 → its 类 → its 大类. */
  lineage(code: string): { major?: CatalogEntry; class?: CatalogEntry; category?: CatalogEntry } {
    const e = this.#byCode.get(code);
    if (!e) return {};
    if (e.item === 'category') return { category: e };
    if (e.item === 'class') return { class: e, category: this.#byCode.get(e.parent ?? '') };
    const cls = this.#byCode.get(e.parent ?? '');
    return { major: e, class: cls, category: cls ? this.#byCode.get(cls.parent ?? '') : undefined };
  }

  /** Does a major fall under an accepted code or prefix (大类 / 类 / 专业)? Level-aware: a prefix names one level. */
  matchesPrefix(majorCode: string, prefix: string): boolean {
    return majorCode === prefix || (prefix.length < 6 && majorCode.startsWith(prefix));
  }

  /**
   * Does a major fall under an accepted code or prefix in the same *field* on any level?
   * A post that accepts 4603 (高职 自动化类) also fits a 中职 6603 student: docs/domain.md says a post
   * rarely cares which level's code a student's major has.
   */
  matchesFieldPrefix(majorCode: string, prefix: string): boolean {
    if (this.matchesPrefix(majorCode, prefix)) return true;
    const f = fieldCode(majorCode);
    const p = fieldCode(prefix);
    if (!f || !p) return false;
    const pBody = p.replace(/-$/, '');
    return prefix.length === 6 || /\d{6}K$/.test(prefix) ? this.relation(majorCode, prefix) === 'same_field_major' : f.startsWith(pBody);
  }

  relation(a: string, b: string): MajorRelation {
    if (a === b) return 'same_major';
    const ea = this.#byCode.get(a);
    const eb = this.#byCode.get(b);
    if (ea && eb && (ea.name === eb.name || this.areCounterparts(a, b))) return 'same_field_major';
    const fa = fieldCode(a);
    const fb = fieldCode(b);
    if (!fa || !fb) return 'unrelated';
    if (fa.slice(0, 5) === fb.slice(0, 5)) return 'same_class';
    if (fa.slice(0, 2) === fb.slice(0, 2)) return 'same_category';
    return 'unrelated';
  }

  /**
   * The catalog majors closest to an unknown code or name, for "did you mean" replies:
   * majors sharing the longest code prefix first, then names sharing the most characters.
   */
  suggest(query: string, limit = 5): CatalogEntry[] {
    const q = query.trim();
    const scored: Array<{ e: CatalogEntry; s: number }> = [];
    for (const e of this.entries) {
      if (e.item !== 'major') continue;
      let s = 0;
      if (/^\d/.test(q)) {
        let k = 0;
        while (k < q.length && k < e.code.length && q[k] === e.code[k]) k++;
        s = k * 10;
        if (k >= 2) {
          const fq = fieldCode(q.padEnd(6, '0'));
          const fe = fieldCode(e.code);
          if (fq && fe && fq.slice(0, 5) === fe.slice(0, 5)) s += 5;
        }
      } else {
        const chars = new Set(q);
        for (const ch of e.name) if (chars.has(ch)) s += 1;
        if (e.name.includes(q) || q.includes(e.name)) s += 20;
      }
      if (s > 0) scored.push({ e, s });
    }
    scored.sort((x, y) => y.s - x.s || x.e.code.localeCompare(y.e.code));
    return scored.slice(0, limit).map((x) => x.e);
  }
}

/** Parse the catalog CSV (`level,item,code,name,parent`; no quoted fields in the official data). */
export function parseMajorCatalogCsv(text: string): CatalogEntry[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines.shift();
  if (header !== 'level,item,code,name,parent') throw new Error(`major catalog: unexpected header ${header}`);
  return lines.map((line, i) => {
    const [level, item, code, name, parent] = line.split(',');
    if (!level || !item || !code || !name || !['secondary', 'higher', 'bachelor'].includes(level)) {
      throw new Error(`major catalog: bad row ${i + 2}: ${line}`);
    }
    return Object.freeze({
      level: level as Level,
      item: item as CatalogItem,
      code,
      name,
      parent: parent ? parent : null,
    });
  });
}

let cached: MajorCatalog | undefined;

/**
 * The project's own copy of the 2021 catalog (shared/domain/data). Parsed once and cached:
 * it is immutable reference data, not a client, so one per process is right.
 */
export function majorCatalog(): MajorCatalog {
  cached ??= new MajorCatalog(
    parseMajorCatalogCsv(readFileSync(new URL('../../data/major-catalog-2021.csv', import.meta.url), 'utf8')),
  );
  return cached;
}
