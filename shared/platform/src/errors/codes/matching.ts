import { defineErrors } from '../define.js';

/** The matching API: HR search, post candidates, recommendations, shortlists. */
export const MatchingErrors = defineErrors({
  MATCH_STUDENT_NOT_FOUND: { statusCode: 404, message: 'No such student (or not visible to this key). / 学生不存在或无权查看。' },
  MATCH_POST_NOT_FOUND: { statusCode: 404, message: 'No such post (or not visible to this key). / 岗位不存在或无权查看。' },
  MATCH_BAD_CURSOR: { statusCode: 400, message: 'The cursor is not one this search wrote; start again without it. / 分页游标无效，请从第一页重新查询。' },
  MATCH_SHORTLIST_UNKNOWN_STUDENT: { statusCode: 400, message: 'A shortlisted student does not exist or may not be found. / 候选名单中有不存在或不可检索的学生。' },
});
