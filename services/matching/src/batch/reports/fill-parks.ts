import { byText, CANCELLED_SEATS_NOTE, CITY_COLUMN, col, percent, type Report, type ReportContext } from './context.js';

/** Per city × park (园区外 for posts outside any park). */
export function fillParksReport(ctx: ReportContext): Report {
  const map = new Map<string, { city: string; park: string; posts: number; seats: number; cancelledSeats: number; filled: number; cancelled: number }>();
  for (const post of ctx.posts) {
    const city = ctx.postCity(post);
    const key = `${city}\u0000${ctx.park(post)}`;
    const row = map.get(key) ?? { city, park: ctx.park(post), posts: 0, seats: 0, cancelledSeats: 0, filled: 0, cancelled: 0 };
    row.posts++;
    row.seats += ctx.offeredSeats(post);
    row.cancelledSeats += ctx.cancelledSeats(post);
    row.filled += ctx.filled(post.id).total;
    if (ctx.cancelled.has(post.id)) row.cancelled++;
    map.set(key, row);
  }
  return {
    name: 'fill-parks',
    title: '园区填充率 Fill rate per park',
    columns: [
      CITY_COLUMN,
      col('park', '园区 park'),
      col('posts', '岗位数 posts'),
      col('seats', '名额 seats'),
      col('filled', '已匹配 filled'),
      col('fillRate', '填充率 fill rate'),
      col('cancelled', '取消班级数 cancelled classes'),
      col('cancelledSeats', '取消班级名额 cancelled seats'),
    ],
    rows: [...map.values()]
      .sort(byText((r) => `${r.city}\u0000${r.park}`))
      .map((r) => ({ city: r.city, park: r.park, posts: r.posts, seats: r.seats, filled: r.filled, fillRate: percent(r.filled, r.seats), cancelled: r.cancelled, cancelledSeats: r.cancelledSeats })),
    notes: ['不在任何园区的岗位计入“园区外” / posts outside any park are counted under 园区外.', CANCELLED_SEATS_NOTE],
  };
}
