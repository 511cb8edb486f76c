import { yieldToLoop } from '../candidates.js';
import { CANCELLED_CLASS_REASON } from '../term-match.js';
import { CITY_COLUMN, col, levelLabel, round4, type Report, type ReportContext } from './context.js';
import { priorityText } from './fill-posts.js';

/** How many closest missed posts the unmatched report lists per student. */
const CLOSEST_MISSED = 3;

/**
 * Every unmatched student (rows belong to the school's city) with the closest posts it missed
 * (highest match score first) and why: turned away at a full post (with the post's cutoff), a
 * cancelled class, an application that was not eligible or whose interview failed. A student
 * whose lists hold fewer than the posts to show also gets the nearest other posts of its field and
 * graduation year (best retrieval score, then the engine's score): a kind it did not ask for,
 * outside the cities it wants to stay in, below the minimum match score, outside its top N, full,
 * or not eligible (the engine's reason). A student whose derived list those two rules emptied
 * says so in words (`emptyReason`).
 */
export async function unmatchedReport(ctx: ReportContext): Promise<Report> {
  const { outcome, index, scorer } = ctx;
  const { students, posts } = index.inputs;
  const N = outcome.options.preferenceListLength;
  const minScore = outcome.options.minScore ?? 0;
  const listsById = new Map(outcome.lists.map((l) => [l.studentId, l]));
  const fullReason = (postId: string, score: number) => {
    const cutoff = outcome.cutoffs[postId];
    return `名额已满，录取线 ${cutoff === undefined ? '—' : priorityText(cutoff)}，本人 ${round4(score)} / full: turned away by higher-priority applicants`;
  };
  const rows: Array<Record<string, string | number | null>> = [];
  for (const [k, id] of outcome.unmatched.entries()) {
    const s = index.studentIndex.get(id)!;
    const student = students[s]!;
    const lists = listsById.get(id)!;
    const near = new Map<string, { score: number; reason: string }>();
    const scoreOf = (p: number) => scorer.score(student, posts[p]!, index.context(s, p));
    lists.posts.forEach((postId, i) => {
      const score = lists.scores[i]!;
      near.set(postId, { score, reason: ctx.cancelled.has(postId) ? CANCELLED_CLASS_REASON : fullReason(postId, score) });
    });
    (lists.round2Posts ?? []).forEach((postId, i) => {
      if (!near.has(postId)) near.set(postId, { score: lists.round2Scores![i]!, reason: '补录名额已满 / second round: filled by higher-priority applicants' });
    });
    for (const d of lists.dropped ?? []) {
      const p = index.postIndex.get(d.postId);
      if (p !== undefined && !near.has(d.postId)) near.set(d.postId, { score: scoreOf(p), reason: d.reason });
    }
    if (near.size < CLOSEST_MISSED) {
      // The nearest others by retrieval score (any kind, any city), then scored and explained.
      const cities = lists.source === 'derived' ? index.wantedCities(s) : null;
      for (const p of index.retrieve(s, 3 * CLOSEST_MISSED, (q) => !near.has(posts[q]!.id))) {
        const post = posts[p]!;
        const eligibility = scorer.isEligible(student, post, index.context(s, p));
        const score = scoreOf(p);
        let reason: string;
        if (!eligibility.eligible) reason = eligibility.reason;
        else if (ctx.cancelled.has(post.id)) reason = CANCELLED_CLASS_REASON;
        else if (student.preferences.postKinds.length > 0 && !student.preferences.postKinds.includes(post.kind)) {
          reason = '非意向岗位类型 / not a post kind the student asked for';
        } else if (cities !== null && !index.inCities(p, cities)) {
          reason = `不在意向城市，本人愿留在本地（岗位在${ctx.postCity(post)}）/ outside the cities the student wants to stay in`;
        } else if (lists.source === 'derived' && score < minScore) {
          reason = `匹配分 ${round4(score)} 低于最低匹配分 ${minScore} / below the minimum match score`;
        } else if (ctx.filled(post.id).total >= post.seats) reason = '未列入志愿，且已满 / not on the student’s list, and full';
        else if (lists.source === 'application') reason = '未在本人志愿中 / not among the student’s applications';
        else reason = `不在前 ${N} 个推荐志愿内 / outside the student’s top ${N}`;
        near.set(post.id, { score, reason });
      }
    }
    const closest = [...near.entries()].sort(
      ([a, x], [b, y]) => y.score - x.score || index.postTicket[index.postIndex.get(a)!]! - index.postTicket[index.postIndex.get(b)!]!,
    );
    const row: Record<string, string | number | null> = {
      city: ctx.schoolCity(student),
      studentId: id,
      schoolName: ctx.schoolName(student.schoolId),
      level: levelLabel(student.level),
      majorCode: student.majorCode,
      majorName: ctx.majorName(student.majorCode),
      listSource: lists.source === 'application' ? '本人志愿 application' : '系统推荐 derived',
      listLength: lists.posts.length,
      emptyListReason: lists.emptyReason ?? '',
    };
    for (let j = 0; j < CLOSEST_MISSED; j++) {
      const m = closest[j];
      const post = m ? posts[index.postIndex.get(m[0])!]! : undefined;
      row[`post${j + 1}`] = post ? `${post.id} ${post.title}` : '';
      row[`reason${j + 1}`] = m ? m[1].reason : j === 0 ? '本学期没有岗位接受该专业和届别 / no post this term accepts this major and graduation year' : '';
    }
    rows.push(row);
    if (k % 2000 === 1999) {
      await yieldToLoop();
      ctx.hooks.signal?.throwIfAborted();
    }
  }
  return {
    name: 'unmatched',
    title: '未匹配学生及最接近的岗位 Unmatched students and the closest posts they missed',
    columns: [
      CITY_COLUMN,
      col('studentId', '学生编号 student'),
      col('schoolName', '院校 school'),
      col('level', '层次 level'),
      col('majorCode', '专业代码 major code'),
      col('majorName', '专业 major'),
      col('listSource', '志愿来源 list source'),
      col('listLength', '志愿数 list length'),
      col('emptyListReason', '志愿为空原因 why the list is empty'),
      ...Array.from({ length: CLOSEST_MISSED }, (_, k) => [
        col(`post${k + 1}`, `最接近岗位${k + 1} closest post ${k + 1}`),
        col(`reason${k + 1}`, `原因${k + 1} reason ${k + 1}`),
      ]).flat(),
    ],
    rows,
    notes: ['城市为院校所在城市 / city: where the school is.'],
  };
}
