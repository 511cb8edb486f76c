import { Post, School, StudentProfile } from '@chanjiao/domain';
import { buildIndexDocument, type Analyzer, type AnyIndexDocument } from '@chanjiao/search';

/**
 * The contract suite's small fixed corpus. Vectors live in the plane of the first two axes of the
 * 512-d space (and one on a third axis), so every cosine to the query axis e0 is known exactly:
 * the cosine is the first coordinate.
 */
export const DIMS = 512;

/** A unit vector with the given leading coordinates (the rest 0). */
export function vec(...coords: number[]): Float32Array {
  const v = new Float32Array(DIMS);
  coords.forEach((c, i) => (v[i] = c));
  return v;
}

const at = '2026-09-01T00:00:00.000Z';

export const schools = {
  zh: School.parse({ id: 'sch-zh', name: '珠海城市职业技术学院', kind: 'higher_vocational', levels: ['higher'], city: '珠海', district: '香洲区', updatedAt: at }),
  cz: School.parse({ id: 'sch-cz', name: '郴州技师学院', kind: 'technician_college', levels: ['secondary', 'higher'], city: '郴州', district: '苏仙', updatedAt: at }),
};

function student(over: Partial<StudentProfile> & Pick<StudentProfile, 'id' | 'schoolId' | 'majorCode' | 'level'>): StudentProfile {
  return StudentProfile.parse({ graduationYear: 2027, consentToBeFound: true, updatedAt: at, ...over });
}

/** Students and their vectors (cosine to e0 in the comment). */
export const students: ReadonlyArray<{ profile: StudentProfile; vector: Float32Array | null }> = [
  {
    // cos 1
    profile: student({
      id: 's-elec',
      schoolId: 'sch-zh',
      majorCode: '460306',
      level: 'higher',
      skills: [{ name: 'PLC', level: 'advanced' }],
      certificates: [{ name: '电工证', level: 'intermediate' }],
      preferences: { postKinds: ['job'], cities: ['珠海'], parks: ['高新区'], industries: [], stayLocal: true },
      selfIntroduction: '熟悉PLC编程',
    }),
    vector: vec(1),
  },
  {
    // cos 0.8
    profile: student({
      id: 's-sec',
      schoolId: 'sch-cz',
      majorCode: '660301',
      level: 'secondary',
      graduationYear: 2026,
      skills: [{ name: '可编程控制器', level: 'basic' }],
      certificates: [{ name: '电工证', level: 'junior' }],
      selfIntroduction: '中职学生，动手能力强，做事认真负责，喜欢钻研设备维修',
    }),
    vector: vec(0.8, 0.6),
  },
  {
    // cos 0.6
    profile: student({
      id: 's-mech',
      schoolId: 'sch-cz',
      majorCode: '460301',
      level: 'higher',
      skills: [{ name: 'CAD' }],
      preferences: { postKinds: [], cities: [], parks: ['经开区'], industries: [], stayLocal: false },
      selfIntroduction: '机械设计与装配',
    }),
    vector: vec(0.6, 0.8),
  },
  {
    // cos 0.28
    profile: student({
      id: 's-intro',
      schoolId: 'sch-zh',
      majorCode: '460110',
      level: 'higher',
      skills: [{ name: '焊接' }],
      // A park in 金湾区, away from the school's 香洲区: the district filter finds both places.
      preferences: { postKinds: [], cities: [], parks: ['联港工业区'], industries: [], stayLocal: false },
      selfIntroduction: '在实训课上接触过PLC和各种焊接设备，希望以后从事智能制造相关的工作，能够吃苦耐劳',
    }),
    vector: vec(0.28, 0.96),
  },
  {
    // cos 0
    profile: student({ id: 's-acct', schoolId: 'sch-zh', majorCode: '530302', level: 'higher', skills: [{ name: 'Excel' }] }),
    vector: vec(0, 0, 1),
  },
  {
    // cos 0.96: the nearest after s-elec, but no consent
    profile: student({
      id: 's-noconsent',
      schoolId: 'sch-zh',
      majorCode: '460306',
      level: 'higher',
      skills: [{ name: 'PLC' }],
      consentToBeFound: false,
    }),
    vector: vec(0.96, 0.28),
  },
  {
    // cos −0.6
    profile: student({ id: 's-placed', schoolId: 'sch-cz', majorCode: '460305', level: 'higher', status: 'placed' }),
    vector: vec(-0.6, 0.8),
  },
  {
    // no vector yet: found by filters and words, never by the vector side
    profile: student({ id: 's-novec', schoolId: 'sch-cz', majorCode: '460303', level: 'higher', graduationYear: 2028 }),
    vector: null,
  },
];

function post(over: Partial<Post> & Pick<Post, 'id' | 'enterpriseId' | 'kind' | 'title' | 'term' | 'city'>): Post {
  return Post.parse({ seats: 5, updatedAt: at, ...over });
}

export const posts: ReadonlyArray<{ post: Post; vector: Float32Array | null }> = [
  {
    post: post({
      id: 'p-job',
      enterpriseId: 'e1',
      kind: 'job',
      title: '电气工程师',
      description: '负责PLC程序调试',
      acceptedMajorCodes: ['4603'],
      requiredSkills: ['PLC'],
      term: '2027-spring',
      city: '珠海',
      park: '高新区',
    }),
    vector: vec(1),
  },
  {
    post: post({
      id: 'p-intern',
      enterpriseId: 'e2',
      kind: 'internship',
      internshipMode: 'on_post',
      durationMonths: 6,
      title: '机电实习生',
      acceptedMajorCodes: ['6603', '4603'],
      acceptedLevels: ['secondary'],
      acceptedGraduationYears: [2026],
      requiredSkills: ['CAD'],
      term: '2027-spring',
      city: '郴州',
      park: '经开区',
    }),
    vector: vec(0.8, 0.6),
  },
  {
    post: post({
      id: 'p-order',
      enterpriseId: 'e1',
      coEnterpriseIds: ['e3'],
      kind: 'order_class',
      title: '智能制造订单班',
      acceptedMajorCodes: ['46'],
      acceptedLevels: ['higher'],
      acceptedGraduationYears: [2027],
      term: '2027-autumn',
      city: '珠海',
    }),
    vector: vec(0.6, 0.8),
  },
  {
    post: post({
      id: 'p-acct',
      enterpriseId: 'e4',
      kind: 'job',
      title: '会计',
      acceptedMajorCodes: ['530302'],
      term: '2027-spring',
      city: '广州',
      status: 'closed',
    }),
    vector: vec(0, 0, 1),
  },
  {
    post: post({ id: 'p-any', enterpriseId: 'e2', kind: 'apprenticeship', title: '现代学徒制', term: '2027-autumn', city: '郴州' }),
    vector: vec(0.28, 0.96),
  },
];

/** Every document of the corpus, built by the shared builder (students with their school). */
export function corpusDocuments(analyzer: Analyzer): AnyIndexDocument[] {
  const bySchool = new Map(Object.values(schools).map((s) => [s.id, s]));
  return [
    ...students.map((s) =>
      buildIndexDocument({ profile: s.profile, school: bySchool.get(s.profile.schoolId), vector: s.vector }, analyzer),
    ),
    ...posts.map((p) => buildIndexDocument({ post: p.post, vector: p.vector }, analyzer)),
  ];
}
