import { gazetteer, type CatalogueLine, type Post, type StudentProfile } from '@chanjiao/domain';
import { fieldChain, type MatchRules } from '@chanjiao/search';
import { demandField, fieldName, Holdings, itemTableFor } from './items.js';
import type { SkillMarket } from './market.js';

/** The method, written at the top of every catalogue (JSON, CSV and .xlsx alike). */
export function catalogueMethod(city: string, year: number, margin: number): string[] {
  return [
    `紧缺目录：${city} ${year} 年。/ Shortage catalogue of ${city}, ${year}.`,
    `需求：${year}-spring 与 ${year}-autumn 两个学期在 ${city} 发布（开放或已关闭，不含草稿）的岗位，按名额（seats）计；专业按岗位接受的专业类（跨层次，2 位代码按大类）计，一个岗位接受几个专业类就在每个类下各计一次；不限专业的岗位不计入专业需求。技能与证书只按“必备”计，“优先”名额另列、不计入需求。/ Demand: seats of the posts published in ${city} in the terms ${year}-spring and ${year}-autumn (open or closed, not drafts); majors by the level-free field the post accepts (a post accepting several fields counts under each; posts open to any major are not counted for majors); skills and certificates by required only (preferred seats shown apart).`,
    `供给：求职中（seeking）且同意被查找的学生，其学校在 ${city} 或意向城市含 ${city}；专业按跨层次专业类，技能按同义词与更具体的技能，证书按不低于要求的等级计入。/ Supply: seeking students who consent to be found, whose school is in ${city} or who prefer ${city}; majors by level-free field, skills with synonyms and more specific skills, certificates at or above the level asked.`,
    `证书等级：岗位要求的每个最低等级单独成行（电工 中级 与 电工 高级 是两行），持有更高等级者计入较低等级的供给。/ Certificate levels: each minimum level asked is its own line; a higher level held counts as supply of a lower one.`,
    `紧缺：需求名额 > 供给人数 × (1 + ${margin})。按缺口（需求 − 供给）从大到小排序，同缺口按需求/供给之比。/ Shortage: demand seats > supply students × (1 + ${margin}); ranked by gap (demand − supply), then by the ratio.`,
    `版本：数据变化时生成新版本（与批量匹配报告相同的编号方式），去年同行取 ${year - 1} 年最新一版。/ Versions: a new version when the numbers change; the previous year's figures come from the latest stored ${year - 1} catalogue.`,
  ];
}

/** Higher ratio first; no supply at all (null) before any ratio. */
function byRatio(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return b - a;
}

export interface CatalogueCounts {
  readonly lines: readonly Omit<CatalogueLine, 'rank' | 'previousYear'>[];
  readonly totals: { demandPosts: number; demandSeats: number; supplyStudents: number; linesExamined: number };
}

/** The posts of a city and year that count as demand: published (open or closed) in either term of the year. */
export function catalogueDemandPosts(market: SkillMarket, city: string, year: number): Post[] {
  const terms = new Set([`${year}-spring`, `${year}-autumn`]);
  // Cities compared by official name (珠海 is 珠海市), in the query and in the data alike.
  const at = gazetteer().cityKey(city);
  return market.posts.filter((p) => gazetteer().cityKey(p.city) === at && terms.has(p.term) && p.status !== 'draft');
}

/** The students who count as supply: seeking, consenting, of a school in the city or preferring it. */
/**
 * Whether the city means anything here: the gazetteer knows it, or a school, enterprise or post of
 * the market is in it. An unknown name (a typo, 火星市) is refused instead of publishing an empty
 * catalogue under it as a new version.
 */
export function knownCity(market: SkillMarket, city: string): boolean {
  if (gazetteer().get(city) !== undefined) return true;
  const at = gazetteer().cityKey(city);
  const inCity = (c: string | undefined) => c !== undefined && gazetteer().cityKey(c) === at;
  for (const s of market.schools.values()) if (inCity(s.city)) return true;
  for (const e of market.enterprises.values()) if (inCity(e.city)) return true;
  return market.posts.some((p) => inCity(p.city));
}

export function catalogueSupplyStudents(market: SkillMarket, city: string): StudentProfile[] {
  const at = gazetteer().cityKey(city);
  const inCity = (c: string | undefined) => c !== undefined && gazetteer().cityKey(c) === at;
  return market.students.filter(
    (s) => s.status === 'seeking' && s.consentToBeFound && (inCity(market.schools.get(s.schoolId)?.city) || s.preferences.cities.some(inCity)),
  );
}

/**
 * The shortage catalogue's numbers: every major field, skill and certificate the city's posts ask
 * for, with demand (seats) and supply (students), and those whose demand exceeds supply by the
 * margin, ranked. Pure: the caller versions and stores it.
 */
export function shortageCatalogue(market: SkillMarket, rules: MatchRules, city: string, year: number, margin: number): CatalogueCounts {
  const posts = catalogueDemandPosts(market, city, year);
  const supply = catalogueSupplyStudents(market, city);
  const table = itemTableFor(rules);

  type Row = Omit<CatalogueLine, 'rank' | 'previousYear' | 'gap' | 'ratio'>;
  const rows = new Map<string, Row>();
  const row = (key: string, init: () => Row) => {
    let r = rows.get(key);
    if (!r) rows.set(key, (r = init()));
    return r;
  };
  for (const post of posts) {
    for (const field of new Set(post.acceptedMajorCodes.map(demandField).filter((f): f is string => f !== null))) {
      const r = row(`major:${field}`, () => ({ kind: 'major', key: field, name: fieldName(field), demandPosts: 0, demandSeats: 0, preferredSeats: 0, supplyStudents: 0 }));
      r.demandPosts++;
      r.demandSeats += post.seats;
    }
    const { required, preferred } = table.ofPost(post);
    for (const [list, req] of [[required, true], [preferred, false]] as const) {
      for (const i of list) {
        const r = row(`${i.item.kind}:${i.item.key}`, () => ({
          kind: i.item.kind,
          key: i.item.key,
          name: i.item.name,
          ...(i.item.level ? { level: i.item.level } : {}),
          ...(i.item.occupation ? { occupation: i.item.occupation } : {}),
          demandPosts: 0,
          demandSeats: 0,
          preferredSeats: 0,
          supplyStudents: 0,
        }));
        if (req) {
          r.demandPosts++;
          r.demandSeats += post.seats;
        } else r.preferredSeats += post.seats;
      }
    }
  }

  // Supply in one pass over the students: the rows of each major's fields and of each item key
  // looked up once, not per student.
  const itemRows = new Map<string, Row>();
  for (const r of rows.values()) if (r.kind !== 'major') itemRows.set(r.key, r);
  const holdings = new Holdings(rules, [...itemRows.keys()].map((key) => table.get(key)!));
  const majorRows = new Map<string, Row[]>();
  for (const s of supply) {
    let fieldRows = majorRows.get(s.majorCode);
    if (!fieldRows) {
      fieldRows = fieldChain(s.majorCode).flatMap((f) => rows.get(`major:${f}`) ?? []);
      majorRows.set(s.majorCode, fieldRows);
    }
    for (const r of fieldRows) r.supplyStudents++;
    for (const key of holdings.held(s)) {
      const r = itemRows.get(key);
      if (r) r.supplyStudents++;
    }
  }

  const lines = [...rows.values()]
    .filter((r) => r.demandSeats > 0 && r.demandSeats > r.supplyStudents * (1 + margin))
    .map((r) => ({ ...r, gap: r.demandSeats - r.supplyStudents, ratio: r.supplyStudents === 0 ? null : Math.round((r.demandSeats / r.supplyStudents) * 10000) / 10000 }))
    .sort(
      (a, b) =>
        b.gap - a.gap ||
        byRatio(a.ratio, b.ratio) ||
        (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) ||
        (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
    );
  return {
    lines,
    totals: { demandPosts: posts.length, demandSeats: posts.reduce((a, p) => a + p.seats, 0), supplyStudents: supply.length, linesExamined: rows.size },
  };
}
