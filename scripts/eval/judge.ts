/**
 * Relevance judgements (0–3) from the domain rules (docs/domain.md), written apart from the engine on
 * purpose: it uses only the catalog and the lexicon of @chanjiao/domain, so the evaluation does
 * not grade the system with its own code.
 */
import {
  CERTIFICATE_LEVEL_RANK,
  fieldCode,
  majorCatalog,
  normalizeTerm,
  skillLexicon,
  type Post,
  type StudentProfile,
} from '@chanjiao/domain';
import type { HrQuery } from './labelled-set.js';

const lexicon = skillLexicon();

/** `06-0301` for a 专业, `06-03` for a 类, `06` for a 大类 (any level). */
function field(code: string): string {
  const padded = code.length === 2 ? `${code}0000` : code.length === 4 ? `${code}00` : code;
  const f = fieldCode(padded) ?? '';
  return code.length === 2 ? f.slice(0, 2) : code.length === 4 ? f.slice(0, 5) : f;
}

/**
 * The same 专业: the same code, or its counterpart on another level. The 2021 catalog's 专业 digits
 * do not line up across levels (中职 700206 汽车运用与维修 is 高职 500211, not 500206), so the
 * counterparts come from the catalog's names (docs/domain.md); 类 and 大类 digits do line up.
 */
function sameMajor(majorCode: string, code: string): boolean {
  return majorCode === code || majorCatalog().areCounterparts(majorCode, code);
}

/** Under a 专业 (that 专业 or its counterpart), a 类 or a 大类, on any level. */
function underPrefix(majorCode: string, prefix: string): boolean {
  return prefix.length === 6 ? sameMajor(majorCode, prefix) : field(majorCode).startsWith(field(prefix));
}

/** Students graduate in the summer: a 2027届 has graduated before 2027-autumn, not before 2027-spring. */
function graduatedBefore(graduationYear: number, term: string): boolean {
  const year = Number(term.slice(0, 4));
  return graduationYear < year || (graduationYear === year && term.endsWith('-autumn'));
}

function skillKey(name: string): string {
  return normalizeTerm(lexicon.canonicalSkill(name) ?? name);
}

/** A skill the student has covers the wanted one: the same concept, or a narrower one (西门子PLC covers PLC编程). */
function hasSkill(student: StudentProfile, wanted: string): boolean {
  const want = skillKey(wanted);
  return student.skills.some((s) => {
    let k: string | undefined = lexicon.canonicalSkill(s.name) ?? s.name;
    for (let depth = 0; k !== undefined && depth < 5; depth++) {
      if (normalizeTerm(k) === want) return true;
      k = lexicon.skill(k)?.broader;
    }
    return false;
  });
}

function hasCertificate(student: StudentProfile, wanted: string, minLevel?: keyof typeof CERTIFICATE_LEVEL_RANK): boolean {
  const want = lexicon.resolveCertificate(wanted);
  const wantName = normalizeTerm(want?.name ?? wanted);
  const min = minLevel ?? want?.level;
  return student.certificates.some((c) => {
    const have = lexicon.resolveCertificate(c.name);
    if (normalizeTerm(have?.name ?? c.name) !== wantName) return false;
    if (!min) return true;
    const level = c.level ?? have?.level;
    return level !== undefined && CERTIFICATE_LEVEL_RANK[level] >= CERTIFICATE_LEVEL_RANK[min];
  });
}

/** Only consenting, seeking students can ever be shown to HR. */
export function visibleToHr(s: StudentProfile): boolean {
  return s.consentToBeFound && s.status === 'seeking';
}

/**
 * An HR query's relevance for a student. Major: same 专业 2, same 类 1 (or, for a query naming no
 * major, 1 when the student's 类 is a field of a wanted skill). Skills and certificates: all 2,
 * some 1. Grade = min(3, major + skills). A query naming only majors: same 专业 3, same 类 2,
 * same 大类 1.
 */
export function judgeHr(q: HrQuery, s: StudentProfile): number {
  if (!visibleToHr(s)) return 0;
  const own = field(s.majorCode);
  const majors = q.majors ?? [];
  const classes = q.classes ?? [];
  let major = 0;
  if (majors.some((m) => (m.length === 6 ? sameMajor(s.majorCode, m) : field(m) === own))) major = 2;
  else if ([...majors, ...classes].some((m) => field(m).slice(0, 5) === own.slice(0, 5))) major = 1;
  const wanted = [...(q.skills ?? []).map((k) => hasSkill(s, k)), ...(q.certificates ?? []).map((c) => hasCertificate(s, c))];
  if (wanted.length === 0) {
    if (major === 2) return 3;
    if (major === 1) return 2;
    return [...majors, ...classes].some((m) => field(m).slice(0, 2) === own.slice(0, 2)) ? 1 : 0;
  }
  if (majors.length === 0 && classes.length === 0) {
    const fields = (q.skills ?? []).flatMap((k) => lexicon.skill(k)?.fields ?? []);
    if (fields.some((f) => own.startsWith(f) && f.length === 5)) major = 1;
  }
  const held = wanted.filter(Boolean).length;
  const skills = held === wanted.length ? 2 : held > 0 ? 1 : 0;
  return Math.min(3, major + skills);
}

/** The hard rules: open post, seeking student, accepted major (any level), level, year, certificates. */
export function eligible(s: StudentProfile, p: Post): boolean {
  if (p.status !== 'open' || s.status !== 'seeking') return false;
  if (p.acceptedMajorCodes.length > 0 && !p.acceptedMajorCodes.some((c) => underPrefix(s.majorCode, c))) return false;
  if (p.acceptedLevels.length > 0 && !p.acceptedLevels.includes(s.level)) return false;
  const termYear = Number(p.term.slice(0, 4));
  if (p.acceptedGraduationYears.length > 0) {
    if (!p.acceptedGraduationYears.includes(s.graduationYear)) return false;
  } else if (p.kind === 'job' && s.graduationYear > termYear) {
    return false; // a job is for graduates
  } else if (p.kind === 'order_class' && s.graduationYear <= termYear) {
    return false; // an order class trains students still in school
  } else if (p.kind === 'internship' && graduatedBefore(s.graduationYear, p.term)) {
    return false; // an internship is for students who have not yet graduated
  }
  return p.requiredCertificates.every((c) => hasCertificate(s, c.name, c.minLevel));
}

/**
 * A student–post pair: 0 when not eligible; else 1, +1 for a close major (the post names the
 * student's 专业 or 类, on any level, not only a 大类 or "any"), +1 when every required skill is
 * held (or, with none required, a preferred one). At most 3.
 */
export function judgePair(s: StudentProfile, p: Post): number {
  if (!eligible(s, p)) return 0;
  let grade = 1;
  if (p.acceptedMajorCodes.some((c) => c.length >= 4 && underPrefix(s.majorCode, c))) grade++;
  const skillsOk = p.requiredSkills.length > 0 ? p.requiredSkills.every((k) => hasSkill(s, k)) : p.preferredSkills.some((k) => hasSkill(s, k));
  if (skillsOk) grade++;
  return Math.min(3, grade);
}
