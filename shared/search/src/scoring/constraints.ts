import { gazetteer, LEVEL_LABELS, POST_KIND_LABELS, type InternshipMode, type Place, type Level, type Post, type PostKind, type School, type StudentProfile } from '@chanjiao/domain';
import { certificateCheck } from './eligibility.js';
import type { Evidence } from './explanation.js';
import type { MatchRules } from './rules.js';

/**
 * The constraints a query names besides majors and skills (read by the query parser): soft
 * boosts. Each one asked for sets its feature (place, time, preference, certificates) and, when
 * the hit does not meet it, multiplies the score by {@link UNMET_FACTOR}: a 2029届 student from
 * 嘉峪关 is still found by `PLC 2027届 金湾`, below every 2027届 student in 珠海 of similar fit.
 */
export interface PlaceWanted {
  readonly name: string;
  readonly label: string;
  readonly kind: 'city' | 'district' | 'park';
  readonly city: string;
  readonly district?: string;
}

export interface QueryConstraints {
  readonly graduationYears?: readonly number[];
  readonly places?: readonly PlaceWanted[];
  readonly levels?: readonly Level[];
  readonly kinds?: ReadonlyArray<{ readonly kind: PostKind; readonly internshipMode?: InternshipMode }>;
  /** Certificate names as written or official. */
  readonly certificates?: readonly string[];
  /** Pay asked for, yuan a month (posts only: a student record has no pay). */
  readonly salary?: { readonly min?: number; readonly max?: number };
  /** Graduation years ruled out (非2026届): a student of one, or a post only for them, has the constraint unmet. */
  readonly excludedGraduationYears?: readonly number[];
  /** Places ruled out (珠海以外): a student whose school is there, or a post located there, has the constraint unmet. */
  readonly excludedPlaces?: readonly PlaceWanted[];
}

/**
 * What an unmet constraint leaves of the score. Every place that applies it also says in the
 * explanation's notes which constraint was not met or could not be verified (…不符 / …待核实).
 */
export const UNMET_FACTOR = 0.7;
/** A place value at least this (same city) meets a place constraint. */
const PLACE_MET = 0.6;

export interface ConstraintValues {
  readonly place: number;
  readonly time: number;
  readonly preference: number;
  readonly certificates: number;
  /** Π over the constraints asked for: 1 when met, {@link UNMET_FACTOR} when not. */
  readonly factor: number;
}

const NONE: ConstraintValues = Object.freeze({ place: 0, time: 0, preference: 0, certificates: 0, factor: 1 });

function has<T>(list: readonly T[] | undefined): list is readonly T[] {
  return list !== undefined && list.length > 0;
}

export function hasConstraints(c: QueryConstraints): boolean {
  return hasStudentConstraints(c) || c.salary !== undefined;
}

/** The constraints a student record can meet: all but pay, which only posts carry (an HR query's 月薪 asks nothing of a student). */
export function hasStudentConstraints(c: QueryConstraints): boolean {
  return has(c.graduationYears) || has(c.places) || has(c.levels) || has(c.kinds) || has(c.certificates) || has(c.excludedGraduationYears) || has(c.excludedPlaces);
}

/** Places by name as the gazetteer reads them (each lookup normalizes the name), memoized: a search scores hundreds of candidates. */
const placesByName = new Map<string, Place | null>();
function placeNamed(name: string): Place | undefined {
  let place = placesByName.get(name);
  if (place === undefined) {
    place = gazetteer().get(name) ?? null;
    if (placesByName.size < 10_000) placesByName.set(name, place);
  }
  return place ?? undefined;
}

/** The gazetteer's `cityOf`, through the memo. */
function cityNamed(name: string): string {
  return placeNamed(name)?.city ?? name;
}

/**
 * How close a student is to a wanted place: where the school is (its city, its district) and
 * where the student wants to go (preferred cities and parks), with which of the two it was.
 */
function studentPlace(student: StudentProfile, school: School | undefined, want: PlaceWanted): { value: number; via: 'location' | 'preferred' | null } {
  const { cities, parks } = student.preferences;
  const schoolCity = school ? cityNamed(school.city) : undefined;
  const schoolDistrict = school?.district ? placeNamed(school.district)?.name ?? school.district : undefined;
  let prefersCity = false;
  for (const c of cities) if (cityNamed(c) === want.city) prefersCity = true;
  let location = 0;
  let preferred = 0;
  if (want.kind === 'city') {
    if (schoolCity === want.city) location = 1;
    let prefersPark = false;
    for (const name of parks) if (placeNamed(name)?.city === want.city) prefersPark = true;
    if (prefersCity || prefersPark) preferred = 1;
  } else {
    const district = want.district;
    if (district !== undefined && schoolDistrict === district) location = want.kind === 'district' ? 1 : 0.8;
    else if (schoolCity === want.city) location = PLACE_MET;
    let prefersPark = false;
    for (const name of parks) {
      const p = placeNamed(name);
      if (p !== undefined && (p.name === want.name || (district !== undefined && p.district === district))) prefersPark = true;
    }
    if (prefersPark) preferred = 1;
    else if (prefersCity) preferred = PLACE_MET;
  }
  if (location === 0 && preferred === 0) return { value: 0, via: null };
  return location >= preferred ? { value: location, via: 'location' } : { value: preferred, via: 'preferred' };
}

/**
 * Is the school in the place: its city for a city, its district for a district. A park is never
 * where a school is (a school in the park's district is not in the park).
 */
function schoolIn(school: School | undefined, want: PlaceWanted): boolean {
  if (!school) return false;
  if (want.kind === 'city') return cityNamed(school.city) === want.city;
  if (want.kind === 'park' || want.district === undefined || !school.district) return false;
  return (placeNamed(school.district)?.name ?? school.district) === want.district && cityNamed(school.city) === want.city;
}

/**
 * What a city filter matched for a student, in words: the school's city or a preferred city
 * (the index's city field holds both, so the filter alone cannot tell HR which). Undefined when
 * neither is among the cities (the filter did not match this student).
 */
export function cityFilterNote(student: StudentProfile, school: School | undefined, cities: readonly string[]): string | undefined {
  const places = gazetteer();
  let preferred: string | undefined;
  for (const c of cities) {
    const city = places.cityOf(c);
    const p = studentPlace(student, school, { name: city, label: city, kind: 'city', city });
    if (p.via === 'location') return `城市筛选：${city}（学校所在地）`;
    if (p.via === 'preferred') preferred ??= `城市筛选：${city}（学生意向地，学校在${school?.city ?? '外地'}）`;
  }
  return preferred;
}

/** The constraints' values for a student (HR search by free text), with notes when `ev` is given. */
export function studentConstraints(
  student: StudentProfile,
  school: School | undefined,
  c: QueryConstraints,
  rules: MatchRules,
  ev: Evidence | null,
): ConstraintValues {
  if (!hasStudentConstraints(c)) return NONE;
  let factor = 1;
  let time = 0;
  if (has(c.graduationYears)) {
    time = c.graduationYears.includes(student.graduationYear) ? 1 : 0;
    if (!time) factor *= UNMET_FACTOR;
    ev?.notes.push(time ? `届别：${student.graduationYear}届` : `届别不符：学生为${student.graduationYear}届，查询为${c.graduationYears.map((y) => `${y}届`).join('/')}`);
  }
  let place = 0;
  if (has(c.places)) {
    let best: { value: number; via: 'location' | 'preferred' | null; want: PlaceWanted } | undefined;
    for (const want of c.places) {
      const p = studentPlace(student, school, want);
      if (!best || p.value > best.value) best = { ...p, want };
    }
    place = best!.value;
    if (place < PLACE_MET) factor *= UNMET_FACTOR;
    if (ev) {
      if (best!.via === 'location') ev.notes.push(`地点：${best!.want.label}（学校所在地${school ? `：${school.city}${school.district ?? ''}` : ''}）`);
      else if (best!.via === 'preferred') ev.notes.push(`地点：${best!.want.label}（学生意向地）`);
      else ev.notes.push(`地点不符：学校与意向地都不在${c.places.map((p) => p.label).join('/')}`);
    }
  }
  if (has(c.excludedGraduationYears) && c.excludedGraduationYears.includes(student.graduationYear)) {
    factor *= UNMET_FACTOR;
    ev?.notes.push(`届别不符：查询排除${student.graduationYear}届`);
  }
  if (has(c.excludedPlaces)) {
    // Where the student is: the school's place (a wish to work elsewhere does not move the student).
    const there = c.excludedPlaces.find((want) => schoolIn(school, want));
    if (there) {
      factor *= UNMET_FACTOR;
      ev?.notes.push(`地点不符：查询排除${there.label}（学校所在地${school ? `：${school.city}${school.district ?? ''}` : ''}）`);
    }
  }
  let preference = 0;
  if (has(c.levels)) {
    preference = c.levels.includes(student.level) ? 1 : 0;
    if (!preference) factor *= UNMET_FACTOR;
    if (ev && !preference) ev.notes.push(`层次不符：学生为${LEVEL_LABELS[student.level]}`);
  }
  let certificates = 0;
  if (has(c.certificates)) {
    let held = 0;
    const missing: string[] = [];
    for (const name of c.certificates) {
      const check = certificateCheck(rules, student.certificates, { name });
      if (check.status === 'held') {
        held++;
        ev?.matchedCertificates.push(name);
      } else if (check.status === 'unsure') {
        ev?.unverifiedCertificates.push(check.asWritten);
        ev?.notes.push(check.note);
      } else missing.push(name);
    }
    certificates = held / c.certificates.length;
    if (certificates < 1) factor *= UNMET_FACTOR;
    if (missing.length) ev?.notes.push(`证书不符：未持有${missing.join('、')}`);
  }
  return { place, time, preference, certificates, factor };
}

/** The constraints' values for a post (students searching posts by free text). */
export function postConstraints(post: Post, c: QueryConstraints, rules: MatchRules, ev: Evidence | null): ConstraintValues {
  if (!hasConstraints(c)) return NONE;
  let factor = 1;
  let time = 0;
  if (has(c.graduationYears)) {
    time = post.acceptedGraduationYears.length === 0 || c.graduationYears.some((y) => post.acceptedGraduationYears.includes(y)) ? 1 : 0;
    if (!time) factor *= UNMET_FACTOR;
    if (ev && !time) ev.notes.push(`届别不符：岗位招${post.acceptedGraduationYears.map((y) => `${y}届`).join('/')}`);
  }
  let place = 0;
  if (has(c.places)) {
    const places = gazetteer();
    const city = places.cityOf(post.city);
    const park = post.park ? places.get(post.park) : undefined;
    for (const want of c.places) {
      let v = 0;
      if (want.kind === 'city') v = city === want.city ? 1 : 0;
      else if (want.kind === 'park') v = park?.name === want.name ? 1 : city === want.city ? PLACE_MET : 0;
      else v = park?.district === want.district ? 1 : city === want.city ? PLACE_MET : 0;
      place = Math.max(place, v);
    }
    if (place < PLACE_MET) factor *= UNMET_FACTOR;
    // The unmet note names what the query asked for: beside the student's own wish (地点：珠海市（意向城市）)
    // a bare "岗位在珠海市" read as if the same place were both right and wrong.
    if (ev) ev.notes.push(place >= PLACE_MET ? `地点：${post.city}${post.park ?? ''}` : `地点不符：查询要求${c.places.map((p) => p.label).join('/')}，岗位在${post.city}`);
  }
  if (has(c.excludedGraduationYears) && post.acceptedGraduationYears.length > 0 && post.acceptedGraduationYears.every((y) => c.excludedGraduationYears!.includes(y))) {
    factor *= UNMET_FACTOR;
    ev?.notes.push(`届别不符：岗位只招${post.acceptedGraduationYears.map((y) => `${y}届`).join('/')}，查询排除`);
  }
  if (has(c.excludedPlaces)) {
    const places = gazetteer();
    const city = places.cityOf(post.city);
    const park = post.park ? places.get(post.park) : undefined;
    const there = c.excludedPlaces.find((want) => (want.kind === 'city' ? city === want.city : want.kind === 'park' ? park?.name === want.name : park?.district === want.district));
    if (there) {
      factor *= UNMET_FACTOR;
      ev?.notes.push(`地点不符：岗位在${post.city}${post.park ?? ''}，查询排除${there.label}`);
    }
  }
  const prefs: number[] = [];
  if (has(c.levels)) {
    const ok = post.acceptedLevels.length === 0 || c.levels.some((l) => post.acceptedLevels.includes(l)) ? 1 : 0;
    if (!ok) factor *= UNMET_FACTOR;
    if (ev && !ok) ev.notes.push(`层次不符：岗位招${post.acceptedLevels.map((l) => LEVEL_LABELS[l]).join('/')}`);
    prefs.push(ok);
  }
  if (has(c.kinds)) {
    const ok = c.kinds.some((k) => k.kind === post.kind && (k.internshipMode === undefined || k.internshipMode === post.internshipMode)) ? 1 : 0;
    if (!ok) factor *= UNMET_FACTOR;
    if (ev) ev.notes.push(ok ? `类型：${POST_KIND_LABELS[post.kind]}` : `类型不符：岗位为${POST_KIND_LABELS[post.kind]}`);
    prefs.push(ok);
  }
  if (c.salary) {
    // A post that can pay the wish meets it (its top at or above the floor asked, its floor at or
    // below the top asked); a post that names no pay is neither met nor marked down.
    const pay = post.salary;
    const { min, max } = c.salary;
    if (pay) {
      const ok = (min === undefined || pay.max >= min) && (max === undefined || pay.min <= max) ? 1 : 0;
      if (!ok) factor *= UNMET_FACTOR;
      const wish = min !== undefined && max !== undefined ? `${min}–${max}元/月` : min !== undefined ? `${min}元/月以上` : `${max}元/月以内`;
      ev?.notes.push(ok ? `薪资：${pay.min}–${pay.max}元/月` : `薪资不符：岗位${pay.min}–${pay.max}元/月，期望${wish}`);
      prefs.push(ok);
    } else ev?.notes.push('薪资：岗位未注明');
  }
  let certificates = 0;
  if (has(c.certificates)) {
    const listed = [...post.requiredCertificates, ...post.preferredCertificates];
    let hits = 0;
    for (const name of c.certificates) {
      if (listed.some((req) => certificateCheck(rules, [{ name }], req).status === 'held')) {
        hits++;
        ev?.matchedCertificates.push(name);
      }
    }
    certificates = hits / c.certificates.length;
  }
  const preference = prefs.length ? prefs.reduce((a, b) => a + b, 0) / prefs.length : 0;
  return { place, time, preference, certificates, factor };
}
