import type { RunSummary, StoredResult } from './results-store.js';
import type { CompareView, MoveReason } from './schemas.js';
import type { Assignment, StudentLists } from './term-match.js';

interface Run {
  readonly summary: RunSummary;
  readonly result: StoredResult;
}

type Change = CompareView['changes'][number];

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/**
 * Who moved between two versions of a term's result, and why. The reason is read from what the
 * two runs stored, most specific first: the student or the post is gone, the class was cancelled,
 * the student's list no longer has the post (interview, eligibility, a changed application or
 * ranking), the student got a higher choice, its score at the old post changed, a lottery tie
 * went the other way under a new seed, or others now outrank it there (the cutoff rose).
 */
export function compareRuns(from: Run, to: Run): CompareView {
  const index = (r: Run) => ({
    assignment: new Map<string, Assignment>(r.result.assignments.map((a) => [a.studentId, a])),
    lists: new Map<string, StudentLists>(r.result.lists.map((l) => [l.studentId, l])),
    posts: new Set(r.result.posts.map((p) => p.postId)),
    cancelled: new Set(r.summary.cancelled.map((c) => c.postId)),
  });
  const a = index(from);
  const b = index(to);
  const counts = { unchanged: 0, moved: 0, newlyPlaced: 0, noLongerPlaced: 0, stillUnmatched: 0, added: 0, removed: 0 };
  const changes: Change[] = [];
  const ids = [...new Set([...a.lists.keys(), ...b.lists.keys()])].sort();

  for (const studentId of ids) {
    const before = a.assignment.get(studentId);
    const after = b.assignment.get(studentId);
    const fromPost = before?.postId ?? null;
    const toPost = after?.postId ?? null;
    if (!a.lists.has(studentId)) {
      counts.added++;
      changes.push({ studentId, from: null, to: toPost, reason: 'student_added', detail: '本版本新增的求职学生 / a seeking student new in this version' });
      continue;
    }
    if (!b.lists.has(studentId)) {
      counts.removed++;
      changes.push({ studentId, from: fromPost, to: null, reason: 'student_removed', detail: '不再处于求职状态或已删除 / no longer seeking, or removed' });
      continue;
    }
    if (fromPost === toPost) {
      if (fromPost === null) counts.stillUnmatched++;
      else counts.unchanged++;
      continue;
    }
    if (fromPost === null) counts.newlyPlaced++;
    else if (toPost === null) counts.noLongerPlaced++;
    else counts.moved++;
    const { reason, detail } = explainMove(studentId, before, after, a, b, from.summary.seed !== to.summary.seed, from, to);
    changes.push({ studentId, from: fromPost, to: toPost, reason, detail });
  }
  return { term: to.summary.term, from: from.summary.version, to: to.summary.version, counts, changes };
}

function explainMove(
  studentId: string,
  before: Assignment | undefined,
  after: Assignment | undefined,
  a: { lists: Map<string, StudentLists>; posts: Set<string>; cancelled: Set<string> },
  b: { lists: Map<string, StudentLists>; posts: Set<string>; cancelled: Set<string> },
  seedChanged: boolean,
  from: Run,
  to: Run,
): { reason: MoveReason; detail: string } {
  const listAfter = b.lists.get(studentId)!;
  const listBefore = a.lists.get(studentId)!;
  if (!before) {
    if (after?.round === 2) return { reason: 'second_round', detail: `补录获得 ${after.postId} / placed in the second round` };
    const rank = listAfter.posts.indexOf(after!.postId);
    return {
      reason: 'placed',
      detail: `第 ${rank + 1} 志愿录取；上一版本未录取（志愿或名额有变化）/ placed at choice ${rank + 1}; unmatched before (lists or seats changed)`,
    };
  }
  const old = before.postId;
  if (!b.posts.has(old)) return { reason: 'post_removed', detail: `原岗位 ${old} 已关闭、删除或无名额 / the old post is closed, removed or has no seats` };
  if (b.cancelled.has(old)) return { reason: 'class_cancelled', detail: `原班级 ${old} 人数不足被取消 / the old class fell below its minimum size and was cancelled` };
  const at = listAfter.posts.indexOf(old);
  const onRound2 = listAfter.round2Posts?.includes(old) ?? false;
  if (at < 0 && !onRound2) {
    const dropped = listAfter.dropped?.find((d) => d.postId === old);
    if (dropped && /面试|interview/.test(dropped.reason)) return { reason: 'interview_failed', detail: dropped.reason };
    if (dropped) return { reason: 'not_eligible_any_more', detail: dropped.reason };
    return {
      reason: 'list_changed',
      detail:
        listAfter.source === 'application'
          ? `本人志愿中已无 ${old} / the student's application no longer lists ${old}`
          : `推荐志愿中已无 ${old}（评分或岗位变化）/ ${old} is no longer among the student's top choices (scores or posts changed)`,
    };
  }
  if (after && at >= 0) {
    const now = listAfter.posts.indexOf(after.postId);
    if (now >= 0 && now < at) {
      return { reason: 'moved_up', detail: `获得更靠前的第 ${now + 1} 志愿（原第 ${at + 1} 志愿）/ got choice ${now + 1}, was choice ${at + 1}` };
    }
  }
  const scoreBefore = listBefore.scores[listBefore.posts.indexOf(old)];
  const scoreAfter = at >= 0 ? listAfter.scores[at] : undefined;
  if (scoreBefore !== undefined && scoreAfter !== undefined && round4(scoreBefore) !== round4(scoreAfter)) {
    return { reason: 'priority_changed', detail: `在 ${old} 的匹配分由 ${round4(scoreBefore)} 变为 ${round4(scoreAfter)} / the score at ${old} changed` };
  }
  const cutoffBefore = from.result.cutoffs[old];
  const cutoffAfter = to.result.cutoffs[old];
  if (seedChanged && scoreAfter !== undefined && cutoffAfter !== undefined && round4(cutoffAfter) === round4(scoreAfter)) {
    return { reason: 'lottery', detail: `与他人同分，新的抽签种子改变了次序 / tied with others at ${old}; the new lottery seed ordered them differently` };
  }
  // Its score did not change and it held the post before, so its score was at or above the old
  // cutoff; now out, it is at or below the new one. A cutoff that did not rise means it sits
  // exactly on it and lost the tie on its lottery ticket, with more applicants above it: saying
  // "the cutoff rose from 0.5 to 0.5" would tell the office something that did not happen.
  if (cutoffBefore !== undefined && cutoffAfter !== undefined && round4(cutoffAfter) === round4(cutoffBefore)) {
    return {
      reason: 'displaced',
      detail: `${old} 的录取线仍为 ${round4(cutoffAfter)}，本人与录取线同分、抽签排在后面（排在其前面的学生增加）/ outranked at ${old}: tied at its unchanged cutoff ${round4(cutoffAfter)} and behind on its lottery ticket, with more applicants above it`,
    };
  }
  return {
    reason: 'displaced',
    detail: `${old} 的录取线由 ${cutoffBefore === undefined ? '—' : round4(cutoffBefore)} 升至 ${cutoffAfter === undefined ? '—' : round4(cutoffAfter)}，被更高优先级的学生占满 / outranked at ${old}: its cutoff rose`,
  };
}
