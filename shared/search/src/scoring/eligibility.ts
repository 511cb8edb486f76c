import {
  CERTIFICATE_LEVEL_LABELS,
  CERTIFICATE_LEVEL_RANK,
  LEVEL_LABELS,
  type CertificateLevel,
  type CertificateRequirement,
  type Post,
  normalizeTerm,
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

/**
 * Has a 届 graduated before a term starts? Students graduate in June/July (docs/domain.md), so a
 * 2027届 is still in school in 2027-spring and has left by 2027-autumn.
 */
export function graduatedBefore(graduationYear: number, term: string): boolean {
  const year = termYear(term);
  return graduationYear < year || (graduationYear === year && term.endsWith('-autumn'));
}

/** A fuzzy resolution at least this similar counts as the certificate it resolved to. */
const SURE_ENOUGH = 0.8;

/**
 * How a student's certificates meet one requirement:
 * - `held`: a certificate of the same canonical name at the minimum level or above;
 * - `unsure`: it cannot be told with confidence — the requirement or the student's certificate
 *   resolved only by similarity, or the student names the certificate without its level. Such a
 *   candidate is kept (never silently dropped), ranks lower, and the explanation says
 *   "证书待核实：<as written>" (or, when the requirement itself cannot be read, "证书要求无法识别，未核对：<as written>");
 * - `missing`: every name resolved with certainty and none is it.
 */
export type CertificateCheck =
  | { readonly status: 'held' }
  | { readonly status: 'missing' }
  | { readonly status: 'unsure'; readonly asWritten: string; readonly note: string };

/** The explanation's note for an unsure check: the student's certificate to verify, or a requirement that could not be read at all. */
const unsureNote = (asWritten: string, requirement: boolean) => (requirement ? `证书要求无法识别，未核对：${asWritten}` : `证书待核实：${asWritten}`);

export function certificateCheck(
  rules: MatchRules,
  held: ReadonlyArray<{ name: string; level?: CertificateLevel | undefined }>,
  req: CertificateRequirement,
): CertificateCheck {
  const want = rules.nameInfo(req.name).certificate;
  const min = req.minLevel ?? want.level;
  let unsure: string | undefined;
  for (const c of held) {
    const have = rules.nameInfo(c.name).certificate;
    if (have.canonical !== want.canonical) continue;
    const level = c.level ?? have.level;
    const levelOk = !min || (level !== undefined && CERTIFICATE_LEVEL_RANK[level] >= CERTIFICATE_LEVEL_RANK[min]);
    const levelUnknown = min !== undefined && level === undefined;
    const sure = Math.min(have.confidence, want.confidence) >= SURE_ENOUGH || (have.confidence < 1 && want.confidence < 1 && normalizeTerm(c.name) === normalizeTerm(req.name));
    if (levelOk && sure) return { status: 'held' };
    if ((levelOk || levelUnknown) && (have.confidence > 0 || want.confidence > 0)) unsure ??= c.name;
  }
  if (unsure !== undefined) return { status: 'unsure', asWritten: unsure, note: unsureNote(unsure, false) };
  // A requirement the lexicon cannot resolve with confidence cannot be checked: keep the student,
  // and say that it is the requirement that was not read (not a certificate the student claims).
  if (want.confidence < SURE_ENOUGH) return { status: 'unsure', asWritten: req.name, note: unsureNote(req.name, true) };
  return { status: 'missing' };
}

/** Is a requirement one the index may filter on (resolved by its spelling, so a miss is a real miss)? */
export function certificateFilterable(rules: MatchRules, req: CertificateRequirement): boolean {
  return rules.nameInfo(req.name).certificate.confidence >= SURE_ENOUGH;
}

export function certificateLabel(req: CertificateRequirement): string {
  return req.minLevel ? `${req.name}（${CERTIFICATE_LEVEL_LABELS[req.minLevel]}及以上）` : req.name;
}

/**
 * Hard eligibility, checked before any ranking: the post is open (and of the batch's term),
 * the student seeks (and consents, where required), the major is accepted (the same field on any
 * level counts), the level and graduation year are accepted, every required certificate is held
 * at its minimum level. When the post names no graduation years, the kind decides: a job needs a
 * graduate by the term's year, an order class a student still in school after it, an internship a
 * student who has not graduated before the term starts.
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
  } else if (post.kind === 'internship' && graduatedBefore(student.graduationYear, post.term)) {
    return no('graduation_year_not_accepted', `实习面向在校生，学生${student.graduationYear}届在${post.term}学期前已毕业`);
  }
  for (const req of post.requiredCertificates) {
    if (certificateCheck(rules, student.certificates, req).status === 'missing') {
      return no('missing_certificate', missingCertificateReason(rules, student, req));
    }
  }
  return { eligible: true };
}

/**
 * `缺少证书：…` in words a student who wrote a look-alike can follow: the certificate the post's
 * name stands for when it is not spelled out (焊工证 is the 熔化焊接与热切割作业证 licence), and
 * when the student wrote a certificate under the same words that is another one (焊工证 二级 is
 * the 焊工 skill-level certificate), which one it is.
 */
function missingCertificateReason(rules: MatchRules, student: StudentProfile, req: CertificateRequirement): string {
  const want = rules.nameInfo(req.name).certificate;
  const written = normalizeTerm(req.name);
  const label = certificateLabel(req);
  const named = want.confidence === 1 && written !== want.canonical ? `${label}（即${want.canonical}）` : label;
  const alike = student.certificates.find((c) => normalizeTerm(c.name).includes(written));
  const theirs = alike ? rules.nameInfo(alike.name).certificate : undefined;
  if (alike && theirs && theirs.confidence === 1 && theirs.canonical !== want.canonical) return `缺少证书：${named}；所填“${alike.name}”是${theirs.canonical}，不是该证书`;
  return `缺少证书：${named}`;
}
