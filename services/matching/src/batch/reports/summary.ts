import type { Post, StudentProfile } from '@chanjiao/domain';
import { ALL_CITIES, CANCELLED_SEATS_NOTE, col, percent, type Report, type ReportContext } from './context.js';
import { subsidyEstimate } from './subsidy.js';

/**
 * The run at a glance, for all cities and per city (a city's students are its schools' students;
 * its seats, placements and subsidies are its posts').
 */
export function summaryReport(ctx: ReportContext): Report {
  const { outcome } = ctx;
  const subsidies = subsidyEstimate(ctx).totals;
  const round1 = new Set(outcome.assignments.filter((a) => a.round === 1).map((a) => a.studentId));
  const rows: Array<{ city: string; item: string; value: string | number }> = [];
  for (const city of [ALL_CITIES, ...ctx.cities]) {
    const all = city === ALL_CITIES;
    const studentIn = (s: StudentProfile) => all || ctx.schoolCity(s) === city;
    const postIn = (p: Post) => all || ctx.postCity(p) === city;
    const students = ctx.students.filter(studentIn);
    const posts = ctx.posts.filter(postIn);
    const matched = students.filter((s) => ctx.matched.has(s.id)).length;
    const placements = outcome.assignments.filter((a) => postIn(ctx.postOf(a.postId)));
    const seats = posts.reduce((a, p) => a + ctx.offeredSeats(p), 0);
    const items: Array<[string, string | number]> = [
      ...(all ? ([['学期 term', outcome.term], ['抽签种子 lottery seed', outcome.options.seed]] as Array<[string, string]>) : []),
      ['学生 students', students.length],
      ['已匹配 matched', matched],
      ['首轮 matched in round 1', students.filter((s) => round1.has(s.id)).length],
      ['未匹配 unmatched', students.length - matched],
      ['匹配率 match rate', percent(matched, students.length)],
      ['岗位 posts', posts.length],
      ['名额（不含取消班级）seats offered', seats],
      ['岗位上已匹配 placed on these posts', placements.length],
      ['名额填充率 fill rate', percent(placements.length, seats)],
      ['取消班级 cancelled classes', posts.filter((p) => ctx.cancelled.has(p.id)).length],
      ['取消班级名额 cancelled seats', posts.reduce((a, p) => a + ctx.cancelledSeats(p), 0)],
      ['本地匹配 placed locally', placements.filter((a) => ctx.isLocal(a)).length],
      ['补贴测算（元）subsidy estimate (yuan)', subsidies.get(city) ?? 0],
    ];
    if (all) {
      items.push(
        ['本人志愿学生 students with their own application', outcome.counts.fromApplications],
        ['补录 matched in round 2', outcome.counts.matchedRound2],
        ['首轮阻塞对 blocking pairs, round 1', outcome.stability.round1.blockingPairs],
        ['首轮超额 capacity violations, round 1', outcome.stability.round1.capacityViolations],
        ['补录阻塞对 blocking pairs, round 2', outcome.stability.round2?.blockingPairs ?? 0],
        ['补录超额 capacity violations, round 2', outcome.stability.round2?.capacityViolations ?? 0],
      );
    }
    rows.push(...items.map(([item, value]) => ({ city, item, value })));
  }
  return {
    name: 'summary',
    title: '总览 Summary',
    columns: [col('city', '城市 city'), col('item', '项目 item'), col('value', '数值 value')],
    rows,
    notes: ['城市行：学生为该市院校的学生，名额、匹配与补贴为该市的岗位 / a city’s students are its schools’; its seats, placements and subsidies are its posts’.', CANCELLED_SEATS_NOTE],
  };
}
