import { defineErrors } from '../define.js';

/** The matching API: HR search, post candidates, recommendations, shortlists. */
export const MatchingErrors = defineErrors({
  MATCH_STUDENT_NOT_FOUND: { statusCode: 404, message: 'No such student (or not visible to this key). / 学生不存在或无权查看。' },
  MATCH_POST_NOT_FOUND: { statusCode: 404, message: 'No such post (or not visible to this key). / 岗位不存在或无权查看。' },
  MATCH_BAD_CURSOR: { statusCode: 400, message: 'The cursor is not one this search wrote; start again without it. / 分页游标无效，请从第一页重新查询。' },
  MATCH_SHORTLIST_UNKNOWN_STUDENT: { statusCode: 400, message: 'A shortlisted student does not exist or may not be found. / 候选名单中有不存在或不可检索的学生。' },
  MATCH_INVITATION_NOT_FOUND: { statusCode: 404, message: 'No such invitation (or not visible to this key). / 邀请不存在或无权查看。' },
  MATCH_INVITATION_NOT_SHORTLISTED: { statusCode: 409, message: "Only a student on this post's shortlist can be invited; shortlist the student first. / 只能邀请该岗位候选名单中的学生，请先加入候选名单。" },
  MATCH_INVITATION_POST_NOT_OPEN: { statusCode: 409, message: 'Invitations are sent for open posts only; publish the post first (see details.status). / 只能为已发布的岗位发出邀请，请先发布岗位（见 details.status）。' },
  MATCH_INVITATION_DECLINED: { statusCode: 409, message: 'The student declined an invitation to this post recently; a new one may be sent after details.retryAfter. / 该学生近期已拒绝此岗位的邀请，可在 details.retryAfter 之后再邀请。' },
  MATCH_INVITATION_DUPLICATE: { statusCode: 409, message: 'This student already has an invitation for this post waiting for a reply (its id: details.invitationId). / 已向该学生发出此岗位的邀请，正在等待学生回复，可在「邀请记录」中查看。' },
  MATCH_INVITATION_EXPIRED: { statusCode: 409, message: 'The invitation has expired and can no longer be answered. / 邀请已过期，无法再回复。' },
  MATCH_INVITATION_ANSWERED: { statusCode: 409, message: 'The invitation has already been answered (see details.status). / 该邀请已回复（见 details.status）。' },
});
