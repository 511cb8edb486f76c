import { ALL_CITIES, byText, CITY_COLUMN, col, percent, type Report, type ReportContext } from './context.js';

/** Placements per city (the post's) and how many come from that city's schools: local retention. */
export function localReport(ctx: ReportContext): Report {
  const map = new Map<string, { placed: number; local: number; localGraduates: number }>();
  const row = (city: string) => {
    let r = map.get(city);
    if (!r) map.set(city, (r = { placed: 0, local: 0, localGraduates: 0 }));
    return r;
  };
  for (const a of ctx.outcome.assignments) {
    const city = ctx.postCity(ctx.postOf(a.postId));
    for (const r of [row(city), row(ALL_CITIES)]) {
      r.placed++;
      if (!ctx.isLocal(a)) continue;
      r.local++;
      if (ctx.isFreshGraduate(ctx.studentOf(a.studentId))) r.localGraduates++;
    }
  }
  const total = map.get(ALL_CITIES) ?? { placed: 0, local: 0, localGraduates: 0 };
  map.delete(ALL_CITIES);
  return {
    name: 'local',
    title: '本地就业与实习 Students placed locally',
    columns: [
      CITY_COLUMN,
      col('placed', '在该市匹配 placed in the city'),
      col('local', '其中本地院校学生 from local schools'),
      col('localGraduates', `其中应届毕业生（${ctx.termYear} 届）graduates of ${ctx.termYear}`),
      col('localShare', '本地占比 local share'),
    ],
    rows: [
      ...[...map.entries()].sort(byText(([c]) => c)).map(([city, r]) => ({ city, ...r, localShare: percent(r.local, r.placed) })),
      { city: ALL_CITIES, ...total, localShare: percent(total.local, total.placed) },
    ],
    notes: [
      '本地：学生所在院校与岗位在同一城市 / local: the student’s school and the post are in the same city.',
      `应届：${ctx.termYear} 届毕业生（毕业年份等于本学期年份），与补贴测算同一口径 / 应届: graduates of ${ctx.termYear}, as in the subsidy estimate.`,
      '金湾区目标：每年输送应届毕业生不少于 300 人到金湾区就业创业（珠金府〔2022〕41号 五（二）2）/ 金湾’s target: ≥ 300 graduates a year.',
    ],
  };
}
