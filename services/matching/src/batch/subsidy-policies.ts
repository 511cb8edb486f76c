/**
 * The per-person subsidy rates the seed policy documents publish, one table per city, each line
 * citing its document and article (docs/domain.md, "Subsidy rules per city"). This is data: the
 * subsidy report applies it (reports/subsidy.ts) and BATCH_SUBSIDY_RATES overrides rates per city
 * and rule. A city whose documents publish no per-person rate says so; it never borrows another
 * city's rates.
 */

/** A placement rule the estimate can apply (the keys BATCH_SUBSIDY_RATES uses). */
export type SubsidyRuleKey =
  | 'order_class'
  | 'shadow_internship'
  | 'on_post_internship'
  | 'local_graduate_school'
  | 'local_graduate_student_year1'
  | 'local_graduate_student_year2';

/** What each rule counts, and how a rate turns into an amount. */
export const SUBSIDY_RULES: Readonly<Record<SubsidyRuleKey, { readonly label: string; readonly unit: string }>> = Object.freeze({
  order_class: { label: '定向培养（订单班）order class', unit: '元/人/年 per student per year' },
  shadow_internship: { label: '跟岗实习满 3 个月 shadow internship ≥ 3 months', unit: '元/人（一次性）per student, once' },
  on_post_internship: { label: '顶岗实习满 6 个月 on-post internship ≥ 6 months', unit: '元/人/月 per student per month' },
  local_graduate_school: { label: '应届毕业生本地园区就业（补贴学校）local graduate, to the school', unit: '元/人 per student' },
  local_graduate_student_year1: { label: '应届毕业生本地园区就业（学生第一年）local graduate, year 1', unit: '元/人 per student' },
  local_graduate_student_year2: { label: '应届毕业生本地园区就业（学生第二年）local graduate, year 2', unit: '元/人 per student' },
});

export interface SubsidyLine {
  readonly rule: SubsidyRuleKey;
  /** Yuan per unit. */
  readonly rate: number;
  /** Who receives it (企业 / 学生 / 学校). */
  readonly recipient: string;
  /** Document and article, as the office would cite them. */
  readonly basis: string;
}

/** A published rate that is not about a placement, so the batch cannot estimate it. */
export interface UnestimatedLine {
  readonly what: string;
  readonly rate: string;
  readonly basis: string;
  readonly why: string;
}

export interface CityPolicy {
  /** The city as posts and schools name it (a trailing 市 is optional when matching). */
  readonly city: string;
  /** The area the document covers (a district may be narrower than the city). */
  readonly area: string;
  readonly document: string;
  readonly lines: readonly SubsidyLine[];
  readonly unestimated: readonly UnestimatedLine[];
  /** Set when the document publishes no per-person rate for placements: what it says instead. */
  readonly noPublishedRate?: string;
}

const CHENZHOU = '郴办发〔2018〕28号《关于推进校企合作产教融合的实施意见》';

export const SUBSIDY_POLICIES: readonly CityPolicy[] = Object.freeze([
  {
    city: '郴州市',
    area: '郴州市',
    document: CHENZHOU,
    lines: [
      { rule: 'order_class', rate: 1000, recipient: '企业 enterprise', basis: `${CHENZHOU} 第21条 实施定向培养补助` },
      { rule: 'shadow_internship', rate: 200, recipient: '学生 student', basis: `${CHENZHOU} 第22条 实施跟（顶）岗实习补助` },
      { rule: 'on_post_internship', rate: 100, recipient: '学生 student', basis: `${CHENZHOU} 第22条 实施跟（顶）岗实习补助` },
      { rule: 'local_graduate_school', rate: 500, recipient: '学校 school', basis: `${CHENZHOU} 第23条 实施人才输送奖补（郴人社发〔2017〕57号）` },
      { rule: 'local_graduate_student_year1', rate: 1200, recipient: '学生 student', basis: `${CHENZHOU} 第23条 实施人才输送奖补（郴人社发〔2017〕57号）` },
      { rule: 'local_graduate_student_year2', rate: 1800, recipient: '学生 student', basis: `${CHENZHOU} 第23条 实施人才输送奖补（郴人社发〔2017〕57号）` },
    ],
    unestimated: [
      {
        what: '职业培训补贴（取得职业资格或技能等级证书）vocational training and certificates',
        rate: '按湖南省职业技能培训有关文件规定标准 / per the province’s training rules',
        basis: `${CHENZHOU} 第24条 实施职业培训补贴`,
        why: '不是批量匹配的安置，未测算 / not a placement, not estimated',
      },
    ],
  },
  {
    city: '珠海市',
    area: '珠海市金湾区',
    document: '珠金府〔2022〕41号《合作共建金湾智造产业学院工作方案》',
    lines: [],
    unestimated: [],
    noPublishedRate:
      '五（二）经费保障：按现行政策给予补贴，未公布按人标准；目标为每年输送应届毕业生不少于 300 人到金湾区就业创业（见本地就业报表）/ subsidies “under current policies”, no per-person rate; target: ≥ 300 graduates a year employed in 金湾 (see the local report)',
  },
  {
    city: '广州市',
    area: '广州市黄埔区、广州开发区',
    document: '穗教发〔2018〕112号《“广州市产教融合示范区”建设方案(2018-2020年)》',
    lines: [],
    unestimated: [],
    noPublishedRate: '（三）经费保障：通过专项计划、产教融合项目和场地租金等支持，未公布按人标准 / funding by projects and rent support, no per-person rate',
  },
  {
    city: '嘉峪关市',
    area: '嘉峪关市',
    document: '嘉峪关市人民政府办公室《嘉峪关市关于深化产教融合的实施方案》（2020）',
    lines: [],
    unestimated: [],
    noPublishedRate: '优化政府投入、金融支持产教融合项目，未公布按人标准 / public funding and financing of projects, no per-person rate',
  },
  {
    city: '金华市',
    area: '金华市婺城区',
    document: '《关于建设婺城产业人才学院的实施方案（征求意见稿）》',
    lines: [],
    unestimated: [
      {
        what: '赋能机构培养奖励 training-provider award',
        rate: '2000 元/人，前三年，每年最高 100 万元 / 2,000 yuan per person trained, first three years, at most 1,000,000 a year',
        basis: '《关于建设婺城产业人才学院的实施方案（征求意见稿）》五（二）落实政策扶持',
        why: '奖励赋能机构培养的人才，不是批量匹配的安置，未测算 / an award to training providers, not a placement, not estimated',
      },
    ],
    noPublishedRate: '五（二）：高校毕业生补助等按现行文件执行，未公布按人标准 / graduate subsidies “under current documents”, no per-person rate',
  },
] satisfies CityPolicy[]);

/** A city name as matched against the policies and the overrides: without a trailing 市. */
export const cityKey = (city: string): string => city.trim().replace(/市$/, '');

/** Per city (cityKey) and rule, a rate in yuan that replaces or adds to the published one. */
export type SubsidyOverrides = Readonly<Record<string, Partial<Readonly<Record<SubsidyRuleKey, number>>>>>;

/**
 * The lines that apply in a city: the published ones with any override applied, plus the
 * overrides for rules the city does not publish (cited as configuration).
 */
export function cityLines(city: string, overrides: SubsidyOverrides): { policy: CityPolicy | undefined; lines: SubsidyLine[] } {
  const policy = SUBSIDY_POLICIES.find((p) => cityKey(p.city) === cityKey(city));
  const own = Object.entries(overrides).find(([c]) => cityKey(c) === cityKey(city))?.[1] ?? {};
  const lines: SubsidyLine[] = (policy?.lines ?? []).map((l) =>
    own[l.rule] === undefined ? l : { ...l, rate: own[l.rule]!, basis: `${l.basis}；费率由配置 BATCH_SUBSIDY_RATES 覆盖 / rate overridden by configuration` },
  );
  for (const rule of Object.keys(SUBSIDY_RULES) as SubsidyRuleKey[]) {
    if (own[rule] === undefined || lines.some((l) => l.rule === rule)) continue;
    lines.push({ rule, rate: own[rule]!, recipient: '—', basis: '配置 BATCH_SUBSIDY_RATES（非种子文件公布）/ configuration, not a published rate' });
  }
  return { policy, lines };
}
