import { cityLines, SUBSIDY_RULES, type SubsidyRuleKey } from '../subsidy-policies.js';
import type { Assignment } from '../term-match.js';
import { ALL_CITIES, CITY_COLUMN, col, type Report, type ReportContext } from './context.js';

/** Placements a rule counts, and the units its rate is paid on (years, months or once). */
interface Count {
  students: number;
  units: number;
}

/**
 * What each placement rule counts among a city's placements (the post's city pays):
 * order classes per year of the class's duration (rounded up, 1 when unknown); 跟岗 ≥ 3 months
 * once; 顶岗 ≥ 6 months per month (internships without a duration count at the policy minimum);
 * 应届 graduates of a school in the same city placed in a job at an enterprise in a park.
 */
function countRules(ctx: ReportContext, assignments: readonly Assignment[]): Record<SubsidyRuleKey, Count> {
  const c = Object.fromEntries(Object.keys(SUBSIDY_RULES).map((k) => [k, { students: 0, units: 0 }])) as Record<SubsidyRuleKey, Count>;
  for (const a of assignments) {
    const post = ctx.postOf(a.postId);
    if (post.kind === 'order_class') {
      c.order_class.students++;
      c.order_class.units += post.durationMonths ? Math.ceil(post.durationMonths / 12) : 1;
    } else if (post.kind === 'internship' && post.internshipMode === 'shadow') {
      if ((post.durationMonths ?? 3) >= 3) {
        c.shadow_internship.students++;
        c.shadow_internship.units++;
      }
    } else if (post.kind === 'internship' && post.internshipMode === 'on_post') {
      const months = post.durationMonths ?? 6;
      if (months >= 6) {
        c.on_post_internship.students++;
        c.on_post_internship.units += months;
      }
    } else if (post.kind === 'job' && post.park && ctx.isLocal(a) && ctx.isFreshGraduate(ctx.studentOf(a.studentId))) {
      for (const rule of ['local_graduate_school', 'local_graduate_student_year1', 'local_graduate_student_year2'] as const) {
        c[rule].students++;
        c[rule].units++;
      }
    }
  }
  return c;
}

/** The estimate per city (the cities with placements), each under its own policy only. */
export function subsidyEstimate(ctx: ReportContext): { rows: Array<Record<string, string | number | null>>; totals: Map<string, number> } {
  const byCity = new Map<string, Assignment[]>();
  for (const a of ctx.outcome.assignments) {
    const city = ctx.postCity(ctx.postOf(a.postId));
    let list = byCity.get(city);
    if (!list) byCity.set(city, (list = []));
    list.push(a);
  }
  const rows: Array<Record<string, string | number | null>> = [];
  const totals = new Map<string, number>();
  let all = 0;
  for (const city of [...byCity.keys()].sort()) {
    const { policy, lines } = cityLines(city, ctx.subsidyOverrides);
    const counts = countRules(ctx, byCity.get(city)!);
    let subtotal = 0;
    for (const line of lines) {
      const n = counts[line.rule];
      const amount = n.units * line.rate;
      subtotal += amount;
      const rule = SUBSIDY_RULES[line.rule];
      rows.push({ city, rule: rule.label, recipient: line.recipient, basis: line.basis, rate: line.rate, unit: rule.unit, students: n.students, amount });
    }
    if (lines.length === 0) {
      rows.push({
        city,
        rule: '无公布的按人补贴标准 no published rate',
        recipient: '',
        basis: policy ? `${policy.document}：${policy.noPublishedRate ?? ''}` : '种子政策文件中没有该市的政策 / no policy of this city among the seed documents',
        rate: null,
        unit: '',
        students: null,
        amount: null,
      });
    }
    for (const u of policy?.unestimated ?? []) {
      rows.push({ city, rule: `${u.what}（未测算）`, recipient: '', basis: `${u.basis}；${u.why}`, rate: null, unit: u.rate, students: null, amount: null });
    }
    rows.push({ city, rule: '小计 subtotal', recipient: '', basis: '', rate: null, unit: '', students: null, amount: subtotal });
    totals.set(city, subtotal);
    all += subtotal;
  }
  rows.push({ city: ALL_CITIES, rule: '合计 total', recipient: '', basis: '', rate: null, unit: '', students: null, amount: all });
  totals.set(ALL_CITIES, all);
  return { rows, totals };
}

export function subsidyReport(ctx: ReportContext): Report {
  return {
    name: 'subsidy',
    title: '补贴测算（按城市）Subsidy estimate per city',
    columns: [
      CITY_COLUMN,
      col('rule', '补贴项目 rule'),
      col('recipient', '补贴对象 paid to'),
      col('basis', '依据（文件与条款）basis'),
      col('rate', '标准（元）rate (yuan)'),
      col('unit', '单位 unit'),
      col('students', '人数 students'),
      col('amount', '金额（元）amount (yuan)'),
    ],
    rows: subsidyEstimate(ctx).rows,
    notes: [
      '每个城市只按本市政策测算，岗位所在城市为支付城市；未公布按人标准的城市列为“无公布的按人补贴标准” / each city under its own policy only (the post’s city pays); a city without a published rate says so.',
      '费率可由配置 BATCH_SUBSIDY_RATES 按城市覆盖 / rates can be overridden per city with BATCH_SUBSIDY_RATES.',
      `应届：${ctx.termYear} 届毕业生，与本地就业报表同一口径；“本地园区”：院校与岗位同城，且岗位在园区内 / 应届: graduates of ${ctx.termYear}; local park: school and post in the same city, the post in a park.`,
      '订单班按培养期折算年数（不足一年按一年），无期限按一年；实习无期限时按政策最短期限计（跟岗 3 个月、顶岗 6 个月）/ order classes: years of the duration, rounded up, 1 when unknown; internships without a duration count at the policy minimum.',
    ],
  };
}
