import type { Post } from '@chanjiao/domain';
import { ALL_CITIES, byText, CANCELLED_SEATS_NOTE, CITY_COLUMN, col, type Report, type ReportContext } from './context.js';

/**
 * Seats per city × park × enterprise × accepted major. A post that accepts several majors counts
 * under each, so the rows add up to more than the real seats: each city's total row and the last
 * row give the real seat count (each post once).
 */
export function demandReport(ctx: ReportContext): Report {
  type Row = { city: string; park: string; post: Post; code: string; posts: number; seats: number; cancelledSeats: number; filled: number };
  const map = new Map<string, Row>();
  const totals = new Map<string, { posts: number; seats: number; cancelledSeats: number; filled: number; rowSeats: number }>();
  const total = (city: string) => {
    let t = totals.get(city);
    if (!t) totals.set(city, (t = { posts: 0, seats: 0, cancelledSeats: 0, filled: 0, rowSeats: 0 }));
    return t;
  };
  for (const post of ctx.posts) {
    const filled = ctx.filled(post.id).total;
    const city = ctx.postCity(post);
    for (const t of [total(city), total(ALL_CITIES)]) {
      t.posts++;
      t.seats += ctx.offeredSeats(post);
      t.cancelledSeats += ctx.cancelledSeats(post);
      t.filled += filled;
    }
    for (const code of post.acceptedMajorCodes.length ? post.acceptedMajorCodes : ['*']) {
      const key = `${city}\u0000${ctx.park(post)}\u0000${post.enterpriseId}\u0000${code}`;
      const row = map.get(key) ?? { city, park: ctx.park(post), post, code, posts: 0, seats: 0, cancelledSeats: 0, filled: 0 };
      row.posts++;
      row.seats += ctx.offeredSeats(post);
      row.cancelledSeats += ctx.cancelledSeats(post);
      row.filled += filled;
      map.set(key, row);
      total(city).rowSeats += ctx.offeredSeats(post);
      total(ALL_CITIES).rowSeats += ctx.offeredSeats(post);
    }
  }
  const totalRow = (city: string) => {
    const t = totals.get(city)!;
    return {
      city,
      park: '',
      enterpriseId: '',
      enterpriseName: '',
      majorCode: '实际合计 real total',
      majorName: `实际名额（每个岗位只计一次）；上列各专业相加为 ${t.rowSeats} / real seats, each post once; the rows above add up to ${t.rowSeats}`,
      posts: t.posts,
      seats: t.seats,
      cancelledSeats: t.cancelledSeats,
      filled: t.filled,
    };
  };
  const rows: Array<Record<string, string | number | null>> = [];
  const sorted = [...map.values()].sort(byText((r) => `${r.city}\u0000${r.park}\u0000${r.post.enterpriseId}\u0000${r.code}`));
  for (const city of [...new Set(sorted.map((r) => r.city))]) {
    for (const r of sorted.filter((x) => x.city === city)) {
      rows.push({
        city: r.city,
        park: r.park,
        enterpriseId: r.post.enterpriseId,
        enterpriseName: ctx.enterpriseName(r.post),
        majorCode: r.code,
        majorName: r.code === '*' ? '不限专业 any major' : ctx.majorName(r.code),
        posts: r.posts,
        seats: r.seats,
        cancelledSeats: r.cancelledSeats,
        filled: r.filled,
      });
    }
    rows.push(totalRow(city));
  }
  if (totals.has(ALL_CITIES)) rows.push(totalRow(ALL_CITIES));
  return {
    name: 'demand',
    title: '需求：城市 × 园区 × 企业 × 专业 Demand per park × enterprise × major',
    columns: [
      CITY_COLUMN,
      col('park', '园区 park'),
      col('enterpriseId', '企业编号 enterprise id'),
      col('enterpriseName', '企业 enterprise'),
      col('majorCode', '专业（代码或大类/类）major code or prefix'),
      col('majorName', '专业名称 major'),
      col('posts', '岗位数 posts'),
      col('seats', '需求名额 seats'),
      col('cancelledSeats', '取消班级名额 cancelled seats'),
      col('filled', '已匹配 filled'),
    ],
    rows,
    notes: [
      '一个岗位接受多个专业时，其名额计入每个专业；每个城市的“实际合计”行与最后一行是每个岗位只计一次的实际名额 / a post accepting several majors counts under each; the “real total” rows count each post once.',
      '联合订单班计入牵头企业 / a joint order class counts under its lead enterprise.',
      CANCELLED_SEATS_NOTE,
    ],
  };
}
