import type { StudentProfile } from '@chanjiao/domain';
import { byText, CITY_COLUMN, col, levelLabel, type Report, type ReportContext } from './context.js';

/** Seeking students and this year's graduates per school × major. Rows belong to the school's city. */
export function supplyReport(ctx: ReportContext): Report {
  const map = new Map<string, { student: StudentProfile; students: number; graduates: number; matched: number }>();
  for (const s of ctx.students) {
    const key = `${s.schoolId}\u0000${s.majorCode}`;
    const row = map.get(key) ?? { student: s, students: 0, graduates: 0, matched: 0 };
    row.students++;
    if (ctx.isFreshGraduate(s)) row.graduates++;
    if (ctx.matched.has(s.id)) row.matched++;
    map.set(key, row);
  }
  return {
    name: 'supply',
    title: '供给：院校 × 专业 Supply per school × major',
    columns: [
      CITY_COLUMN,
      col('schoolId', '院校编号 school id'),
      col('schoolName', '院校 school'),
      col('majorCode', '专业代码 major code'),
      col('majorName', '专业 major'),
      col('level', '层次 level'),
      col('students', '求职/实习学生 seeking students'),
      col('graduates', `应届毕业生（${ctx.termYear} 届）graduates of ${ctx.termYear}`),
      col('matched', '已匹配 matched'),
      col('unmatched', '未匹配 unmatched'),
    ],
    rows: [...map.values()]
      .sort(byText((r) => `${ctx.schoolCity(r.student)}\u0000${r.student.schoolId}\u0000${r.student.majorCode}`))
      .map((r) => ({
        city: ctx.schoolCity(r.student),
        schoolId: r.student.schoolId,
        schoolName: ctx.schoolName(r.student.schoolId),
        majorCode: r.student.majorCode,
        majorName: ctx.majorName(r.student.majorCode),
        level: levelLabel(r.student.level),
        students: r.students,
        graduates: r.graduates,
        matched: r.matched,
        unmatched: r.students - r.matched,
      })),
    notes: ['城市为院校所在城市 / city: where the school is.'],
  };
}
