import { defineErrors } from '../define.js';

/** Errors of term batch matching (services/matching/src/batch): jobs, results, reports, inputs. */
export const BatchErrors = defineErrors({
  BATCH_TERM_NOT_FOUND: {
    statusCode: 404,
    message: 'No such term; load the term record first (see details.term). / 学期不存在，请先导入学期记录（见 details.term）。',
  },
  BATCH_JOB_NOT_FOUND: {
    statusCode: 404,
    message: 'No such batch job. / 批量匹配任务不存在。',
  },
  BATCH_JOB_ALREADY_RUNNING: {
    statusCode: 409,
    message: 'A batch job is already running; wait for it or cancel it (see details.jobId). / 已有批量匹配任务在运行，请等待或取消（见 details.jobId）。',
  },
  BATCH_JOB_NOT_CANCELLABLE: {
    statusCode: 409,
    message: 'The job has already finished and cannot be cancelled. / 任务已结束，无法取消。',
  },
  BATCH_JOB_NOT_FINISHED: {
    statusCode: 409,
    message: 'The job has not finished yet; watch its progress and try again. / 任务尚未完成，请查看进度后重试。',
  },
  BATCH_JOB_HAS_NO_RESULT: {
    statusCode: 409,
    message: 'The job failed or was cancelled, so it has no result (see details.status). / 任务失败或已取消，没有结果（见 details.status）。',
  },
  BATCH_RUN_FAILED: {
    statusCode: 500,
    message: 'The batch run failed; the server log has the details. / 批量匹配运行失败，详情见服务器日志。',
  },
  BATCH_RESULT_NOT_FOUND: {
    statusCode: 404,
    message: 'No result with this version for this term (see details). / 该学期没有此版本的匹配结果（见 details）。',
  },
  BATCH_CLASS_RULE_INVALID: {
    statusCode: 422,
    message: 'A class rule cannot be applied; see fields. / 班级规则无法执行，详见 fields。',
  },
  BATCH_APPLICATION_INVALID: {
    statusCode: 422,
    message: 'Some applications name unknown students or posts not open this term; see fields. Nothing was saved. / 部分志愿的学生或岗位不存在或本学期未开放，详见 fields；本次未保存。',
  },
  BATCH_INTERVIEW_INVALID: {
    statusCode: 422,
    message: 'Some interview results name unknown students or posts not open this term; see fields. Nothing was saved. / 部分面试结果的学生或岗位不存在或本学期未开放，详见 fields；本次未保存。',
  },
  BATCH_CITY_NOT_IN_RESULT: {
    statusCode: 404,
    message: 'No post or school of this result is in that city; details list the cities it has. / 该结果中没有此城市的岗位或院校，details 列出已有城市。',
  },
});
