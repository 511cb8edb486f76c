/** Words for the API's codes (the API's own labels where it gives them). */
export const ROLE_LABELS: Record<string, string> = {
  hr: '企业招聘',
  student: '学生',
  office: '联席会议办公室',
  operator: '学校 / 园区数据管理员',
  admin: '系统管理员',
};
export const LEVEL_LABELS: Record<string, string> = { secondary: '中职', higher: '高职专科', bachelor: '职业本科' };
export const POST_KIND_LABELS: Record<string, string> = {
  job: '就业岗位',
  internship: '实习岗位',
  order_class: '订单班',
  apprenticeship: '现代学徒制',
  project_class: '项目班',
};
export const INTERNSHIP_MODE_LABELS: Record<string, string> = { shadow: '跟岗实习', on_post: '顶岗实习' };
export const INVITATION_KIND_LABELS: Record<string, string> = { interview: '面试邀请', order_class: '订单班邀请' };
export const INVITATION_STATUS_LABELS: Record<string, string> = {
  pending: '待回复',
  accepted: '已接受',
  declined: '已婉拒',
  expired: '已过期',
  revoked: '已撤回',
};
export const CONTACT_LABELS: Record<string, string> = { name: '姓名', phone: '手机号', email: '电子邮箱' };
export const RECORD_TYPE_LABELS: Record<string, string> = {
  student: '学生',
  school: '学校',
  enterprise: '企业',
  post: '岗位 / 订单班',
  term: '学期',
};
export const JOB_STATUS_LABELS: Record<string, string> = {
  queued: '排队中',
  running: '运行中',
  succeeded: '已完成',
  failed: '失败',
  cancelled: '已取消',
};
/** The batch run's phases (BatchPhase in services/matching/src/batch/term-match.ts), in the clerk's words. */
export const JOB_PHASE_LABELS: Record<string, string> = {
  loading: '读取数据',
  candidates: '生成候选名单',
  matching: '首轮匹配',
  minimum_sizes: '核对最低开班人数',
  second_round: '补录轮',
  checking: '稳定性检查',
  reports: '生成报表',
  saving: '保存结果',
  done: '完成',
};
export const SKILL_LEVEL_LABELS: Record<string, string> = { basic: '入门', intermediate: '熟练', advanced: '精通' };

export function yuan(n: number): string {
  return `${n.toLocaleString('zh-CN')} 元`;
}
export function pct(x: number | null | undefined): string {
  return x === null || x === undefined ? '—' : `${Math.round(x * 1000) / 10}%`;
}
export const CERT_LEVEL_LABELS: Record<string, string> = {
  junior: '初级',
  intermediate: '中级',
  senior: '高级',
  technician: '技师',
  senior_technician: '高级技师',
};
/** `2027-spring` → 2027年春季学期 (the API's term ids in words). */
export function termLabel(term: string): string {
  const m = /^(\d{4})-(spring|autumn)$/.exec(term);
  return m ? `${m[1]}年${m[2] === 'spring' ? '春' : '秋'}季学期` : term;
}
/** A timestamp as a clerk reads it, or — when there is none. */
export function dateTime(s?: string | null): string {
  return s ? new Date(s).toLocaleString('zh-CN') : '—';
}
