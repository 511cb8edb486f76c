import {
  CERTIFICATE_LEVEL_LABELS,
  CERTIFICATE_LEVEL_RANK,
  LEVEL_LABELS,
  type CertificateLevel,
  type CertificateRequirement,
  type Post,
  type StudentProfile,
} from '@chanjiao/domain';
import { majorLabel } from './major-relation.js';
import type { MatchContext, MatchRules } from './rules.js';


export type IneligibleReason =
  | 'post_not_open'
  | 'student_not_seeking'
  | 'no_consent'
  | 'term_mismatch'
  | 'major_not_accepted'
  | 'level_not_accepted'
  | 'graduation_year_not_accepted'
  | 'missing_certificate';

export type Eligibility =
  | { readonly eligible: true }
  | { readonly eligible: false; readonly reason: IneligibleReason; readonly message: string };

function termYear(term: string): number {
  return Number(term.slice(0, 4));
}

/** Does a held certificate satisfy a requirement (same canonical name, level at least the minimum)? */
export function certificateSatisfies(rules: MatchRules, held: { name: string; level?: CertificateLevel | undefined }, req: CertificateRequirement): boolean {
  const have = rules.nameInfo(held.name).certificate;
  const want = rules.nameInfo(req.name).certificate;
  if (have.canonical !== want.canonical) return false;
  const min = req.minLevel ?? want.level;
  if (!min) return true;
  const level = held.level ?? have.level;
  return level !== undefined && CERTIFICATE_LEVEL_RANK[level] >= CERTIFICATE_LEVEL_RANK[min];
}

export function certificateLabel(req: CertificateRequirement): string {
  return req.minLevel ? `${req.name}（${CERTIFICATE_LEVEL_LABELS[req.minLevel]}及以上）` : req.name;
}

/**
 * Hard eligibility, checked before any ranking: the post is open (and of the batch's term),
 * the student seeks (and consents, where required), the major is accepted (the same field on any
 * level counts), the level and graduation year are accepted, every required certificate is held
 * at its minimum level. When the post names no graduation years, the kind decides: a job needs a
 * graduate by the term's year, an order class a student still in school after it.
 */
export function isEligible(student: StudentProfile, post: Post, ctx: MatchContext): Eligibility {
  const { rules } = ctx;
  const no = (reason: IneligibleReason, message: string): Eligibility => ({ eligible: false, reason, message });
  if (post.status !== 'open') return no('post_not_open', '岗位未开放');
  if (student.status !== 'seeking') return no('student_not_seeking', '学生不在求职/求学状态');
  if (rules.requireConsent && !student.consentToBeFound) return no('no_consent', '学生未同意被企业查找');
  if (rules.term !== undefined && post.term !== rules.term) return no('term_mismatch', `岗位属于${post.term}学期`);
  if (!rules.accepts(student.majorCode, post.acceptedMajorCodes)) {
    return no('major_not_accepted', `专业不在岗位接受范围：${majorLabel(student.majorCode)}`);
  }
  if (post.acceptedLevels.length > 0 && !post.acceptedLevels.includes(student.level)) {
    return no('level_not_accepted', `层次不符：${LEVEL_LABELS[student.level]}`);
  }
  const year = termYear(post.term);
  if (post.acceptedGraduationYears.length > 0) {
    if (!post.acceptedGraduationYears.includes(student.graduationYear)) {
      return no('graduation_year_not_accepted', `届别不符：${student.graduationYear}届`);
    }
  } else if (post.kind === 'job' && student.graduationYear > year) {
    return no('graduation_year_not_accepted', `就业岗位需${year}届及以前毕业生，学生为${student.graduationYear}届`);
  } else if (post.kind === 'order_class' && student.graduationYear <= year) {
    return no('graduation_year_not_accepted', `订单班面向在校生，学生${student.graduationYear}届已毕业`);
  }
  for (const req of post.requiredCertificates) {
    if (!student.certificates.some((c) => certificateSatisfies(rules, c, req))) {
      return no('missing_certificate', `缺少证书：${certificateLabel(req)}`);
    }
  }
  return { eligible: true };
}
