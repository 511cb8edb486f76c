import { CLASS_KINDS } from '../term-match.js';
import { byText, CANCELLED_SEATS_NOTE, CITY_COLUMN, col, percent, postCells, type Report, type ReportContext } from './context.js';
import { statusOf } from './fill-posts.js';

/** Order classes, apprenticeships and project classes: minimum, fill, per-school counts, why cancelled. */
export function fillClassesReport(ctx: ReportContext): Report {
  const rules = new Map(ctx.outcome.options.classes.map((r) => [r.postId, r]));
  return {
    name: 'fill-classes',
    title: '班级填充率（订单班、学徒制、项目班）Fill rate per class',
    columns: [
      CITY_COLUMN,
      col('postId', '班级编号 class id'),
      col('postTitle', '班级 class'),
      col('kind', '类型 kind'),
      col('enterpriseName', '企业 enterprise'),
      col('park', '园区 park'),
      col('seats', '名额 seats'),
      col('cancelledSeats', '取消班级名额 cancelled seats'),
      col('minSize', '最低开班人数 minimum size'),
      col('filled', '已匹配 filled'),
      col('fillRate', '填充率 fill rate'),
      col('status', '状态 status'),
      col('bySchool', '各校人数（配额）per school (quota)'),
      col('reason', '说明 reason'),
    ],
    rows: ctx.posts
      .filter((p) => CLASS_KINDS.has(p.kind))
      .sort(byText((p) => `${ctx.postCity(p)}\u0000${p.id}`))
      .map((post) => {
        const quotas = rules.get(post.id)?.schoolQuotas ?? {};
        const f = ctx.filled(post.id);
        const schoolsHere = new Set([...f.bySchool.keys(), ...Object.keys(quotas)]);
        return {
          ...postCells(ctx, post),
          minSize: ctx.minSize(post),
          filled: f.total,
          fillRate: percent(f.total, ctx.offeredSeats(post)),
          status: statusOf(ctx, post),
          bySchool: [...schoolsHere]
            .sort()
            .map((id) => `${ctx.schoolName(id)} ${f.bySchool.get(id) ?? 0}${quotas[id] ? `（${quotas[id]}）` : ''}`)
            .join('；'),
          reason: ctx.cancelled.get(post.id)?.reason ?? '',
        };
      }),
    notes: ['最低开班人数不超过班级名额：名额少于规定人数的班级招满即开班 / a minimum above the seats counts as the seats: a full class always runs.', CANCELLED_SEATS_NOTE],
  };
}
