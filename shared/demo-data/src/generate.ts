import {
  fieldCode,
  majorCatalog,
  skillLexicon,
  type CatalogEntry,
  type Certificate,
  type CertificateLevel,
  type CertificateRequirement,
  type Enterprise,
  type Level,
  type LexiconCertificate,
  type Post,
  type PostKind,
  type School,
  type SchoolKind,
  type Skill,
  type SkillLevel,
  type StudentInput,
  type StudentStatus,
  type Term,
} from '@chanjiao/domain';
import { ANCHOR_ENTERPRISES, ANCHOR_MARKET_POSTS, ANCHOR_POSTS, ANCHOR_SCHOOL_CLASSES, ANCHOR_SCHOOLS, ANCHOR_STUDENTS } from './anchors.js';
import { INDUSTRIES, type Industry, type IndustryKey, type Role } from './industries.js';
import { idNumber, personName, phoneNumber } from './people.js';
import { PLACES, type Place } from './places.js';
import { deriveSeed, pickWeighted, Random, Weighted } from './random.js';
import { postDescription, selfIntroduction } from './text.js';

export interface DemoDataOptions {
  /** Same seed, same options → byte-identical output. */
  readonly seed: number;
  /** 0 to 1,000,000 (and beyond: students stream). */
  readonly students: number;
  /** Default: students / 10, between 50 and 50,000. */
  readonly posts?: number;
  /** Default: students / 3,000, between 15 and 150. */
  readonly schools?: number;
  /** Default: students / 20, between 40 and 20,000. */
  readonly enterprises?: number;
  /** Put the fixed anchor records first (see anchors.ts). Default true. */
  readonly anchors?: boolean;
}

export interface DemoData {
  readonly seed: number;
  readonly counts: { readonly schools: number; readonly enterprises: number; readonly terms: number; readonly posts: number; readonly students: number };
  readonly schools: readonly School[];
  readonly enterprises: readonly Enterprise[];
  readonly terms: readonly Term[];
  readonly posts: readonly Post[];
  /** A fresh lazy stream of the students on every call: 1M never sit in memory at once. */
  students(): Generator<StudentInput, void, undefined>;
}

/** Every generated timestamp lies in the 60 days after this instant, so output never depends on the clock. */
const BASE_TIME = Date.UTC(2026, 1, 1);
const MAX_STUDENTS = 100_000_000;

const LEVEL_BASE: Readonly<Record<Level, number>> = { bachelor: 21, higher: 41, secondary: 61 };

/** `06-03` on a level → `4603` (高职), `6603` (中职), `2603` (本科). */
function classOnLevel(field: string, level: Level): string {
  return `${LEVEL_BASE[level] + Number(field.slice(0, 2)) - 1}${field.slice(3, 5)}`;
}

function classOf(majorCode: string): string {
  return (fieldCode(majorCode) ?? '').slice(0, 5);
}

function timestamp(random: Random): string {
  return new Date(BASE_TIME + random.int(0, 60 * 24 * 60) * 60_000).toISOString();
}

const TERMS: readonly Term[] = [
  { id: '2026-spring', name: '2026年春季学期', startsOn: '2026-02-23', endsOn: '2026-07-10', applicationMonth: 12, updatedAt: new Date(BASE_TIME).toISOString() },
  { id: '2026-autumn', name: '2026年秋季学期', startsOn: '2026-09-01', endsOn: '2027-01-22', applicationMonth: 6, updatedAt: new Date(BASE_TIME).toISOString() },
  { id: '2027-spring', name: '2027年春季学期', startsOn: '2027-02-22', endsOn: '2027-07-09', applicationMonth: 12, updatedAt: new Date(BASE_TIME).toISOString() },
  { id: '2027-autumn', name: '2027年秋季学期', startsOn: '2027-09-01', endsOn: '2028-01-21', applicationMonth: 6, updatedAt: new Date(BASE_TIME).toISOString() },
];

/** Where each catalog 类 is wanted: the industries whose roles need it. */
const INDUSTRIES_BY_CLASS: ReadonlyMap<string, readonly Industry[]> = (() => {
  const map = new Map<string, Industry[]>();
  for (const industry of Object.values(INDUSTRIES)) {
    for (const role of industry.roles) {
      const list = map.get(classOf(role.major)) ?? [];
      if (!list.includes(industry)) list.push(industry);
      map.set(classOf(role.major), list);
    }
  }
  return map;
})();

/** Classes every place teaches whatever its industry: the big vocational majors. */
const BASELINE_CLASSES: ReadonlyArray<readonly [string, number]> = [
  ['11-02', 3], ['13-03', 3], ['12-02', 3], ['13-07', 2], ['13-08', 2], ['06-07', 2], ['17-01', 2], ['14-01', 1.5],
  ['06-03', 2], ['04-03', 1.5], ['04-05', 1], ['15-01', 1.5], ['14-02', 1], ['13-06', 1], ['11-01', 1], ['16-02', 1],
  ['19-03', 0.5], ['12-08', 0.5], ['10-04', 0.5], ['17-02', 0.5], ['01-01', 0.5], ['09-01', 0.5],
];

interface SchoolPlan {
  school: School;
  readonly place: Place;
  readonly weight: number;
  readonly levels: Weighted<Level>;
  readonly majors: ReadonlyMap<Level, Weighted<CatalogEntry>>;
}

interface EnterprisePlan {
  enterprise: Enterprise;
  readonly industry: Industry;
  readonly place: Place;
}

/** The sizes a dataset will have: the options, or defaults scaled from the number of students. */
export function demoDataSizes(options: DemoDataOptions): { schools: number; enterprises: number; posts: number; students: number } {
  const n = options.students;
  return {
    schools: options.schools ?? clamp(Math.round(n / 3000), 15, 150),
    enterprises: options.enterprises ?? clamp(Math.round(n / 20), 40, 20_000),
    posts: options.posts ?? clamp(Math.round(n / 10), 50, 50_000),
    students: n,
  };
}

/**
 * Generates a deterministic demo dataset: schools of every kind in the seeds' five places,
 * enterprises in their parks, posts of every kind, and a lazy stream of students whose majors,
 * skills and certificates fit each other (through the catalog and the lexicon).
 */
export function generateDemoData(options: DemoDataOptions): DemoData {
  const seed = options.seed;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`seed: an integer 0..4294967295, got ${seed}`);
  const studentCount = options.students;
  if (!Number.isInteger(studentCount) || studentCount < 0 || studentCount > MAX_STUDENTS) {
    throw new RangeError(`students: an integer 0..${MAX_STUDENTS}, got ${studentCount}`);
  }
  const withAnchors = options.anchors ?? true;
  const { schools: schoolCount, enterprises: enterpriseCount, posts: postCount } = demoDataSizes(options);
  for (const [name, n, min] of [
    ['schools', schoolCount, PLACES.length + (withAnchors ? ANCHOR_SCHOOLS.length : 0)],
    ['enterprises', enterpriseCount, PLACES.length + (withAnchors ? ANCHOR_ENTERPRISES.length : 0)],
    ['posts', postCount, withAnchors ? ANCHOR_POSTS.length + ANCHOR_MARKET_POSTS.length : 0],
  ] as const) {
    if (!Number.isInteger(n) || n < min) throw new RangeError(`${name}: an integer ≥ ${min}, got ${n}`);
  }

  const catalog = majorCatalog();
  const lexicon = skillLexicon();
  const majorsByClassLevel = new Map<string, CatalogEntry[]>();
  for (const m of catalog.majors()) {
    const key = `${m.level}:${classOf(m.code)}`;
    const list = majorsByClassLevel.get(key) ?? [];
    list.push(m);
    majorsByClassLevel.set(key, list);
  }

  const schools = buildSchools(seed, schoolCount, withAnchors, majorsByClassLevel);
  const enterprises = buildEnterprises(seed, enterpriseCount, withAnchors);
  linkPartners(seed, schools, enterprises);
  const posts = buildPosts(seed, postCount, withAnchors, enterprises, majorsByClassLevel);

  const schoolTable = new Weighted(schools.map((s) => [s, s.weight] as const));
  const anchorStudents = withAnchors ? ANCHOR_STUDENTS.slice(0, studentCount) : [];

  function* students(): Generator<StudentInput, void, undefined> {
    yield* anchorStudents;
    for (let i = anchorStudents.length; i < studentCount; i++) {
      yield makeStudent(new Random(deriveSeed(seed, 'student', i)), i, schoolTable);
    }
  }

  return {
    seed,
    counts: { schools: schools.length, enterprises: enterprises.length, terms: TERMS.length, posts: posts.length, students: studentCount },
    schools: schools.map((s) => s.school),
    enterprises: enterprises.map((e) => e.enterprise),
    terms: TERMS,
    posts,
    students,
  };

  function makeStudent(random: Random, index: number, table: Weighted<SchoolPlan>): StudentInput {
    const plan = table.pick(random);
    const level = plan.levels.pick(random);
    const major = plan.majors.get(level)!.pick(random);
    const place = plan.place;
    const graduationYear = GRADUATION_YEARS.pick(random);
    const seniority = 2029 - graduationYear; // 0 = freshman, 3 = graduating

    // The first ten are the major's own and its 类's; 大类-wide ones come rarely.
    const skillNames = lexicon.skillsForMajor(major.code).slice(0, 10);
    const skillLevels = SKILL_LEVELS[seniority]!;
    const skills: Skill[] = random.sampleFront(skillNames, random.int(3, 6)).map((name) => ({ name, level: skillLevels.pick(random) }));
    if (random.chance(0.3)) skills.push({ name: random.pick(['办公软件应用', 'Excel数据处理', '沟通协调', '团队协作']) });

    const certificates: Certificate[] = [];
    for (const name of random.sampleFront(lexicon.certificatesForMajor(major.code), random.int(0, Math.min(3, seniority + 1)))) {
      const cert = certificateOf(name);
      if ((cert.kind === 'qualification' || cert.kind === 'professional_title') && !(graduationYear === 2026 && random.chance(0.6))) continue;
      certificates.push(withLevel(random, name, cert.levels));
    }
    if (random.chance(0.3)) certificates.push({ name: '全国计算机等级考试证书', level: random.chance(0.6) ? 'intermediate' : 'junior' });
    if (level !== 'secondary' && random.chance(0.25)) certificates.push({ name: random.chance(0.8) ? '大学英语四级证书' : '大学英语六级证书' });
    if (random.chance(0.15)) certificates.push({ name: '普通话水平测试等级证书' });
    if (graduationYear <= 2027 && random.chance(0.12)) certificates.push({ name: '机动车驾驶证' });

    const industries = (INDUSTRIES_BY_CLASS.get(classOf(major.code)) ?? []).map((i) => i.name);
    const parks = place.parks.filter((p) => p.industries.some((k) => industries.includes(INDUSTRIES[k].name))).map((p) => p.name);
    const postKinds = preferredKinds(random, graduationYear);
    const stayLocal = random.chance(0.5);
    const cities = random.chance(0.8) ? [place.city] : [];
    if (random.chance(0.2)) cities.push(random.pick(PLACES.filter((p) => p !== place)).city);
    const preferences = {
      postKinds,
      cities,
      parks: random.chance(0.4) ? random.sample(parks, random.int(1, 2)) : [],
      industries: random.sample(industries, random.int(0, 2)),
      stayLocal,
    };
    const availability = availabilityFor(random, graduationYear, postKinds[0]);

    const person = personName(random);
    const birthYear = graduationYear - (level === 'secondary' ? 18 : level === 'higher' ? 21 : 22) - (random.chance(0.2) ? 1 : 0);
    const region = random.chance(0.7) ? place.regionCodes[0]! : random.pick(place.regionCodes);
    const status = STUDENT_STATUS.pick(random);

    return {
      id: `STU-${String(index + 1).padStart(7, '0')}`,
      schoolId: plan.school.id,
      majorCode: major.code,
      level,
      graduationYear,
      skills,
      certificates,
      preferences,
      availability,
      selfIntroduction: selfIntroduction(random, {
        school: plan.school.name,
        major: major.name,
        level,
        graduationYear,
        skills: skills.map((s) => s.name),
        certificates: certificates.map((c) => c.name),
        city: place.city,
        parks: preferences.parks,
        industries: preferences.industries,
        postKinds,
        stayLocal,
      }),
      consentToBeFound: random.chance(0.88),
      status,
      updatedAt: timestamp(random),
      personal: {
        name: person.name,
        ...(random.chance(0.95) ? { phone: phoneNumber(random) } : {}),
        ...(random.chance(0.9) ? { idNumber: idNumber(random, region, birthYear, person.male) } : {}),
      },
    };
  }
}

const GRADUATION_YEARS = new Weighted([[2026, 0.25], [2027, 0.35], [2028, 0.28], [2029, 0.12]] as const);
const STUDENT_STATUS = new Weighted<StudentStatus>([['seeking', 85], ['placed', 10], ['inactive', 5]]);
/** Skill levels by seniority (0 = freshman … 3 = graduating): seniors are better at what they list. */
const SKILL_LEVELS: ReadonlyArray<Weighted<SkillLevel>> = [0, 1, 2, 3].map(
  (n) => new Weighted<SkillLevel>([['basic', 4 - n * 0.8], ['intermediate', 3 + n * 0.5], ['advanced', 0.5 + n * 0.5]]),
);
const CERTIFICATE_LEVEL_WEIGHTS: Partial<Record<CertificateLevel, number>> = { junior: 5, intermediate: 4, senior: 1, technician: 0.1 };

const certificateCache = new Map<string, LexiconCertificate>();
/** The lexicon entry of a canonical certificate name, memoised: the student loop asks millions of times. */
function certificateOf(name: string): LexiconCertificate {
  let cert = certificateCache.get(name);
  if (!cert) {
    cert = skillLexicon().certificate(name);
    if (!cert) throw new Error(`demo data: certificate ${name} is not in the lexicon`);
    certificateCache.set(name, cert);
  }
  return cert;
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, n));
}

function withLevel(random: Random, name: string, levels: readonly CertificateLevel[]): Certificate {
  if (levels.length === 0) return { name };
  const level = pickWeighted(random, levels.map((l) => [l, CERTIFICATE_LEVEL_WEIGHTS[l] ?? 0] as const));
  return { name, level };
}

function preferredKinds(random: Random, graduationYear: number): PostKind[] {
  const options: Record<number, ReadonlyArray<readonly [PostKind, number]>> = {
    2026: [['job', 8], ['internship', 2]],
    2027: [['internship', 7], ['job', 2], ['order_class', 1]],
    2028: [['internship', 3], ['order_class', 3], ['apprenticeship', 3], ['project_class', 1]],
    2029: [['order_class', 4], ['apprenticeship', 3], ['project_class', 2]],
  };
  const table = options[graduationYear] ?? options[2027]!;
  const first = pickWeighted(random, table);
  const kinds = [first];
  if (random.chance(0.4)) {
    const second = pickWeighted(random, table);
    if (second !== first) kinds.push(second);
  }
  return kinds;
}

function availabilityFor(random: Random, graduationYear: number, kind: PostKind | undefined): { from?: string; months?: number } {
  if (random.chance(0.1)) return {};
  if (kind === 'job') return { from: `${graduationYear}-${random.pick(['06', '07', '09'])}` };
  const year = Math.max(2026, graduationYear - 1);
  const from = `${year}-${random.pick(['03', '07', '09'])}`;
  const months = kind === 'internship' ? random.pick([3, 4, 6, 6, 8, 10, 12]) : random.pick([6, 12, 24]);
  return { from, months };
}

/** Split `total` over the places by weight, at least `min` each. */
function allocate(total: number, min: number): number[] {
  const weightSum = PLACES.reduce((s, p) => s + p.weight, 0);
  const out = PLACES.map((p) => Math.max(min, Math.floor((total * p.weight) / weightSum)));
  let i = 0;
  while (out.reduce((a, b) => a + b, 0) < total) out[i++ % out.length]! += 1;
  while (out.reduce((a, b) => a + b, 0) > total) {
    const j = out.indexOf(Math.max(...out));
    out[j]! -= 1;
  }
  return out;
}

const SCHOOL_KIND_LEVELS: Readonly<Record<SchoolKind, ReadonlyArray<readonly [Level, number]>>> = {
  secondary_vocational: [['secondary', 1]],
  higher_vocational: [['higher', 1]],
  vocational_bachelor: [['bachelor', 3], ['higher', 1]],
  // 中级工班 / 高级工班 / 预备技师班 count as 中专 / 大专 / 本科.
  technician_college: [['secondary', 6], ['higher', 3], ['bachelor', 1]],
};

/** The order in which a place's schools get their kinds: every kind appears in every place. */
const KIND_CYCLE: readonly SchoolKind[] = ['higher_vocational', 'secondary_vocational', 'technician_college', 'vocational_bachelor', 'secondary_vocational', 'higher_vocational'];

function buildSchools(seed: number, count: number, withAnchors: boolean, majorsByClassLevel: ReadonlyMap<string, CatalogEntry[]>): SchoolPlan[] {
  const random = new Random(deriveSeed(seed, 'schools'));
  const plans: SchoolPlan[] = [];
  const usedNames = new Set<string>();

  /** Picks the school's majors per level from weighted 类; a level without any candidate is dropped from the school. */
  const planFor = (school: School, place: Place, classWeights: ReadonlyArray<readonly [string, number]>, majorCount: number, weight: number): SchoolPlan => {
    const majors = new Map<Level, Weighted<CatalogEntry>>();
    for (const level of school.levels) {
      const candidates: Array<readonly [CatalogEntry, number]> = [];
      for (const [field, w] of classWeights) {
        const list = majorsByClassLevel.get(`${level}:${field}`) ?? [];
        for (const m of list) candidates.push([m, w / Math.sqrt(list.length)]);
      }
      if (candidates.length === 0) continue;
      const table = new Weighted(candidates);
      const chosen = new Set<CatalogEntry>();
      for (let k = 0; k < majorCount * 4 && chosen.size < majorCount; k++) chosen.add(table.pick(random));
      majors.set(level, new Weighted([...chosen].map((m) => [m, 1 + random.next() * 3] as const)));
    }
    if (majors.size === 0) return planFor(school, place, BASELINE_CLASSES, majorCount, weight);
    const levels = school.levels.filter((l) => majors.has(l));
    const levelWeights = SCHOOL_KIND_LEVELS[school.kind].filter(([l]) => majors.has(l));
    return { school: { ...school, levels }, place, weight, levels: new Weighted(levelWeights), majors };
  };

  if (withAnchors) {
    for (const school of ANCHOR_SCHOOLS) {
      const place = PLACES.find((p) => p.city === school.city)!;
      usedNames.add(school.name);
      plans.push(planFor(school, place, (ANCHOR_SCHOOL_CLASSES[school.id] ?? []).map((f) => [f, 1] as const), 6, 1));
    }
  }
  const perPlace = allocate(count - plans.length, 1);
  PLACES.forEach((place, p) => {
    const classWeights = placeClassWeights(place);
    const healthClasses = classWeights.filter(([f]) => f.startsWith('12-')).concat([['12-02', 6]]);
    for (let k = 0; k < perPlace[p]!; k++) {
      const kind = KIND_CYCLE[k % KIND_CYCLE.length]!;
      // The second 高职 of a place is a 卫生 college: hospitals recruit from it.
      const health = kind === 'higher_vocational' && k === 5;
      const name = schoolName(random, place, kind, k, health, usedNames);
      const levels = SCHOOL_KIND_LEVELS[kind].map(([l]) => l).filter((l) => kind !== 'technician_college' || l !== 'bachelor' || random.chance(0.5));
      const school: School = {
        id: `SCH-${place.key}-${String(k + 1).padStart(2, '0')}`,
        name,
        kind,
        levels,
        city: place.city,
        ...(place.district ? { district: place.district } : {}),
        partnerEnterpriseIds: [],
        updatedAt: timestamp(random),
      };
      const size = { higher_vocational: 1.2, secondary_vocational: 0.8, technician_college: 0.6, vocational_bachelor: 1.0 }[kind];
      plans.push(planFor(school, place, health ? healthClasses : classWeights, random.int(8, 24), place.weight * size * (0.6 + random.next())));
    }
  });
  return plans;
}

function placeClassWeights(place: Place): Array<readonly [string, number]> {
  const weights = new Map<string, number>(BASELINE_CLASSES);
  for (const [key, w] of Object.entries(place.industries) as Array<[IndustryKey, number]>) {
    const roles = INDUSTRIES[key].roles;
    for (const role of roles) {
      const field = classOf(role.major);
      weights.set(field, (weights.get(field) ?? 0) + (w * 3) / roles.length);
    }
  }
  return [...weights.entries()];
}

const CHINESE_ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

function schoolName(random: Random, place: Place, kind: SchoolKind, k: number, health: boolean, used: Set<string>): string {
  const word = random.pick(place.schoolWords);
  const city = place.city;
  const candidates: Record<SchoolKind, readonly string[]> = {
    higher_vocational: health
      ? [`${place.short}${word}卫生职业技术学院`, `${place.short}卫生职业学院`]
      : [`${place.short}${word}职业技术学院`, `${place.short}${word}职业学院`, `${place.short}工贸职业技术学院`, `${place.short}${word}科技职业学院`],
    secondary_vocational: [
      `${city}${word}中等职业学校`,
      `${city}第${CHINESE_ORDINALS[k % 10]}职业中专`,
      `${place.district ?? city}职业技术学校`,
      `${city}${word}职业高级中学`,
    ],
    technician_college: [`${city}技师学院`, `${place.short}${word}高级技工学校`, `${place.short}${word}技师学院`],
    vocational_bachelor: [`${place.short}${word}职业技术大学`, `${place.short}科技职业大学`],
  };
  for (const name of random.shuffle(candidates[kind])) {
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
  const fallback = `${candidates[kind][0]}（${k + 1}校区）`;
  used.add(fallback);
  return fallback;
}

function buildEnterprises(seed: number, count: number, withAnchors: boolean): EnterprisePlan[] {
  const random = new Random(deriveSeed(seed, 'enterprises'));
  const plans: EnterprisePlan[] = [];
  const usedNames = new Set<string>();
  if (withAnchors) {
    for (const e of ANCHOR_ENTERPRISES) {
      usedNames.add(e.name);
      const industry = Object.values(INDUSTRIES).find((i) => i.name === e.industry)!;
      plans.push({ enterprise: e, industry, place: PLACES.find((p) => p.city === e.city)! });
    }
  }
  const perPlace = allocate(count - plans.length, 1);
  PLACES.forEach((place, p) => {
    const industries = new Weighted(Object.entries(place.industries) as Array<[IndustryKey, number]>);
    for (let k = 0; k < perPlace[p]!; k++) {
      const industry = INDUSTRIES[industries.pick(random)];
      const parks = place.parks.filter((pk) => pk.industries.includes(industry.key));
      const inTown = place.townIndustries.includes(industry.key) && (parks.length === 0 || random.chance(0.6));
      const park = inTown || parks.length === 0 ? undefined : random.pick(parks).name;
      const employees = Math.round(Math.exp(random.next() * Math.log(8000)) * 20) / 10 + 15;
      const enterprise: Enterprise = {
        id: `ENT-${place.key}-${String(k + 1).padStart(5, '0')}`,
        name: enterpriseName(random, place, industry, k, usedNames),
        city: place.city,
        ...(park ? { park } : {}),
        industry: industry.name,
        keyEnterprise: random.chance(employees > 500 ? 0.6 : 0.1),
        employees: Math.round(employees),
        technicalPositions: Math.round(employees * (0.15 + random.next() * 0.35)),
        partnerSchoolIds: [],
        updatedAt: timestamp(random),
      };
      plans.push({ enterprise, industry, place });
    }
  });
  return plans;
}

function enterpriseName(random: Random, place: Place, industry: Industry, k: number, used: Set<string>): string {
  for (let attempt = 0; attempt < 6; attempt++) {
    const word = random.pick(industry.nameWords);
    const name =
      industry.key === 'healthcare'
        ? random.pick([`${place.city}第${CHINESE_ORDINALS[random.int(0, 9)]}人民医院`, `${place.short}${word}医院`, `${place.district ?? place.city}${random.pick(['中医院', '妇幼保健院', '人民医院'])}`, `${place.short}${word}康复医院`])
        : `${place.short}${word}${random.pick(industry.suffixes)}`;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
  const name = `${place.short}${random.pick(industry.nameWords)}${k + 1}号${random.pick(industry.suffixes)}`;
  used.add(name);
  return name;
}

/** Signed 合作协议: each enterprise with 0–3 schools, mostly of its own place, mirrored on the schools. */
function linkPartners(seed: number, schools: SchoolPlan[], enterprises: EnterprisePlan[]): void {
  const random = new Random(deriveSeed(seed, 'partners'));
  const byPlace = new Map<Place, SchoolPlan[]>();
  for (const s of schools) byPlace.set(s.place, [...(byPlace.get(s.place) ?? []), s]);
  const bySchool = new Map<string, Set<string>>(schools.map((s) => [s.school.id, new Set(s.school.partnerEnterpriseIds)]));
  for (const plan of enterprises) {
    const ids = new Set(plan.enterprise.partnerSchoolIds);
    if (!plan.enterprise.id.startsWith('ENT-ANCHOR')) {
      const local = byPlace.get(plan.place) ?? [];
      for (const s of random.sample(local, pickWeighted(random, [[0, 3], [1, 4], [2, 2], [3, 1]] as const))) ids.add(s.school.id);
      if (random.chance(0.05)) ids.add(random.pick(schools).school.id);
    }
    const partnerSchoolIds = [...ids].sort();
    plan.enterprise = { ...plan.enterprise, partnerSchoolIds };
    for (const id of partnerSchoolIds) bySchool.get(id)?.add(plan.enterprise.id);
  }
  for (const s of schools) {
    s.school = { ...s.school, partnerEnterpriseIds: [...(bySchool.get(s.school.id) ?? [])].sort().slice(0, 1000) };
  }
}

/** Training modes by the levels an order class recruits from; 中高职贯通 classes run over 4–5 years. */
const ORDER_CLASS_MODES: Readonly<Record<string, readonly string[]>> = {
  secondary: ['2+1', '2.5+0.5', '工学交替'],
  higher: ['2+1', '2.5+0.5', '1.5+1.5'],
  'secondary+higher': ['3+2', '2+2', '2.5+1.5', '3+1'],
};

const KIND_WEIGHTS: ReadonlyArray<readonly [PostKind, number]> = [['job', 30], ['internship', 35], ['order_class', 12], ['apprenticeship', 13], ['project_class', 10]];
const TERM_WEIGHTS: ReadonlyArray<readonly [string, number]> = [['2026-autumn', 40], ['2027-spring', 35], ['2027-autumn', 25]];

function buildPosts(seed: number, count: number, withAnchors: boolean, enterprises: readonly EnterprisePlan[], majorsByClassLevel: ReadonlyMap<string, CatalogEntry[]>): Post[] {
  const catalog = majorCatalog();
  const lexicon = skillLexicon();
  const posts: Post[] = withAnchors ? [...ANCHOR_POSTS] : [];
  const enterpriseTable = new Weighted(enterprises.map((e) => [e, Math.sqrt(e.enterprise.employees ?? 50)] as const));
  const byPark = new Map<string, EnterprisePlan[]>();
  for (const e of enterprises) {
    if (!e.enterprise.park) continue;
    const key = `${e.enterprise.city}:${e.enterprise.park}`;
    byPark.set(key, [...(byPark.get(key) ?? []), e]);
  }

  // The anchor student's market takes the places of the last generated posts, after them: no
  // generated post changes its id or content for it (the search evaluation names posts by id).
  const generatedEnd = count - (withAnchors ? ANCHOR_MARKET_POSTS.length : 0);
  for (let i = posts.length; i < generatedEnd; i++) {
    const random = new Random(deriveSeed(seed, 'post', i));
    const plan = enterpriseTable.pick(random);
    const { enterprise, industry, place } = plan;
    const role: Role = random.pick(industry.roles);
    const kind = pickWeighted(random, KIND_WEIGHTS);
    const term = pickWeighted(random, TERM_WEIGHTS);
    const termYear = Number(term.slice(0, 4));
    const autumn = term.endsWith('autumn');
    const internshipMode = kind === 'internship' ? (random.chance(0.6) ? 'on_post' : 'shadow') : undefined;

    const acceptedLevels: Level[] =
      kind === 'job'
        ? pickWeighted<Level[]>(random, [[['higher', 'bachelor'], 5], [['secondary', 'higher', 'bachelor'], 2], [[], 3]])
        : kind === 'order_class'
          ? pickWeighted<Level[]>(random, [[['secondary'], 3], [['higher'], 4], [['secondary', 'higher'], 3]])
          : kind === 'apprenticeship'
            ? pickWeighted<Level[]>(random, [[['secondary', 'higher'], 6], [['secondary'], 2], [['higher'], 2]])
            : [];
    const field = classOf(role.major);
    const levelsForCodes: Level[] = acceptedLevels.length > 0 ? acceptedLevels : ['secondary', 'higher', 'bachelor'];
    const acceptedMajorCodes = acceptedCodes(random, role, field, levelsForCodes, majorsByClassLevel);

    const skills = lexicon.skillsForMajor(role.major).slice(0, 8);
    const required = random.sampleFront(skills, random.int(kind === 'project_class' ? 1 : 2, 3));
    const preferred = random.sampleFront(skills.filter((s) => !required.includes(s)), random.int(0, 3));
    const certs = lexicon.certificatesForMajor(role.major);
    const requiredCertificates: CertificateRequirement[] = [];
    const preferredCertificates: CertificateRequirement[] = [];
    for (const name of random.sampleFront(certs, random.int(0, 2))) {
      const cert = certificateOf(name);
      const requirement: CertificateRequirement = cert.levels.includes('intermediate') && random.chance(0.5)
        ? { name, minLevel: random.chance(0.6) ? 'junior' : 'intermediate' }
        : { name };
      // Licences (护士执业资格证, 特种作业证) are what jobs require; classes train towards them.
      const mustHave = kind === 'job' ? random.chance(cert.kind === 'qualification' || cert.kind === 'special_operation' ? 0.7 : 0.3) : random.chance(0.1);
      (mustHave ? requiredCertificates : preferredCertificates).push(requirement);
    }

    const acceptedGraduationYears = graduationYearsFor(random, kind, internshipMode, termYear, autumn);
    const seats = kind === 'job' ? random.int(1, 20) : kind === 'internship' ? random.int(2, 30) : kind === 'order_class' ? random.int(20, 50) : random.int(10, 40);
    const durationMonths =
      kind === 'internship' ? (internshipMode === 'shadow' ? random.int(3, 5) : random.int(6, 12))
      : kind === 'apprenticeship' ? random.pick([12, 24, 36])
      : kind === 'order_class' ? random.pick([6, 12, 12, 24])
      : kind === 'project_class' ? random.int(2, 6)
      : undefined;
    const trainingMode =
      kind === 'order_class' ? random.pick(ORDER_CLASS_MODES[acceptedLevels.join('+')] ?? ['2+1'])
      : kind === 'apprenticeship' ? random.pick(['工学交替', '2+1', '1.5+1.5'])
      : kind === 'project_class' ? random.pick(['集中培训', '工学交替'])
      : undefined;
    const base = kind === 'job' ? random.int(35, 70) * 100 : kind === 'internship' ? random.int(18, 35) * 100 : random.int(20, 40) * 100;
    const min = Math.round((base * place.wageLevel) / 100) * 100;
    const salary = kind === 'project_class' || (kind === 'order_class' && random.chance(0.5)) ? undefined : { min, max: min + random.int(5, 30) * 100 };

    let coEnterpriseIds: string[] = [];
    if (kind === 'order_class' && enterprise.park && random.chance(0.3)) {
      const neighbours = (byPark.get(`${enterprise.city}:${enterprise.park}`) ?? []).filter((e) => e.enterprise.id !== enterprise.id);
      coEnterpriseIds = random.sample(neighbours, random.int(1, 2)).map((e) => e.enterprise.id).sort();
    }

    const majorNames = [...new Set(acceptedMajorCodes.map((c) => (catalog.get(c)?.name ?? '').replace(/类$/, '')).filter(Boolean))];
    const shortName = enterprise.name.replace(place.city, '').replace(place.short, '').replace(/(股份)?有限公司|科技|集团/g, '').slice(0, 6);
    const roleStem = role.title.replace(/(工程师助理|工程师|技术员|操作员|专员|助理)$/, '');
    const title =
      kind === 'job' ? role.title
      : kind === 'internship' ? (internshipMode === 'shadow' ? `${role.title}跟岗实习生` : `${role.title}（顶岗实习）`)
      : kind === 'order_class' ? random.pick([`${shortName}${roleStem}订单班`, `${shortName}冠名班（${role.title}方向）`])
      : kind === 'apprenticeship' ? random.pick([`${role.title}现代学徒制班`, `${shortName}企业新型学徒制（${role.title}）`])
      : `${roleStem}项目班`;

    posts.push({
      id: `POST-${String(i + 1).padStart(6, '0')}`,
      enterpriseId: enterprise.id,
      coEnterpriseIds,
      kind,
      ...(internshipMode ? { internshipMode } : {}),
      title,
      description: postDescription(random, {
        kind,
        ...(internshipMode ? { internshipMode } : {}),
        enterprise: enterprise.name,
        business: industry.business,
        ...(enterprise.park ? { park: enterprise.park } : {}),
        city: enterprise.city,
        keyEnterprise: enterprise.keyEnterprise,
        ...(enterprise.employees ? { employees: enterprise.employees } : {}),
        role: role.title,
        duty: role.duty,
        majors: majorNames,
        requiredSkills: required,
        preferredSkills: preferred,
        certificates: requiredCertificates.map((c) => c.name),
        seats,
        ...(durationMonths ? { durationMonths } : {}),
        ...(trainingMode ? { trainingMode } : {}),
        ...(salary ? { salary } : {}),
      }),
      acceptedMajorCodes,
      acceptedLevels,
      acceptedGraduationYears,
      requiredSkills: required,
      preferredSkills: preferred,
      requiredCertificates,
      preferredCertificates,
      seats,
      term,
      city: enterprise.city,
      ...(enterprise.park ? { park: enterprise.park } : {}),
      ...(salary ? { salary } : {}),
      ...(durationMonths ? { durationMonths } : {}),
      ...(trainingMode ? { trainingMode } : {}),
      status: pickWeighted(random, [['open', 85], ['closed', 10], ['draft', 5]] as const),
      updatedAt: timestamp(random),
    });
  }
  if (withAnchors) posts.push(...ANCHOR_MARKET_POSTS);
  return posts;
}

/** The 类 prefix on each level, or named majors (the role's, its namesakes on other levels, siblings), or any major. */
function acceptedCodes(random: Random, role: Role, field: string, levels: readonly Level[], majorsByClassLevel: ReadonlyMap<string, CatalogEntry[]>): string[] {
  const style = pickWeighted(random, [['class', 5], ['majors', 4], ['any', 1]] as const);
  if (style === 'any') return [];
  if (style === 'class') {
    const prefixes = levels.filter((l) => majorsByClassLevel.has(`${l}:${field}`)).map((l) => classOnLevel(field, l));
    return prefixes.length > 0 ? prefixes : [role.major];
  }
  const catalog = majorCatalog();
  const name = catalog.get(role.major)?.name;
  const codes = new Set<string>([role.major]);
  for (const level of levels) {
    const list = majorsByClassLevel.get(`${level}:${field}`) ?? [];
    for (const m of list) if (m.name === name) codes.add(m.code);
    for (const m of random.sample(list, random.int(0, 2))) codes.add(m.code);
  }
  return [...codes].sort();
}

function graduationYearsFor(random: Random, kind: PostKind, mode: 'shadow' | 'on_post' | undefined, termYear: number, autumn: boolean): number[] {
  if (random.chance(0.15)) return [];
  // The final year's 顶岗实习 runs from the autumn before graduation; 跟岗 comes a year earlier.
  const finalYear = autumn ? termYear + 1 : termYear;
  switch (kind) {
    case 'job':
      return autumn ? [termYear, termYear + 1] : [termYear];
    case 'internship':
      return mode === 'on_post' ? [finalYear] : [finalYear, finalYear + 1];
    case 'order_class':
      return [finalYear + 1, finalYear + 2];
    case 'apprenticeship':
    case 'project_class':
      return [finalYear, finalYear + 1];
  }
}
