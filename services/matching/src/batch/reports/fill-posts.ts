import type { Post } from '@chanjiao/domain';
import { INTERVIEW_PRIORITY_BASE } from '../scorer.js';
import { byText, CANCELLED_SEATS_NOTE, CITY_COLUMN, col, percent, postCells, round4, type Report, type ReportContext } from './context.js';

/** A readable priority: the interview result, or the match score. */
export function priorityText(priority: number): string {
  return priority >= INTERVIEW_PRIORITY_BASE ? `面试 ${round4(priority - INTERVIEW_PRIORITY_BASE)} interview` : String(round4(priority));
}

export function statusOf(ctx: ReportContext, post: Post): string {
  const filled = ctx.filled(post.id).total;
  if (ctx.cancelled.has(post.id)) return '已取消 cancelled';
  return filled >= post.seats ? '已满 full' : filled === 0 ? '空缺 empty' : '未满 partial';
}

/** Per post: seats, filled per round, fill rate, status, the round-1 cutoff, waiting list. */
export function fillPostsReport(ctx: ReportContext): Report {
  const waiting = new Map(ctx.outcome.waitingLists.map((w) => [w.postId, w.students.length]));
  return {
    name: 'fill-posts',
    title: '岗位填充率 Fill rate per post',
    columns: [
      CITY_COLUMN,
      col('postId', '岗位编号 post id'),
      col('postTitle', '岗位 post'),
      col('kind', '类型 kind'),
      col('enterpriseName', '企业 enterprise'),
      col('park', '园区 park'),
      col('seats', '名额 seats'),
      col('cancelledSeats', '取消班级名额 cancelled seats'),
      col('filledRound1', '首轮 round 1'),
      col('filledRound2', '补录 round 2'),
      col('filled', '合计 filled'),
      col('fillRate', '填充率 fill rate'),
      col('status', '状态 status'),
      col('cutoff', '首轮录取线 round-1 cutoff'),
      col('waiting', '候补人数 waiting list'),
    ],
    rows: [...ctx.posts].sort(byText((p) => `${ctx.postCity(p)}\u0000${p.id}`)).map((post) => {
      const f = ctx.filled(post.id);
      const cutoff = ctx.outcome.cutoffs[post.id];
      return {
        ...postCells(ctx, post),
        filledRound1: f.round1,
        filledRound2: f.round2,
        filled: f.total,
        fillRate: percent(f.total, ctx.offeredSeats(post)),
        status: statusOf(ctx, post),
        cutoff: cutoff === undefined ? '' : priorityText(cutoff),
        waiting: waiting.get(post.id) ?? 0,
      };
    }),
    notes: [CANCELLED_SEATS_NOTE],
  };
}
