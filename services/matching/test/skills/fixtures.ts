/**
 * A small hand-made market whose answers are worked out by hand in skills.test.ts, and the app
 * the route tests drive (config, store, auth, the analyzer, the skills routes only).
 */
import type { Enterprise, Post, StudentInput, StudentProfile } from '@chanjiao/domain';
import { authPlugin, configPlugin, createHttpServer, loadConfig, type AppInstance, type Role, type Scope } from '@chanjiao/platform';
import { createAnalyzer } from '@chanjiao/search';
import { SqliteStore, storePlugin } from '@chanjiao/store';
import { skillsRoutes } from '../../src/skills/index.js';

// The record builders are the batch tests' own: one hand-made market vocabulary for both.
import { ELECTRICAL, MECHATRONICS, TERM, post, school, student } from '../batch/fixtures.js';
export { ELECTRICAL, MECHATRONICS, TERM, post, school, student };
const AT = '2026-03-01T00:00:00.000Z';

export function enterprise(id: string, city: string, over: Partial<Enterprise> = {}): Enterprise {
  return { id, name: `${id}公司`, city, industry: '装备制造', keyEnterprise: false, partnerSchoolIds: [], updatedAt: AT, ...over };
}

export const SCHOOLS = [school('SA', '珠海', { partnerEnterpriseIds: ['E2'] }), school('SB', '郴州')];
export const ENTERPRISES = [enterprise('E1', '珠海'), enterprise('E2', '郴州')];

/** Personal data of every student: none of it may appear in any reply. */
export const PERSONAL: Record<string, StudentInput['personal']> = {
  s1: { name: '张一鸣', phone: '13800000001', idNumber: '44040219990101001X' },
  s2: { name: '李二丫', phone: '13800000002', idNumber: '440402199901010028' },
  s3: { name: '王三石', phone: '13800000003', idNumber: '440402199901010036' },
  s4: { name: '赵四海', phone: '13800000004', idNumber: '440402199901010044' },
  s5: { name: '钱五岳', phone: '13800000005', idNumber: '440402199901010052' },
  s6: { name: '孙六合', phone: '13800000006', idNumber: '440402199901010060' },
};

export const STUDENTS: StudentProfile[] = [
  student('s1', 'SA', MECHATRONICS, { skills: [{ name: '电气控制' }], preferences: { postKinds: [], cities: ['珠海'], parks: [], industries: [], stayLocal: false } }),
  student('s2', 'SA', MECHATRONICS, { skills: [{ name: 'PLC编程' }, { name: '电气控制' }], certificates: [{ name: '电工职业技能等级证书', level: 'junior' }] }),
  student('s3', 'SA', ELECTRICAL, { skills: [{ name: '西门子PLC' }] }),
  student('s4', 'SA', MECHATRONICS, { skills: [{ name: 'PLC编程' }], status: 'placed' }),
  student('s5', 'SB', MECHATRONICS, { preferences: { postKinds: [], cities: ['珠海'], parks: [], industries: [], stayLocal: false } }),
  student('s6', 'SB', MECHATRONICS, { consentToBeFound: false, preferences: { postKinds: [], cities: ['珠海'], parks: [], industries: [], stayLocal: false } }),
];

const ELECTRICIAN = '电工职业技能等级证书';
export const POSTS: Post[] = [
  post('P1', 'E1', 3, { acceptedMajorCodes: ['4603'], requiredSkills: ['PLC编程'], preferredSkills: ['触摸屏组态'] }),
  post('P2', 'E1', 2, { acceptedMajorCodes: ['4603'], requiredSkills: ['PLC编程', '电气控制'], requiredCertificates: [{ name: ELECTRICIAN, minLevel: 'intermediate' }] }),
  post('P3', 'E1', 5, { acceptedMajorCodes: ['4603'], requiredSkills: ['电气控制'] }),
  post('P4', 'E2', 4, { city: '郴州', acceptedMajorCodes: ['460301'], requiredSkills: ['工业机器人编程'] }),
  post('P5', 'E1', 1, { acceptedMajorCodes: ['5102'], requiredSkills: ['软件测试'] }),
  post('P6', 'E1', 10, { city: '郴州', acceptedMajorCodes: ['4603'], requiredSkills: ['PLC编程'] }),
  post('P7', 'E1', 2, { term: '2027-spring', status: 'closed', acceptedMajorCodes: ['4603'], requiredSkills: ['PLC编程'] }),
  post('P8', 'E1', 9, { status: 'draft', acceptedMajorCodes: ['4603'], requiredSkills: ['PLC编程'] }),
  post('P9', 'E1', 6, { term: '2026-autumn', status: 'closed', acceptedMajorCodes: ['4603'], requiredSkills: ['PLC编程'] }),
];

export type Caller = 'operatorSA' | 'operatorSB' | 'operatorE1' | 'hr' | 'student' | 'office' | 'admin';
const GRANTS: Record<Caller, { role: Role; scope: Scope }> = {
  operatorSA: { role: 'operator', scope: { schoolId: 'SA' } },
  operatorSB: { role: 'operator', scope: { schoolId: 'SB' } },
  operatorE1: { role: 'operator', scope: { enterpriseId: 'E1' } },
  hr: { role: 'hr', scope: { enterpriseId: 'E1' } },
  student: { role: 'student', scope: { studentId: 's1' } },
  office: { role: 'office', scope: {} },
  admin: { role: 'admin', scope: {} },
};

/** The skills routes on an in-memory store loaded with the market, auth on, one key per caller. */
export async function skillsApp(env: Record<string, string> = {}) {
  const config = loadConfig({ LOG_LEVEL: 'silent', SKILLS_TOP_N: '2', ...env });
  const store = new SqliteStore({ path: ':memory:' });
  await store.upsert('school', SCHOOLS.map((record) => ({ record })));
  await store.upsert('enterprise', ENTERPRISES.map((record) => ({ record })));
  await store.upsert('post', POSTS.map((record) => ({ record })));
  await store.upsert('student', STUDENTS.map((record) => ({ record, personal: PERSONAL[record.id]! })));
  const app: AppInstance = createHttpServer(config, { name: 'skills-test', logger: false });
  await app.register(configPlugin, { config });
  await app.register(storePlugin, { store });
  await app.register(authPlugin);
  app.decorate('searcher', { analyzer: createAnalyzer() } as never);
  await app.register(skillsRoutes);
  await app.ready();
  const keys = {} as Record<Caller, string>;
  for (const [caller, grant] of Object.entries(GRANTS)) keys[caller as Caller] = (await app.apiKeys.create({ ...grant, label: caller })).key;
  const get = (caller: Caller, url: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${keys[caller]}` } });
  return {
    app,
    store,
    get,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}
