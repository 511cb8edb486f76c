import { fieldCode, majorCatalog } from '@chanjiao/domain';
import { ALL_CITIES, CANCELLED_SEATS_NOTE, CITY_COLUMN, col, type Report, type ReportContext } from './context.js';

/** The name of a level-free field key (`06`, `06-03`), from whichever level's catalog has it. */
function fieldName(key: string): string {
  const catalog = majorCatalog();
  const category = Number(key.slice(0, 2));
  const rest = key.slice(3);
  for (const base of [41, 61, 21]) {
    const e = catalog.get(`${category - 1 + base}${rest}`);
    if (e) return e.name;
  }
  return key;
}

/**
 * Demand and supply per level-free field (类, or 大类 for posts that accept one), for all cities
 * and per city: demand from the city's posts, supply from the city's schools.
 */
export function shortageMajorsReport(ctx: ReportContext): Report {
  const rows = new Map<string, Map<string, { demand: number; filled: number; supply: number; unmatched: number }>>();
  const field = (city: string, key: string) => {
    let byField = rows.get(city);
    if (!byField) rows.set(city, (byField = new Map()));
    let row = byField.get(key);
    if (!row) byField.set(key, (row = { demand: 0, filled: 0, supply: 0, unmatched: 0 }));
    return row;
  };
  for (const post of ctx.posts) {
    if (ctx.offeredSeats(post) === 0) continue;
    const keys = new Set(
      post.acceptedMajorCodes.map((c) => fieldCode(c)).filter((f): f is string => f !== null).map((f) => (f.length <= 3 ? f.slice(0, 2) : f.slice(0, 5))),
    );
    for (const key of keys) {
      for (const city of [ALL_CITIES, ctx.postCity(post)]) {
        field(city, key).demand += ctx.offeredSeats(post);
        field(city, key).filled += ctx.filled(post.id).total;
      }
    }
  }
  for (const s of ctx.students) {
    const f = fieldCode(s.majorCode);
    if (!f) continue;
    for (const city of [ALL_CITIES, ctx.schoolCity(s)]) {
      for (const key of [f.slice(0, 2), f.slice(0, 5)]) {
        // A field counts where some post asks for it (anywhere), so the city rows line up with the total.
        if (!rows.get(ALL_CITIES)?.has(key)) continue;
        field(city, key).supply++;
        if (!ctx.matched.has(s.id)) field(city, key).unmatched++;
      }
    }
  }
  const out: Array<Record<string, string | number | null>> = [];
  for (const city of [ALL_CITIES, ...ctx.cities]) {
    const byField = rows.get(city);
    if (!byField) continue;
    out.push(
      ...[...byField.entries()]
        .map(([key, r]) => ({
          city,
          field: key,
          fieldName: fieldName(key),
          demandSeats: r.demand,
          filledSeats: r.filled,
          unfilledSeats: r.demand - r.filled,
          supplyStudents: r.supply,
          unmatchedStudents: r.unmatched,
          gap: r.demand - r.supply,
          shortage: r.demand > r.supply && r.demand > r.filled ? '是 yes' : '否 no',
        }))
        .sort((a, b) => b.gap - a.gap || (a.field < b.field ? -1 : 1)),
    );
  }
  return {
    name: 'shortage-majors',
    title: '紧缺专业 Shortage majors',
    columns: [
      CITY_COLUMN,
      col('field', '专业类/大类（跨层次）field'),
      col('fieldName', '名称 name'),
      col('demandSeats', '需求名额 seats'),
      col('filledSeats', '已匹配 filled'),
      col('unfilledSeats', '空缺名额 unfilled'),
      col('supplyStudents', '本专业类学生 students'),
      col('unmatchedStudents', '其中未匹配 unmatched'),
      col('gap', '缺口（需求−供给）gap'),
      col('shortage', '紧缺 shortage'),
    ],
    rows: out,
    notes: [
      '紧缺：需求名额多于该专业类学生数，且有名额空缺 / shortage: more seats than students of that field, and seats left unfilled.',
      '城市行：需求为该市岗位，供给为该市院校学生 / a city’s rows: demand from its posts, supply from its schools’ students.',
      '专业按跨层次的专业类比较（中职 6603 = 高职 4603 = 本科 2603）/ fields are compared across levels.',
      '不限专业的岗位不计入 / posts open to any major are not counted; a post accepting several fields counts under each.',
      CANCELLED_SEATS_NOTE,
    ],
  };
}
