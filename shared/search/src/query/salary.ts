/**
 * The pay a student asks for in free text, in yuan a month: 月薪5000以上, 工资不低于4500, 5k+,
 * 4000-6000元, 4千到6千, 月薪过万, 年薪8万. Posts carry `salary: {min, max}` a month, so a wish
 * is met by a post that can pay it (see `postConstraints`).
 *
 * Written here, not taken from a library: no maintained package reads Chinese pay phrases, and
 * the forms are few. A bare number is read only with a pay word (月薪, 工资, 薪资 …), a money unit
 * (元, 块, k, 千, 万) or "以上" after a number of at least 1,000, so 2027届, 6个月 and 18岁以上 are
 * never pay. The text is what `normalizeTerm` left (NFKC, lower case, no spaces).
 */
export interface SalaryWish {
  /** Yuan a month, at least. */
  readonly min?: number;
  /** Yuan a month, at most (a range's upper end). */
  readonly max?: number;
  /** The words it was read from. */
  readonly text: string;
}

const PAY = '(?:月薪|月工资|工资|薪资|薪水|薪酬|待遇|底薪|收入|实习补贴|补贴|年薪)';
const NUM = '(\\d+(?:\\.\\d+)?)(k|千|w|万)?';
const UNIT = '(?:元|块)?(?:\\/月|每月|一个月)?';
const AT_LEAST = '(?:不低于|不少于|至少|最低|起码|>=|≥|>)';
const OR_MORE = '(?:及以上|以上|起|\\+)';

const RANGE = new RegExp(`(${PAY})?(?<![\\d.])${NUM}${UNIT}(?:-|~|～|—|至|到)${NUM}${UNIT}`, 'gu');
const WITH_PAY = new RegExp(`(${PAY})(?:要求|要|期望|希望)?${AT_LEAST}?${NUM}${UNIT}${OR_MORE}?`, 'gu');
const BARE = new RegExp(`(?<![\\d.])${AT_LEAST}?${NUM}(元|块)?${OR_MORE}`, 'gu');
const TEN_THOUSAND = /(月薪|工资|薪资|收入)?(?:过万|上万)/u;

const scale = (n: string, unit: string | undefined) => Number(n) * (unit === 'k' || unit === '千' ? 1000 : unit === 'w' || unit === '万' ? 10_000 : 1);
/** A monthly figure a vocational post could pay: anything else was not pay. */
const plausible = (yuan: number) => yuan >= 500 && yuan <= 200_000;

export function readSalary(text: string): SalaryWish | undefined {
  for (const [span, pay, a, ua, b, ub] of text.matchAll(RANGE)) {
    // 4-6k: the unit of the upper end applies to both.
    const yearly = pay === '年薪' ? 12 : 1;
    const lo = scale(a!, ua ?? ub) / yearly;
    const hi = scale(b!, ub) / yearly;
    const money = pay !== undefined || ua !== undefined || ub !== undefined || /元|块/u.test(span);
    if (money && lo <= hi && plausible(lo) && plausible(hi)) return { min: Math.round(lo), max: Math.round(hi), text: span };
  }
  for (const [span, pay, n, unit] of text.matchAll(WITH_PAY)) {
    const yuan = scale(n!, unit) / (pay === '年薪' ? 12 : 1);
    if (plausible(yuan)) return { min: Math.round(yuan), text: span };
  }
  for (const [span, n, unit, currency] of text.matchAll(BARE)) {
    const yuan = scale(n!, unit);
    if ((unit !== undefined || currency !== undefined || yuan >= 1000) && plausible(yuan)) return { min: Math.round(yuan), text: span };
  }
  const tenThousand = TEN_THOUSAND.exec(text);
  if (tenThousand) return { min: 10_000, text: tenThousand[0] };
  return undefined;
}
