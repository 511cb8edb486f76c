import { CITY_COLUMN, col, kindLabel, levelLabel, round4, type Report, type ReportContext } from './context.js';

/** Every placement, with the engine's explanation in words. Rows belong to the post's city. */
export async function assignmentsReport(ctx: ReportContext): Promise<Report> {
  const rows = [];
  for (const [k, a] of ctx.outcome.assignments.entries()) {
    const student = ctx.studentOf(a.studentId);
    const post = ctx.postOf(a.postId);
    const why = ctx.scorer.explain(student, post, ctx.index.context(ctx.index.studentIndex.get(a.studentId)!, ctx.index.postIndex.get(a.postId)!));
    const interview = a.interview ? (a.interview.passed ? `通过 passed${a.interview.score !== undefined ? ` ${a.interview.score}` : ''}` : '未通过 failed') : '';
    rows.push({
      city: ctx.postCity(post),
      studentId: student.id,
      schoolId: student.schoolId,
      schoolName: ctx.schoolName(student.schoolId),
      schoolCity: ctx.schoolCity(student),
      level: levelLabel(student.level),
      majorCode: student.majorCode,
      majorName: ctx.majorName(student.majorCode),
      postId: post.id,
      postTitle: post.title,
      kind: kindLabel(post),
      enterpriseName: ctx.enterpriseName(post),
      park: ctx.park(post),
      round: a.round === 1 ? '首轮' : '补录',
      choice: a.choice,
      score: round4(a.score),
      source: a.source === 'application' ? '本人志愿 application' : '系统推荐 derived',
      interview,
      explanation: `${a.round === 2 ? '补录 second round；' : ''}第 ${a.choice} 志愿（共 ${a.listLength}）choice ${a.choice} of ${a.listLength}；${why.summary}${interview ? `；面试 ${interview}` : ''}`,
    });
    if (k % 5000 === 4999) await ctx.tick(1);
  }
  return {
    name: 'assignments',
    title: '匹配结果 Assignments',
    columns: [
      CITY_COLUMN,
      col('studentId', '学生编号 student'),
      col('schoolId', '院校编号 school id'),
      col('schoolName', '院校 school'),
      col('schoolCity', '院校所在城市 school city'),
      col('level', '层次 level'),
      col('majorCode', '专业代码 major code'),
      col('majorName', '专业 major'),
      col('postId', '岗位编号 post id'),
      col('postTitle', '岗位 post'),
      col('kind', '类型 kind'),
      col('enterpriseName', '企业 enterprise'),
      col('park', '园区 park'),
      col('round', '轮次 round'),
      col('choice', '志愿序号 choice'),
      col('score', '匹配分 score'),
      col('source', '志愿来源 list source'),
      col('interview', '面试 interview'),
      col('explanation', '匹配说明 explanation'),
    ],
    rows,
    notes: ['城市为岗位所在城市 / city: where the post is.', '志愿序号按本轮实际使用的志愿计（已取消的班级不计）/ choices count on the list the round used (cancelled classes left out).'],
  };
}
