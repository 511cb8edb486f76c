import { gazetteer, type Feature, type Post, type StudentProfile } from '@chanjiao/domain';
import { evidence, explained, retrieval, type Evidence, type MatchScore } from './explanation.js';
import { bestRelationWords } from './major-relation.js';
import type { BestRelation, MatchContext } from './rules.js';
import { skillCovered } from './skills.js';
import { certificateCheck, certificateLabel } from './eligibility.js';
import { weighted } from './weights.js';

/**
 * What city names are compared by (the gazetteer's `cityKey`: 岳阳 and 岳阳市 are one city, as the
 * batch reports read them), memoized: pairs are scored by the million in batch matching.
 */
const cityKeys = new Map<string, string>();
function cityKey(name: string): string {
  let city = cityKeys.get(name);
  if (city === undefined) {
    city = gazetteer().cityKey(name);
    if (cityKeys.size < 10_000) cityKeys.set(name, city);
  }
  return city;
}

function termStartMonth(term: string): string {
  return `${term.slice(0, 4)}-${term.endsWith('spring') ? '03' : '09'}`;
}

function monthsBetween(a: string, b: string): number {
  return (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + (Number(b.slice(5, 7)) - Number(a.slice(5, 7)));
}

/**
 * The major feature of a post open to any major: half, scaled by the share of its skills the
 * student has. A post that lists no skills asks nothing the student could lack: plain half.
 */
function anyMajorValue(hits: number, listed: number): number {
  return listed ? 0.5 * (hits / listed) : 0.5;
}

/** How many of a post's skills and certificates the student holds (certificates: surely held). */
export interface HeldCounts {
  readonly requiredSkills: number;
  readonly preferredSkills: number;
  readonly certificates: number;
}

/**
 * The features the student's skills and certificates decide, from how many of the post's it holds.
 * One definition for scoring and for the what-if counts of skills/next-skills.ts, which change
 * these counts and keep the pair's other features.
 */
export function heldFeatures(post: Post, relation: BestRelation, held: HeldCounts): Pick<Record<Feature, number>, 'major' | 'requiredSkills' | 'preferredSkills' | 'certificates'> {
  const listedCertificates = post.requiredCertificates.length + post.preferredCertificates.length;
  return {
    // 岗位不限专业: the post takes any major, so what it asks is its skills; a student who has
    // few of them is a poor fit, not a half fit (a bank teller post for a PLC student).
    major: relation.relation === 'any' ? anyMajorValue(held.requiredSkills + held.preferredSkills, post.requiredSkills.length + post.preferredSkills.length) : relation.value,
    requiredSkills: post.requiredSkills.length ? held.requiredSkills / post.requiredSkills.length : 0.5,
    preferredSkills: post.preferredSkills.length ? held.preferredSkills / post.preferredSkills.length : 0,
    certificates: listedCertificates ? held.certificates / listedCertificates : 0,
  };
}

/** The features of a student for a post; `ev` collects the evidence when an explanation is wanted. */
function pairFeatures(student: StudentProfile, post: Post, ctx: MatchContext, ev: Evidence | null): { features: Record<Feature, number>; relation: BestRelation } {
  const { rules } = ctx;
  const studentSkills = student.skills.map((s) => rules.nameInfo(s.name));
  const relation = rules.relation(student.majorCode, post.acceptedMajorCodes);

  let requiredHits = 0;
  for (const s of post.requiredSkills) {
    const hit = skillCovered(rules, s, studentSkills);
    if (hit) requiredHits++;
    if (ev) (hit ? ev.matchedSkills : ev.missingRequiredSkills).push(s);
  }
  let preferredHits = 0;
  for (const s of post.preferredSkills) {
    if (skillCovered(rules, s, studentSkills)) {
      preferredHits++;
      ev?.matchedSkills.push(s);
    }
  }

  let certificateHits = 0;
  // An unsure certificate counts nothing here, so its holder ranks below one who surely holds it.
  for (const req of post.requiredCertificates) {
    const check = certificateCheck(rules, student.certificates, req);
    if (check.status === 'held') certificateHits++;
    if (!ev) continue;
    if (check.status === 'held') ev.matchedCertificates.push(certificateLabel(req));
    else if (check.status === 'missing') ev.missingRequiredCertificates.push(certificateLabel(req));
    else {
      ev.unverifiedCertificates.push(check.asWritten);
      ev.notes.push(check.note);
    }
  }
  for (const req of post.preferredCertificates) {
    if (certificateCheck(rules, student.certificates, req).status === 'held') {
      certificateHits++;
      ev?.matchedCertificates.push(certificateLabel(req));
    }
  }

  const prefs = student.preferences;
  // Cities compared as the gazetteer reads them: a student who wants 珠海 wants a post in 珠海市.
  const postCity = cityKey(post.city);
  const homeCity = ctx.school ? cityKey(ctx.school.city) : undefined;
  const wantsCity = prefs.cities.some((c) => cityKey(c) === postCity);
  let city: number;
  if (wantsCity) city = 1;
  else if (homeCity === postCity) city = prefs.stayLocal ? 1 : 0.7;
  else city = prefs.cities.length === 0 && homeCity === undefined ? 0.5 : 0;
  const park = prefs.parks.length === 0 ? 0.5 : post.park !== undefined && prefs.parks.includes(post.park) ? 1 : 0;
  const localRetention = prefs.stayLocal && homeCity === postCity ? 1 : 0;
  if (ev) {
    if (city === 1) ev.notes.push(`地点：${post.city}${wantsCity ? '（意向城市）' : '（本地）'}`);
    if (park === 1) ev.notes.push(`园区：${post.park ?? ''}（意向园区）`);
    if (localRetention) ev.notes.push('本地留用：学校所在地岗位');
  }

  const timeParts: number[] = [];
  const avail = student.availability;
  if (avail.from !== undefined) {
    const late = monthsBetween(termStartMonth(post.term), avail.from);
    timeParts.push(late <= 0 ? 1 : late <= 3 ? 0.5 : 0);
    if (ev && late > 0) ev.notes.push(`到岗时间晚于学期开始 ${late} 个月`);
  }
  if (post.durationMonths !== undefined && avail.months !== undefined) {
    timeParts.push(Math.min(1, avail.months / post.durationMonths));
    if (ev && avail.months < post.durationMonths) ev.notes.push(`可实习/培养 ${avail.months} 个月，岗位需 ${post.durationMonths} 个月`);
  }

  const partnerSchool =
    (ctx.enterprise?.partnerSchoolIds.includes(student.schoolId) ?? false) ||
    (ctx.school?.partnerEnterpriseIds.some((id) => id === post.enterpriseId || post.coEnterpriseIds.includes(id)) ?? false)
      ? 1
      : 0;
  if (ev && partnerSchool) ev.notes.push('校企合作：企业与学生所在学校签有合作协议');

  const kindPref = prefs.postKinds.length === 0 ? 0.5 : prefs.postKinds.includes(post.kind) ? 1 : 0;
  const industry = ctx.enterprise && prefs.industries.length ? (prefs.industries.includes(ctx.enterprise.industry) ? 1 : 0) : 0.5;

  return {
    relation,
    features: {
      ...heldFeatures(post, relation, { requiredSkills: requiredHits, preferredSkills: preferredHits, certificates: certificateHits }),
      place: 0.7 * city + 0.3 * park,
      localRetention,
      time: timeParts.length ? timeParts.reduce((a, b) => a + b, 0) / timeParts.length : 0.5,
      partnerSchool,
      preference: (kindPref + industry) / 2,
      ...retrieval(ctx),
    },
  };
}

/**
 * The score of an eligible student for a post, each feature's value and contribution, and the
 * explanation the API shows (matched / missing skills, major relation in words, retrieval scores).
 */

export function matchScore(student: StudentProfile, post: Post, ctx: MatchContext): MatchScore {
  const ev = evidence();
  const { features, relation } = pairFeatures(student, post, ctx, ev);
  return explained(features, ctx, ev, bestRelationWords(student.majorCode, relation));
}

/** The score alone, without building an explanation: what ranking and batch matching need per pair. */
export function matchScoreValue(student: StudentProfile, post: Post, ctx: MatchContext): number {
  return weighted(matchFeatures(student, post, ctx), ctx.rules.weights);
}

/** Each feature's value for a pair, without an explanation (`weighted` of them is the score). */
export function matchFeatures(student: StudentProfile, post: Post, ctx: MatchContext): Record<Feature, number> {
  return pairFeatures(student, post, ctx, null).features;
}
